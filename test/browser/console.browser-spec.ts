import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../support/http-client';
import {
  ADMIN_PASSWORD,
  LARGE,
  here,
  login,
  menu,
  newPage,
  snap,
  startConsole,
  type Console,
} from './browser';

let c: Console;
let adminToken: string;

beforeAll(async () => {
  c = await startConsole();
  adminToken = (await c.api.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).body
    .accessToken;
  const [root] = (await c.api.get('/api/departments', adminToken)).body as Array<{ id: number }>;
  const created = await c.api.post(
    '/api/users',
    {
      username: 'wang.tianbao',
      displayName: '王填报',
      password: PASSWORD,
      roles: ['submitter'],
      departmentId: root.id,
    },
    adminToken,
  );
  expect(created.status).toBe(201);
  const reviewer = await c.api.post(
    '/api/users',
    {
      username: 'li.shenhe',
      displayName: '李审核',
      password: PASSWORD,
      roles: ['dept_reviewer'],
      departmentId: root.id,
    },
    adminToken,
  );
  expect(reviewer.status).toBe(201);
  const another = await c.api.post(
    '/api/users',
    {
      username: 'zhao.shenhe',
      displayName: '赵审核',
      password: PASSWORD,
      roles: ['dept_reviewer'],
      departmentId: root.id,
    },
    adminToken,
  );
  expect(another.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await c?.stop();
});

const heading = (page: Page, name: string) => page.getByRole('heading', { name, exact: true }).waitFor();

describe('the service serves the console beside the API', () => {
  it('answers the console page at / and at any console route, never cached without asking, under its own CSP', async () => {
    for (const path of ['/', '/declarations', '/admin/users/7?tab=roles', '/index.html']) {
      const res = await c.api.get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<div id="app"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
  });

  it('serves the hashed files for a year, and a missing file is a 404, not the page', async () => {
    const assets = readdirSync(join(process.cwd(), 'dist', 'web', 'assets'));
    const js = assets.find((f) => f.endsWith('.js'))!;
    const css = assets.find((f) => f.endsWith('.css'))!;
    for (const [file, type] of [
      [js, /javascript/],
      [css, /text\/css/],
    ] as const) {
      const res = await c.api.get(`/assets/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(type);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await c.api.get('/assets/index-00000000.js')).status).toBe(404);
    expect((await c.api.get('/favicon.ico')).status).toBe(404);
  });

  it("names the queue page's code in the HTML of /reviews only, and every file it names is served", async () => {
    const linked = (html: string) => [
      ...html.matchAll(/<link rel="(modulepreload|stylesheet)" crossorigin href="([^"]+)">/g),
    ];
    const reviews = (await c.api.get('/reviews')).text;
    const login = (await c.api.get('/login')).text;
    const preloads = linked(reviews).filter(
      ([, rel, href]) => !login.includes(href) || rel === 'modulepreload',
    );
    expect(preloads.some(([, rel]) => rel === 'modulepreload')).toBe(true);
    expect(login).not.toContain('modulepreload');
    for (const [, rel, href] of preloads) {
      const res = await c.api.get(href);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(rel === 'stylesheet' ? /text\/css/ : /javascript/);
    }
  });

  it('leaves /api alone: an unknown API route is still the JSON 404, and the API still answers', async () => {
    for (const path of ['/api/nope', '/api', '/api/declarations/1/nope']) {
      const res = await c.api.get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.statusCode).toBe(404);
    }
    expect((await c.api.get('/api/health')).body.database).toBe('up');
    expect((await c.api.get('/api/auth/me')).status).toBe(401);
  });
});

describe('logging in, the shell, changing the password, logging out', () => {
  it('takes the bootstrap admin through the whole round', async () => {
    const NEW_PASSWORD = 'Changed-Passw0rd!';
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/');
      await page.waitForURL('**/login');
      await heading(page, '用户登录');
      await snap(page, '01-login');

      // A wrong password: the API's own words, by the form; the user stays on the login page.
      const refused = await c.api.post('/api/auth/login', {
        username: 'admin',
        password: 'Not-the-passw0rd',
      });
      expect(refused.status).toBe(401);
      await login(page, 'admin', 'Not-the-passw0rd');
      const loginError = page.locator('[data-test=login-error]');
      await loginError.waitFor();
      expect(await loginError.innerText()).toContain(refused.body.message);
      expect(here(page)).toBe('/login');
      await snap(page, '02-login-refused');

      // The admin's console: only the 管理 area, the admin's name in the header.
      await login(page, 'admin', ADMIN_PASSWORD);
      await page.waitForURL('**/admin');
      await heading(page, '部门与用户管理');
      expect(await menu(page)).toEqual(['管理', '指标库']);
      expect(await page.locator('[data-test=user-name]').innerText()).toBe('系统管理员');
      expect(await page.title()).toBe('部门与用户管理 - 绩效目标管理系统');
      await snap(page, '03-admin-shell');

      await page.getByRole('link', { name: '修改密码' }).click();
      await page.waitForURL('**/account/password');
      await heading(page, '修改密码');
      await snap(page, '04-change-password');

      // Refusals of the API shown beside the field they name, in its words.
      const wrongCurrent = await c.api.post(
        '/api/auth/password',
        { currentPassword: 'Wrong-Passw0rd!', newPassword: NEW_PASSWORD },
        adminToken,
      );
      expect(wrongCurrent.status).toBe(400);
      await fillPasswords(page, 'Wrong-Passw0rd!', NEW_PASSWORD);
      expect(await fieldError(page, '当前密码')).toBe(
        String(wrongCurrent.body.message).replace(/^[^：]+：/, ''),
      );
      const weak = await c.api.post(
        '/api/auth/password',
        { currentPassword: ADMIN_PASSWORD, newPassword: 'short' },
        adminToken,
      );
      expect(weak.status).toBe(400);
      await fillPasswords(page, ADMIN_PASSWORD, 'short');
      expect(await fieldError(page, '新密码')).toBe(String(weak.body.message).replace(/^[^：]+：/, ''));
      await snap(page, '05-change-password-refused');

      // Changed: the API ends every session of the user, so the console asks for the new one.
      await fillPasswords(page, ADMIN_PASSWORD, NEW_PASSWORD);
      await page.waitForURL('**/login');
      await page.getByText('密码已修改，请使用新密码重新登录').waitFor();
      await snap(page, '06-password-changed');
      expect((await c.api.get('/api/auth/me', adminToken)).status).toBe(401);

      await login(page, 'admin', ADMIN_PASSWORD);
      await loginError.waitFor();
      expect(here(page)).toBe('/login');
      await login(page, 'admin', NEW_PASSWORD);
      await page.waitForURL('**/admin');
      await heading(page, '部门与用户管理');

      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL('**/login');
      await snap(page, '07-logged-out');
      // Logged out: the console's pages send the user to the login page again.
      await page.goto('/admin');
      await page.waitForURL(/\/login\?redirect=/);
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/admin');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('the user a reload shows', () => {
  it('is the one who logged in last in the tab, never the one before (the console remembers who is logged in)', async () => {
    const { context, page, problems } = await newPage(c);
    const shown = async () => ({
      name: await page.locator('[data-test=user-name]').innerText(),
      menu: await menu(page),
    });
    try {
      await page.goto('/');
      await login(page, 'wang.tianbao', PASSWORD);
      await page.waitForURL('**/declarations');
      await heading(page, '绩效目标申报');
      const submitter = { name: '王填报', menu: ['申报', '监控', '自评', '整改', '指标库', '年度看板'] };
      expect(await shown()).toEqual(submitter);
      await page.reload();
      await heading(page, '绩效目标申报');
      expect(await shown()).toEqual(submitter);

      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL('**/login');
      await login(page, 'zhao.shenhe', PASSWORD);
      await page.waitForURL('**/declarations');
      await heading(page, '绩效目标申报');
      const reviewer = {
        name: '赵审核',
        menu: ['申报', '审核', '监控', '自评', '整改', '指标库', '年度看板'],
      };
      expect(await shown()).toEqual(reviewer);
      // A reload, and a deep link opened in the same tab, show the reviewer too.
      await page.reload();
      await heading(page, '绩效目标申报');
      expect(await shown()).toEqual(reviewer);
      await page.goto('/reviews');
      await heading(page, '审核任务');
      expect(await shown()).toEqual(reviewer);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

describe('deep links, back and forward', () => {
  it('opens a deep link after logging in, moves by the menu and the browser history, and keeps the page on reload', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      await page.goto('/monitoring?year=2026');
      await page.waitForURL(/\/login\?redirect=/);
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/monitoring?year=2026');
      await snap(page, '10-deep-link-login');

      // By keyboard alone: type, Tab to the password, Enter.
      await page.getByLabel('用户名').focus();
      await page.keyboard.type('wang.tianbao');
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL('**/monitoring?year=2026');
      await heading(page, '绩效运行监控');
      expect(await menu(page)).toEqual(['申报', '监控', '自评', '整改', '指标库', '年度看板']);
      expect(await page.locator('[data-test=user-name]').innerText()).toBe('王填报');
      await snap(page, '11-deep-link-landed');

      await page.getByRole('link', { name: '申报' }).click();
      await page.waitForURL('**/declarations');
      await heading(page, '绩效目标申报');
      await snap(page, '12-declarations');
      // A menu link works from the keyboard.
      await page.getByRole('link', { name: '自评' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL('**/evaluation');
      await heading(page, '绩效自评');
      await snap(page, '13-evaluation');

      await page.goBack();
      await page.waitForURL('**/declarations');
      await heading(page, '绩效目标申报');
      await page.goBack();
      await page.waitForURL('**/monitoring?year=2026');
      await heading(page, '绩效运行监控');
      await page.goForward();
      await page.waitForURL('**/declarations');
      await heading(page, '绩效目标申报');

      await page.reload();
      await heading(page, '绩效目标申报');
      expect(here(page)).toBe('/declarations');

      // An area the user's roles do not open, and an address that is no page.
      await page.goto('/audit');
      await page.getByText('无权访问').first().waitFor();
      expect(here(page)).toBe('/audit');
      await snap(page, '14-forbidden');
      await page.goto('/no/such/page');
      await page.getByText('页面不存在').first().waitFor();
      await snap(page, '15-not-found');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('never follows a login redirect to another site', async () => {
    for (const redirect of ['//example.invalid/x', '/\\example.invalid/x', 'https://example.invalid/x']) {
      const { context, page, problems } = await newPage(c);
      try {
        await page.goto(`/login?redirect=${encodeURIComponent(redirect)}`);
        await login(page, 'wang.tianbao', PASSWORD);
        await page.waitForURL('**/declarations');
        expect(new URL(page.url()).origin).toBe(c.service.baseUrl);
        await heading(page, '绩效目标申报');
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 60_000);

  it('sends a session the API has ended back to the login page, and afterwards back to the page', async () => {
    const { context, page, problems } = await newPage(c);
    /** Ends every session of the reviewer, as a password change elsewhere does. */
    const revoke = async (current: string, next: string) => {
      const token = (await c.api.post('/api/auth/login', { username: 'li.shenhe', password: current })).body
        .accessToken;
      expect(
        (await c.api.post('/api/auth/password', { currentPassword: current, newPassword: next }, token))
          .status,
      ).toBe(204);
    };
    try {
      await page.goto('/reviews');
      await login(page, 'li.shenhe', PASSWORD);
      await page.waitForURL('**/reviews');
      await heading(page, '审核任务');
      expect(await menu(page)).toEqual(['申报', '审核', '监控', '自评', '整改', '指标库', '年度看板']);
      await snap(page, '17-reviewer-shell');

      // A request of a page answered 401: back to the login page, which remembers the page.
      await revoke(PASSWORD, 'Second-Passw0rd!');
      await page.getByRole('link', { name: '修改密码' }).click();
      await page.waitForURL('**/account/password');
      await fillPasswords(page, PASSWORD, 'Third-Passw0rd!');
      await page.waitForURL(/\/login\?redirect=/);
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/account/password');
      await snap(page, '18-session-ended');
      await login(page, 'li.shenhe', 'Second-Passw0rd!');
      await page.waitForURL('**/account/password');
      await heading(page, '修改密码');

      // A reload with an ended session: the same, with the page's query (the user shown until
      // the API has answered is the remembered one, so the page does not wait for it).
      await page.getByRole('link', { name: '审核' }).click();
      await page.waitForURL('**/reviews');
      await page.goto('/reviews?sort=due');
      await heading(page, '审核任务');
      await revoke('Second-Passw0rd!', 'Fourth-Passw0rd!');
      await page.reload();
      await page.waitForURL(/\/login\?redirect=/);
      expect(new URL(page.url()).searchParams.get('redirect')).toBe('/reviews?sort=due');
      await login(page, 'li.shenhe', 'Fourth-Passw0rd!');
      await page.waitForURL('**/reviews?sort=due');
      await heading(page, '审核任务');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('fits a 1920×1080 screen as well', async () => {
    const { context, page, problems } = await newPage(c, LARGE);
    try {
      await page.goto('/dashboard');
      await login(page, 'wang.tianbao', PASSWORD);
      await page.waitForURL('**/dashboard');
      await heading(page, '年度看板');
      await snap(page, '16-dashboard-1920');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);
});

async function fillPasswords(page: Page, current: string, next: string): Promise<void> {
  await page.getByLabel('当前密码').fill(current);
  await page.getByLabel('新密码', { exact: true }).fill(next);
  await page.getByLabel('确认新密码').fill(next);
  await page.getByRole('button', { name: '确认修改' }).click();
}

/** The error Element Plus shows under the form field with this label, once it shows. */
async function fieldError(page: Page, label: string): Promise<string> {
  const error = page
    .locator('.el-form-item')
    .filter({ has: page.getByLabel(label, { exact: true }) })
    .locator('.el-form-item__error');
  await error.waitFor();
  return (await error.innerText()).trim();
}
