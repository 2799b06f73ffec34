import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('takes defaults and lets the environment override them', () => {
    const cfg = loadConfig({ PORT: '4000', REVIEW_DAYS_BUREAU: '7' });
    expect(cfg.port).toBe(4000);
    expect(cfg.reviewDeadlineDays.bureauReview).toBe(7);
    expect(cfg.reviewDeadlineDays.internalReview).toBe(5);
    expect(cfg.lockout).toEqual({ maxFailures: 5, minutes: 15 });
  });

  it('stops with a message naming every bad setting', () => {
    let err: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        LOCKOUT_MINUTES: '0',
        SCORING_WEIGHTS: '{"budget":10,"output":50,"benefit":30,"satisfaction":5}',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/PORT="eighty" must be a whole number/);
    expect(msg).toMatch(/LOCKOUT_MINUTES="0"/);
    expect(msg).toMatch(/SCORING_WEIGHTS: the weights must add up to 100, not 95/);
  });

  it('refuses to start in production without JWT_SECRET, and generates one elsewhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET is required when NODE_ENV=production/,
    );
    const dev = loadConfig({});
    expect(dev.jwtSecretGenerated).toBe(true);
    expect(dev.jwtSecret).toHaveLength(64);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).jwtSecretGenerated).toBe(false);
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL must start with postgres:\/\//,
    );
  });

  it('overrides upload limits one by one from UPLOAD_LIMITS, and names a bad one', () => {
    const cfg = loadConfig({ UPLOAD_LIMITS: '{"maxRows":20000,"parseTimeoutMs":5000}' });
    expect(cfg.uploads.maxRows).toBe(20_000);
    expect(cfg.uploads.parseTimeoutMs).toBe(5000);
    expect(cfg.uploads.maxColumns).toBe(26);
    expect(() => loadConfig({ UPLOAD_LIMITS: '{"maxRowz":1}' })).toThrow(
      /UPLOAD_LIMITS: unknown limit maxRowz/,
    );
    expect(() => loadConfig({ UPLOAD_LIMITS: '{"maxRows":0}' })).toThrow(
      /UPLOAD_LIMITS: maxRows must be a whole number of at least 1/,
    );
    expect(() => loadConfig({ UPLOAD_LIMITS: '[1]' })).toThrow(/UPLOAD_LIMITS: must be an object/);
  });
});
