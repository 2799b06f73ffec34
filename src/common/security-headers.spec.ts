import { describe, expect, it } from '@jest/globals';
import { apiCacheControl, contentSecurityPolicy, isUncacheable } from './security-headers';

const directives = (url: string) =>
  Object.fromEntries(
    contentSecurityPolicy(url)
      .split('; ')
      .map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
  );

describe('the Content-Security-Policy by path', () => {
  it('API answers: nothing may load or run, nor be framed', () => {
    for (const url of [
      '/api/declarations/1',
      '/api/auth/login',
      '/api/audit/events.csv?x=1',
      '/api/docs-json',
    ])
      expect(directives(url)).toEqual({
        'default-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
      });
  });

  it('the Swagger UI page and its files: scripts from its own files only, inline styles, never framed', () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/swagger-ui-init.js', '/api/docs?x=1']) {
      const d = directives(url);
      expect(d['script-src']).toEqual(["'self'"]);
      expect(d['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
      expect(d['default-src']).toEqual(["'none'"]);
      expect(d['frame-ancestors']).toEqual(["'none'"]);
    }
  });

  it('the web console (outside /api): its own scripts, inline styles for Element Plus', () => {
    const d = directives('/index.html');
    expect(d['script-src']).toEqual(["'self'"]);
    expect(d['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(d['object-src']).toEqual(["'none'"]);
  });
});

describe('which answers must not be stored', () => {
  it('every API answer but the documentation', () => {
    expect(isUncacheable('/api/auth/login')).toBe(true);
    expect(isUncacheable('/api/declarations/1/export.xlsx?x=1')).toBe(true);
    expect(isUncacheable('/api/docs')).toBe(false);
    expect(isUncacheable('/api/docs/swagger-ui.css')).toBe(false);
    expect(isUncacheable('/api/docs-json')).toBe(false);
    expect(isUncacheable('/assets/app.js')).toBe(false);
  });
});

describe('the Cache-Control of API answers', () => {
  it('no-store, but for the reference data when it succeeds: private, five minutes', () => {
    expect(apiCacheControl('/api/declarations/1', 200)).toBe('no-store');
    expect(apiCacheControl('/api/reference', 200)).toBe('private, max-age=300');
    expect(apiCacheControl('/api/reference?x=1', 304)).toBe('private, max-age=300');
    expect(apiCacheControl('/api/reference', 401)).toBe('no-store');
    expect(apiCacheControl('/api/reference/other', 200)).toBe('no-store');
    expect(apiCacheControl('/api/docs-json', 200)).toBeNull();
    expect(apiCacheControl('/assets/app.js', 200)).toBeNull();
  });
});
