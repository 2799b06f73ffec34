import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ADMIN_PASSWORD, releaseBuilt, sqliteDir, startService, type Service } from '../faults/service';
import { HttpClient } from '../support/http-client';

/**
 * The browser suites drive the BUILT service (dist/src/main.js serving dist/web) on a fresh
 * SQLite database through Debian's Chromium (no browser can be downloaded here). Run them with
 * `npm run test:browser`, which builds first when dist/ has no console.
 */

export { ADMIN_PASSWORD };
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test', 'browser', 'screenshots');

export const SMALL = { width: 1366, height: 768 };
export const LARGE = { width: 1920, height: 1080 };

export interface Console {
  service: Service;
  /** The service's SQLite file, for a suite that must set what no API sets (a date in the past). */
  dbPath: string;
  api: HttpClient;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startConsole(env: Record<string, string> = {}): Promise<Console> {
  if (!existsSync(join(process.cwd(), 'dist', 'web', 'index.html')))
    throw new Error('dist/web/index.html is missing: run the browser suites with npm run test:browser');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const db = sqliteDir();
  const service = await startService({ DATABASE_PATH: db.path, ...env });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Playwright gives each launch a fresh profile (--user-data-dir in a temp folder). Without
    // the networking flags Chromium's own connections are refused by the closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=zh-CN',
    ],
    timeout: 60_000,
  });
  return {
    service,
    dbPath: db.path,
    api: new HttpClient(service.baseUrl),
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      await service.stop();
      db.drop();
      releaseBuilt();
    },
  };
}

/**
 * A fresh browser session on the console. `problems` collects what the page reports going
 * wrong: uncaught errors and console errors such as a Content-Security-Policy refusal (the
 * browser's own line for a 4xx the test provokes on purpose is left out).
 */
export async function newPage(
  c: Console,
  viewport = SMALL,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await c.browser.newContext({
    baseURL: c.service.baseUrl,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
      problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

/** One screenshot per page a journey visits, to look at (test/browser/screenshots, not committed). */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Element Plus animates messages and dialogs in; let them settle.
  await page.waitForTimeout(350);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** The path and query the console's router is on. */
export function here(page: Page): string {
  const u = new URL(page.url());
  return decodeURIComponent(u.pathname) + u.search;
}

export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** The areas of the side menu, in order. */
export async function menu(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: '功能菜单' });
  await nav.waitFor();
  return (await nav.getByRole('link').allInnerTexts()).map((s) => s.trim());
}
