import type { RouteRecordRaw } from 'vue-router';

/** The pages of this area, under its path (the area's menu entry, roles and title are in areas.ts). */
export const routes: RouteRecordRaw[] = [
  { path: '', name: 'evaluation', component: () => import('./EvaluationHome.vue') },
  {
    path: ':id(\\d+)',
    name: 'evaluation-form',
    component: () => import('./EvaluationPage.vue'),
    meta: { title: '绩效自评表' },
  },
];
