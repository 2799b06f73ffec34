import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PASSWORD } from '../support/http-client';
import { here, login, newPage, snap, startConsole, type Console } from './browser';
import { buildBrowserWorld, type BrowserWorld } from './world';

/**
 * The login page answers the API's refusals in its words: a wrong password, an account locked
 * after repeated failures (423), too many attempts from one address (429). A console of its own:
 * the rate limit it provokes would refuse the other suites' logins.
 */

let c: Console;
let w: BrowserWorld;

beforeAll(async () => {
  c = await startConsole();
  w = await buildBrowserWorld(c);
}, 120_000);

afterAll(async () => {
  await c?.stop();
});

describe('the login page in words', () => {
  it('says a password is wrong, then that the account is locked, until the lock ends', async () => {
    const { context, page, problems } = await newPage(c);
    const user = w.users.auditor.username;
    try {
      await page.goto('/login');
      const alert = page.locator('[data-test=login-error]');
      await login(page, user, 'Wrong-Passw0rd!');
      await alert.waitFor();
      expect(await alert.innerText()).toContain('用户名或密码错误');
      await snap(page, 'login-01-wrong-password');

      // Repeated failures lock the account: the page says until when, in Beijing time.
      let text = '';
      for (let i = 0; i < 8 && !text.includes('锁定'); i++) {
        await login(page, user, 'Wrong-Passw0rd!');
        await page.waitForFunction(
          () => !document.querySelector('.login-submit')?.classList.contains('is-loading'),
        );
        text = await alert.innerText();
      }
      expect(text).toMatch(/登录失败次数过多，账户已锁定至 .+，请届时再试或联系管理员/);
      await snap(page, 'login-02-locked');

      // The right password does not open a locked account either; the API says the same.
      await login(page, user, PASSWORD);
      await page.waitForFunction(
        () => !document.querySelector('.login-submit')?.classList.contains('is-loading'),
      );
      const api = await c.api.post('/api/auth/login', { username: user, password: PASSWORD });
      expect(api.status).toBe(423);
      expect((await alert.innerText()).trim()).toContain(api.body.message);
      expect(here(page)).toBe('/login');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('says when too many attempts come from one address, and when to try again', async () => {
    const { context, page, problems } = await newPage(c);
    try {
      // Attempts from this address (the tests' and the browser's are the same) up to the limit.
      let status = 0;
      for (let i = 0; i < 200 && status !== 429; i++)
        status = (await c.api.post('/api/auth/login', { username: 'nobody', password: 'Wrong-Passw0rd!' }))
          .status;
      expect(status).toBe(429);
      await page.goto('/login');
      await login(page, w.users.submitter.username, PASSWORD);
      const alert = page.locator('[data-test=login-error]');
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/登录尝试过于频繁，请 \d+ 秒后再试/);
      expect(here(page)).toBe('/login');
      await snap(page, 'login-03-rate-limited');
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});
