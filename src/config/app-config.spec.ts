import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config';

const AUDIT = {
  AUDIT_KEY: 'a-production-audit-mac-key-0123456789abcdef',
  AUDIT_KEY_ID: 'k1',
  AUDIT_SIGNING_KEY: 'MC4CAQAwBQYDK2VwBCIEIMShD+ds4jZrz6zTMKVhNbf8JJ0m3+ndZSWxIUMIhLpw',
};

describe('loadConfig', () => {
  it('takes defaults and lets the environment override them', () => {
    const cfg = loadConfig({ PORT: '4000', REVIEW_DAYS_BUREAU: '7' });
    expect(cfg.port).toBe(4000);
    expect(cfg.reviewDeadlineDays.bureauReview).toBe(7);
    expect(cfg.reviewDeadlineDays.internalReview).toBe(5);
    expect(cfg.lockout).toEqual({ maxFailures: 5, minutes: 15 });
  });

  it("reads the scored review's weights (REVIEW_WEIGHTS): whole numbers of the four dimensions adding up to 100", () => {
    expect(loadConfig({}).targetReview.weights).toEqual({
      completeness: 25,
      relevance: 25,
      appropriateness: 25,
      feasibility: 25,
    });
    const w = { completeness: 10, relevance: 30, appropriateness: 30, feasibility: 30 };
    expect(loadConfig({ REVIEW_WEIGHTS: JSON.stringify(w) }).targetReview.weights).toEqual(w);
    expect(() => loadConfig({ REVIEW_WEIGHTS: JSON.stringify({ ...w, feasibility: 20 }) })).toThrow(
      'REVIEW_WEIGHTS: the weights must add up to 100, not 90',
    );
    expect(() =>
      loadConfig({ REVIEW_WEIGHTS: JSON.stringify({ ...w, feasibility: 29.5, relevance: 30.5 }) }),
    ).toThrow(/REVIEW_WEIGHTS: must give whole numbers/);
    expect(() => loadConfig({ REVIEW_WEIGHTS: JSON.stringify({ ...w, efficiency: 0 }) })).toThrow(
      /REVIEW_WEIGHTS: must give whole numbers/,
    );
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
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...AUDIT }).jwtSecretGenerated,
    ).toBe(false);
  });

  it('refuses to start in production without the audit keys, naming each', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).toThrow(
      /AUDIT_KEY \(with AUDIT_KEY_ID\) is required when NODE_ENV=production[\s\S]*AUDIT_SIGNING_KEY is required when NODE_ENV=production/,
    );
    const cfg = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...AUDIT });
    expect(cfg.audit).toMatchObject({ key: AUDIT.AUDIT_KEY, keyId: 'k1', checkpointMinutes: 60 });
  });

  it('checks the audit keys and never repeats them in a message', () => {
    let err: unknown;
    try {
      loadConfig({
        AUDIT_KEY: 'too-short-secret',
        AUDIT_KEYS_RETIRED: `k0:${'r'.repeat(40)},bad entry,k0:${'s'.repeat(40)}`,
        AUDIT_SIGNING_KEY: 'not-a-key',
        AUDIT_SIGNING_KEYS_RETIRED: 'AAAA',
        AUDIT_CHECKPOINT_SWEEP_SECONDS: '-1',
      });
    } catch (e) {
      err = e;
    }
    const msg = (err as Error).message;
    expect(msg).toMatch(/AUDIT_KEY must be at least 32 characters/);
    expect(msg).toMatch(/AUDIT_KEY_ID is required with AUDIT_KEY/);
    expect(msg).toMatch(/AUDIT_KEYS_RETIRED: entry 2 must be id:key/);
    expect(msg).toMatch(/AUDIT_KEYS_RETIRED: key id k0 is given twice/);
    expect(msg).toMatch(/AUDIT_SIGNING_KEY must be an Ed25519 private key/);
    expect(msg).toMatch(/AUDIT_SIGNING_KEYS_RETIRED: entry 1 is not/);
    expect(msg).toMatch(/AUDIT_CHECKPOINT_SWEEP_SECONDS="-1"/);
    expect(msg).not.toMatch(/too-short-secret|rrrr|not-a-key/);
    expect(() => loadConfig({ ...AUDIT, AUDIT_KEYS_RETIRED: `k1:${'o'.repeat(40)}` })).toThrow(
      /key id k1 is the current AUDIT_KEY_ID/,
    );
    expect(() => loadConfig({ ...AUDIT, AUDIT_KEYS_RETIRED: `k0:${AUDIT.AUDIT_KEY}` })).toThrow(
      /holds the current AUDIT_KEY under another id/,
    );
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL must start with postgres:\/\//,
    );
  });

  describe('TRUST_PROXY (issue 12 item 7)', () => {
    it('trusts no proxy by default, or when false', () => {
      expect(loadConfig({}).trustProxy).toEqual([]);
      expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toEqual([]);
    });

    it('takes a list of addresses, CIDRs and range names', () => {
      expect(
        loadConfig({ TRUST_PROXY: '10.0.0.5, 10.0.1.0/24,::1,fd00::/8,loopback,uniquelocal' }).trustProxy,
      ).toEqual(['10.0.0.5', '10.0.1.0/24', '::1', 'fd00::/8', 'loopback', 'uniquelocal']);
    });

    it('refuses to start with true (every hop) or a hop count, saying what to give instead', () => {
      expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(
        /TRUST_PROXY=true would believe X-Forwarded-For from anyone.*their addresses or CIDRs/,
      );
      expect(() => loadConfig({ TRUST_PROXY: '1' })).toThrow(
        /TRUST_PROXY=1: a hop count believes whoever connects directly/,
      );
    });

    it.each(['10.0.0.300', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1', '::1/129', ''])(
      'refuses %j in the list, naming it',
      (item) => {
        expect(() => loadConfig({ TRUST_PROXY: `10.0.0.1,${item}` })).toThrow(
          new RegExp(`TRUST_PROXY: "${item.replace(/[.*/]/g, (c) => `\\${c}`)}" is not an IP address`),
        );
      },
    );
  });

  describe('HOST (issue 12 item 9)', () => {
    it('listens on this machine only by default; any IP address may be given', () => {
      expect(loadConfig({}).host).toBe('127.0.0.1');
      expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
      expect(loadConfig({ HOST: '::' }).host).toBe('::');
      expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
    });

    it('refuses what is not an address', () => {
      expect(() => loadConfig({ HOST: 'all' })).toThrow(/HOST="all" must be an IP address to listen on/);
      expect(() => loadConfig({ HOST: '999.1.1.1' })).toThrow(/HOST="999.1.1.1"/);
    });
  });

  describe('DOCS_ENABLED (issue 12 item 9)', () => {
    it('serves the docs by default except in production, where true turns them on', () => {
      expect(loadConfig({}).docsEnabled).toBe(true);
      expect(loadConfig({ NODE_ENV: 'test' }).docsEnabled).toBe(true);
      const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), ...AUDIT };
      expect(loadConfig(prod).docsEnabled).toBe(false);
      expect(loadConfig({ ...prod, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
      expect(loadConfig({ DOCS_ENABLED: 'false' }).docsEnabled).toBe(false);
    });

    it('refuses anything but true or false', () => {
      expect(() => loadConfig({ DOCS_ENABLED: 'yes' })).toThrow(/DOCS_ENABLED="yes" must be true or false/);
    });
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
