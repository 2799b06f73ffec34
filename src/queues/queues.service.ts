import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { declarationScope } from '../auth/scope';
import { AppError } from '../common/errors';
import { decodeCursor, encodeCursor, parseLimit } from '../common/pagination';
import type { AuthUser, RequestContext } from '../common/request-context';
import { addDaysIso, nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type SqlParams } from '../database/db.service';
import { DECLARATION_STATES, reviewStage } from '../workflow/declaration.machine';
import type { BulkDecisionDto } from '../workflow/workflow.dto';
import { WorkflowService } from '../workflow/workflow.service';

const INTERNAL = DECLARATION_STATES.filter((s) => reviewStage(s) === 'internalReview');
const BUREAU = DECLARATION_STATES.filter((s) => reviewStage(s) === 'bureauReview');
/** Besides returned drafts: the phases in which the department has something to write. */
const SUBMITTER_OPEN = ['adjustment.drafting', 'monitoring.reporting', 'evaluation.reporting'];

/** What awaits the caller, oldest first, with counts per state (`awaiting`). */
@Injectable()
export class QueuesService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async mine(ctx: RequestContext, query: { limit?: unknown; cursor?: unknown }) {
    const limit = parseLimit(query.limit);
    const cursor = decodeCursor(query.cursor);
    // An integer from parseLimit, written in: better-sqlite3 binds numbers as REAL, which LIMIT refuses.
    const take = Math.trunc(limit) + 1;
    // Placeholders are taken in order of appearance (SQLite's `?`), so each use adds its own.
    const p = this.db.parameters();
    const after = () =>
      cursor
        ? ` AND (d.state_entered_at > ${p.add(cursor[0])} OR (d.state_entered_at = ${p.add(cursor[0])} AND d.id > ${p.add(cursor[1])}))`
        : '';
    // One ordered index scan per (state, scope), merged: the oldest items of a 10,000-item
    // bureau queue in 0.4 ms, where one scan over all its states sorted them all (44 ms).
    const groups = this.awaiting(ctx.user);
    const branches = groups
      .flatMap((g) => g.states.map((state) => [state, g] as const))
      .map(
        ([state, g], i) =>
          `SELECT * FROM (SELECT d.id, d.project_name, d.department_id, d.year, d.state, d.version, d.state_entered_at
         FROM declarations d WHERE ${inStates(p, [state])} AND ${g.scope(p)}${after()}
         ORDER BY d.state_entered_at, d.id LIMIT ${take}) b${i}`,
      );
    if (!branches.length) return { items: [], nextCursor: null, counts: {} };
    const itemsSql = `SELECT * FROM (${branches.join(' UNION ALL ')}) q ORDER BY q.state_entered_at, q.id LIMIT ${take}`;
    const c = this.db.parameters();
    // One count per role: its states within its scope are index ranges (2.9 ms for the bureau's
    // 10,600 items); one OR across roles scanned the whole subtree (14 ms), and one count per
    // state drew a parallel plan whose start-up cost more than the counting (9 ms).
    const countsSql = groups
      .map(
        (g) =>
          `SELECT d.state AS state, COUNT(*) AS n FROM declarations d WHERE ${inStates(c, g.states)} AND ${g.scope(c)} GROUP BY d.state`,
      )
      .join(' UNION ALL ');
    return this.db.read(async (em) => {
      const rows = (await em.query(itemsSql, p.values)) as QueueRow[];
      const counts = (await em.query(countsSql, c.values)) as Array<{ state: string; n: string | number }>;
      const now = nowIso();
      const items = rows.slice(0, limit).map((d) => {
        const stage = reviewStage(d.state);
        const dueAt = stage ? addDaysIso(d.state_entered_at, this.config.reviewDeadlineDays[stage]) : null;
        return {
          declarationId: Number(d.id),
          projectName: d.project_name,
          departmentId: Number(d.department_id),
          year: Number(d.year),
          state: d.state,
          version: Number(d.version),
          enteredAt: d.state_entered_at,
          dueAt,
          overdue: dueAt !== null && dueAt < now,
        };
      });
      const last = items[items.length - 1];
      return {
        items,
        nextCursor: rows.length > limit ? encodeCursor([last.enteredAt, last.declarationId]) : null,
        counts: Object.fromEntries(counts.map((r) => [r.state, Number(r.n)])),
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
   * What awaits the user, per role: reviewers the states of their review stage within their
   * scope, submitters their returned drafts and open adjustments and reports in their
   * department. The roles' states do not overlap, so no row is in two groups. Each scope adds
   * its parameters when written, in the order of the SQL text.
   */
  private awaiting(user: AuthUser): Array<{ states: readonly string[]; scope: (p: SqlParams) => string }> {
    const scope = declarationScope(user);
    const groups: Array<{ states: readonly string[]; scope: (p: SqlParams) => string }> = [];
    if (user.roles.includes('dept_reviewer'))
      groups.push({
        states: INTERNAL,
        scope: (p) => `d.department_path LIKE ${p.add(`${user.departmentPath}%`)}`,
      });
    if (user.roles.includes('bureau_reviewer') && scope.kind === 'subtree')
      groups.push({
        states: BUREAU,
        scope: (p) => `d.department_path LIKE ${p.add(`${scope.pathPrefix}%`)}`,
      });
    if (user.roles.includes('submitter'))
      groups.push({
        states: ['drafting', ...SUBMITTER_OPEN],
        scope: (p) => `d.department_id = ${p.add(user.departmentId)}`,
      });
    return groups;
  }
}

/** The states as a condition; a draft awaits its submitter only once returned (ever submitted). */
function inStates(p: SqlParams, states: readonly string[]): string {
  const parts: string[] = [];
  const plain = states.filter((s) => s !== 'drafting');
  if (plain.length) parts.push(`d.state IN (${plain.map((s) => p.add(s)).join(', ')})`);
  if (states.includes('drafting')) parts.push("(d.state = 'drafting' AND d.ever_submitted IS TRUE)");
  return parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0];
}

interface QueueRow {
  id: number | string;
  project_name: string | null;
  department_id: number | string;
  year: number | string;
  state: string;
  version: number | string;
  state_entered_at: string;
}
