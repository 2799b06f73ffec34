import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse, ApiCsvResponse, ApiErrors, ApiOkResponse } from '../common/openapi';
import {
  AuditEventPage,
  AuditKeysView,
  CheckpointExportView,
  CheckpointsCreated,
  IndicatorHistoryEntryView,
  VerifyResultView,
} from './audit-log.responses';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { AuditCheckpoints } from '../audit/audit-checkpoints.service';
import { AuditCsvExport } from './audit-csv.service';
import { AuditQueryService } from './audit-query.service';
import { AuditVerifier } from './audit-verify.service';
import { CheckpointDto } from './audit-log.dto';

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
  constructor(
    @Inject(AuditQueryService) private readonly audit: AuditQueryService,
    @Inject(AuditCsvExport) private readonly csv: AuditCsvExport,
    @Inject(AuditVerifier) private readonly verifier: AuditVerifier,
    @Inject(AuditCheckpoints) private readonly checkpoints: AuditCheckpoints,
  ) {}

  @Allow('audit.read')
  @Get('audit/events')
  @ApiOperation({
    summary:
      'Audit events in your scope, newest first; keyset pages {items, nextCursor}; the read itself is audited (auditor)',
  })
  @ApiOkResponse({ type: AuditEventPage })
  @ApiErrors(['audit'], { 400: 'an unknown or malformed filter' })
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
  @ApiCsvResponse('the events, one line each, newest first (a download: audit-events.csv)')
  @ApiErrors(['audit'], { 400: 'an unknown or malformed filter' })
  async eventsCsv(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return new StreamableFile(await this.csv.exportCsv(ctx, query), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="audit-events.csv"',
    });
  }

  @Allow('audit.read')
  @Get('audit/verify')
  @ApiOperation({
    summary:
      'Re-compute the keyed hash chains, check the signed checkpoints and the transition rows (all, or ?declarationId=): {ok, mode, checked, checkpoints, transitions} or {ok:false, …, brokenAt:{id, chain, seq, reason, checkpointId?, transitionId?}} (auditor). ' +
      "?mode=routine re-checks only what came after each chain's last signed checkpoint (its time follows the events since, not the history); full (the default) re-checks everything",
  })
  @ApiOkResponse({ type: VerifyResultView })
  @ApiErrors(['audit'], { 400: 'a malformed declarationId', 404: 'no such declaration in your scope' })
  @ApiQuery({ name: 'declarationId', required: false })
  @ApiQuery({ name: 'mode', required: false, enum: ['full', 'routine'] })
  verify(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.verifier.verify(ctx, query);
  }

  @Allow('audit.read')
  @Get('audit/checkpoints')
  @ApiOperation({
    summary:
      'Export the signed checkpoints of the chain heads, oldest first, with the public keys: {format, keys, checkpoints:[{id, at, prevDigest, lastEventId, legacyMaxEventId, headCount, digest, alg, keyId, signature, heads:[[chain, seq, hash]]}], nextAfter}; keep it outside the service (auditor)',
  })
  @ApiOkResponse({ type: CheckpointExportView })
  @ApiErrors(['audit'], { 400: 'an unknown or malformed parameter' })
  @ApiQuery({ name: 'after', required: false, description: 'checkpoints after this id (default 0)' })
  @ApiQuery({ name: 'limit', required: false, description: '1–100, default 20' })
  exportCheckpoints(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>) {
    return this.checkpoints.export(ctx, query);
  }

  @Allow('audit.checkpoint')
  @Post('audit/checkpoints')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Sign a checkpoint of every chain head now (also taken periodically); recorded as audit.checkpointed: {checkpoints:[…]} (auditor)',
  })
  @ApiCreatedResponse({ type: CheckpointsCreated })
  checkpoint(@Ctx() ctx: RequestContext, @Body() dto: CheckpointDto) {
    return this.checkpoints.createNow(ctx, dto.note ?? null);
  }

  @Allow('audit.read')
  @Get('audit/keys')
  @ApiOperation({
    summary:
      'The audit keys in use: MAC key ids (never the keys) and the checkpoint signing public keys (PEM) (auditor)',
  })
  @ApiOkResponse({ type: AuditKeysView })
  keys() {
    return this.checkpoints.describeKeys();
  }

  @Allow('declaration.read')
  @Get('indicators/:id/history')
  @ApiOperation({
    summary:
      'Every change of one indicator, oldest first: who, when, workflow state, before → after, reason (in scope)',
  })
  @ApiOkResponse({ type: [IndicatorHistoryEntryView] })
  @ApiErrors(['audit', 'declarations'], { 404: 'no such indicator in your scope' })
  history(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.audit.indicatorHistory(ctx, parseId(id, 'id'));
  }
}
