import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiXlsxResponse } from '../common/openapi';
import { In } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { Allow } from '../auth/decorators';
import { applyDeclarationScope } from '../auth/scope';
import { APP_CONFIG } from '../config/app-config';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import { contentOf } from '../declarations/declaration-mapper';
import { Declaration } from '../declarations/declaration.entity';
import { computeFindings } from '../declarations/findings';
import { Indicator } from '../declarations/indicator.entity';
import { Department } from '../auth/department.entity';
import { phaseOf } from '../workflow/declaration.machine';
import { PhaseFindings } from '../workflow/phase-findings';
import { declarationWorkbook, summaryWorkbook, type SummaryRow } from './declaration-xlsx';
import { ExportsErrors } from './exports.messages';
import { stateWords } from './state-words';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface ReplyLike {
  header(name: string, value: string): ReplyLike;
}

/** Sends a workbook as a download (ASCII file name, with the UTF-8 name for browsers that read it). */
export function sendWorkbook(reply: ReplyLike, buf: Buffer, asciiName: string, utf8Name: string): Buffer {
  reply.header('Content-Type', XLSX);
  reply.header(
    'Content-Disposition',
    `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(utf8Name)}`,
  );
  return buf;
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller()
export class ExportsController {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Allow('declaration.read')
  @Get('declarations/:id/export.xlsx')
  @ApiProduces(XLSX)
  @ApiOperation({
    summary: 'The declaration form (申报表) as a workbook; importing it back gives the same declaration',
  })
  @ApiXlsxResponse('the 申报表')
  @ApiErrors(['exports', 'declarations'], { 404: 'no such declaration in your scope' })
  async declaration(
    @Ctx() ctx: RequestContext,
    @Param('id') id: string,
    @Res({ passthrough: true }) reply: ReplyLike,
  ) {
    const { d, indicators, dep } = await this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, parseId(id, 'id'));
      return {
        d,
        indicators: await this.access.indicators(em, d.id),
        dep: await em.findOne(Department, { where: { id: d.departmentId } }),
      };
    });
    const buf = await declarationWorkbook(contentOf(d, indicators), {
      state: stateWords(d.state),
      departmentName: dep?.name,
    });
    return sendWorkbook(reply, buf, `declaration-${d.id}.xlsx`, `${d.projectName ?? d.id}-申报表.xlsx`);
  }

  @Allow('declaration.read')
  @Get('exports/summary.xlsx')
  @ApiProduces(XLSX)
  @ApiOperation({
    summary:
      "The year's summary (汇总表) of the declarations in your scope: a 汇总表 sheet (one row per project, totals), then each project's 申报表 on a sheet of its own",
  })
  @ApiXlsxResponse('the 汇总表 and one 申报表 per project')
  @ApiQuery({
    name: 'year',
    required: true,
    schema: { type: 'integer', minimum: 2000, maximum: 2100, example: 2026 },
  })
  @ApiErrors(['exports'], { 400: 'the year is missing or malformed' })
  async summary(
    @Ctx() ctx: RequestContext,
    @Query('year') yearRaw: string,
    @Res({ passthrough: true }) reply: ReplyLike,
  ) {
    const year = parseYear(yearRaw);
    const rows = await this.db.read(async (em) => {
      const decls = await applyDeclarationScope(em.createQueryBuilder(Declaration, 'd'), ctx.user)
        .andWhere('d.year = :year', { year })
        .orderBy('d.id', 'ASC')
        .getMany();
      const ids = decls.map((d) => d.id);
      const indicators = ids.length
        ? await em.find(Indicator, {
            where: { declarationId: In(ids) },
            order: { position: 'ASC', id: 'ASC' },
          })
        : [];
      const deps = new Map((await em.find(Department)).map((d) => [d.id, d.name]));
      const out: SummaryRow[] = [];
      for (const d of decls) {
        const content = contentOf(
          d,
          indicators.filter((i) => i.declarationId === d.id),
        );
        // The form's findings, as its reviewers see them: in an adjustment, against the approved version.
        const phase = phaseOf(d.state);
        const baseline = phase === 'adjustment' ? await this.phaseFindings.approvedContent(em, d) : null;
        const findings = computeFindings(content, { severities: this.config.findingSeverities, baseline });
        out.push({
          departmentName: deps.get(d.departmentId) ?? '',
          state: stateWords(d.state),
          content,
          findings: {
            errors: findings.filter((f) => f.severity === 'error').length,
            warnings: findings.filter((f) => f.severity === 'warning').length,
          },
          standing: phase === 'adjustment' ? 'adjusting' : d.approvedVersion ? 'approved' : 'unapproved',
        });
      }
      return out;
    });
    return sendWorkbook(
      reply,
      await summaryWorkbook(rows, year, { exportedOn: shanghaiDate(new Date()) }),
      `summary-${year}.xlsx`,
      `${year}年度绩效目标汇总表.xlsx`,
    );
  }
}

/** The calendar date in Shanghai, where the agency files its forms (a UTC date is a day behind until 08:00). */
function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(at);
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
