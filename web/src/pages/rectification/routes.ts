import type { RouteRecordRaw } from 'vue-router';

/** The pages of this area, under its path (the area's menu entry, roles and title are in areas.ts). */
export const routes: RouteRecordRaw[] = [
  { path: '', name: 'rectification', component: () => import('./RectificationHome.vue') },
  {
    path: ':id(\\d+)',
    name: 'rectification-item',
    component: () => import('./RectificationPage.vue'),
    meta: { title: '整改事项' },
  },
];
