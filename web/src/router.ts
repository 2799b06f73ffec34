import { createRouter, createWebHistory, type RouteLocationRaw, type RouteRecordRaw } from 'vue-router';
import { ApiError } from './api/client';
import { AREAS, areasFor, type AreaKey } from './areas';
import AppShell from './components/AppShell.vue';
import { useSession } from './composables/useSession';
import { t } from './i18n/zh-CN';
import LoginPage from './pages/login/LoginPage.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean;
    /** The menu area the page belongs to (its roles decide whether the menu shows it). */
    area?: AreaKey;
    title?: string;
  }
}

// One lazily loaded page per area: the login page's bundle carries none of them.
const areaPages: Record<AreaKey, () => Promise<unknown>> = {
  declarations: () => import('./pages/declarations/DeclarationsHome.vue'),
  reviews: () => import('./pages/reviews/ReviewsHome.vue'),
  monitoring: () => import('./pages/monitoring/MonitoringHome.vue'),
  evaluation: () => import('./pages/evaluation/EvaluationHome.vue'),
  audit: () => import('./pages/audit/AuditHome.vue'),
  admin: () => import('./pages/admin/AdminHome.vue'),
  dashboard: () => import('./pages/dashboard/DashboardHome.vue'),
};

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: t.login.title } },
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', name: 'home', component: { render: () => null } },
      ...AREAS.map((a): RouteRecordRaw => ({
        path: a.path.slice(1),
        name: a.key,
        component: areaPages[a.key],
        meta: { area: a.key, title: t.areaTitles[a.key] },
      })),
      {
        path: 'account/password',
        name: 'password',
        component: () => import('./pages/account/ChangePasswordPage.vue'),
        meta: { title: t.password.title },
      },
      {
        path: ':rest(.*)*',
        name: 'not-found',
        component: () => import('./pages/errors/NotFoundPage.vue'),
        meta: { title: t.errors.notFoundTitle },
      },
    ],
  },
];

export const router = createRouter({ history: createWebHistory('/'), routes });

/**
 * Where a login may send the user back to: a path of this console, never another site
 * (`//host` and `/\host` are other sites to a browser).
 */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\') &&
    !value.startsWith('/login')
    ? value
    : null;
}

export function loginRoute(redirect?: string): RouteLocationRaw {
  const back = safeRedirect(redirect);
  return back && back !== '/' ? { name: 'login', query: { redirect: back } } : { name: 'login' };
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSession();
  if (!session.loggedIn.value) return loginRoute(to.fullPath);
  if (!session.user.value) {
    try {
      await session.loadUser({ redirectOn401: false });
    } catch (e) {
      // 401: the token has expired or was revoked. Anything else (the service is down) has
      // been shown as a message; the login page lets the user try again.
      if (e instanceof ApiError && e.status === 401) session.clear();
      return loginRoute(to.fullPath);
    }
  }
  if (to.name === 'home') {
    const first = areasFor(session.user.value?.roles ?? [])[0];
    return first ? { path: first.path, replace: true } : { name: 'password', replace: true };
  }
  return true;
});

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} - ${t.app.name}` : t.app.name;
});
