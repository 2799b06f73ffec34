import { Body, Controller, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { ReportRoute, reportWorkbookFile, type ReportRouteTexts } from '../reports/report-routes';
import { EvaluationView } from './evaluation.responses';
import { EvaluationService } from './evaluation.service';

/** The body's fields; a PATCH takes the same, each optional and nullable (null clears). */
function evaluationBody(patch: boolean) {
  const field = (schema: Record<string, unknown>) => (patch ? { ...schema, nullable: true } : schema);
  return {
    description: patch
      ? 'A change to the year-end self-evaluation (docs/spec/domain.md §6): only what is sent changes. Entries are matched by indicatorId and change field by field; the budget block merges; null clears a field (initialBudget and adjustedBudget: back to their defaults).'
      : 'The whole year-end self-evaluation (docs/spec/domain.md §6), replacing the stored one: what is not sent is blank afterwards (use PATCH to change a part). Money as decimal strings; weights and scores as 2-decimal strings.',
    schema: {
      type: 'object',
      required: patch ? ['version'] : ['version', 'entries'],
      additionalProperties: false,
      properties: {
        version: { type: 'integer' },
        budget: field({
          type: 'object',
          additionalProperties: false,
          properties: {
            initialBudget: field({
              type: 'string',
              format: 'decimal',
              nullable: true,
              example: '491254500.00',
              description:
                '年初预算数; unless given (or null), the approved 年度资金申请总额: the answer shows that default',
            }),
            adjustedBudget: field({
              type: 'string',
              format: 'decimal',
              nullable: true,
              example: '491254500.00',
              description: '全年预算数; unless given (or null), 年初预算数: the answer shows that default',
            }),
            executed: field({ type: 'string', format: 'decimal', nullable: true, example: '466691775.00' }),
          },
        }),
        goalAchievement: field({ type: 'string' }),
        entries: {
          type: 'array',
          items: {
            type: 'object',
            required: ['indicatorId'],
            additionalProperties: false,
            properties: {
              indicatorId: { type: 'integer' },
              weight: field({ type: 'string', format: 'decimal', nullable: true, example: '12.50' }),
              actual: field({ type: 'string', example: '142' }),
              achievement: field({
                type: 'string',
                enum: ['achieved', 'partial', 'notAchieved'],
                description:
                  'The code or its word: 达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差',
              }),
              score: field({ type: 'string', format: 'decimal', nullable: true, example: '7.00' }),
              overrideReason: field({ type: 'string' }),
              deviationAnalysis: field({ type: 'string' }),
            },
          },
        },
      },
    },
  };
}

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
