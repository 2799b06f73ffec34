import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { englishIn, namesField } from '../support/errors';
import { createValidDeclaration, fire, VALID_HEADER } from '../support/factories';
import { PASSWORD } from '../support/http-client';
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
    expect(stale.body).toMatchObject({
      code: 'DECLARATION_VERSION_STALE',
      field: 'version',
      currentVersion: version + 1,
      message: `版本号 ${version} 已过期：该申报已被修改，当前版本为 ${version + 1}；请刷新后再修改`,
    });
    const en = await t.request('PATCH', `/api/declarations/${id}`, {
      token: sub,
      body: { version, projectName: '旧版本的修改' },
      headers: { 'accept-language': 'en' },
    });
    expect(en.body).toMatchObject({
      code: 'DECLARATION_VERSION_STALE',
      currentVersion: version + 1,
      message: `version ${version} is stale: the declaration is now at version ${version + 1}; reload and try again`,
    });
    expect((await t.get(`/api/declarations/${id}`, sub)).body.projectName).toBe('新名称');
  });

  it('says in Chinese, or in English on request, that a declaration is not there', async () => {
    const zh = await t.get('/api/declarations/999999', sub);
    expect(zh.status).toBe(404);
    expect(zh.body).toMatchObject({
      code: 'DECLARATION_NOT_FOUND',
      field: 'id',
      message: '申报（编号 999999）不存在，或不在您的查看范围内',
    });
    const en = await t.request('GET', '/api/declarations/999999', {
      token: sub,
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.body).toMatchObject({ code: 'DECLARATION_NOT_FOUND', message: 'declaration 999999 not found' });
    const { id, version } = await createValidDeclaration(t, sub);
    const ind = await t.patch(`/api/declarations/${id}/indicators/999999`, { version, name: '新名称' }, sub);
    expect(ind.status).toBe(404);
    expect(ind.body).toMatchObject({
      code: 'INDICATOR_NOT_FOUND',
      field: 'indicatorId',
      message: `申报（编号 ${id}）中没有编号为 999999 的三级指标`,
    });
  });

  it('lets only the owning department’s submitters write', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    expect(
      (await t.patch(`/api/declarations/${id}`, { version, projectName: 'x' }, w.users.submitterB.token))
        .status,
    ).toBe(404);
    const reviewer = await t.patch(
      `/api/declarations/${id}`,
      { version, projectName: 'x' },
      w.users.deptReviewer.token,
    );
    expect(reviewer.status).toBe(403);
    // A submitter of the unit above sees the declaration (its scope) but does not own it.
    const made = await t.post(
      '/api/users',
      {
        username: 'unitsubmitter',
        displayName: '单位填报人',
        password: PASSWORD,
        roles: ['submitter', 'dept_reviewer'],
        departmentId: w.unitId,
      },
      w.admin,
    );
    expect(made.status).toBe(201);
    const above = await t.patch(
      `/api/declarations/${id}`,
      { version, projectName: 'x' },
      await t.login('unitsubmitter'),
    );
    expect(above.status).toBe(403);
    expect(above.body).toMatchObject({
      code: 'DECLARATION_NOT_OWNER',
      message: '只有申报单位的填报人可以修改此申报',
    });
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

  it('refuses to change or delete a submitted declaration, naming its state in words', async () => {
    const { id, indicatorIds } = await createValidDeclaration(t, sub);
    const version = await fire(t, id, 'SUBMIT', sub);
    const header = await t.patch(`/api/declarations/${id}`, { version, projectName: '提交后修改' }, sub);
    expect(header.status).toBe(409);
    expect(header.body).toMatchObject({
      code: 'DECLARATION_STATE_NOT_EDITABLE',
      state: 'internalReview',
      message: '当前状态为「单位内部审核」，不能修改项目基本信息（只能在「编制中」状态修改）',
    });
    const target = await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version, target: '≥1(个)' },
      sub,
    );
    expect(target.body).toMatchObject({
      code: 'DECLARATION_STATE_NOT_EDITABLE',
      message:
        '当前状态为「单位内部审核」，不能修改三级指标（只能在「编制中」、「目标调整 · 编制中」状态修改）',
    });
    const del = await t.delete(`/api/declarations/${id}?version=${version}`, sub);
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('DECLARATION_NOT_DELETABLE');
    expect(del.body.message).toMatch(/^只能删除从未提交过的编制中申报；此申报处于“单位内部审核”状态/);
    expect(englishIn(del.body.message)).toBeNull();
    expect((await t.get(`/api/declarations/${id}`, sub)).body.version).toBe(version);
  });

  it('asks for the version of an indicator’s deletion, once', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    const none = await t.delete(`/api/declarations/${id}/indicators/${indicatorIds[0]}`, sub);
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({
      code: 'FIELD_REQUIRED',
      field: 'version',
      message: '版本号：必须填写',
    });
    const word = await t.delete(`/api/declarations/${id}/indicators/${indicatorIds[0]}?version=four`, sub);
    expect(word.body).toMatchObject({ code: 'FIELD_VERSION', field: 'version' });
    const twice = await t.delete(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}?version=${version}&version=${version}`,
      sub,
    );
    expect(twice.status).toBe(400);
    expect((await t.get(`/api/declarations/${id}`, sub)).body.indicators).toHaveLength(5);
  });
});

describe('a save changes only what was sent (issue 13, item 2)', () => {
  it('PATCH {"funds":{"total":…}} changes the total alone; the other four funds stay', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const before = (await t.get(`/api/declarations/${id}`, sub)).body;
    const res = await t.patch(`/api/declarations/${id}`, { funds: { total: '100000000.00' }, version }, sub);
    expect(res.status).toBe(200);
    // Before: annualRequest, currentAppropriation, carryover and other became null.
    expect(res.body.funds).toEqual({ ...VALID_HEADER.funds, total: '100000000.00' });
    const after = (await t.get(`/api/declarations/${id}`, sub)).body;
    // The actions follow from the content: a total below the annual request is an error finding
    // (FUNDS_TOTAL_BELOW_ANNUAL), so SUBMIT is now listed but not allowed. Everything stored stays.
    const { actions: _a, allowedEvents: _e, ...stored } = after;
    const { actions: _b, allowedEvents: _f, ...storedBefore } = before;
    expect(stored).toEqual({
      ...storedBefore,
      funds: { ...before.funds, total: '100000000.00' },
      version: version + 1,
      updatedAt: after.updatedAt,
    });
    expect(after.actions).toEqual([
      expect.objectContaining({ event: 'SUBMIT', allowed: false, reasonCode: 'FINDINGS_BLOCK_SUBMIT' }),
    ]);
  });

  it('null clears one fund on purpose, and nothing else', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const res = await t.patch(`/api/declarations/${id}`, { funds: { carryover: null }, version }, sub);
    expect(res.status).toBe(200);
    expect(res.body.funds).toEqual({ ...VALID_HEADER.funds, carryover: null });
    const cleared = await t.patch(
      `/api/declarations/${id}`,
      { overallGoal: null, version: version + 1 },
      sub,
    );
    expect(cleared.body).toMatchObject({ overallGoal: null, annualGoal: VALID_HEADER.annualGoal });
    expect(cleared.body.funds).toEqual({ ...VALID_HEADER.funds, carryover: null });
  });

  it('the audit record of a one-fund PATCH lists that fund alone', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    await t.patch(`/api/declarations/${id}`, { funds: { other: '1.00' }, version }, sub);
    const events = (await t.get(`/api/audit/events?declarationId=${id}&limit=1`, w.users.auditor.token)).body
      .items as Array<{ action: string; changes: Array<{ field: string }> }>;
    expect(events[0].action).toBe('declaration.updated');
    expect(events[0].changes.map((c) => c.field)).toEqual(['funds.other']);
  });

  it('PATCH of an indicator changes the fields sent; null clears a target on purpose', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    const before = (await t.get(`/api/declarations/${id}`, sub)).body.indicators[0];
    const named = await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version, name: '开展建设项目个数' },
      sub,
    );
    expect(named.status).toBe(200);
    expect(named.body.indicator).toEqual({ ...before, name: '开展建设项目个数' });
    const weighted = await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version: version + 1, weight: '12.50' },
      sub,
    );
    expect(weighted.body.indicator).toEqual({ ...before, name: '开展建设项目个数', weight: '12.50' });
    const cleared = await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[0]}`,
      { version: version + 2, target: null },
      sub,
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body.indicator).toEqual({
      ...before,
      name: '开展建设项目个数',
      weight: '12.50',
      target: null,
    });
  });
});

describe('the form’s words where codes are expected', () => {
  it('accepts 一级/二级 names in Chinese for the codes, and answers with the codes', async () => {
    const { id, version } = await createValidDeclaration(t, sub);
    const res = await t.post(
      `/api/declarations/${id}/indicators`,
      { version, level1: '产出指标', level2: '数量指标', name: '新建系统数量', target: '≥3(个)' },
      sub,
    );
    expect(res.status).toBe(201);
    expect(res.body.indicator).toMatchObject({ level1: 'output', level2: 'quantity', name: '新建系统数量' });
    const moved = await t.patch(
      `/api/declarations/${id}/indicators/${res.body.indicator.id}`,
      { version: res.body.version, level2: '质量指标' },
      sub,
    );
    expect(moved.status).toBe(200);
    expect(moved.body.indicator.level2).toBe('quality');
    const benefit = await t.post(
      `/api/declarations/${id}/indicators`,
      {
        version: moved.body.version,
        level1: '效益指标',
        level2: '可持续影响指标',
        name: '长效机制',
        target: '健全',
      },
      sub,
    );
    expect(benefit.body.indicator).toMatchObject({ level1: 'benefit', level2: 'sustainability' });
  });
});

describe('bad input is a 4xx naming the field, and changes nothing', () => {
  const bad: Array<[string, Record<string, unknown>, string, string, RegExp]> = [
    [
      'money as a JSON number',
      { funds: { total: 12.5 } },
      'FIELD_MONEY',
      'funds.total',
      /^项目资金总额：金额须为/,
    ],
    [
      'over-precise money',
      { funds: { total: '12.345' } },
      'FIELD_MONEY',
      'funds.total',
      /^项目资金总额：金额须为/,
    ],
    [
      'negative money',
      { funds: { carryover: '-1.00' } },
      'FIELD_MONEY',
      'funds.carryover',
      /^上年结转资金：/,
    ],
    [
      'dates out of order',
      { plannedStart: '2026-12-01', plannedEnd: '2026-01-01' },
      'DECLARATION_DATES_ORDER',
      'plannedEnd',
      /^计划完成日期 2026-01-01 早于计划开始日期 2026-12-01$/,
    ],
    [
      'an impossible date',
      { plannedStart: '2026-02-30' },
      'FIELD_DATE_INVALID',
      'plannedStart',
      /^计划开始日期：2026-02-30 不是有效的日期$/,
    ],
    [
      'a 10,000-character name',
      { projectName: '名'.repeat(10_000) },
      'FIELD_TOO_LONG',
      'projectName',
      /^项目名称：不能超过 500 个字符$/,
    ],
    ['an unknown field', { colour: 'red' }, 'FIELD_UNKNOWN', 'colour', /：不是此处可接受的字段$/],
    ['a year as text', { year: '2026' }, 'FIELD_INTEGER', 'year', /^年度：须为整数$/],
    ['a year out of range', { year: 1999 }, 'FIELD_RANGE', 'year', /^年度：须在 2000 到 2100 之间$/],
  ];
  for (const [what, body, code, field, message] of bad) {
    it(what, async () => {
      const before = (await t.get('/api/declarations?limit=500', sub)).body.items.length;
      const res = await t.post('/api/declarations', { ...VALID_HEADER, ...body }, sub);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(code);
      expect(namesField(res.body, field)).toBe(true);
      expect(res.body.message).toMatch(message);
      // The only Latin letters allowed are the unknown key the client sent itself.
      if (code !== 'FIELD_UNKNOWN') expect(englishIn(res.body.message)).toBeNull();
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
    expect(pair.body).toMatchObject({
      code: 'INDICATOR_LEVEL2_MISMATCH',
      field: 'level2',
      message:
        '二级指标“社会效益指标”不属于一级指标“产出指标”；产出指标下可选：数量指标、质量指标、时效指标、成本指标',
    });
    const code = await t.post(
      `/api/declarations/${id}/indicators`,
      { version, level1: 'outcome', level2: 'quantity', name: 'x', target: '及时' },
      sub,
    );
    expect(code.status).toBe(400);
    expect(code.body).toMatchObject({
      code: 'FIELD_ONE_OF',
      field: 'level1',
      message: '一级指标：须为以下之一：产出指标、效益指标、满意度指标',
    });
    const codeEn = await t.request('POST', `/api/declarations/${id}/indicators`, {
      token: sub,
      body: { version, level1: 'outcome', level2: 'quantity', name: 'x', target: '及时' },
      headers: { 'accept-language': 'en' },
    });
    expect(codeEn.body.message).toBe('level-1 category: must be one of output, benefit, satisfaction');
    const target = await t.post(
      `/api/declarations/${id}/indicators`,
      { version, level1: 'output', level2: 'quality', name: 'x', target: '≥9x(%)' },
      sub,
    );
    expect(target.status).toBe(400);
    expect(target.body).toMatchObject({ code: 'TARGET_NOTATION_NUMBER_EXPECTED', field: 'target' });
    expect(target.body.message).toMatch(/^年度指标值“≥9x\(%\)”：比较符号 ≥ 后应为数值（此处为“9x”/);
    const percent = await t.post(
      `/api/declarations/${id}/indicators`,
      { version, level1: 'output', level2: 'quality', name: 'x', target: '≥ 95 %' },
      sub,
    );
    expect(percent.body).toMatchObject({ code: 'TARGET_NOTATION_UNIT_EXPECTED', field: 'target' });
    expect(percent.body.message).toBe('年度指标值“≥ 95 %”：计量单位须写在括号中（此处为“%”），应写作 ≥95(%)');
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
      for (const res of [created, edited]) {
        expect(res.body).toMatchObject({
          code: target === longNumber ? 'TARGET_NOTATION_NUMBER_TOO_LONG' : 'TARGET_NOTATION_UNIT_TOO_LONG',
          field: 'target',
        });
        expect(res.body.message).toMatch(
          target === longNumber
            ? /^年度指标值“≥9{41}\(%\)”：数值有 41 个字符，最多 40 个$/
            : /^年度指标值“≥95\(次{51}\)”：计量单位有 51 个字符，最多 50 个$/,
        );
      }
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
      message: string;
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
      field: 'funds.annualRequest',
      message: '年度资金申请总额 100.00 元不等于当年财政拨款、上年结转资金与其他资金之和 60.00 元',
    });
    for (const f of findings)
      expect({ code: f.code, english: englishIn(f.message) }).toEqual({ code: f.code, english: null });
    const { id } = await createValidDeclaration(t, sub);
    const clean = (await t.get(`/api/declarations/${id}/findings`, sub)).body as Array<{ severity: string }>;
    expect(clean.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('point at the indicator: its id, its field, its place in the form, and what to do', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    await t.patch(`/api/declarations/${id}/indicators/${indicatorIds[2]}`, { version, target: null }, sub);
    const findings = (await t.get(`/api/declarations/${id}/findings`, sub)).body;
    // (The valid declaration has no cost indicator: NO_COST_INDICATOR, info, comes first.)
    expect(findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([
      {
        severity: 'error',
        code: 'TARGET_MISSING',
        message: '三级指标“项目完成及时性”缺少年度指标值',
        path: 'indicators[2].target',
        field: 'target',
        indicatorId: indicatorIds[2],
        labelPath: '产出指标 / 时效指标 / 项目完成及时性',
        hint: '请填写年度指标值：定量指标写作“比较符号 数值(单位)”，例如 ≥95(%)；定性指标写文字，例如“及时”。',
        params: { name: '项目完成及时性' },
      },
    ]);
    const en = await t.request('GET', `/api/declarations/${id}/findings`, {
      token: sub,
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.find((f: { code: string }) => f.code === 'TARGET_MISSING')).toMatchObject({
      code: 'TARGET_MISSING',
      message: 'indicator "项目完成及时性" has no target',
      indicatorId: indicatorIds[2],
      labelPath: '产出指标 / 时效指标 / 项目完成及时性',
      hint: expect.stringMatching(/^Fill in the target: /),
    });
  });

  it('warn on a target kept as words that reads as a number, proposing the notation', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    const res = await t.patch(
      `/api/declarations/${id}/indicators/${indicatorIds[1]}`,
      { version, target: '不低于95%' },
      sub,
    );
    expect(res.body.indicator.target).toMatchObject({ kind: 'qualitative', text: '不低于95%' });
    const findings = (await t.get(`/api/declarations/${id}/findings`, sub)).body.filter(
      (f: { severity: string }) => f.severity !== 'info',
    );
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'TARGET_LOOKS_QUANTITATIVE',
        indicatorId: indicatorIds[1],
        field: 'target',
        labelPath: '产出指标 / 质量指标 / 非重大项目验收通过率',
        message:
          '三级指标“非重大项目验收通过率”的年度指标值“不低于95%”看起来是定量指标，却按文字（定性指标）保存',
        params: expect.objectContaining({ proposed: '≥95(%)' }),
      }),
    ]);
    expect(findings[0].hint).toMatch(/^如为定量指标，请写作 ≥95\(%\)（比较符号、数值、括号中的计量单位）/);
    // A warning: SUBMIT goes on.
    expect((await t.get(`/api/declarations/${id}`, sub)).body.allowedEvents).toContain('SUBMIT');
  });
});
