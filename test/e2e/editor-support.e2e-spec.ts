import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { englishIn } from '../support/errors';
import { createValidDeclaration, fire } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * What the console's 申报表 editor asks of the API besides the declaration routes: how the
 * service reads a 年度指标值 as the user types (the save's own parser), whether the reader may
 * change the content now (editable, editableParts), and moving an indicator (up/down buttons).
 */

let t: TestApp;
let w: World;
let sub: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
});
afterAll(async () => t?.close());

const parse = (text: unknown, token = sub) => t.post('/api/reference/targets/parse', { text }, token);

describe('POST /api/reference/targets/parse', () => {
  it('reads a quantitative target as a save would store it, in words', async () => {
    const res = await parse('>=95.00（%）');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      text: '>=95.00（%）',
      ok: true,
      target: {
        display: '≥95.00(%)',
        kind: 'quantitative',
        comparator: '≥',
        value: '95.00',
        unit: '%',
        text: null,
        direction: 'higher',
      },
      reading: '定量指标：不低于 95.00，计量单位“%”，越高越好',
      code: null,
      proposed: null,
    });
    const lower = await parse('≤15(%)');
    expect(lower.body.reading).toBe('定量指标：不高于 15，计量单位“%”，越低越好');
  });

  it('reads a qualitative target, proposes the notation when it looks quantitative, and says when it is empty', async () => {
    const q = await parse('及时');
    expect(q.body).toMatchObject({ ok: true, target: { kind: 'qualitative', text: '及时' }, proposed: null });
    expect(q.body.reading).toContain('定性指标');
    const looks = await parse('不低于95%');
    expect(looks.body).toMatchObject({ ok: true, proposed: '≥95(%)' });
    expect(looks.body.reading).toContain('≥95(%)');
    const empty = await parse('  ');
    expect(empty.body).toMatchObject({ ok: true, target: null, code: null });
    expect(empty.body.reading).toContain('尚未填写');
  });

  it('answers what a save would refuse with its code and its Chinese words, without refusing the request', async () => {
    const res = await parse('≥95');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, target: null, code: 'TARGET_NOTATION_UNIT_MISSING' });
    expect(res.body.reading).toContain('≥95(%)');
    expect(englishIn(res.body.reading)).toBeNull();
    // The save answers the same words for the same text.
    const { id } = await createValidDeclaration(t, sub);
    const d = (await t.get(`/api/declarations/${id}`, sub)).body;
    const saved = await t.patch(
      `/api/declarations/${id}/indicators/${d.indicators[0].id}`,
      { version: d.version, target: '≥95' },
      sub,
    );
    expect(saved.status).toBe(400);
    expect(saved.body.code).toBe('TARGET_NOTATION_UNIT_MISSING');
    expect(saved.body.message).toBe(res.body.reading);
  });

  it('refuses a malformed body in Chinese, and answers every signed-in role', async () => {
    const missing = await t.post('/api/reference/targets/parse', {}, sub);
    expect(missing.status).toBe(400);
    expect(englishIn(missing.body.message)).toBeNull();
    expect((await t.post('/api/reference/targets/parse', { text: 95 }, sub)).status).toBe(400);
    expect((await t.post('/api/reference/targets/parse', { text: '及时', extra: 1 }, sub)).status).toBe(400);
    expect((await t.post('/api/reference/targets/parse', { text: '及时' })).status).toBe(401);
    expect((await parse('及时', w.users.auditor.token)).status).toBe(200);
  });
});

describe('editable in the declaration view', () => {
  it('is true for the owning submitter in drafting, false for others and after submitting', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const mine = (await t.get(`/api/declarations/${id}`, sub)).body;
    expect(mine).toMatchObject({ editable: true, editableParts: ['header', 'funds', 'goals', 'indicators'] });
    const reviewer = (await t.get(`/api/declarations/${id}`, w.users.deptReviewer.token)).body;
    expect(reviewer).toMatchObject({ editable: false, editableParts: [] });
    const auditor = (await t.get(`/api/declarations/${id}`, w.users.auditor.token)).body;
    expect(auditor.editable).toBe(false);
    await fire(t, id, 'SUBMIT', sub);
    const submitted = (await t.get(`/api/declarations/${id}`, sub)).body;
    expect(submitted).toMatchObject({ state: 'internalReview', editable: false, editableParts: [] });
    // What the view says agrees with what a write answers.
    const refused = await t.patch(
      `/api/declarations/${id}`,
      { version: submitted.version, projectName: 'x' },
      sub,
    );
    expect(refused.status).toBe(409);
  });
});

describe('moving an indicator (PATCH …/indicators/:id {position})', () => {
  it('puts it at its new place, shifts the others, and records each move', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const d = (await t.get(`/api/declarations/${id}`, sub)).body;
    const names = d.indicators.map((i: { name: string }) => i.name);
    const second = d.indicators[1];
    const res = await t.patch(
      `/api/declarations/${id}/indicators/${second.id}`,
      { version: d.version, position: 0 },
      sub,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: d.version + 1, indicator: { id: second.id, position: 0 } });
    const after = (await t.get(`/api/declarations/${id}`, sub)).body;
    expect(after.indicators.map((i: { name: string }) => i.name)).toEqual([
      names[1],
      names[0],
      ...names.slice(2),
    ]);
    expect(after.indicators.map((i: { position: number }) => i.position)).toEqual(
      after.indicators.map((_: unknown, n: number) => n),
    );
    // Nothing else of the moved indicator changed.
    expect(after.indicators[0]).toEqual({ ...second, position: 0 });
    const history = await t.get(`/api/indicators/${d.indicators[0].id}/history`, sub);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('调整顺序');
    // Past the end: last.
    const last = await t.patch(
      `/api/declarations/${id}/indicators/${second.id}`,
      { version: after.version, position: 499 },
      sub,
    );
    expect(last.status).toBe(200);
    const end = (await t.get(`/api/declarations/${id}`, sub)).body;
    expect(end.indicators.at(-1).id).toBe(second.id);
  });

  it('refuses a position that is not a whole number from 0, naming 排列位置', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const d = (await t.get(`/api/declarations/${id}`, sub)).body;
    for (const position of [-1, 1.5, '1', 500]) {
      const res = await t.patch(
        `/api/declarations/${id}/indicators/${d.indicators[0].id}`,
        { version: d.version, position },
        sub,
      );
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('排列位置');
    }
  });
});
