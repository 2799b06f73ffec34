// The declarations the transition measurements cycle SUBMIT → APPROVE → RETURN, with the users
// who fire each step: chosen from the seed once, re-read from the database between runs.
import type { Pool } from 'pg';
import { actorOf, sleep, type Actor } from './harness';

/** The concurrencies of the transition runs (the pool holds 12 declarations per connection of the largest). */
export const TRANSITION_CONCURRENCY = [1, 16, 64];

export type CycleState = 'drafting' | 'internalReview' | 'bureauReview';
const CYCLE_STATES: CycleState[] = ['drafting', 'internalReview', 'bureauReview'];

export interface Item {
  id: number;
  version: number;
  state: CycleState;
  departmentId: number;
  submitter: Actor;
  reviewer: Actor;
  broken?: boolean;
}

const RETURN_COMMENT = '请补充绩效指标的测算依据';
/** The scored review of the bureau's RETURN: graded 中 (70). */
const RETURN_REVIEW = Object.fromEntries(
  ['completeness', 'relevance', 'appropriateness', 'feasibility'].map((d) => [
    d,
    { score: '70', opinion: '指标测算依据不足' },
  ]),
);

export class ItemPool {
  private queue: Item[] = [];
  failures: Record<string, number> = {};

  constructor(
    readonly items: Item[],
    readonly bureau: Actor,
  ) {
    this.queue = [...items];
  }

  take(): Item | undefined {
    return this.queue.shift();
  }

  put(item: Item): void {
    this.queue.push(item);
  }

  /** A failed item is re-read by refresh(); one the service refuses for good (not 409) leaves the pool. */
  fail(item: Item, why: string, status?: number): void {
    this.failures[why] = (this.failures[why] ?? 0) + 1;
    if (status !== undefined && status >= 400 && status < 500 && status !== 409) item.broken = true;
  }

  /**
   * Re-reads every item (in-flight ones at the end of a run, failed ones) from the database,
   * after a pause so the service has committed what it was doing when the load stopped.
   */
  async refresh(db: Pool): Promise<void> {
    await sleep(750);
    const rows = (
      await db.query('SELECT id, version, state FROM declarations WHERE id = ANY($1::int[])', [
        this.items.map((i) => i.id),
      ])
    ).rows as Array<{ id: number; version: number; state: string }>;
    const byId = new Map(rows.map((r) => [r.id, r]));
    this.queue = [];
    for (const item of this.items) {
      const r = byId.get(item.id);
      if (!r || item.broken || !(CYCLE_STATES as string[]).includes(r.state)) continue;
      item.version = r.version;
      item.state = r.state as CycleState;
      this.queue.push(item);
    }
  }

  get size(): number {
    return this.queue.length;
  }

  step(item: Item): {
    event: 'SUBMIT' | 'APPROVE' | 'RETURN';
    actor: Actor;
    next: CycleState;
    comment: string | null;
    /** The 数据局's scored review its RETURN of the targets takes (issue 18 item 2). */
    review?: typeof RETURN_REVIEW;
  } {
    switch (item.state) {
      case 'drafting':
        return { event: 'SUBMIT', actor: item.submitter, next: 'internalReview', comment: null };
      case 'internalReview':
        return { event: 'APPROVE', actor: item.reviewer, next: 'bureauReview', comment: null };
      case 'bureauReview':
        return {
          event: 'RETURN',
          actor: this.bureau,
          next: 'drafting',
          comment: RETURN_COMMENT,
          review: RETURN_REVIEW,
        };
    }
  }
}

/**
 * The pool: declarations of the departments with most items in the cycle, whose content passes
 * the SUBMIT rules, each with its department's submitter and reviewer logged in on `port`.
 */
export async function transitionPool(
  db: Pool,
  port: number,
  bureau: Actor,
): Promise<{ pool: ItemPool; logins: number }> {
  const actor = (username: string) => actorOf(db, port, username);
  const target = 12 * Math.max(...TRANSITION_CONCURRENCY);
  const depRows = (
    await db.query(
      `SELECT d.department_id, dep.path, count(*)::int AS n FROM declarations d JOIN departments dep ON dep.id = d.department_id
       WHERE d.state = ANY($1::text[]) GROUP BY d.department_id, dep.path ORDER BY n DESC, d.department_id`,
      [CYCLE_STATES],
    )
  ).rows as Array<{ department_id: number; path: string; n: number }>;
  const chosen: typeof depRows = [];
  let total = 0;
  for (const r of depRows) {
    if (total >= target) break;
    chosen.push(r);
    total += r.n;
  }
  const submitterOf = new Map<number, Actor>();
  const reviewerOf = new Map<string, Actor>();
  for (const r of chosen) {
    const s = (
      await db.query(
        "SELECT username FROM users WHERE department_id = $1 AND roles LIKE '%submitter%' ORDER BY id LIMIT 1",
        [r.department_id],
      )
    ).rows[0] as { username: string } | undefined;
    const rv = (
      await db.query(
        `SELECT u.username FROM users u JOIN departments ud ON ud.id = u.department_id
         WHERE u.roles LIKE '%dept_reviewer%' AND $1 LIKE ud.path || '%' ORDER BY length(ud.path) DESC, u.id LIMIT 1`,
        [r.path],
      )
    ).rows[0] as { username: string } | undefined;
    if (!s || !rv) continue;
    submitterOf.set(r.department_id, await actor(s.username));
    if (!reviewerOf.has(rv.username)) reviewerOf.set(rv.username, await actor(rv.username));
    (r as { reviewer?: string }).reviewer = rv.username;
  }
  const itemRows = (
    await db.query(
      // Only content that passes the SUBMIT rules (imported drafts may not).
      `SELECT d.id, d.version, d.state, d.department_id FROM declarations d
       WHERE d.state = ANY($1::text[]) AND d.department_id = ANY($2::int[])
         AND d.project_name IS NOT NULL AND d.annual_goal IS NOT NULL AND d.planned_start IS NOT NULL
         AND d.funds_annual_request = coalesce(d.funds_current_appropriation, 0) + coalesce(d.funds_carryover, 0) + coalesce(d.funds_other, 0)
         AND NOT EXISTS (SELECT 1 FROM indicators i WHERE i.declaration_id = d.id AND i.target_display IS NULL)
       ORDER BY d.id`,
      [CYCLE_STATES, [...submitterOf.keys()]],
    )
  ).rows as Array<{ id: number; version: number; state: CycleState; department_id: number }>;
  const reviewerByDept = new Map(chosen.map((r) => [r.department_id, (r as { reviewer?: string }).reviewer]));
  const items: Item[] = itemRows.map((r) => ({
    id: r.id,
    version: r.version,
    state: r.state,
    departmentId: r.department_id,
    submitter: submitterOf.get(r.department_id)!,
    reviewer: reviewerOf.get(reviewerByDept.get(r.department_id)!)!,
  }));
  const pool = new ItemPool(items, bureau);
  console.log(
    `logged in ${submitterOf.size + reviewerOf.size + 4} users; transition pool: ${items.length} declarations of ${submitterOf.size} departments`,
  );
  return { pool, logins: submitterOf.size + reviewerOf.size };
}
