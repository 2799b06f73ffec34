import type { RouteRecordRaw } from 'vue-router';
import { prefetchQueuePage } from './queueQuery';

/** The pages of this area, under its path (the area's menu entry, roles and title are in areas.ts). */
export const routes: RouteRecordRaw[] = [
  {
    path: '',
    name: 'reviews',
    component: () => import('./ReviewsHome.vue'),
    meta: { prefetch: prefetchQueuePage },
  },
  {
    path: 'delegations',
    name: 'reviews-delegations',
    component: () => import('./DelegationsPage.vue'),
    meta: { title: '代理设置' },
  },
  {
    path: 'open',
    name: 'reviews-open',
    component: () => import('./OpenYearPage.vue'),
    meta: { title: '开启年度监控与自评' },
  },
];
