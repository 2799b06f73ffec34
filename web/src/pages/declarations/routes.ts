import type { RouteRecordRaw } from 'vue-router';

/** The pages of this area, under its path (the area's menu entry, roles and title are in areas.ts). */
export const routes: RouteRecordRaw[] = [
  { path: '', name: 'declarations', component: () => import('./DeclarationsHome.vue') },
  { path: 'new', name: 'declaration-new', component: () => import('./DeclarationNewPage.vue') },
  { path: 'import', name: 'declaration-import', component: () => import('./ImportPage.vue') },
  { path: ':id(\\d+)', name: 'declaration', component: () => import('./DeclarationPage.vue') },
];
