import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, VALID_HEADER } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

let t: TestApp;
let w: World;
let sub: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
});
afterAll(async () => t?.close());

describe('creating and reading a declaration', () => {
  it('creates a draft owned by the caller’s department with exact money', async () => {
    const res = await t.post('/api/declarations', VALID_HEADER, sub);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      state: 'drafting',
      version: 1,
      departmentId: w.deptA,
      projectName: '数字化建设',
      indicators: [],
    });
    expect(res.body.funds).toEqual(VALID_HEADER.funds);
    // No indicator yet: SUBMIT is shown, not allowed while the errors block it (issue 13 item 4).
    expect(res.body.allowedEvents).toEqual([]);
    expect(res.body.actions).toEqual([
      expect.objectContaining({ event: 'SUBMIT', allowed: false, reasonCode: 'FINDINGS_BLOCK_SUBMIT' }),
    ]);
    const got = await t.get(`/api/declarations/${res.body.id}`, sub);
    expect(got.body.funds.total).toBe('491254500.00');
  });

  it('parses targets and keeps their written precision', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const d = (await t.get(`/api/declarations/${id}`, sub)).body;
    expect(d.indicators.map((i: { target: { display: string } }) => i.target.display)).toEqual([
      '≥150.00(个)',
      '=100.00(%)',
      '及时',
      '有效提升',
      '≥90.00(%)',
    ]);
    expect(d.indicators[0].target).toEqual({
      display: '≥150.00(个)',
      kind: 'quantitative',
      comparator: '≥',
      value: '150.00',
      unit: '个',
      text: null,
      direction: 'higher',
    });
    const r = await t.post(
      `/api/declarations/${id}/indicators`,
      { version: d.version, level1: 'output', level2: 'quality', name: 'ASCII', target: '>=95(%)' },
      sub,
    );
    expect(r.body.indicator.target.display).toBe('≥95(%)');
  });

  it('lists within scope only: another department sees nothing and gets 404', async () => {
    const { id } = await createValidDeclaration(t, sub, { projectName: '仅本部门可见' });
    const mine = await t.get('/api/declarations?q=仅本部门', sub);
    expect(mine.body.items.map((i: { id: number }) => i.id)).toEqual([id]);
    const other = await t.get('/api/declarations?q=仅本部门', w.users.submitterB.token);
    expect(other.body.items).toEqual([]);
    expect((await t.get(`/api/declarations/${id}`, w.users.submitterB.token)).status).toBe(404);
    expect((await t.get(`/api/declarations/${id}`, w.users.otherReviewer.token)).status).toBe(404);
    expect((await t.get(`/api/declarations/${id}`, w.users.deptReviewer.token)).status).toBe(200);
    expect((await t.get(`/api/declarations/${id}`, w.users.auditor.token)).status).toBe(200);
    expect((await t.get(`/api/declarations/${id}`, w.admin)).status).toBe(403);
  });

  it('pages with a cursor, each item once', async () => {
    for (let i = 0; i < 3; i++)
      await t.post('/api/declarations', { ...VALID_HEADER, projectName: `分页${i}` }, sub);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/declarations?q=分页&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await t.get(url, sub);
      seen.push(...page.body.items.map((i: { id: number }) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect((await t.get('/api/declarations?cursor=abc.def', sub)).status).toBe(400);
  });
});

describe('editing with versions', () => {
  it('answers 409 with the current version on a stale write, and changes nothing', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const ok = await t.patch(`/api/declarations/${id}`, { version, projectName: '新名称' }, sub);
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(version + 1);
    const stale = await t.patch(`/api/declarations/${id}`, { version, projectName: '旧版本的修改' }, sub);
    expect(stale.status).toBe(409);
    expect(stale.body.currentVersion).toBe(version + 1);
    expect((await t.get(`/api/declarations/${id}`, sub)).body.projectName).toBe('新名称');
  });

  it('lets only the owning department’s submitters write', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    expect(
      (await t.patch(`/api/declarations/${id}`, { version, projectName: 'x' }, w.users.submitterB.token))
        .status,
    ).toBe(404);
    expect(
      (await t.patch(`/api/declarations/${id}`, { version, projectName: 'x' }, w.users.deptReviewer.token))
        .status,
    ).toBe(403);
    expect(
      (await t.patch(`/api/declarations/${id}`, { version, projectName: '同部门' }, w.users.submitter2.token))
        .status,
    ).toBe(200);
  });

  it('updates and deletes indicators, bumping the version each time', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    const p = await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version, target: '≥160.00(个)', reason: '上调目标' },
      sub,
    );
    expect(p.status).toBe(200);
    expect(p.body.indicator.target.value).toBe('160.00');
    const del = await t.delete(
      `/api/declarations/${id}/indicators/${indicatorIds[1]}?version=${p.body.version}`,
      sub,
    );
    expect(del.status).toBe(200);
    expect(del.body.version).toBe(p.body.version + 1);
    const d = (await t.get(`/api/declarations/${id}`, sub)).body;
    expect(d.indicators.map((i: { id: number }) => i.id)).not.toContain(indicatorIds[1]);
  });

  it('deletes a never-submitted draft with 204', async () => {
    const { id } = await createValidDeclaration(t, sub);
    expect((await t.delete(`/api/declarations/${id}`, sub)).status).toBe(204);
    expect((await t.get(`/api/declarations/${id}`, sub)).status).toBe(404);
  });
});

describe('bad input is a 4xx naming the field, and changes nothing', () => {
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['money as a JSON number', { funds: { total: 12.5 } }, /funds\.total: money must be a decimal string/],
    ['over-precise money', { funds: { total: '12.345' } }, /funds\.total: money must be a decimal string/],
    ['negative money', { funds: { carryover: '-1.00' } }, /funds\.carryover: money must be/],
    [
      'dates out of order',
      { plannedStart: '2026-12-01', plannedEnd: '2026-01-01' },
      /plannedEnd: 2026-01-01 is before plannedStart 2026-12-01/,
    ],
    ['an impossible date', { plannedStart: '2026-02-30' }, /plannedStart: 2026-02-30 is not a calendar date/],
    ['a 10,000-character name', { projectName: '名'.repeat(10_000) }, /projectName: at most 500 characters/],
    ['an unknown field', { colour: 'red' }, /colour: unknown field/],
    ['a year as text', { year: '2026' }, /year: must be a whole number/],
  ];
  for (const [what, body, message] of bad) {
    it(what, async () => {
      const before = (await t.get('/api/declarations?limit=500', sub)).body.items.length;
      const res = await t.post('/api/declarations', { ...VALID_HEADER, ...body }, sub);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
      expect((await t.get('/api/declarations?limit=500', sub)).body.items.length).toBe(before);
    });
  }

  it('refuses a level2 that does not belong to its level1, an unknown level, and a malformed target', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const pair = await t.post(
      `/api/declarations/${id}/indicators`,
      { version, level1: 'output', level2: 'social', name: 'x', target: '及时' },
      sub,
    );
    expect(pair.status).toBe(400);
    expect(pair.body.message).toMatch(/^level2: social does not belong to output/);
    const code = await t.post(
      `/api/declarations/${id}/indicators`,
      { version, level1: 'outcome', level2: 'quantity', name: 'x', target: '及时' },
      sub,
    );
    expect(code.body.message).toMatch(/^level1: must be one of output, benefit, satisfaction/);
    const target = await t.post(
      `/api/declarations/${id}/indicators`,
      { version, level1: 'output', level2: 'quality', name: 'x', target: '≥9x(%)' },
      sub,
    );
    expect(target.status).toBe(400);
    expect(target.body.message).toMatch(/target "≥9x\(%\)"/);
    expect((await t.get(`/api/declarations/${id}`, sub)).body.version).toBe(version);
  });

  it('refuses a target whose number or unit is longer than the form holds, on a new or an edited indicator', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const before = (await t.get(`/api/declarations/${id}`, sub)).body;
    const longNumber = `≥${'9'.repeat(41)}(%)`;
    const longUnit = `≥95(${'次'.repeat(51)})`;
    for (const target of [longNumber, longUnit]) {
      const created = await t.post(
        `/api/declarations/${id}/indicators`,
        { version, level1: 'output', level2: 'quality', name: '服务可用性', target },
        sub,
      );
      expect(created.status).toBe(400);
      const edited = await t.patch(
        `/api/declarations/${id}/indicators/${before.indicators[0].id}`,
        { version, target },
        sub,
      );
      expect(edited.status).toBe(400);
      for (const res of [created, edited])
        expect(res.body.message).toMatch(
          target === longNumber
            ? /^target: target "≥9{41}\(%\)": the number has 41 characters; at most 40 are accepted$/
            : /^target: target "≥95\(次{51}\)": the unit has 51 characters; at most 50 are accepted$/,
        );
    }
    expect((await t.get(`/api/declarations/${id}`, sub)).body).toEqual(before);
  });
});

describe('findings', () => {
  it('reports the rules a new declaration breaks, with codes and paths', async () => {
    const res = await t.post(
      '/api/declarations',
      {
        year: 2026,
        projectName: '未完成',
        funds: { annualRequest: '100.00', currentAppropriation: '60.00', carryover: '0.00', other: '0.00' },
      },
      sub,
    );
    const findings = (await t.get(`/api/declarations/${res.body.id}/findings`, sub)).body as Array<{
      code: string;
      severity: string;
      path: string;
    }>;
    const codes = findings.map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'HEADER_FIELD_REQUIRED',
        'FUNDS_ANNUAL_SUM',
        'NO_OUTPUT_INDICATOR',
        'NO_BENEFIT_INDICATOR',
        'FUNDS_TOTAL_MISSING',
      ]),
    );
    expect(findings.find((f) => f.code === 'FUNDS_ANNUAL_SUM')).toMatchObject({
      severity: 'error',
      path: 'funds.annualRequest',
    });
    const { id } = await createValidDeclaration(t, sub);
    const clean = (await t.get(`/api/declarations/${id}/findings`, sub)).body as Array<{ severity: string }>;
    expect(clean.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
