/** The typed catalogue of audit actions (past tense). Adding an action is adding a line. */
export const AUDIT_ACTIONS = [
  'auth.login_succeeded',
  'auth.login_failed',
  'auth.locked_out',
  'auth.password_changed',
  'auth.password_change_failed',
  'user.created',
  'user.updated',
  'department.created',
  'declaration.created',
  'declaration.updated',
  'declaration.deleted',
  'declaration.imported',
  // Next year's declaration copied from an approved one (the event names its source).
  'declaration.carried_forward',
  'indicator.created',
  'indicator.updated',
  'indicator.deleted',
  'workflow.transitioned',
  // A reviewer's substitute named for a date range, and the delegation ended early.
  'delegation.created',
  'delegation.ended',
  'adjustment.cancelled',
  // 绩效目标公开: an approved declaration marked for publication, or not with the reason (src/publication).
  'publication.decided',
  'monitoring.saved',
  'evaluation.saved',
  // Review comments (src/comments): a thread opened, replied to, resolved, reopened; and the
  // open threads a RETURN carried back to the submitter.
  'comment.opened',
  'comment.replied',
  'comment.resolved',
  'comment.reopened',
  'comment.carried',
  // Rectification (src/rectification): an item opened (by an approved evaluation, or by the bureau),
  // edited, its evidence file attached, closed with evidence, accepted, reopened.
  'rectification.opened',
  'rectification.edited',
  'rectification.attached',
  'rectification.closed',
  'rectification.accepted',
  'rectification.reopened',
  // The pre-assessment (src/pre-assessments): recorded or changed, and its attachment uploaded.
  'pre_assessment.saved',
  'pre_assessment.attachment_uploaded',
  'audit.viewed',
  'audit.exported',
  'audit.verified',
  'audit.checkpointed',
  // A write refused with 403 (denied-writes.ts), and the count of those not recorded one by one.
  'access.denied',
  'access.denials_summarised',
  // The indicator library (src/library, chain `library`): a proposal made, approved (first or
  // second step), returned; and the entry it added, changed or retired once both approvals were given.
  'library.proposed',
  'library.approved',
  'library.returned',
  'library.entry_added',
  'library.entry_changed',
  'library.entry_retired',
  // An admin sent a dead-lettered email again (src/notifications).
  'notification.requeued',
  // An admin loaded or replaced a year's working-day calendar (src/calendar).
  'calendar.replaced',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Field-level differences between two flat records, in the order of `fields`. */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  fields: string[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const b = before ? (before[field] ?? null) : null;
    const a = after ? (after[field] ?? null) : null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ field, before: b, after: a });
  }
  return changes;
}
