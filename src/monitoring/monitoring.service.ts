import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { diffFields } from '../audit/audit-actions';
import { applyDeclarationScope } from '../auth/scope';
import { DEFAULT_LANG, type Lang } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import {
  displayNameOf,
  loadApprovedTargets,
  reportMeta,
  type ApprovedTargets,
} from '../declarations/approved-targets';
import { DeclarationAccess } from '../declarations/declaration-access';
import type { Finding } from '../declarations/declaration-content';
import { Declaration } from '../declarations/declaration.entity';
import { DeclarationsService } from '../declarations/declarations.service';
import { stateWord } from '../evaluation/evaluation.messages';
import { fieldsOf, reportEnvelope, type ReportEnvelope } from '../reports/report-envelope';
import { approvedTargetsFor } from '../reports/report-targets';
import { monitoringWorkbook } from '../exports/report-forms-xlsx';
import { Department } from '../org/department.entity';
import { assertEditable } from '../workflow/editability';
import { PhaseFindings } from '../workflow/phase-findings';
import { MonitoringReport } from './monitoring-report.entity';
import { validateMonitoringInput, validateMonitoringPatch } from './monitoring-input';
import type { Light } from './monitoring-rules';
import {
  blankMonitoring,
  computeMonitoring,
  lightStats,
  lightWord,
  mergeMonitoring,
  monitoringFormVM,
  monitoringView,
  toStoredMonitoring,
  worstView,
  type StoredMonitoring,
  type WorstIndicator,
} from './monitoring-view';

/** Stored in monitoring_reports.budget_light (NOT NULL) when no light can be computed yet. */
const NO_LIGHT = 'none';

/** The body's top level: the version, the report's text, the payload the rules check. */
const ENVELOPE = { textField: 'goalProgress', payloadKeys: ['periodEndMonth', 'budget', 'entries'] };

/**
 * The mid-year monitoring report (绩效运行监控, docs/spec/domain.md §5): read, save (only in
 * `monitoring.reporting`, by the owning department's submitters, with the version and an
 * audit record in the same transaction) as a whole (PUT) or in part (PATCH), the findings
 * that block SUBMIT, the form, and the bureau's year overview.
 */
@Injectable()
export class MonitoringService implements OnModuleInit {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(DeclarationAccess) private readonly access: DeclarationAccess,
    @Inject(DeclarationsService) private readonly declarations: DeclarationsService,
    @Inject(PhaseFindings) private readonly phaseFindings: PhaseFindings,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * SUBMIT in monitoring.reporting and GET .../findings see the report's findings (in the
   * caller's language when the caller passes it, Chinese otherwise).
   */
  onModuleInit(): void {
    this.phaseFindings.register('monitoring', (em, d, lang?: Lang) => this.findingsOf(em, d, lang));
  }

  async findingsOf(em: EntityManager, d: Declaration, lang: Lang = DEFAULT_LANG): Promise<Finding[]> {
    const approved = await loadApprovedTargets(em, d);
    if (!approved) return [];
    const { data } = await this.stored(em, d, approved);
    return computeMonitoring(approved, data, this.config, lang).findings;
  }

  get(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const approved = await approvedTargetsFor(em, d, 'monitoring');
      const { data, row } = await this.stored(em, d, approved);
      return monitoringView(
        d,
        approved,
        data,
        computeMonitoring(approved, data, this.config, ctx.lang),
        reportMeta(row),
        ctx.lang,
      );
    });
  }

  /** Replaces the whole report with the body: what is not sent is blank afterwards. */
  put(ctx: RequestContext, id: number, body: unknown) {
    const envelope = this.envelope(body);
    return this.save(ctx, id, envelope, (approved) => {
      const payload = validateMonitoringInput(envelope.rest, approved.indicators, this.config.monitoring);
      return toStoredMonitoring(payload, envelope.text ?? null);
    });
  }

  /**
   * Changes only what the body sends (mergeMonitoring): entries by indicatorId, field by
   * field; the budget block merges; null clears. What is not sent stays as it was.
   */
  patch(ctx: RequestContext, id: number, body: unknown) {
    const envelope = this.envelope(body);
    return this.save(ctx, id, envelope, (approved, stored) => {
      const patch = validateMonitoringPatch(envelope.rest, approved.indicators, this.config.monitoring);
      return mergeMonitoring(stored, patch, envelope.text, this.config.monitoring.defaultPeriodEndMonth);
    });
  }

  private envelope(body: unknown): ReportEnvelope {
    return reportEnvelope(body, { ...ENVELOPE, maxTextLength: this.config.monitoring.maxTextLength });
  }

  /**
   * One save, PUT or PATCH: checks the version and the state, builds the new report from the
   * stored one (or the blank one), stores it with its lights, and writes the audit event with
   * the changed fields, all in one transaction.
   */
  private save(
    ctx: RequestContext,
    id: number,
    envelope: ReportEnvelope,
    build: (approved: ApprovedTargets, stored: StoredMonitoring) => StoredMonitoring,
  ) {
    return this.db.write(async (tx) => {
      const d = await this.access.loadForWrite(tx, ctx, id, envelope.version);
      assertEditable(d.state, 'monitoring');
      const approved = await approvedTargetsFor(tx, d, 'monitoring');
      const { data: stored, row: existing } = await this.stored(tx, d, approved);
      const before = existing ? stored : null;
      const data = build(approved, stored);
      const result = computeMonitoring(approved, data, this.config, ctx.lang);
      const stats = lightStats(approved, result);
      const row: MonitoringReport = {
        declarationId: d.id,
        data: JSON.stringify(data),
        budgetLight: result.budgetLight ?? NO_LIGHT,
        redCount: stats.lights.red,
        yellowCount: stats.lights.yellow,
        worst: JSON.stringify(stats.worst),
        updatedBy: ctx.user.id,
        updatedAt: nowIso(),
      };
      if (existing) await tx.update(MonitoringReport, { declarationId: d.id }, row);
      else await tx.insert(MonitoringReport, row);
      const beforeFlat = before
        ? {
            ...flatten(before),
            budgetLight: existing!.budgetLight,
            redCount: existing!.redCount,
            yellowCount: existing!.yellowCount,
          }
        : null;
      const afterFlat = {
        ...flatten(data),
        budgetLight: row.budgetLight,
        redCount: row.redCount,
        yellowCount: row.yellowCount,
      };
      await this.declarations.touch(tx, ctx, d, {
        action: 'monitoring.saved',
        entityType: 'monitoring_report',
        entityId: d.id,
        changes: diffFields(beforeFlat, afterFlat, fieldsOf(beforeFlat, afterFlat)),
      });
      return monitoringView(d, approved, data, result, reportMeta(row), ctx.lang);
    });
  }

  /** 绩效运行监控表 as a workbook (what is stored; a blank form before the first save). */
  exportXlsx(ctx: RequestContext, id: number) {
    return this.db.read(async (em) => {
      const d = await this.access.load(em, ctx, id);
      const approved = await approvedTargetsFor(em, d, 'monitoring');
      const { data, row } = await this.stored(em, d, approved);
      const result = computeMonitoring(approved, data, this.config);
      const vm = monitoringFormVM(d, approved, data, result, {
        preparedBy: await displayNameOf(em, row?.updatedBy ?? null),
        preparedAt: row?.updatedAt.slice(0, 10),
      });
      return { declaration: d, buffer: await monitoringWorkbook(vm) };
    });
  }

  /**
   * The bureau's year overview: per declaration in the caller's scope that is in monitoring or
   * has a report, its budget light, red/yellow counts and worst indicators, as stored at the
   * last save; one query (declarations ⟕ monitoring_reports ⟕ departments). Totals and the
   * per-department roll-up are summed from the same rows.
   */
  summary(ctx: RequestContext, year: number) {
    return this.db.read(async (em) => {
      const qb = em
        .createQueryBuilder(Declaration, 'd')
        .leftJoin(MonitoringReport, 'r', 'r.declaration_id = d.id')
        .leftJoin(Department, 'dep', 'dep.id = d.department_id')
        .select('d.id', 'declarationId')
        .addSelect('d.project_name', 'projectName')
        .addSelect('d.department_id', 'departmentId')
        .addSelect('dep.name', 'departmentName')
        .addSelect('d.state', 'state')
        .addSelect('r.declaration_id', 'reportId')
        .addSelect('r.budget_light', 'budgetLight')
        .addSelect('r.red_count', 'red')
        .addSelect('r.yellow_count', 'yellow')
        .addSelect('r.worst', 'worst')
        .addSelect('r.updated_at', 'updatedAt')
        .where('d.year = :year', { year })
        .andWhere("(r.declaration_id IS NOT NULL OR d.state LIKE 'monitoring.%')");
      const rows = await applyDeclarationScope(qb, ctx.user)
        .orderBy('d.department_id', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .getRawMany<SummaryRow>();
      const items = rows.map((r) => {
        const reported = r.reportId !== null && r.reportId !== undefined;
        const light = reported && r.budgetLight !== NO_LIGHT ? (r.budgetLight as Light) : null;
        return {
          declarationId: Number(r.declarationId),
          projectName: r.projectName,
          departmentId: Number(r.departmentId),
          departmentName: r.departmentName,
          state: r.state,
          stateLabel: stateWord(r.state, ctx.lang),
          reported,
          updatedAt: r.updatedAt ?? null,
          budgetLight: light,
          budgetLightLabel: lightWord(light, ctx.lang),
          red: reported ? Number(r.red) : 0,
          yellow: reported ? Number(r.yellow) : 0,
          worst: reported ? worstView(JSON.parse(r.worst as string) as WorstIndicator[], ctx.lang) : [],
        };
      });
      type Item = (typeof items)[number];
      const rollUp = (list: Item[]) => ({
        declarations: list.length,
        reported: list.filter((i) => i.reported).length,
        budgetLights: {
          red: list.filter((i) => i.budgetLight === 'red').length,
          yellow: list.filter((i) => i.budgetLight === 'yellow').length,
          green: list.filter((i) => i.budgetLight === 'green').length,
          none: list.filter((i) => i.budgetLight === null).length,
        },
        red: list.reduce((s, i) => s + i.red, 0),
        yellow: list.reduce((s, i) => s + i.yellow, 0),
      });
      const departmentIds = [...new Set(items.map((i) => i.departmentId))];
      return {
        year,
        items,
        departments: departmentIds.map((departmentId) => {
          const list = items.filter((i) => i.departmentId === departmentId);
          return { departmentId, departmentName: list[0].departmentName, ...rollUp(list) };
        }),
        totals: rollUp(items),
      };
    });
  }

  private async stored(
    em: EntityManager,
    d: Declaration,
    approved: ApprovedTargets,
  ): Promise<{ data: StoredMonitoring; row: MonitoringReport | null }> {
    const row = await em.findOne(MonitoringReport, { where: { declarationId: d.id } });
    return row
      ? { data: JSON.parse(row.data) as StoredMonitoring, row }
      : { data: blankMonitoring(approved, this.config.monitoring.defaultPeriodEndMonth), row: null };
  }
}

interface SummaryRow {
  declarationId: number | string;
  projectName: string | null;
  departmentId: number | string;
  departmentName: string | null;
  state: string;
  reportId: number | string | null;
  budgetLight: string | null;
  red: number | string | null;
  yellow: number | string | null;
  worst: string | null;
  updatedAt: string | null;
}

/** The report as flat fields for the audit record: `entries[<indicatorId>].forecast`. */
function flatten(data: StoredMonitoring): Record<string, unknown> {
  const out: Record<string, unknown> = {
    periodEndMonth: data.periodEndMonth,
    'budget.initialBudget': data.budget.initialBudget,
    'budget.adjustedBudget': data.budget.adjustedBudget,
    'budget.executedToDate': data.budget.executedToDate,
    'budget.forecastFullYear': data.budget.forecastFullYear,
    goalProgress: data.goalProgress,
  };
  for (const e of data.entries) {
    const at = `entries[${e.indicatorId}]`;
    out[`${at}.actualToDate`] = e.actualToDate;
    out[`${at}.forecast`] = e.forecast;
    out[`${at}.likelihood`] = e.likelihood;
    out[`${at}.deviationReasons`] = e.deviationReasons.length ? e.deviationReasons : null;
    out[`${at}.correctiveMeasures`] = e.correctiveMeasures;
    out[`${at}.remark`] = e.remark;
  }
  return out;
}
