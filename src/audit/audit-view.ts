import type { Lang } from '../common/i18n';
import type { FieldChange } from './audit-actions';
import type { EventRow } from './audit-columns';
import { actionLabel, changesText, commentLabel, outcomeLabel, rolesLabel, stateLabelOf } from './audit-text';

/** An event with its codes as stored and, for people, their words in the reader's language. */
export interface AuditEventView {
  id: number;
  at: string;
  actor: { id: number | null; username: string | null };
  role: string;
  roleLabel: string;
  action: string;
  actionLabel: string;
  outcome: string;
  outcomeLabel: string;
  entityType: string;
  entityId: string | null;
  declarationId: number | null;
  indicatorId: number | null;
  state: string | null;
  stateLabel: string | null;
  changes: FieldChange[];
  /** `changes` in one line (`年度指标值：≥95.00(%) → ≥98.00(%)；名称：A → B`); null when nothing changed. */
  changesText: string | null;
  comment: string | null;
  /** The comment, put in words when it is one of the service's fixed texts (a sign-in event's). */
  commentLabel: string | null;
  requestId: string | null;
  ip: string | null;
}

/** An event of one indicator's history: the view's who, when, state and changes, the comment as the reason. */
export type IndicatorHistoryEntry = Pick<AuditEventView, (typeof HISTORY_FIELDS)[number]> & {
  reason: string | null;
};
const HISTORY_FIELDS = [
  'id',
  'at',
  'actor',
  'role',
  'roleLabel',
  'action',
  'actionLabel',
  'state',
  'stateLabel',
  'changes',
  'changesText',
] as const;

export function eventView(r: EventRow, lang: Lang): AuditEventView {
  return {
    id: Number(r.id),
    at: r.at,
    actor: { id: r.actorId === null ? null : Number(r.actorId), username: r.actorUsername },
    role: r.actorRoles,
    roleLabel: rolesLabel(r.actorRoles, lang),
    action: r.action,
    actionLabel: actionLabel(r.action, lang),
    outcome: r.outcome,
    outcomeLabel: outcomeLabel(r.outcome, lang),
    entityType: r.entityType,
    entityId: r.entityId,
    declarationId: r.declarationId === null ? null : Number(r.declarationId),
    indicatorId: r.indicatorId === null ? null : Number(r.indicatorId),
    state: r.state,
    stateLabel: stateLabelOf(r.state, lang),
    changes: JSON.parse(r.changes) as FieldChange[],
    changesText: changesText(r.changes, lang),
    comment: r.comment,
    commentLabel: commentLabel(r.action, r.comment, lang),
    requestId: r.requestId,
    ip: r.ip,
  };
}

export function historyEntry(v: AuditEventView): IndicatorHistoryEntry {
  return {
    ...Object.fromEntries(HISTORY_FIELDS.map((k) => [k, v[k]])),
    reason: v.comment,
  } as IndicatorHistoryEntry;
}
