import { applyDecorators, Controller, Get, Inject, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { AuditQueryService } from './audit-query.service';

const FILTERS = [
  { name: 'declarationId', description: 'events of one declaration' },
  { name: 'indicatorId', description: 'events of one indicator' },
  { name: 'actorId', description: 'events by one user' },
  { name: 'action', description: 'one action of the catalogue, e.g. indicator.updated' },
  { name: 'from', description: 'YYYY-MM-DD or ISO 8601 timestamp, inclusive' },
  { name: 'to', description: 'YYYY-MM-DD (the whole day) or ISO 8601 timestamp, inclusive' },
];
const FilterQueries = () => applyDecorators(...FILTERS.map((f) => ApiQuery({ ...f, required: false })));

/** The auditor's view of the audit trail (read-only), and one indicator's history. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller()
export class AuditController {
  constructor(@Inject(AuditQueryService) private readonly audit: AuditQueryService) {}

  @Allow('audit.read')
  @Get('audit/events')
  @ApiOperation({
    summary:
      'Audit events in your scope, newest first; keyset pages {items, nextCursor}; the read itself is audited (auditor)',
  })
  @FilterQueries()
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  events(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.audit.list(ctx, query);
  }

  @Allow('audit.read')
  @Get('audit/events.csv')
  @ApiProduces('text/csv')
  @FilterQueries()
  @ApiOperation({
    summary: 'The same filters as /audit/events, streamed as CSV (UTF-8 with BOM, opens in Excel) (auditor)',
  })
  async eventsCsv(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return new StreamableFile(await this.audit.exportCsv(ctx, query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="audit-events.csv"',
    });
  }

  @Allow('audit.read')
  @Get('audit/verify')
  @ApiOperation({
    summary:
      'Re-compute the hash chains (all, or ?declarationId=): {ok, checked} or {ok:false, checked, brokenAt:{id, chain, seq, reason}} (auditor)',
  })
  @ApiQuery({ name: 'declarationId', required: false })
  verify(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.audit.verify(ctx, query);
  }

  @Allow('declaration.read')
  @Get('indicators/:id/history')
  @ApiOperation({
    summary:
      'Every change of one indicator, oldest first: who, when, workflow state, before → after, reason (in scope)',
  })
  history(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.audit.indicatorHistory(ctx, parseId(id, 'id'));
  }
}
