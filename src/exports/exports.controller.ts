import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiXlsxResponse, ApiYearQuery } from '../common/openapi';
import { Allow } from '../auth/decorators';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { ExportsErrors } from './exports.messages';
import { ExportsService, type Workbook } from './exports.service';
import { XLSX_CONTENT_TYPE, xlsxFile } from './xlsx-response';

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(@Inject(ExportsService) private readonly exports: ExportsService) {}

  @Allow('declaration.read')
  @Get('declarations/:id/export.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOperation({
    summary: 'The declaration form (申报表) as a workbook; importing it back gives the same declaration',
  })
  @ApiXlsxResponse('the 申报表')
  @ApiErrors(['exports', 'declarations'], { 404: 'no such declaration in your scope' })
  async declaration(@Ctx() ctx: RequestContext, @Param('id') id: string) {
    return download(await this.exports.declaration(ctx, parseId(id, 'id')));
  }

  @Allow('declaration.read')
  @Get('exports/summary.xlsx')
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiOperation({
    summary:
      "The year's summary (汇总表) of the declarations in your scope: a 汇总表 sheet (one row per project, totals), then each project's 申报表 on a sheet of its own",
  })
  @ApiXlsxResponse('the 汇总表 and one 申报表 per project')
  @ApiYearQuery()
  @ApiErrors(['exports'], { 400: 'the year is missing or malformed' })
  async summary(@Ctx() ctx: RequestContext, @Query('year') yearRaw: string) {
    return download(await this.exports.summary(ctx, parseYear(yearRaw)));
  }
}

function download(w: Workbook) {
  return xlsxFile(w.buffer, w.asciiName, w.displayName);
}

/** `?year=2026`: a year from 2000 to 2100, given once. */
function parseYear(raw: unknown): number {
  if (raw === undefined || raw === '') throw ExportsErrors.EXPORT_YEAR_INVALID({}, { field: 'year' });
  const text = Array.isArray(raw) ? raw.map(String).join(',') : String(raw);
  const year = Number(text);
  if (typeof raw !== 'string' || !/^\d{4}$/.test(raw) || year < 2000 || year > 2100)
    throw ExportsErrors.EXPORT_YEAR_INVALID({ value: text }, { field: 'year' });
  return year;
}
