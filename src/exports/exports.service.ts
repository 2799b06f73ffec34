import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { applyDeclarationScope } from '../auth/scope';
import { Department } from '../auth/department.entity';
import type { RequestContext } from '../common/request-context';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { DeclarationAccess } from '../declarations/declaration-access';
import { contentOf } from '../declarations/declaration-mapper';
import { Declaration } from '../declarations/declaration.entity';
import { computeFindings } from '../declarations/findings';
import { Indicator } from '../declarations/indicator.entity';
import { phaseOf } from '../lifecycle/declaration.machine';
import { PhaseFindings } from '../declarations/phase-findings';
import { declarationWorkbook, summaryWorkbook, type SummaryRow } from './declaration-xlsx';
import { stateWords } from './state-words';

/** A workbook to download: its bytes, an ASCII file name, and the Chinese one browsers show. */
export interface Workbook {
  buffer: Buffer;
  asciiName: string;
  displayName: string;
}

/** The declaration form (申报表) and the year's summary (汇总表) as workbooks, within the reader's scope. */
@Injectable()
export class ExportsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async declaration(ctx: RequestContext, id: number): Promise<Workbook> {
    const { d, indicators, dep } = await this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      return {
        d,
        indicators: await this.access.indicators(em, d.id),
        dep: await em.findOne(Department, { where: { id: d.departmentId } }),
      };
    });
    const buffer = await declarationWorkbook(contentOf(d, indicators), {
      state: stateWords(d.state),
      departmentName: dep?.name,
    });
    return {
      buffer,
      asciiName: `declaration-${d.id}.xlsx`,
      displayName: `${d.projectName ?? d.id}-申报表.xlsx`,
    };
  }

  async summary(ctx: RequestContext, year: number): Promise<Workbook> {
    const rows = await this.summaryRows(ctx, year);
    return {
      buffer: await summaryWorkbook(rows, year, { exportedOn: shanghaiDate(new Date()) }),
      asciiName: `summary-${year}.xlsx`,
      displayName: `${year}年度绩效目标汇总表.xlsx`,
    };
  }

  private summaryRows(ctx: RequestContext, year: number): Promise<SummaryRow[]> {
    return this.db.read(async (em) => {
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
  }
}

/** The calendar date in Shanghai, where the agency files its forms (a UTC date is a day behind until 08:00). */
function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(at);
}
