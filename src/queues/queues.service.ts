import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/defaults';
import { CommonErrors } from '../common/common.messages';
import { AppError } from '../common/errors';
import { valueLabel } from '../common/i18n';
import { Cursors, parseLimit } from '../common/pagination';
import type { AuthUser, RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { WorkCalendars } from '../calendar/calendar.service';
import { dayNoOf, isOverdue, WorkCalendar } from '../calendar/working-days';
import { APP_CONFIG } from '../config/app-config';
import { Db, type SqlParams } from '../database/db.service';
import { DelegationLookup } from '../delegations/delegation-lookup';
import { awaitingByRole } from '../lifecycle/declaration.decisions';
import { phaseOf, reviewStage, type ReviewStage } from '../lifecycle/declaration.machine';
import type { BulkDecisionDto } from '../workflow/workflow.dto';
import { WorkflowService } from '../workflow/workflow.service';
import { departmentPrefix } from '../declarations/list-filters';
import type { QueueQuery } from './queue-query';
import { QueueItemFacts, type ItemFacts } from '../declarations/item-facts';
import { QueueErrors, type QueueSort } from './queues.messages';
import { RECTIFICATION_COUNTS, type RectificationCounts } from './rectification-counts';
import {
  allBranches,
  allCounts,
  branchRows,
  countByState,
  enteredAfter,
  enteredBefore,
  enteredFrom,
  inStates,
  inSubtree,
  oldestFirst,
  pageNames,
  relationScope,
  yearIs,
} from './queues.queries';

/** Who waits for what: each role's states and relations, from the machine's `awaited` rules. */
const AWAITING = awaitingByRole();
const DAY_MS = 86_400_000;

/** What awaits a role: its states, within its scope, due within its review stage's deadline. */
interface Group {
  states: readonly string[];
  stage: ReviewStage | null;
  scope: (p: SqlParams) => string;
}

/**
 * Where a page starts. `oldest`: after (enteredAt, id). `due`: after (rank, key, enteredAt, id),
 * where rank 0 is an item with a due date (key: dueAt) and rank 1 one without (key: enteredAt),
 * last. Working days make the due date a step function of the entry day (entered on Friday,
 * Saturday or Sunday, due the same day), so many items share a due date: the entry time and the
 * id order them within it.
 */
type Cursor =
  | { sort: 'oldest'; at: string; id: number }
  | { sort: 'due'; rank: 0 | 1; key: string; at: string; id: number };

interface PageRow {
  id: number;
  version: number;
  state: string;
  enteredAt: string;
  /** The sort key: (rank, key, enteredAt, id). */
  rank: 0 | 1;
  key: string;
}

/**
 * What awaits the caller (`GET /api/queues/mine`): one page of items with what a reviewer needs
 * to pick the next one (project, department, submitter, annual request, error and warning counts,
 * days waiting, due date, the last return's comment, an adjustment's changed indicators), the
 * counts per state, filters (year, department, overdue) and two orders (oldest first, due date).
 */
@Injectable()
export class QueuesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(QueueItemFacts) private readonly facts: QueueItemFacts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Cursors) private readonly cursors: Cursors,
    @Inject(DelegationLookup) private readonly delegations: DelegationLookup,
    @Inject(WorkCalendars) private readonly calendars: WorkCalendars,
    @Optional() @Inject(RECTIFICATION_COUNTS) private readonly rectifications?: RectificationCounts,
  ) {}

  async mine(ctx: RequestContext, query: QueueQuery) {
    const limit = parseLimit(query.limit);
    const sort: QueueSort = query.sort ?? 'oldest';
    const cursor = cursorOf(this.cursors.decode(query.cursor), sort);
    // An integer from parseLimit, written in: better-sqlite3 binds numbers as REAL, which LIMIT refuses.
    const take = Math.trunc(limit) + 1;
    const now = nowIso();
    const groups = this.awaiting(ctx.user);
    const calendar = await this.calendars.current();
    return this.db.read(async (em) => {
      const prefix = query.departmentId === undefined ? null : await departmentPrefix(em, query.departmentId);
      const deadline = (g: Group) => (g.stage ? this.config.reviewDeadlineDays[g.stage] : null);
      /** The filters of the query over one group's rows (year, department subtree, overdue). */
      const filtered = (p: SqlParams, g: Group): string | null => {
        const parts: string[] = [];
        if (query.year !== undefined) parts.push(yearIs(p, query.year));
        if (prefix !== null) parts.push(inSubtree(p, prefix));
        if (query.overdue !== undefined) {
          const days = deadline(g);
          // Without a review deadline nothing is overdue.
          if (days === null) return query.overdue ? null : parts.join(' AND ');
          // Overdue: the due day (entry day + the deadline in working days) is over, that is
          // entered before the first entry whose due day is today or later.
          parts.push(enteredBefore(p, query.overdue, calendar.overdueBefore(now, days)));
        }
        return parts.join(' AND ');
      };

      // One ordered index scan per (state, scope), merged: the oldest items of a 10,000-item
      // bureau queue in 0.4 ms, where one scan over all its states sorted them all (44 ms).
      const p = this.db.parameters();
      const branches: string[] = [];
      for (const g of groups) {
        const days = deadline(g);
        const rank: 0 | 1 = days === null ? 1 : 0;
        for (const state of g.states) {
          // Placeholders are taken in order of appearance (SQLite's `?`), so each use adds its own.
          const conditions = [inStates(p, [state]), g.scope(p)];
          const own = filtered(p, g);
          if (own === null) continue;
          if (own) conditions.push(own);
          if (cursor) {
            const after = afterCursor(p, calendar, cursor, rank, days);
            if (after === null) continue;
            if (after) conditions.push(after);
          }
          branches.push(branchRows(conditions, take, branches.length));
        }
      }
      const c = this.db.parameters();
      // One count per role: its states within its scope are index ranges (2.9 ms for the bureau's
      // 10,600 items); one OR across roles scanned the whole subtree (14 ms), and one count per
      // state drew a parallel plan whose start-up cost more than the counting (9 ms).
      const countParts = groups.flatMap((g) => {
        const where = [inStates(c, g.states), g.scope(c)];
        const own = filtered(c, g);
        if (own === null) return [];
        if (own) where.push(own);
        return [countByState(where)];
      });
      const counts = countParts.length
        ? ((await em.query(allCounts(countParts), c.values)) as Array<{
            state: string;
            n: string | number;
          }>)
        : [];
      const rows: PageRow[] = [];
      if (branches.length) {
        // Oldest first is the order of every branch: the database merges them. By due date the
        // branches' deadlines differ (5 and 10 working days), so they are merged here; within a
        // branch the due date never decreases with the entry time, so its order is the due order.
        const sql = sort === 'oldest' ? oldestFirst(branches, take) : allBranches(branches);
        const raw = (await em.query(sql, p.values)) as Array<{
          id: number | string;
          version: number | string;
          state: string;
          state_entered_at: string;
        }>;
        for (const r of raw) {
          const row: PageRow = {
            id: Number(r.id),
            version: Number(r.version),
            state: r.state,
            enteredAt: r.state_entered_at,
            rank: 0,
            key: r.state_entered_at,
          };
          if (sort === 'due') {
            const stage = reviewStage(r.state);
            if (stage)
              row.key = calendar.due(r.state_entered_at, this.config.reviewDeadlineDays[stage]).dueAt;
            else row.rank = 1;
          }
          rows.push(row);
        }
        if (sort === 'due') rows.sort(byKey);
      }
      const page = rows.slice(0, limit);
      const items = await this.items(em, ctx, page, now, calendar);
      const last = page[page.length - 1];
      return {
        items,
        nextCursor: rows.length > limit ? this.cursors.encode(cursorValue(sort, last)) : null,
        sort,
        counts: Object.fromEntries(counts.map((r) => [r.state, Number(r.n)])),
      };
    });
  }

  /**
   * The page's rows with everything an item shows, in the page's order: the facts of each
   * version (remembered, or found for the items new to this process), and the names of the
   * departments and people, which may change without a new version of the declaration.
   */
  private async items(
    em: EntityManager,
    ctx: RequestContext,
    page: PageRow[],
    now: string,
    calendar: WorkCalendar,
  ) {
    if (!page.length) return [];
    const facts = await this.facts.of(em, page);
    // An item gone between the two reads (a deleted draft) is left out of this page.
    const known = page.flatMap((row) => {
      const f = facts.get(row.id);
      return f ? [{ id: row.id, f }] : [];
    });
    if (!known.length) return [];
    const names = await namesOf(
      em,
      this.db,
      known.map((k) => k.f),
    );
    // The items the caller would decide for an absent reviewer (a delegation in force today).
    const delegated = await this.delegations.marks(
      em,
      ctx.user.id,
      known.map(({ id, f }) => ({
        id,
        role:
          AWAITING.find(
            (a) => ctx.user.roles.includes(a.role) && (a.states as readonly string[]).includes(f.state),
          )?.role ?? null,
        departmentId: f.departmentId,
        submittedBy: f.submittedBy,
      })),
    );
    // The page's open rectification items of each project, one query for the page.
    const rectifications =
      (await this.rectifications?.countsFor(
        em,
        known.map((k) => k.id),
      )) ?? new Map<number, { open: number; overdue: number }>();
    return known.map(({ id, f }) => {
      const stage = reviewStage(f.state);
      const due = stage ? calendar.due(f.enteredAt, this.config.reviewDeadlineDays[stage]) : null;
      const dueAt = due?.dueAt ?? null;
      return {
        declarationId: id,
        projectName: f.projectName,
        departmentId: f.departmentId,
        departmentName: names.departments.get(f.departmentId) ?? null,
        year: f.year,
        state: f.state,
        stateLabel: valueLabel(f.state, ctx.lang, 'state'),
        version: f.version,
        adjustment: phaseOf(f.state) === 'adjustment',
        changedIndicators: f.changedIndicators,
        submittedBy:
          f.submittedBy === null ? null : { id: f.submittedBy, name: names.users.get(f.submittedBy) ?? null },
        annualRequest: f.annualRequest,
        findings: { errors: f.errors, warnings: f.warnings },
        enteredAt: f.enteredAt,
        daysWaiting: Math.max(0, Math.floor((Date.parse(now) - Date.parse(f.enteredAt)) / DAY_MS)),
        dueAt,
        dueDate: due?.dueDate ?? null,
        dueProvisional: due?.provisional ?? false,
        workingDaysLeft: due
          ? isOverdue(due.dueAt, now)
            ? 0
            : calendar.workingDaysBetween(dayNoOf(now), dayNoOf(due.dueAt))
          : null,
        overdue: dueAt !== null && isOverdue(dueAt, now),
        lastReturn: f.lastReturn
          ? {
              comment: f.lastReturn.comment,
              at: f.lastReturn.at,
              by: names.users.get(f.lastReturn.actorId) ?? null,
            }
          : null,
        delegatedFrom: delegated.get(id) ?? null,
        openRectifications: rectifications.get(id)?.open ?? 0,
        overdueRectifications: rectifications.get(id)?.overdue ?? 0,
      };
    });
  }

  /** Each item is its own transition, with its own checks and audit row; the answer is per item. */
  async bulk(ctx: RequestContext, dto: BulkDecisionDto) {
    const results = [];
    for (const item of dto.items) {
      try {
        const r = await this.workflow.fire(ctx, item.declarationId, {
          event: dto.event,
          version: item.version,
          comment: dto.comment,
          rating: dto.rating,
          review: dto.review,
        });
        results.push({ declarationId: item.declarationId, ok: true, state: r.state, version: r.version });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const body = e.body(ctx.lang);
        results.push({
          declarationId: item.declarationId,
          ok: false,
          status: e.status,
          code: e.code,
          reason: body.message,
        });
      }
    }
    return {
      done: results.filter((r) => r.ok).length,
      refused: results.filter((r) => !r.ok).length,
      items: results,
    };
  }

  /**
   * What awaits the user, per role it holds (declaration.decisions.ts `awaitingByRole`): a
   * reviewer the states of their review stage, a submitter their returned drafts and open
   * adjustments and reports, each within the relations of the rules that await them. The roles'
   * states do not overlap, so no row is in two groups. Each scope adds its parameters when
   * written, in the order of the SQL text.
   */
  private awaiting(user: AuthUser): Group[] {
    return AWAITING.filter((a) => user.roles.includes(a.role)).map((a) => ({
      states: a.states,
      stage: reviewStage(a.states[0]),
      scope: relationScope(user, a),
    }));
  }
}

function byKey(a: PageRow, b: PageRow): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  if (a.enteredAt !== b.enteredAt) return a.enteredAt < b.enteredAt ? -1 : 1;
  return a.id - b.id;
}

function cursorValue(sort: QueueSort, row: PageRow): unknown[] {
  return sort === 'oldest' ? [row.enteredAt, row.id] : ['due', row.rank, row.key, row.enteredAt, row.id];
}

/** The cursor of the query (as signed), which must have been issued for the same order. */
function cursorOf(v: unknown[] | null, sort: QueueSort): Cursor | null {
  if (!v) return null;
  const isDue = v[0] === 'due';
  if (isDue !== (sort === 'due')) throw QueueErrors.QUEUE_CURSOR_OTHER_SORT({}, { field: 'cursor' });
  const [key, at, id] = isDue ? [v[2], v[3], v[4]] : ['', v[0], v[1]];
  const rank = isDue ? v[1] : 0;
  // Signed by this service, so only a cursor of an older release could have another shape.
  if (
    typeof at !== 'string' ||
    typeof key !== 'string' ||
    !Number.isSafeInteger(id) ||
    (rank !== 0 && rank !== 1)
  )
    throw CommonErrors.CURSOR_INVALID({}, { field: 'cursor' });
  return isDue ? { sort: 'due', rank, key, at, id: id as number } : { sort: 'oldest', at, id: id as number };
}

/**
 * The rows of one branch after the cursor, as a condition on (state_entered_at, id): `''` when
 * all of them come after it, null when none does. Within a branch the due date is a step
 * function of the entry time that never decreases, so the rows due on the cursor's due day are
 * one range of entry times [lo, hi), and those due later come from hi on: after a cursor
 * (due, at, id) are the rows from lo on when `at` is before that range (the cursor came from
 * another branch), after (at, id) within it, and from hi on past it.
 */
function afterCursor(
  p: SqlParams,
  calendar: WorkCalendar,
  cursor: Cursor,
  rank: 0 | 1,
  days: number | null,
): string | null {
  if (cursor.sort === 'due') {
    if (rank < cursor.rank) return null;
    if (rank > cursor.rank) return '';
    if (days !== null) {
      const day = dayNoOf(cursor.key);
      const lo = calendar.earliestEntryDueFrom(day, days);
      const hi = calendar.earliestEntryDueFrom(day + 1, days);
      if (cursor.at < lo) return enteredFrom(p, lo);
      if (cursor.at >= hi) return enteredFrom(p, hi);
    }
  }
  return enteredAfter(p, cursor.at, cursor.id);
}

/** The names on a page: its departments and its people (submitters, reviewers who returned), one query. */
async function namesOf(
  em: EntityManager,
  db: Db,
  facts: ItemFacts[],
): Promise<{ departments: Map<number, string>; users: Map<number, string> }> {
  const departments = [...new Set(facts.map((f) => f.departmentId))];
  const users = [
    ...new Set(
      facts
        .flatMap((f) => [f.submittedBy, f.lastReturn?.actorId ?? null])
        .filter((id): id is number => id !== null),
    ),
  ];
  const p = db.parameters();
  const rows = (await em.query(pageNames(p, departments, users), p.values)) as Array<{
    kind: string;
    id: number | string;
    name: string;
  }>;
  const of = (kind: string) =>
    new Map(rows.filter((r) => r.kind === kind).map((r) => [Number(r.id), r.name]));
  return { departments: of('d'), users: of('u') };
}
