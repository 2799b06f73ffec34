import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { ApiCreatedResponse, ApiErrors, ApiNoContentResponse, ApiOkResponse } from '../common/openapi';
import { BulkResult, QueuePage, SavedQueueFilterView } from './queues.responses';
import { SaveQueueFilterDto } from './queue-filters.dto';
import { QueueFiltersService } from './queue-filters.service';
import { Ctx, type RequestContext } from '../common/request-context';
import { BulkDecisionDto } from '../workflow/workflow.dto';
import { QueueQuery } from './queue-query';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(
    @Inject(QueuesService) private readonly queues: QueuesService,
    @Inject(QueueFiltersService) private readonly filters: QueueFiltersService,
  ) {}

  @Allow('queue.read')
  @Get('mine')
  @ApiOperation({
    summary:
      'What awaits you: {items, nextCursor, sort, counts per state}. Each item: project, department, submitter, annual request, ' +
      'error and warning counts, days waiting, due date and overdue, the last return, whether it is an adjustment and how many ' +
      'indicators it changes. Filters: year, departmentId (and below), overdue; sort: oldest (default) or due',
  })
  @ApiOkResponse({ type: QueuePage })
  @ApiErrors(['queues'], { 400: 'a malformed filter, limit or cursor' })
  mine(@Ctx() ctx: RequestContext, @Query() query: QueueQuery) {
    return this.queues.mine(ctx, query);
  }

  @Allow('queue.decide')
  @Post('bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'APPROVE or RETURN several items, each its own transition; answered per item' })
  @ApiOkResponse({ type: BulkResult, description: 'one result per item: done, or refused with its code' })
  @ApiErrors(['queues', 'workflow'], { 400: 'a field is malformed, or RETURN without a comment' })
  bulk(@Ctx() ctx: RequestContext, @Body() dto: BulkDecisionDto) {
    return this.queues.bulk(ctx, dto);
  }

  @Allow('queue.read')
  @Get('filters')
  @ApiOperation({ summary: 'Your saved queue filters, by name' })
  @ApiOkResponse({ type: [SavedQueueFilterView] })
  savedFilters(@Ctx() ctx: RequestContext) {
    return this.filters.list(ctx);
  }

  @Allow('queue.read')
  @Post('filters')
  @ApiOperation({ summary: 'Save the queue filters under a name of yours (at most 20)' })
  @ApiCreatedResponse({ type: SavedQueueFilterView })
  @ApiErrors(['queues'], {
    400: 'a malformed name or filter, an unknown department',
    409: 'the name is taken, or 20 are kept already',
  })
  saveFilter(@Ctx() ctx: RequestContext, @Body() dto: SaveQueueFilterDto) {
    return this.filters.save(ctx, dto);
  }

  @Allow('queue.read')
  @Delete('filters/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete one of your saved queue filters' })
  @ApiNoContentResponse()
  @ApiErrors(['queues'], { 404: 'no such filter of yours' })
  async deleteFilter(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    await this.filters.remove(ctx, parseId(id, 'id'));
  }
}
