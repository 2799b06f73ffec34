import { Body, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { ApiErrors, ApiOkResponse, ApiYearQuery } from '../common/openapi';
import { parseId, parseYearQuery } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { reportBodySchema } from '../reports/report-fields';
import { ReportRoute, reportWorkbookFile, type ReportRouteTexts } from '../reports/report-routes';
import { MONITORING_FIELDS } from './monitoring-fields';
import { MonitoringSummaryView, MonitoringView } from './monitoring.responses';
import { MonitoringService } from './monitoring.service';

/** The body of a PUT and of a PATCH (each field optional and nullable: null clears), from the report's fields. */
const monitoringBody = (patch: boolean) =>
  reportBodySchema(
    MONITORING_FIELDS,
    patch,
    patch
      ? 'A change to the mid-year report (docs/spec/domain.md §5): only what is sent changes. Entries are matched by indicatorId and change field by field; the budget block merges; null clears a field (periodEndMonth, initialBudget and adjustedBudget: back to their defaults). Lists (deviationReasons) are replaced as a whole.'
      : 'The whole mid-year report (docs/spec/domain.md §5), replacing the stored one: what is not sent is blank afterwards (use PATCH to change a part). Money as decimal strings; entries one per approved indicator.',
  );

const ROUTES: ReportRouteTexts = {
  module: 'monitoring',
  reporting: 'monitoring.reporting',
  view: MonitoringView,
  summaries: {
    get: 'The mid-year monitoring report with executionRate, timeProgress, ratio, budgetLight, per-entry deviation and light, findings (a blank report before the first save)',
    put: 'Replace the mid-year monitoring report as a whole (submitter, monitoring.reporting only; carries version): entries and fields not sent are blank afterwards. Answers the report with everything computed and the new version; 400 names entry and field',
    patch:
      'Change part of the mid-year monitoring report (submitter, monitoring.reporting only; carries version): only the fields and entries sent change (entries by indicatorId, field by field; budget merges; null clears). Answers as PUT',
  },
  saved: {
    put: 'the report as saved, everything computed',
    patch: 'the report as saved, everything computed',
  },
  body: monitoringBody,
  form: '项目支出绩效运行监控表',
  fileName: (d) => ({
    ascii: `monitoring-${d.year}-${d.id}.xlsx`,
    chinese: `绩效运行监控表-${d.projectName ?? d.id}-${d.year}.xlsx`,
  }),
};

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller()
export class MonitoringController {
  constructor(@Inject(MonitoringService) private readonly monitoring: MonitoringService) {}

  @ReportRoute.get('declarations/:id/monitoring', ROUTES)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.monitoring.get(ctx, parseId(id, 'id'));
  }

  @ReportRoute.put('declarations/:id/monitoring', ROUTES)
  put(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.monitoring.put(ctx, parseId(id, 'id'), body);
  }

  @ReportRoute.patch('declarations/:id/monitoring', ROUTES)
  patch(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.monitoring.patch(ctx, parseId(id, 'id'), body);
  }

  @ReportRoute.exportXlsx('declarations/:id/monitoring/export.xlsx', ROUTES)
  async exportXlsx(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return reportWorkbookFile(ROUTES, await this.monitoring.exportXlsx(ctx, parseId(id, 'id')));
  }

  @Allow('monitoring.summary')
  @Get('monitoring/summary')
  @ApiOperation({
    summary:
      "The year's monitoring overview (reviewers, auditor; your scope): per declaration its budget light, red/yellow indicators and the worst ones; per department and in total",
  })
  @ApiYearQuery()
  @ApiOkResponse({ type: MonitoringSummaryView })
  @ApiErrors(['monitoring'], { 400: 'the year is missing or malformed' })
  summary(@Ctx() ctx: RequestContext, @Query() query: Record<string, string>) {
    return this.monitoring.summary(ctx, parseYearQuery(query));
  }
}
