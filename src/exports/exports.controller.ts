import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiXlsxResponse } from '../common/openapi';
import { In } from 'typeorm';
import { Allow } from '../auth/decorators';
import { applyDeclarationScope } from '../auth/scope';
import { badRequest } from '../common/errors';
import { parseId } from '../common/pagination';
import { Ctx, type RequestContext } from '../common/request-context';
import { Db } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import { contentOf } from '../declarations/declaration-mapper';
import { Declaration } from '../declarations/declaration.entity';
import { Indicator } from '../declarations/indicator.entity';
import { Department } from '../org/department.entity';
import { declarationWorkbook, summaryWorkbook } from './declaration-xlsx';

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
      state: d.state,
      departmentName: dep?.name,
    });
    return sendWorkbook(reply, buf, `declaration-${d.id}.xlsx`, `${d.projectName ?? d.id}-申报表.xlsx`);
  }

  @Allow('declaration.read')
  @Get('exports/summary.xlsx')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: "The year's summary table (汇总表) of the declarations in your scope, one sheet" })
  @ApiXlsxResponse('the 汇总表')
  @ApiErrors(['exports'], { 400: 'the year is missing or malformed' })
  async summary(
    @Ctx() ctx: RequestContext,
    @Query('year') yearRaw: string,
    @Res({ passthrough: true }) reply: ReplyLike,
  ) {
    const year = Number(yearRaw);
    if (!/^\d{4}$/.test(yearRaw ?? '') || year < 2000 || year > 2100)
      throw badRequest('year: required, a year such as 2026');
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
      return decls.map((d) => ({
        departmentName: deps.get(d.departmentId) ?? '',
        state: d.state,
        content: contentOf(
          d,
          indicators.filter((i) => i.declarationId === d.id),
        ),
      }));
    });
    return sendWorkbook(
      reply,
      await summaryWorkbook(rows, year),
      `summary-${year}.xlsx`,
      `${year}年度绩效目标汇总表.xlsx`,
    );
  }
}
