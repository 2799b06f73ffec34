import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiErrors, ApiOkResponse } from '../common/openapi';
import { BulkResult, QueuePage } from './queues.responses';
import { Ctx, type RequestContext } from '../common/request-context';
import { BulkDecisionDto } from '../workflow/workflow.dto';
import { QueueQuery } from './queue-query';
import { QueuesService } from './queues.service';

@ApiTags('queues')
@ApiBearerAuth()
@Controller('queues')
export class QueuesController {
  constructor(@Inject(QueuesService) private readonly queues: QueuesService) {}

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
}
