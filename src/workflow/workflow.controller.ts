import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import { DeclarationTransition } from './declaration-transition.entity';
import { workflowDefinition } from './declaration.machine';
import { OpenYearService } from './open-year.service';
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
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(Db) private readonly db: Db,
  ) {}

  @Allow('workflow.transition')
  @Post('declarations/:id/transitions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Fire an event (SUBMIT, WITHDRAW, APPROVE, RETURN, …): {state, version, allowedEvents}; 403 role/segregation, 409 state/version, 422 findings, 400 comment',
  })
  transition(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() dto: TransitionDto) {
    return this.workflow.fire(ctx, parseId(id, 'id'), dto);
  }

  @Allow('declaration.read')
  @Get('declarations/:id/transitions')
  @ApiOperation({ summary: 'Transition history, oldest first' })
  history(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, parseId(id, 'id'));
      const rows = await em.find(DeclarationTransition, {
        where: { declarationId: d.id },
        order: { id: 'ASC' },
      });
      return rows.map((t) => ({
        event: t.event,
        from: t.fromState,
        to: t.toState,
        actor: { id: t.actorId, username: t.actorUsername },
        role: t.role,
        comment: t.comment,
        rating: t.rating,
        at: t.at,
      }));
    });
  }

  @Allow('declaration.read')
  @Get('declarations/:id/versions')
  @ApiOperation({ summary: 'Approved versions of the declaration' })
  listVersions(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.versions.list(ctx, parseId(id, 'id'));
  }

  @Allow('declaration.read')
  @Get('declarations/:id/versions/:no')
  @ApiOperation({ summary: 'One approved version with its content' })
  getVersion(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('no') no: string) {
    return this.versions.get(ctx, parseId(id, 'id'), parseId(no, 'version'));
  }

  @Allow('declaration.read')
  @Get('declarations/:id/versions/:a/diff/:b')
  @ApiOperation({
    summary:
      'Differences between two approved versions: header, funds, goals, indicators added/removed/changed',
  })
  diff(@Ctx() ctx: RequestContext, @Param('id') id: string, @Param('a') a: string, @Param('b') b: string) {
    return this.versions.diff(ctx, parseId(id, 'id'), parseId(a, 'a'), parseId(b, 'b'));
  }

  @Allow('workflow.read')
  @Get('workflow/definition')
  @ApiOperation({ summary: 'The statechart: states, events, who may fire them' })
  definition() {
    return workflowDefinition();
  }

  @Allow('workflow.openYear')
  @Post('workflow/open-monitoring')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Open mid-year monitoring for every approved declaration of a year (bureau_reviewer): {opened, items}',
  })
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
  openEvaluation(@Ctx() ctx: RequestContext, @Body() dto: YearDto) {
    return this.openYear.open(ctx, dto.year, 'OPEN_EVALUATION');
  }
}
