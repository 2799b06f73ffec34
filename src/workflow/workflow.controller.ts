import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkResponse } from '../common/openapi';
import {
  OpenYearResult,
  TransitionHistoryItem,
  TransitionResult,
  VersionDetail,
  VersionDiff,
  VersionListItem,
  WorkflowDefinitionView,
} from './workflow.responses';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { workflowDefinition } from '../lifecycle/workflow-definition';
import { OpenYearService } from './open-year.service';
import { TransitionHistoryService } from './transition-history.service';
import { VersionsService } from './versions.service';
import { TransitionDto, YearDto } from './workflow.dto';
import { WorkflowService } from './workflow.service';

@ApiTags('workflow')
@ApiBearerAuth()
@Controller()
export class WorkflowController {
  constructor(
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(VersionsService) private readonly versions: VersionsService,
    @Inject(OpenYearService) private readonly openYear: OpenYearService,
    @Inject(TransitionHistoryService) private readonly transitions: TransitionHistoryService,
  ) {}

  @Allow('workflow.transition')
  @Post('declarations/:id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Fire an event (SUBMIT or 提交, WITHDRAW, APPROVE, RETURN, …): {id, state, stateLabel, version, actions, allowedEvents}; 409 WORKFLOW_EVENT_NOT_ALLOWED / DECLARATION_VERSION_STALE, 403 WORKFLOW_ROLE_REQUIRED / WORKFLOW_SUBMITTER_ONLY / WORKFLOW_SEGREGATION / WORKFLOW_NON_ACTING_ROLE, 400 WORKFLOW_COMMENT_REQUIRED / WORKFLOW_RATING_INVALID, 422 FINDINGS_BLOCK_SUBMIT with the error findings',
  })
  @ApiOkResponse({ type: TransitionResult })
  @ApiErrors(['workflow', 'declarations'], {
    400: 'a field is malformed, or a comment or rating is missing where the event needs it',
    404: 'no such declaration in your scope',
    409: 'the version is stale, or the event is not allowed in the state',
    422: 'error findings block the submission',
  })
  transition(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: TransitionDto) {
    return this.workflow.fire(ctx, parseId(id, 'id'), dto);
  }

  @Allow('declaration.read')
  @Get('declarations/:id/transitions')
  @ApiOperation({
    summary:
      'Transition history, oldest first, each with the labels of its states, event and role in your language',
  })
  @ApiOkResponse({ type: [TransitionHistoryItem] })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  history(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.transitions.list(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.read')
  @Get('declarations/:id/versions')
  @ApiOperation({ summary: 'Approved versions of the declaration' })
  @ApiOkResponse({ type: [VersionListItem] })
  @ApiErrors(['declarations'], { 404: 'no such declaration in your scope' })
  listVersions(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.versions.list(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.read')
  @Get('declarations/:id/versions/:no')
  @ApiOperation({ summary: 'One approved version with its content' })
  @ApiOkResponse({ type: VersionDetail })
  @ApiErrors(['declarations', 'workflow'], { 404: 'no such declaration in your scope, or no such version' })
  getVersion(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('no') no: string) {
    return this.versions.get(ctx, parseId(id, 'id'), parseId(no, 'version'));
  }

  @Allow('declaration.read')
  @Get('declarations/:id/versions/:a/diff/:b')
  @ApiOperation({
    summary:
      'Differences between two approved versions: header, funds, goals, indicators added/removed/changed',
  })
  @ApiOkResponse({ type: VersionDiff })
  @ApiErrors(['declarations', 'workflow'], { 404: 'no such declaration in your scope, or no such version' })
  diff(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('a') a: string, @Param('b') b: string) {
    return this.versions.diff(ctx, parseId(id, 'id'), parseId(a, 'a'), parseId(b, 'b'));
  }

  @Allow('declaration.read')
  @Get('declarations/:id/versions/:a/diff')
  @ApiOperation({
    summary:
      'Differences between an approved version and the current content (the draft, or the adjustment under review): as the diff of two versions, with `to` null',
  })
  @ApiOkResponse({ type: VersionDiff })
  @ApiErrors(['declarations', 'workflow'], { 404: 'no such declaration in your scope, or no such version' })
  diffCurrent(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('a') a: string) {
    return this.versions.diffCurrent(ctx, parseId(id, 'id'), parseId(a, 'a'));
  }

  @Allow('workflow.read')
  @Get('workflow/definition')
  @ApiOperation({ summary: 'The statechart: states, events, who may fire them, labelled in your language' })
  @ApiOkResponse({ type: WorkflowDefinitionView })
  definition(@Ctx() ctx: RequestContext) {
    return workflowDefinition(ctx.lang);
  }

  @Allow('workflow.openYear')
  @Post('workflow/open-monitoring')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Open mid-year monitoring for every approved declaration of a year (bureau_reviewer): {opened, items}',
  })
  @ApiOkResponse({ type: OpenYearResult, description: 'each declaration of the year: opened or why not' })
  @ApiErrors(['workflow'], { 400: 'the year is missing or out of range' })
  openMonitoring(@Ctx() ctx: RequestContext, @Body() dto: YearDto) {
    return this.openYear.open(ctx, dto.year, 'OPEN_MONITORING');
  }

  @Allow('workflow.openYear')
  @Post('workflow/open-evaluation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Open year-end self-evaluation for every monitored declaration of a year (bureau_reviewer): {opened, items}',
  })
  @ApiOkResponse({ type: OpenYearResult, description: 'each declaration of the year: opened or why not' })
  @ApiErrors(['workflow'], { 400: 'the year is missing or out of range' })
  openEvaluation(@Ctx() ctx: RequestContext, @Body() dto: YearDto) {
    return this.openYear.open(ctx, dto.year, 'OPEN_EVALUATION');
  }
}
