import type { Role } from '../common/roles';

/**
 * The permission map: which roles may do what. The one place access rules are written; the
 * guard checks it on every route (deny by default), and services apply department scope in
 * their queries (scope.ts). `admin` manages accounts only; `auditor` reads and never writes.
 */
export const PERMISSIONS = {
  'org.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
  'org.manage': ['admin'],
  'declaration.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  'declaration.write': ['submitter'],
  'declaration.import': ['submitter'],
  'workflow.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
  'workflow.transition': ['submitter', 'dept_reviewer', 'bureau_reviewer'],
  'workflow.openYear': ['bureau_reviewer'],
  'queue.read': ['submitter', 'dept_reviewer', 'bureau_reviewer'],
  'queue.decide': ['dept_reviewer', 'bureau_reviewer'],
  'report.write': ['submitter'],
  // Review comments: read as the declaration; written by its reviewers and submitters (which
  // reviewer, which submitter: comments.service.ts, from the statechart's rules and scope).
  'comment.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  'comment.write': ['submitter', 'dept_reviewer', 'bureau_reviewer'],
  // Substitutes (审核代理): a reviewer for themselves, an admin for the reviewers of its subtree (delegations.service.ts).
  'delegation.read': ['dept_reviewer', 'bureau_reviewer', 'admin'],
  'delegation.manage': ['dept_reviewer', 'bureau_reviewer', 'admin'],
  // Rectification (整改): read as the declaration; closed with evidence by the owning department's
  // submitters; added, edited, accepted and reopened by the bureau (rectification.machine.ts).
  'rectification.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  'rectification.close': ['submitter'],
  'rectification.manage': ['bureau_reviewer'],
  // 绩效目标公开: the bureau decides what is published; auditors read the decisions. The public
  // table and its verification need no permission (src/publication, public routes).
  'publication.read': ['bureau_reviewer', 'auditor'],
  'publication.manage': ['bureau_reviewer'],
  'monitoring.summary': ['bureau_reviewer', 'dept_reviewer', 'auditor'],
  // The year's counts, each reader within its own scope (scope.ts): whoever reads declarations.
  'dashboard.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  'audit.read': ['auditor'],
  // Seals the audit log's current state (a signed checkpoint); changes no business data.
  'audit.checkpoint': ['auditor'],
  // One's own inbox (each user sees only their own: the queries say so). Auditors write nothing.
  'notification.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
  'notification.write': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'admin'],
  // The delivery state of the emails (outbox, dead letters) of the admin's users; no message content.
  'notification.deliveries': ['admin'],
  // The indicator library (指标库): reference data, not declaration content, so everyone reads it
  // (admins included: it holds no project's data); the bureau proposes and approves (两级审批, the
  // segregation of duties in src/library/library.rules.ts); an auditor reads it and its audit chain.
  'library.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
  'library.propose': ['bureau_reviewer'],
  'library.decide': ['bureau_reviewer'],
  'self.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
  // The service's vocabulary (enumerations and their words): nothing of any declaration or account.
  // The working-day calendar (节假日安排): everyone reads it (due dates count it); admins load a year.
  'calendar.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
  'calendar.manage': ['admin'],
  'reference.read': ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((r) => allowed.includes(r));
}
