import type { RouteRecordRaw } from 'vue-router';

/** The pages of this area, under its path (the area's menu entry, roles and title are in areas.ts). */
export const routes: RouteRecordRaw[] = [
  { path: '', name: 'monitoring', component: () => import('./MonitoringHome.vue') },
  {
    path: ':id(\\d+)',
    name: 'monitoring-form',
    component: () => import('./MonitoringPage.vue'),
    meta: { title: '绩效运行监控表' },
  },
];
