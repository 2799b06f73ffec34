export const ROLES = ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];
