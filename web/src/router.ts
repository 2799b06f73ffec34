import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import {
  createRouter,
  START_LOCATION,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type RouteRecordRaw,
} from 'vue-router';
import { ApiError } from './api/client';
import { AREAS, areasFor, type AreaKey } from './areas';
import AppShell from './components/AppShell.vue';
import { useSession } from './composables/useSession';
import { t } from './i18n/zh-CN';
import LoginPage from './pages/login/LoginPage.vue';
import { routes as declarationsRoutes } from './pages/declarations/routes';
import { routes as reviewsRoutes } from './pages/reviews/routes';
import { routes as monitoringRoutes } from './pages/monitoring/routes';
import { routes as evaluationRoutes } from './pages/evaluation/routes';
import { routes as rectificationRoutes } from './pages/rectification/routes';
import { routes as auditRoutes } from './pages/audit/routes';
import { routes as adminRoutes } from './pages/admin/routes';
import { routes as dashboardRoutes } from './pages/dashboard/routes';
import { routes as libraryRoutes } from './pages/library/routes';
import { routes as publicationRoutes } from './pages/publication/routes';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without logging in. */
    public?: boolean;
    /** The menu area the page belongs to (its roles decide whether the menu shows it). */
    area?: AreaKey;
    title?: string;
    /**
     * Sends the GET requests the page reads first (`prefetch` of api/client.ts), so they are
     * answered while the guard checks the session and the page's code loads.
     */
    prefetch?: (to: RouteLocationNormalized) => void;
  }
}

// Each area lists its own pages (web/src/pages/<area>/routes.ts), each loaded lazily: the login
// page's bundle carries none of them.
const areaRoutes: Record<AreaKey, RouteRecordRaw[]> = {
  declarations: declarationsRoutes,
  reviews: reviewsRoutes,
  monitoring: monitoringRoutes,
  evaluation: evaluationRoutes,
  rectification: rectificationRoutes,
  audit: auditRoutes,
  admin: adminRoutes,
  dashboard: dashboardRoutes,
  library: libraryRoutes,
  publication: publicationRoutes,
};

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: t.login.title } },
  {
    // Anyone holding a published table checks it here, without an account (绩效目标公开).
    path: '/public/verify',
    name: 'public-verify',
    component: () => import('./pages/publication/PublicVerifyPage.vue'),
    meta: { public: true, title: '绩效目标公开表核验' },
  },
  {
    path: '/',
    component: AppShell,
    children: [
      { path: '', name: 'home', component: { render: () => null } },
      ...AREAS.map((a): RouteRecordRaw => ({
        path: a.path.slice(1),
        meta: { area: a.key, title: t.areaTitles[a.key] },
        children: areaRoutes[a.key],
      })),
      {
        path: 'account/password',
        name: 'password',
        component: () => import('./pages/account/ChangePasswordPage.vue'),
        meta: { title: t.password.title },
      },
      {
        // The inbox: every user's own, reached from the bell in the header (no menu area).
        path: 'notifications',
        name: 'notifications',
        component: () => import('./pages/notifications/InboxPage.vue'),
        meta: { title: t.notifications.title },
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

/**
 * Starts downloading the page's lazily loaded code now, so it arrives while the guard below waits
 * for `/api/auth/me` instead of after it (vue-router fetches it only once the guards are done;
 * the module promise is shared, so nothing is loaded twice).
 */
function preload(to: RouteLocationNormalized): void {
  for (const record of to.matched)
    for (const c of Object.values(record.components ?? {}))
      // A lazy route component is a function returning the module's promise (SFCs are objects).
      if (typeof c === 'function' && !('displayName' in c)) {
        try {
          const loading = (c as () => unknown)();
          if (loading instanceof Promise) loading.catch(() => undefined);
        } catch {
          // Not a lazy component after all: vue-router renders it as usual.
        }
      }
}

/**
 * Asks the API again about a user remembered from before a reload, without holding up the page:
 * a refused token (expired, revoked by a password change elsewhere) sends the user to the login
 * page, which returns to `path`, the page being opened; any other answer replaces the user (roles
 * may have changed). A failure to reach the API keeps the remembered user.
 */
let checking: Promise<void> | null = null;
function checkRememberedUser(path: string): void {
  const session = useSession();
  checking ??= session
    .loadUser({ redirectOn401: false, showError: false })
    .then(
      () => undefined,
      (e: unknown) => {
        if (!(e instanceof ApiError && e.status === 401) || !session.loggedIn.value) return;
        session.clear();
        ElMessage.warning({ message: e.message, grouping: true, showClose: true });
        // Once the page is shown, the user may have moved on from it.
        const current = router.currentRoute.value;
        void router.push(
          loginRoute(current === START_LOCATION || current.meta.public ? path : current.fullPath),
        );
      },
    )
    .finally(() => {
      checking = null;
    });
}

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  preload(to);
  const session = useSession();
  if (!session.loggedIn.value) return loginRoute(to.fullPath);
  // Only for a page the user may open (before auth/me has answered, the API decides).
  const user = session.user.value;
  if (!user || !to.meta.area || areasFor(user.roles).some((a) => a.key === to.meta.area))
    to.meta.prefetch?.(to);
  if (user && !session.checked.value) checkRememberedUser(to.fullPath);
  if (!user) {
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
