import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { XLSX_CONTENT_TYPE, xlsxFile } from '../exports/xlsx-response';
import { EvaluationService } from './evaluation.service';

const EVALUATION_BODY = {
  description:
    'The year-end self-evaluation (domain.md §6). Money as decimal strings; weights and scores as 2-decimal strings.',
  schema: {
    type: 'object',
    required: ['version'],
    additionalProperties: false,
    properties: {
      version: { type: 'integer' },
      budget: {
        type: 'object',
        additionalProperties: false,
        properties: {
          initialBudget: { type: 'string', example: '491254500.00' },
          adjustedBudget: { type: 'string', example: '491254500.00' },
          executed: { type: 'string', example: '466691775.00' },
        },
      },
      goalAchievement: { type: 'string' },
      entries: {
        type: 'array',
        items: {
          type: 'object',
          required: ['indicatorId'],
          additionalProperties: false,
          properties: {
            indicatorId: { type: 'integer' },
            weight: { type: 'string', example: '12.50' },
            actual: { type: 'string', example: '142' },
            achievement: { type: 'string', enum: ['achieved', 'partial', 'notAchieved'] },
            score: { type: 'string', example: '7.00' },
            overrideReason: { type: 'string' },
            deviationAnalysis: { type: 'string' },
          },
        },
      },
    },
  },
};

@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('declarations/:id/evaluation')
export class EvaluationController {
  constructor(@Inject(EvaluationService) private readonly evaluation: EvaluationService) {}

  @Allow('declaration.read')
  @Get()
  @ApiOperation({
    summary:
      'The self-evaluation: entries with weight, computedScore, score, met; budgetRate, budgetScore, subtotals, totalScore, grade, findings (a blank evaluation before the first save)',
  })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.evaluation.get(ctx, parseId(id, 'id'));
  }

  @Allow('report.write')
  @Put()
  @ApiOperation({
    summary:
      'Save the self-evaluation (submitter, evaluation.reporting only; carries version): every score computed and the new version; 400 names entry and field',
  })
  @ApiBody(EVALUATION_BODY)
  put(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.evaluation.put(ctx, parseId(id, 'id'), body);
  }

  @Allow('declaration.read')
  @Get('export.xlsx')
  @ApiOperation({ summary: 'The 项目支出绩效自评表 as a workbook' })
  @ApiProduces(XLSX_CONTENT_TYPE)
  async exportXlsx(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const { declaration: d, buffer } = await this.evaluation.exportXlsx(ctx, parseId(id, 'id'));
    return xlsxFile(
      buffer,
      `evaluation-${d.year}-${d.id}.xlsx`,
      `绩效自评表-${d.projectName ?? d.id}-${d.year}.xlsx`,
    );
  }
}
