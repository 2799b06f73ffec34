import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { submitterJourney } from '../client/typed-client';
import { createValidDeclaration } from '../support/factories';
import { PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * The client typed by the OpenAPI document (test/client/typed-client.ts, compiled by
 * `npm run check:api`) run against the service: what it was typed to expect is what it gets.
 */

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
}, 60_000);
afterAll(async () => t?.close());

describe('the typed client', () => {
  it('logs in, lists, reads, changes one fund field, is refused a stale version, and submits', async () => {
    const { id } = await createValidDeclaration(t, w.users.submitter.token);
    const r = await submitterJourney(t.baseUrl, 'submitter', PASSWORD, 2026);
    expect(r.user).toEqual({ username: 'submitter', roles: ['submitter'] });
    expect(r.listed).toBe(1);
    expect(r.read).toMatchObject({ id, state: 'drafting', total: '491254500.00' });
    expect(r.read.indicatorTargets).toContain('≥150.00(个)');
    expect(r.patched.funds).toEqual({
      total: '600000000.00',
      annualRequest: '491254500.00',
      currentAppropriation: '491254500.00',
      carryover: '0.00',
      other: '0.00',
    });
    expect(r.stale.status).toBe(409);
    expect(r.stale.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(r.fired).toEqual({ state: 'internalReview', allowedEvents: ['WITHDRAW'] });
  });
});
