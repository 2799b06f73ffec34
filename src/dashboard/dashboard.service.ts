import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { valueLabel } from '../common/i18n';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { WorkCalendars } from '../calendar/calendar.service';
import { APP_CONFIG } from '../config/app-config';
import { Db, type SqlParams } from '../database/db.service';
import { DECLARATION_STATES, reviewStage, type ReviewStage } from '../lifecycle/declaration.machine';
import {
  departmentsByIds,
  gradesByDepartment,
  lightsByDepartment,
  overdueCount,
  overdueItems,
  statesByDepartment,
} from './dashboard.queries';

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
    @Inject(WorkCalendars) private readonly calendars: WorkCalendars,
  ) {}

  async year(ctx: RequestContext, year: number) {
    const now = nowIso();
    const calendar = await this.calendars.current();
    return this.db.read(async (em) => {
      const grouped = async (sql: (p: SqlParams) => string) => {
        const p = this.db.parameters();
        const rows = (await em.query(sql(p), p.values)) as Array<{
          department_id: number | string;
          k: string | null;
          n: number | string;
        }>;
        return rows.map((r) => ({ departmentId: Number(r.department_id), key: r.k, n: Number(r.n) }));
      };
      const states = await grouped((p) => statesByDepartment(p, year, ctx.user));
      const lights = await grouped((p) => lightsByDepartment(p, year, ctx.user));
      const grades = await grouped((p) => gradesByDepartment(p, year, ctx.user));

      // Overdue: in a review stage past its due day (working days, calendar/working-days.ts), that
      // is entered before the first entry due today or later.
      // Per stage, the earliest entered first (the deadlines differ, so the stages merge here).
      let overdueTotal = 0;
      const overdueRows: Array<Record<string, unknown>> = [];
      for (const stage of STAGES) {
        const states = DECLARATION_STATES.filter((s) => reviewStage(s) === stage);
        const cutoff = calendar.overdueBefore(now, this.config.reviewDeadlineDays[stage]);
        const filter = { year, user: ctx.user, states, cutoff };
        const c = this.db.parameters();
        const [count] = (await em.query(overdueCount(c, filter), c.values)) as Array<{ n: number | string }>;
        overdueTotal += Number(count.n);
        const p = this.db.parameters();
        overdueRows.push(
          ...((await em.query(overdueItems(p, filter, OVERDUE_LIMIT), p.values)) as Array<
            Record<string, unknown>
          >),
        );
      }
      const overdue = overdueRows
        .map((r) => {
          const state = String(r.state);
          const enteredAt = String(r.state_entered_at);
          const { dueAt, dueDate } = calendar.due(
            enteredAt,
            this.config.reviewDeadlineDays[reviewStage(state)!],
          );
          return {
            declarationId: Number(r.id),
            projectName: (r.project_name as string | null) ?? null,
            departmentId: Number(r.department_id),
            departmentName: (r.department_name as string | null) ?? null,
            state,
            stateLabel: valueLabel(state, ctx.lang, 'state'),
            enteredAt,
            dueAt,
            dueDate,
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
        const rows = (await em.query(departmentsByIds(p, ids), p.values)) as Array<{
          id: number | string;
          name: string;
          path: string;
        }>;
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
