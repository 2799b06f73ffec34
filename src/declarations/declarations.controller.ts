import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiCreatedResponse, ApiErrors, ApiNoContentResponse, ApiOkResponse } from '../common/openapi';
import {
  DeclarationPage,
  DeclarationView,
  FindingView,
  IndicatorSaved,
  VersionOnly,
} from './declarations.responses';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { DeclarationListQuery, resolveState } from './list-filters';
import {
  CreateDeclarationDto,
  CreateIndicatorDto,
  LinkIndicatorDto,
  UpdateDeclarationDto,
  UpdateIndicatorDto,
} from './declarations.dto';
import { DeclarationsService } from './declarations.service';
import { parseChangeReason, parseVersion } from './query-params';

@ApiTags('declarations')
@ApiBearerAuth()
@Controller('declarations')
export class DeclarationsController {
  constructor(@Inject(DeclarationsService) private readonly declarations: DeclarationsService) {}

  @Allow('declaration.write')
  @Post()
  @ApiOperation({ summary: 'Create a declaration (submitter): state drafting, owned by your department' })
  @ApiCreatedResponse({ type: DeclarationView, description: 'the new declaration' })
  @ApiErrors(['declarations'], { 400: 'a field is malformed or out of range' })
  async create(@Ctx() ctx: RequestContext, @Body() dto: CreateDeclarationDto) {
    const id = await this.declarations.create(ctx, dto);
    return this.declarations.view(ctx, id);
  }

  @Allow('declaration.read')
  @Get()
  @ApiOperation({
    summary:
      'Declarations in your scope, filtered by year, state (a code or its words: 编制中), departmentId (and the departments below it) ' +
      'and q (words of the project name); keyset pages {items, nextCursor}, each item with its departmentName and ' +
      'findings {errors, warnings} (the badges of a list). An unknown state is 400 DECLARATION_STATE_UNKNOWN ' +
      'listing the states; an unknown parameter is 400 FIELD_UNKNOWN',
  })
  @ApiOkResponse({ type: DeclarationPage })
  @ApiErrors(['declarations'], { 400: 'an unknown or malformed filter' })
  list(@Ctx() ctx: RequestContext, @Query() query: DeclarationListQuery) {
    return this.declarations.list(ctx, {
      year: query.year,
      state: query.state === undefined ? undefined : resolveState(query.state),
      departmentId: query.departmentId,
      q: query.q,
      limit: query.limit,
      cursor: query.cursor,
    });
  }

  @Allow('declaration.read')
  @Get(':id')
  @ApiOperation({
    summary:
      'One declaration with its indicators, state, version and what you may do: actions [{event, label, allowed, reason, reasonCode, needs}] (allowedEvents: the allowed events only, kept for older clients)',
  })
  @ApiOkResponse({ type: DeclarationView })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.declarations.view(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.write')
  @Patch(':id')
  @ApiOperation({
    summary: 'Change header fields, funds or goals (submitter; editable states only; carries version)',
  })
  @ApiOkResponse({ type: DeclarationView, description: 'the declaration as saved' })
  @ApiErrors(['declarations', 'workflow'], {
    404: 'no such declaration in your scope',
    409: 'the version is stale, or the state does not allow changes',
  })
  async patch(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: UpdateDeclarationDto) {
    await this.declarations.patch(ctx, parseId(id, 'id'), dto);
    return this.declarations.view(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.write')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft that was never submitted (submitter): 204' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(['declarations', 'workflow'], {
    404: 'no such declaration in your scope',
    409: 'the version is stale, or the declaration was submitted once',
  })
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
  @ApiOperation({
    summary:
      'Add an indicator (submitter): 201 {indicator, version}; with libraryEntryId it is picked from the indicator library',
  })
  @ApiCreatedResponse({ type: IndicatorSaved })
  @ApiErrors(['declarations', 'workflow', 'library'], {
    404: 'no such declaration in your scope, or no such library entry',
    409: 'the version is stale, the state does not allow changes, or the entry is retired or not valid for the year',
  })
  addIndicator(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: CreateIndicatorDto) {
    return this.declarations.addIndicator(ctx, parseId(id, 'id'), dto);
  }

  @Allow('declaration.write')
  @Post(':id/indicators/:indicatorId/library-link')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Link an indicator to an indicator library entry (submitter; its 一级/二级 and name become the entry’s, the target ' +
      'stays), or unlink it (libraryEntryId null): {indicator, version}; audited as a change of the indicator',
  })
  @ApiOkResponse({ type: IndicatorSaved })
  @ApiErrors(['declarations', 'workflow', 'library'], {
    400: 'a field is malformed',
    404: 'no such declaration or indicator in your scope, or no such library entry',
    409: 'the version is stale, the state does not allow changes, or the entry is retired or not valid for the year',
  })
  linkIndicator(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('indicatorId') indicatorId: string,
    @Body() dto: LinkIndicatorDto,
  ) {
    return this.declarations.linkIndicator(ctx, parseId(id, 'id'), parseId(indicatorId, 'indicatorId'), dto);
  }

  @Allow('declaration.write')
  @Patch(':id/indicators/:indicatorId')
  @ApiOperation({
    summary: 'Change an indicator (submitter): {indicator, version}; give a reason for the audit trail',
  })
  @ApiOkResponse({ type: IndicatorSaved })
  @ApiErrors(['declarations', 'workflow'], {
    404: 'no such declaration or indicator in your scope',
    409: 'the version is stale, or the state does not allow changes',
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
  @ApiOkResponse({ type: VersionOnly })
  @ApiErrors(['declarations', 'workflow'], {
    404: 'no such declaration or indicator in your scope',
    409: 'the version is stale, or the state does not allow changes',
  })
  @ApiQuery({ name: 'version', required: true })
  @ApiQuery({ name: 'reason', required: false })
  removeIndicator(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Param('indicatorId') indicatorId: string,
    @Query('version') version: string,
    @Query('reason') reason?: string,
  ) {
    const why = parseChangeReason(reason);
    return this.declarations.removeIndicator(
      ctx,
      parseId(id, 'id'),
      parseId(indicatorId, 'indicatorId'),
      parseVersion(version),
      why,
    );
  }

  @Allow('declaration.read')
  @Get(':id/findings')
  @ApiOperation({
    summary:
      "The findings of the current phase's content [{severity, code, message, path, field, indicatorId?, labelPath?, hint?, params?}] in the reader's language; errors block SUBMIT",
  })
  @ApiOkResponse({ type: [FindingView] })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  findings(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.declarations.findings(ctx, parseId(id, 'id'));
  }
}
