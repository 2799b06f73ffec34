import type { RouteRecordRaw } from 'vue-router';

/** The pages of this area, under its path (the area's menu entry, roles and title are in areas.ts). */
export const routes: RouteRecordRaw[] = [
  { path: '', name: 'library', component: () => import('./LibraryHome.vue') },
];
