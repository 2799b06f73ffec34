import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { badRequest } from '../common/errors';
import { CommonErrors } from '../common/common.messages';
import { optionalId, parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { WorkflowService } from '../workflow/workflow.service';
import { PhaseFindings } from '../workflow/phase-findings';
import { DeclarationAccess } from './declaration-access';
import { TEXT_LIMITS } from './declaration-content';
import { declarationView } from './declaration-mapper';
import {
  CreateDeclarationDto,
  CreateIndicatorDto,
  UpdateDeclarationDto,
  UpdateIndicatorDto,
} from './declarations.dto';
import { DeclarationsService } from './declarations.service';

@ApiTags('declarations')
@ApiBearerAuth()
@Controller('declarations')
export class DeclarationsController {
  constructor(
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(Db) private readonly db: Db,
  ) {}

  @Allow('declaration.write')
  @Post()
  @ApiOperation({ summary: 'Create a declaration (submitter): state drafting, owned by your department' })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateDeclarationDto) {
    const id = await this.declarations.create(ctx, dto);
    return this.view(ctx, id);
  }

  @Allow('declaration.read')
  @Get()
  @ApiOperation({ summary: 'Declarations in your scope, filtered; keyset pages {items, nextCursor}' })
  @ApiQuery({ name: 'year', required: false })
  @ApiQuery({ name: 'state', required: false })
  @ApiQuery({ name: 'departmentId', required: false })
  @ApiQuery({ name: 'q', required: false, description: 'part of the project name' })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  list(@Ctx() ctx: RequestContext, @Query() query: Record<string, string>) {
    const allowed = ['year', 'state', 'departmentId', 'q', 'limit', 'cursor'];
    const unknown = Object.keys(query).find((k) => !allowed.includes(k));
    if (unknown) throw badRequest(`${unknown}: unknown filter; use ${allowed.join(', ')}`);
    const year = query.year === undefined ? undefined : Number(query.year);
    if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100))
      throw badRequest('year: must be a year such as 2026');
    if (query.state !== undefined && !/^[a-zA-Z.]{1,40}$/.test(query.state))
      throw badRequest('state: not a state name');
    if (query.q !== undefined && query.q.length > 200) throw badRequest('q: at most 200 characters');
    return this.declarations.list(ctx, {
      year,
      state: query.state,
      departmentId: optionalId(query.departmentId, 'departmentId'),
      q: query.q,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Allow('declaration.read')
  @Get(':id')
  @ApiOperation({
    summary:
      'One declaration with its indicators, state, version and the events you may fire (allowedEvents)',
  })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.view(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.write')
  @Patch(':id')
  @ApiOperation({
    summary: 'Change header fields, funds or goals (submitter; editable states only; carries version)',
  })
  async patch(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: UpdateDeclarationDto) {
    await this.declarations.patch(ctx, parseId(id, 'id'), dto);
    return this.view(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.write')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft that was never submitted (submitter): 204' })
  @ApiQuery({ name: 'version', required: false })
  async remove(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Query('version') version?: string,
  ): Promise<void> {
    await this.declarations.remove(
      ctx,
      parseId(id, 'id'),
      version === undefined ? undefined : parseVersion(version),
    );
  }

  @Allow('declaration.write')
  @Post(':id/indicators')
  @ApiOperation({ summary: 'Add an indicator (submitter): 201 {indicator, version}' })
  addIndicator(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: CreateIndicatorDto) {
    return this.declarations.addIndicator(ctx, parseId(id, 'id'), dto);
  }

  @Allow('declaration.write')
  @Patch(':id/indicators/:indicatorId')
  @ApiOperation({
    summary: 'Change an indicator (submitter): {indicator, version}; give a reason for the audit trail',
  })
  patchIndicator(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('indicatorId') indicatorId: string,
    @Body() dto: UpdateIndicatorDto,
  ) {
    return this.declarations.patchIndicator(ctx, parseId(id, 'id'), parseId(indicatorId, 'indicatorId'), dto);
  }

  @Allow('declaration.write')
  @Delete(':id/indicators/:indicatorId')
  @ApiOperation({ summary: 'Delete an indicator (submitter): ?version=N (&reason=) → {version}' })
  @ApiQuery({ name: 'version', required: true })
  @ApiQuery({ name: 'reason', required: false })
  removeIndicator(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('indicatorId') indicatorId: string,
    @Query('version') version: string,
    @Query('reason') reason?: string,
  ) {
    if (Array.isArray(reason)) throw CommonErrors.QUERY_REPEATED({}, { field: 'reason' });
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > TEXT_LIMITS.changeReason))
      throw CommonErrors.FIELD_TOO_LONG({ max: TEXT_LIMITS.changeReason }, { field: 'reason' });
    return this.declarations.removeIndicator(
      ctx,
      parseId(id, 'id'),
      parseId(indicatorId, 'indicatorId'),
      parseVersion(version),
      reason,
    );
  }

  @Allow('declaration.read')
  @Get(':id/findings')
  @ApiOperation({
    summary:
      "The findings of the current phase's content [{severity, code, message, path, field, indicatorId?, labelPath?, hint?, params?}] in the reader's language; errors block SUBMIT",
  })
  findings(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.db.read(async (em) =>
      this.phaseFindings.forDeclaration(em, await this.access.load(em, ctx, parseId(id, 'id')), ctx.lang),
    );
  }

  private async view(ctx: RequestContext, id: number) {
    const { declaration, indicators } = await this.declarations.get(ctx, id);
    return declarationView(declaration, indicators, this.workflow.allowedFor(ctx.user, declaration));
  }
}

/** The `?version=` of a DELETE: required, the whole-number version the caller read. */
function parseVersion(raw: unknown): number {
  if (raw === undefined || raw === '') throw CommonErrors.FIELD_REQUIRED({}, { field: 'version' });
  if (Array.isArray(raw)) throw CommonErrors.QUERY_REPEATED({}, { field: 'version' });
  const s = String(raw);
  if (!/^\d{1,9}$/.test(s) || Number(s) < 1) throw CommonErrors.FIELD_VERSION({}, { field: 'version' });
  return Number(s);
}
