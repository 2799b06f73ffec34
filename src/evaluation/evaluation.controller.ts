import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkResponse, ApiXlsxResponse } from '../common/openapi';
import { EvaluationView } from './evaluation.responses';
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
          initialBudget: { type: 'string', format: 'decimal', nullable: true, example: '491254500.00' },
          adjustedBudget: { type: 'string', format: 'decimal', nullable: true, example: '491254500.00' },
          executed: { type: 'string', format: 'decimal', nullable: true, example: '466691775.00' },
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
  @ApiOkResponse({ type: EvaluationView })
  @ApiErrors(['evaluation', 'declarations'], {
    404: 'no such declaration in your scope, or not approved yet',
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
  @ApiOkResponse({ type: EvaluationView, description: 'the evaluation as saved, every score computed' })
  @ApiErrors(['evaluation', 'workflow', 'declarations'], {
    400: 'a field or an entry is malformed (named in field)',
    404: 'no such declaration in your scope',
    409: 'the version is stale, or the state is not evaluation.reporting',
  })
  @ApiBody(EVALUATION_BODY)
  put(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.evaluation.put(ctx, parseId(id, 'id'), body);
  }

  @Allow('declaration.read')
  @Get('export.xlsx')
  @ApiOperation({ summary: 'The 项目支出绩效自评表 as a workbook' })
  @ApiXlsxResponse('the 项目支出绩效自评表')
  @ApiErrors(['evaluation', 'declarations'], {
    404: 'no such declaration in your scope, or not approved yet',
  })
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
