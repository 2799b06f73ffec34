import type { FieldChange } from '../audit/audit-actions';

/**
 * The transition history (`declaration_transitions`) is evidence too: who moved a declaration
 * from which state to which, when, in which role, with what comment and rating. Rather than a
 * second keyed chain, each row is vouched for by its `workflow.transitioned` audit event, which
 * is keyed: the event records the row's content (state before and after, event, rating,
 * comment, actor, and, since events carry the acting role, the role and the row's exact
 * time; since delegations the reviewer stood in for, since issue 18 the scored review). Verify pairs a declaration's rows (by id) with its transition events (by seq), one to
 * one, and names the first row that differs, is missing or has no event.
 */
export const TRANSITION_ACTION = 'workflow.transitioned';

export interface TransitionRow {
  id: number;
  declarationId: number;
  event: string;
  fromState: string;
  toState: string;
  actorId: number;
  actorUsername: string;
  role: string;
  comment: string | null;
  rating: string | null;
  at: string;
  /** The reviewer a substitute stood in for (delegations), else null. */
  onBehalfOf: number | null;
  /** The 数据局's scored review as JSON (src/workflow/scored-review.ts), else null. */
  scoredReview: string | null;
}

/** What the check reads of a transition's audit event. */
export interface TransitionEvent {
  at: string;
  actorId: number | null;
  actorUsername: string | null;
  changes: string;
  comment: string | null;
}

export const TRANSITION_COLUMNS = `id AS "id", declaration_id AS "declarationId", event AS "event",
  from_state AS "fromState", to_state AS "toState", actor_id AS "actorId", actor_username AS "actorUsername",
  role AS "role", comment AS "comment", rating AS "rating", at AS "at", on_behalf_of AS "onBehalfOf",
  scored_review AS "scoredReview"`;

export function toTransitionRow(r: Record<string, unknown>): TransitionRow {
  const s = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: Number(r.id),
    declarationId: Number(r.declarationId),
    event: String(r.event),
    fromState: String(r.fromState),
    toState: String(r.toState),
    actorId: Number(r.actorId),
    actorUsername: String(r.actorUsername),
    role: String(r.role),
    comment: s(r.comment),
    rating: s(r.rating),
    at: String(r.at),
    onBehalfOf: r.onBehalfOf === null || r.onBehalfOf === undefined ? null : Number(r.onBehalfOf),
    scoredReview: s(r.scoredReview),
  };
}

/**
 * A value as canonical JSON text (null stays null); `parse` reads a stored JSON text first. A
 * stored text that is not JSON is compared as it is, so it shows as a mismatch.
 */
function canonicalJson(v: unknown, parse = false): string | null {
  if (v === null || v === undefined) return null;
  if (!parse) return JSON.stringify(v);
  try {
    return JSON.stringify(JSON.parse(String(v)));
  } catch {
    return String(v);
  }
}

/** How a row differs from what its audit event recorded. */
export type TransitionMismatch =
  { unreadable: true } | { unreadable?: false; column: string; stored: unknown; recorded: unknown };

/** Why the row is not what its audit event recorded (the first column that differs), or null when it is. */
export function transitionMismatch(e: TransitionEvent, t: TransitionRow): TransitionMismatch | null {
  let changes: FieldChange[];
  try {
    changes = JSON.parse(e.changes) as FieldChange[];
  } catch {
    return { unreadable: true };
  }
  const entry = (field: string) =>
    Array.isArray(changes) ? changes.find((c) => c?.field === field) : undefined;
  const pairs: Array<[string, unknown, unknown]> = [
    ['event', entry('event')?.after, t.event],
    ['from_state', entry('state')?.before, t.fromState],
    ['to_state', entry('state')?.after, t.toState],
    ['actor_id', e.actorId === null ? null : Number(e.actorId), t.actorId],
    ['actor_username', e.actorUsername, t.actorUsername],
    ['comment', e.comment, t.comment],
    ['rating', entry('rating')?.after ?? null, t.rating],
    // Absent from the event when nobody was stood in for (and from every event before delegations).
    ['on_behalf_of', entry('onBehalfOf')?.after ?? null, t.onBehalfOf],
    // The same for the 数据局's scored review: the event holds it whole, the row as JSON text;
    // compared as canonical JSON (absent from every event before it and from other transitions).
    ['scored_review', canonicalJson(entry('scoredReview')?.after), canonicalJson(t.scoredReview, true)],
  ];
  // Events that record the acting role were written with the row, at the row's instant
  // (older events carry neither; the fields above still bind the row).
  const role = entry('role');
  if (role) pairs.push(['role', role.after, t.role], ['at', e.at, t.at]);
  for (const [column, recorded, stored] of pairs)
    if (recorded !== stored) return { column, stored, recorded };
  return null;
}
