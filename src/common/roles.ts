// The roles a caller may hold: part of every request's context (request-context.ts). What each
// role may do is the permission map's (src/auth/permissions.ts).
export const ROLES = ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
