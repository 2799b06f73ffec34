import { Body, Controller, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { reportBodySchema } from '../reports/report-fields';
import { ReportRoute, reportWorkbookFile, type ReportRouteTexts } from '../reports/report-routes';
import { EVALUATION_FIELDS } from './evaluation-fields';
import { EvaluationView } from './evaluation.responses';
import { EvaluationService } from './evaluation.service';

/** The body of a PUT and of a PATCH (each field optional and nullable: null clears), from the evaluation's fields. */
const evaluationBody = (patch: boolean) =>
  reportBodySchema(
    EVALUATION_FIELDS,
    patch,
    patch
      ? 'A change to the year-end self-evaluation (docs/spec/domain.md §6): only what is sent changes. Entries are matched by indicatorId and change field by field; the budget block merges; null clears a field (initialBudget and adjustedBudget: back to their defaults).'
      : 'The whole year-end self-evaluation (docs/spec/domain.md §6), replacing the stored one: what is not sent is blank afterwards (use PATCH to change a part). Money as decimal strings; weights and scores as 2-decimal strings.',
  );

const ROUTES: ReportRouteTexts = {
  module: 'evaluation',
  reporting: 'evaluation.reporting',
  view: EvaluationView,
  summaries: {
    get: 'The self-evaluation: entries with weight, computedScore, score, met; budgetRate, budgetScore, subtotals, totalScore, grade, findings (a blank evaluation before the first save)',
    put: 'Replace the self-evaluation as a whole (submitter, evaluation.reporting only; carries version): entries and fields not sent are blank afterwards. Answers every score computed and the new version; 400 names entry and field',
    patch:
      'Change part of the self-evaluation (submitter, evaluation.reporting only; carries version): only the fields and entries sent change (entries by indicatorId, field by field; budget merges; null clears). Answers as PUT',
  },
  saved: {
    put: 'the evaluation as saved, every score computed',
    patch: 'the report as saved, everything computed',
  },
  body: evaluationBody,
  form: '项目支出绩效自评表',
  fileName: (d) => ({
    ascii: `evaluation-${d.year}-${d.id}.xlsx`,
    chinese: `绩效自评表-${d.projectName ?? d.id}-${d.year}.xlsx`,
  }),
};

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller()
export class EvaluationController {
  constructor(@Inject(EvaluationService) private readonly evaluation: EvaluationService) {}

  @ReportRoute.get('declarations/:id/evaluation', ROUTES)
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.evaluation.get(ctx, parseId(id, 'id'));
  }

  @ReportRoute.put('declarations/:id/evaluation', ROUTES)
  put(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.evaluation.put(ctx, parseId(id, 'id'), body);
  }

  @ReportRoute.patch('declarations/:id/evaluation', ROUTES)
  patch(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.evaluation.patch(ctx, parseId(id, 'id'), body);
  }

  @ReportRoute.exportXlsx('declarations/:id/evaluation/export.xlsx', ROUTES)
  async exportXlsx(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return reportWorkbookFile(ROUTES, await this.evaluation.exportXlsx(ctx, parseId(id, 'id')));
  }
}
