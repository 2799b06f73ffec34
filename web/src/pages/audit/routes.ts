import type { RouteRecordRaw } from 'vue-router';
import { L } from './labels';

/** The pages of this area, under its path (the area's menu entry, roles and title are in areas.ts). */
export const routes: RouteRecordRaw[] = [
  { path: '', name: 'audit', component: () => import('./AuditHome.vue') },
  {
    path: 'indicators/:id(\\d+)',
    name: 'audit-indicator',
    component: () => import('./IndicatorTimeline.vue'),
    meta: { title: L.timelineTitle },
  },
];
