import type { Component } from 'vue';
import {
  Checked,
  Collection,
  DataAnalysis,
  Document,
  EditPen,
  Monitor,
  Promotion,
  Setting,
  Stamp,
  View,
} from '@element-plus/icons-vue';
import type { Role } from './composables/useSession';

export type AreaKey =
  | 'declarations'
  | 'reviews'
  | 'monitoring'
  | 'evaluation'
  | 'rectification'
  | 'publication'
  | 'audit'
  | 'admin'
  | 'dashboard'
  | 'library';

export interface Area {
  key: AreaKey;
  path: string;
  icon: Component;
  /**
   * Who sees the area in the menu: the roles the API lets read it (src/auth/permissions.ts).
   * A hint for the menu only; the API decides every request, and the pages will offer only the
   * actions the API lists.
   */
  roles: readonly Role[];
}

export const AREAS: readonly Area[] = [
  {
    key: 'declarations',
    path: '/declarations',
    icon: Document,
    roles: ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  },
  { key: 'reviews', path: '/reviews', icon: Stamp, roles: ['dept_reviewer', 'bureau_reviewer'] },
  {
    key: 'monitoring',
    path: '/monitoring',
    icon: Monitor,
    roles: ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  },
  {
    key: 'evaluation',
    path: '/evaluation',
    icon: Checked,
    roles: ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  },
  {
    key: 'rectification',
    path: '/rectification',
    icon: EditPen,
    roles: ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  },
  // 绩效目标公开: the bureau decides; auditors read the decisions (src/auth/permissions.ts).
  { key: 'publication', path: '/publication', icon: Promotion, roles: ['bureau_reviewer', 'auditor'] },
  { key: 'audit', path: '/audit', icon: View, roles: ['auditor'] },
  { key: 'admin', path: '/admin', icon: Setting, roles: ['admin'] },
  {
    // Reference data, not declaration content: admins read it too (src/auth/permissions.ts).
    key: 'library',
    path: '/library',
    icon: Collection,
    roles: ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor', 'admin'],
  },
  {
    key: 'dashboard',
    path: '/dashboard',
    icon: DataAnalysis,
    roles: ['submitter', 'dept_reviewer', 'bureau_reviewer', 'auditor'],
  },
];

export function areasFor(roles: readonly Role[]): Area[] {
  return AREAS.filter((a) => a.roles.some((r) => roles.includes(r)));
}
