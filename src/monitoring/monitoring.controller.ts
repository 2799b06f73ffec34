import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiOkResponse, ApiXlsxResponse } from '../common/openapi';
import { MonitoringSummaryView, MonitoringView } from './monitoring.responses';
import { Allow } from '../auth/decorators';
import { badRequest } from '../common/errors';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { XLSX_CONTENT_TYPE, xlsxFile } from '../exports/xlsx-response';
import { MonitoringService } from './monitoring.service';

const MONITORING_BODY = {
  description:
    'The mid-year report (domain.md §5). Money as decimal strings; entries one per approved indicator.',
  schema: {
    type: 'object',
    required: ['version'],
    additionalProperties: false,
    properties: {
      version: { type: 'integer' },
      periodEndMonth: { type: 'integer', minimum: 1, maximum: 12, default: 7 },
      budget: {
        type: 'object',
        additionalProperties: false,
        properties: {
          initialBudget: { type: 'string', format: 'decimal', nullable: true, example: '491254500.00' },
          adjustedBudget: { type: 'string', format: 'decimal', nullable: true, example: '491254500.00' },
          executedToDate: { type: 'string', format: 'decimal', nullable: true, example: '245627250.00' },
          forecastFullYear: { type: 'string', format: 'decimal', nullable: true, example: '466691775.00' },
        },
      },
      goalProgress: { type: 'string' },
      entries: {
        type: 'array',
        items: {
          type: 'object',
          required: ['indicatorId'],
          additionalProperties: false,
          properties: {
            indicatorId: { type: 'integer' },
            actualToDate: { type: 'string', example: '96.5' },
            forecast: { type: 'string', example: '97 | achieved | partial | notAchieved' },
            likelihood: { type: 'string', enum: ['certain', 'possible', 'impossible'] },
            deviationReasons: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  category: {
                    type: 'string',
                    enum: ['funding', 'institutional', 'staffing', 'hardware', 'other'],
                  },
                  note: { type: 'string' },
                },
              },
            },
            correctiveMeasures: { type: 'string' },
            remark: { type: 'string' },
          },
        },
      },
    },
  },
};

@ApiTags('monitoring')
@ApiBearerAuth()
@Controller()
export class MonitoringController {
  constructor(@Inject(MonitoringService) private readonly monitoring: MonitoringService) {}

  @Allow('declaration.read')
  @Get('declarations/:id/monitoring')
  @ApiOperation({
    summary:
      'The mid-year monitoring report with executionRate, timeProgress, ratio, budgetLight, per-entry deviation and light, findings (a blank report before the first save)',
  })
  @ApiOkResponse({ type: MonitoringView })
  @ApiErrors(['monitoring', 'declarations'], {
    404: 'no such declaration in your scope, or not approved yet',
  })
  get(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return this.monitoring.get(ctx, parseId(id, 'id'));
  }

  @Allow('report.write')
  @Put('declarations/:id/monitoring')
  @ApiOperation({
    summary:
      'Save the mid-year monitoring report (submitter, monitoring.reporting only; carries version): the report with everything computed and the new version; 400 names entry and field',
  })
  @ApiOkResponse({ type: MonitoringView, description: 'the report as saved, everything computed' })
  @ApiErrors(['monitoring', 'workflow', 'declarations'], {
    400: 'a field or an entry is malformed (named in field)',
    404: 'no such declaration in your scope',
    409: 'the version is stale, or the state is not monitoring.reporting',
  })
  @ApiBody(MONITORING_BODY)
  put(@Ctx() ctx: RequestContext, @Param('id') id: string, @Body() body: unknown) {
    return this.monitoring.put(ctx, parseId(id, 'id'), body);
  }

  @Allow('declaration.read')
  @Get('declarations/:id/monitoring/export.xlsx')
  @ApiOperation({ summary: 'The 项目支出绩效运行监控表 as a workbook' })
  @ApiXlsxResponse('the 项目支出绩效运行监控表')
  @ApiErrors(['monitoring', 'declarations'], {
    404: 'no such declaration in your scope, or not approved yet',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  async exportXlsx(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    const { declaration: d, buffer } = await this.monitoring.exportXlsx(ctx, parseId(id, 'id'));
    return xlsxFile(
      buffer,
      `monitoring-${d.year}-${d.id}.xlsx`,
      `绩效运行监控表-${d.projectName ?? d.id}-${d.year}.xlsx`,
    );
  }

  @Allow('monitoring.summary')
  @Get('monitoring/summary')
  @ApiOperation({
    summary:
      "The year's monitoring overview (reviewers, auditor; your scope): per declaration its budget light, red/yellow indicators and the worst ones; per department and in total",
  })
  @ApiQuery({ name: 'year', required: true })
  @ApiOkResponse({ type: MonitoringSummaryView })
  @ApiErrors(['monitoring'], { 400: 'the year is missing or malformed' })
  summary(@Ctx() ctx: RequestContext, @Query() query: Record<string, string>) {
    const unknown = Object.keys(query).find((k) => k !== 'year');
    if (unknown) throw badRequest(`${unknown}: unknown parameter; use year`);
    const year = Number(query.year);
    if (query.year === undefined || !/^\d{4}$/.test(query.year) || year < 2000 || year > 2100)
      throw badRequest('year: required, a year such as 2026');
    return this.monitoring.summary(ctx, year);
  }
}
