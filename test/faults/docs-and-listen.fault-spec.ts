import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { ADMIN_PASSWORD, releaseBuilt, sqliteDir, startService, type Service } from './service';

/**
 * Issue 12, item 9, against the built service (SwaggerModule.setup exits the process inside
 * Jest, so the Swagger UI is only served here): the API docs are off in production unless
 * DOCS_ENABLED=true; the Swagger UI page's Content-Security-Policy lets it work (every script
 * it loads is a same-origin file: no inline script, no inline handler) and allows nothing
 * else to run; HOST chooses the address the service listens on. startService runs with
 * NODE_ENV=production.
 */

let S: Service | null = null;
const dirs: Array<{ drop(): void }> = [];

afterEach(async () => {
  await S?.stop();
  S = null;
});
afterAll(() => {
  for (const d of dirs) d.drop();
  releaseBuilt();
});

function db(): Record<string, string> {
  const d = sqliteDir();
  dirs.push(d);
  return { DATABASE_PATH: d.path };
}

const get = (url: string) => fetch(url, { signal: AbortSignal.timeout(10_000) });

function directives(csp: string | null): Record<string, string[]> {
  return Object.fromEntries(
    String(csp)
      .split(/;\s*/)
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('the API documentation', () => {
  it('is not served in production by default', async () => {
    S = await startService(db());
    expect((await get(`${S.baseUrl}/api/docs`)).status).toBe(404);
    expect((await get(`${S.baseUrl}/api/docs-json`)).status).toBe(404);
    expect((await get(`${S.baseUrl}/api/health`)).status).toBe(200);
  });

  it('with DOCS_ENABLED=true, the Swagger UI works under its Content-Security-Policy, which runs only its own files', async () => {
    S = await startService({ ...db(), DOCS_ENABLED: 'true' });
    const page = await get(`${S.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/swagger-ui/i);
    const csp = directives(page.headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'none'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);

    // What the page needs is what the policy allows: every script is a file of this origin
    // (an inline script or handler would be blocked by script-src 'self'), and each loads.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect({ attrs, inline: body.trim() }).toEqual({ attrs: expect.stringMatching(/src=/), inline: '' });
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    const files = [...html.matchAll(/(?:src|href)=["']([^"']+)["']/gi)].map((m) => m[1]);
    for (const file of files.filter((f) => !f.startsWith('#') && !f.startsWith('http://www.w3.org'))) {
      expect(file).not.toMatch(/^(https?:)?\/\//);
      const res = await get(new URL(file, `${S.baseUrl}/api/docs/`).toString());
      expect({ file, status: res.status }).toEqual({ file, status: 200 });
      // Its files get the same policy (a script or stylesheet runs under the page's, but a
      // file opened on its own must not become a way around it).
      expect(directives(res.headers.get('content-security-policy'))['script-src']).toEqual(["'self'"]);
    }
    // The inline <style> blocks and style attributes need 'unsafe-inline' for styles only.
    if (/<style|style=/.test(html)) expect(csp['style-src']).toContain("'unsafe-inline'");

    const doc = await get(`${S.baseUrl}/api/docs-json`);
    expect(doc.status).toBe(200);
    expect(Object.keys(((await doc.json()) as { paths: object }).paths)).toContain('/api/declarations');
  });

  it('the API itself answers with a policy that allows nothing, and tells caches not to store it', async () => {
    S = await startService(db());
    const res = await fetch(`${S.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(directives(res.headers.get('content-security-policy'))['default-src']).toEqual(["'none'"]);
  });
});

describe('HOST', () => {
  it('chooses the address the service listens on, and nothing answers on the others', async () => {
    S = await startService({ ...db(), HOST: '127.0.0.2' });
    expect(S.baseUrl).toBe(`http://127.0.0.2:${S.port}`);
    expect((await get(`${S.baseUrl}/api/health`)).status).toBe(200);
    await expect(get(`http://127.0.0.1:${S.port}/api/health`)).rejects.toThrow();
  });

  it('a HOST that is not an address stops the service at start, naming it', async () => {
    await expect(startService({ ...db(), HOST: 'everywhere' }, { timeoutMs: 20_000 })).rejects.toThrow(
      /HOST="everywhere" must be an IP address/,
    );
  });
});
