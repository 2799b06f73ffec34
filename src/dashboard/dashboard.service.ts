import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { declarationScopeSql } from '../auth/scope';
import { valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { addDaysIso, nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type SqlParams } from '../database/db.service';
import { DECLARATION_STATES, reviewStage, type ReviewStage } from '../lifecycle/declaration.machine';

/** The longest list of overdue items one answer carries (the count is always given). */
export const OVERDUE_LIMIT = 100;
const DAY_MS = 86_400_000;
const STAGES: ReviewStage[] = ['internalReview', 'bureauReview'];
/** monitoring_reports.budget_light when no light could be computed (monitoring.service.ts). */
const NO_LIGHT = 'none';

type Counts = Record<string, number>;

interface DepartmentCounts {
  departmentId: number;
  departmentName: string | null;
  declarations: number;
  states: Counts;
  lights: Counts;
  grades: Counts;
}

/**
 * The year at a glance (`GET /api/dashboard?year=`): per department in the caller's scope its
 * declarations by state, the budget lights of its monitoring reports and the grades of its
 * self-evaluations, and the review items past their due date. Every query carries the caller's
 * scope (auth/scope.ts), so the counts never include what the caller may not open.
 */
@Injectable()
export class DashboardService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  year(ctx: RequestContext, year: number) {
    const now = nowIso();
    return this.db.read(async (em) => {
      /** The year and the caller's scope over declarations `d`. */
      const where = (p: SqlParams) =>
        `d.year = ${p.add(year)} AND ${declarationScopeSql(ctx.user, (v) => p.add(v))}`;
      const grouped = async (sql: (p: SqlParams) => string) => {
        const p = this.db.parameters();
        const rows = (await em.query(sql(p), p.values)) as Array<{
          department_id: number | string;
          k: string | null;
          n: number | string;
        }>;
        return rows.map((r) => ({ departmentId: Number(r.department_id), key: r.k, n: Number(r.n) }));
      };
      const states = await grouped(
        (p) =>
          `SELECT d.department_id, d.state AS k, COUNT(*) AS n FROM declarations d WHERE ${where(p)} GROUP BY d.department_id, d.state`,
      );
      const lights = await grouped(
        (p) =>
          `SELECT d.department_id, r.budget_light AS k, COUNT(*) AS n FROM declarations d
           JOIN monitoring_reports r ON r.declaration_id = d.id WHERE ${where(p)} GROUP BY d.department_id, r.budget_light`,
      );
      const grades = await grouped(
        (p) =>
          `SELECT d.department_id, e.grade AS k, COUNT(*) AS n FROM declarations d
           JOIN evaluation_reports e ON e.declaration_id = d.id WHERE ${where(p)} GROUP BY d.department_id, e.grade`,
      );

      // Overdue: in a review stage longer than its deadline, that is entered before now − deadline.
      // Per stage, the earliest entered first (the deadlines differ, so the stages merge here).
      let overdueTotal = 0;
      const overdueRows: Array<Record<string, unknown>> = [];
      for (const stage of STAGES) {
        const states = DECLARATION_STATES.filter((s) => reviewStage(s) === stage);
        const cutoff = addDaysIso(now, -this.config.reviewDeadlineDays[stage]);
        const condition = (p: SqlParams) =>
          `${where(p)} AND d.state IN (${states.map((s) => p.add(s)).join(', ')}) AND d.state_entered_at < ${p.add(cutoff)}`;
        const c = this.db.parameters();
        const [count] = (await em.query(
          `SELECT COUNT(*) AS n FROM declarations d WHERE ${condition(c)}`,
          c.values,
        )) as Array<{ n: number | string }>;
        overdueTotal += Number(count.n);
        const p = this.db.parameters();
        overdueRows.push(
          ...((await em.query(
            `SELECT d.id, d.project_name, d.department_id, dep.name AS department_name, d.state, d.state_entered_at
             FROM declarations d LEFT JOIN departments dep ON dep.id = d.department_id
             WHERE ${condition(p)} ORDER BY d.state_entered_at, d.id LIMIT ${OVERDUE_LIMIT}`,
            p.values,
          )) as Array<Record<string, unknown>>),
        );
      }
      const overdue = overdueRows
        .map((r) => {
          const state = String(r.state);
          const enteredAt = String(r.state_entered_at);
          const dueAt = addDaysIso(enteredAt, this.config.reviewDeadlineDays[reviewStage(state)!]);
          return {
            declarationId: Number(r.id),
            projectName: (r.project_name as string | null) ?? null,
            departmentId: Number(r.department_id),
            departmentName: (r.department_name as string | null) ?? null,
            state,
            stateLabel: valueLabel(state, ctx.lang, 'state'),
            enteredAt,
            dueAt,
            daysOverdue: Math.max(0, Math.floor((Date.parse(now) - Date.parse(dueAt)) / DAY_MS)),
          };
        })
        .sort((a, b) =>
          a.dueAt === b.dueAt ? a.declarationId - b.declarationId : a.dueAt < b.dueAt ? -1 : 1,
        )
        .slice(0, OVERDUE_LIMIT);

      // The departments that have declarations this year, in the order of the organisation.
      const ids = [...new Set(states.map((r) => r.departmentId))];
      const names = new Map<number, { name: string; path: string }>();
      if (ids.length) {
        const p = this.db.parameters();
        const rows = (await em.query(
          `SELECT id, name, path FROM departments WHERE id IN (${ids.map((id) => p.add(id)).join(', ')})`,
          p.values,
        )) as Array<{ id: number | string; name: string; path: string }>;
        for (const r of rows) names.set(Number(r.id), { name: r.name, path: r.path });
      }
      const byDepartment = new Map<number, DepartmentCounts>();
      const of = (id: number) => {
        let d = byDepartment.get(id);
        if (!d) {
          d = {
            departmentId: id,
            departmentName: names.get(id)?.name ?? null,
            declarations: 0,
            states: {},
            lights: {},
            grades: {},
          };
          byDepartment.set(id, d);
        }
        return d;
      };
      const totals = { declarations: 0, states: {} as Counts, lights: {} as Counts, grades: {} as Counts };
      const add = (counts: Counts, key: string, n: number) => (counts[key] = (counts[key] ?? 0) + n);
      for (const r of states) {
        of(r.departmentId).declarations += r.n;
        totals.declarations += r.n;
        add(of(r.departmentId).states, r.key!, r.n);
        add(totals.states, r.key!, r.n);
      }
      for (const r of lights) {
        if (r.key === null || r.key === NO_LIGHT) continue;
        add(of(r.departmentId).lights, r.key, r.n);
        add(totals.lights, r.key, r.n);
      }
      for (const r of grades) {
        if (!r.key) continue;
        add(of(r.departmentId).grades, r.key, r.n);
        add(totals.grades, r.key, r.n);
      }
      const path = (id: number) => names.get(id)?.path ?? '';
      const departments = [...byDepartment.values()].sort((a, b) =>
        path(a.departmentId) === path(b.departmentId)
          ? a.departmentId - b.departmentId
          : path(a.departmentId) < path(b.departmentId)
            ? -1
            : 1,
      );
      return {
        year,
        departments,
        totals,
        overdue: { count: overdueTotal, limit: OVERDUE_LIMIT, items: overdue },
      };
    });
  }
}
