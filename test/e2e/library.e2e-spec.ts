import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { createValidDeclaration, fire } from '../support/factories';
import { PASSWORD } from '../support/http-client';
import { cleanEvaluationBody, monitored, openYear, versionOf } from '../support/lifecycle';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * The indicator library (指标库, issue 18 item 1) through the API: seeded from the fixture's 126
 * indicators; 入库 / 修改 / 出库 as proposals through the bureau's two approvals by two different
 * reviewers, each step audited on the library's chain; picked in a declaration (the link, the
 * INDICATOR_NOT_IN_LIBRARY info finding); the lineage of a linked indicator across years (last
 * year's target, actual and score); the workbook out and back in as proposals.
 */

let t: TestApp;
let w: World;
let sub: string;
let b1: string;
let b2: string;
let b3: string;
const multipart = (filename: string, data: Buffer) => {
  const boundary = '----pd-library-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
};
const entryNamed = async (name: string, token = sub) =>
  (await t.get(`/api/library/entries?search=${encodeURIComponent(name)}&year=2026`, token)).body.items.find(
    (e: { name: string }) => e.name === name,
  );
const decide = async (id: number, event: string, token: string, comment?: string) => {
  const p = (await t.get(`/api/library/proposals/${id}`, token)).body;
  return t.post(`/api/library/proposals/${id}/transitions`, { event, version: p.version, comment }, token);
};

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
  b1 = w.users.bureauReviewer.token;
  for (const name of ['bureau2', 'bureau3']) {
    const res = await t.post(
      '/api/users',
      {
        username: name,
        displayName: name,
        password: PASSWORD,
        roles: ['bureau_reviewer'],
        departmentId: w.bureauId,
      },
      w.admin,
    );
    expect(res.status).toBe(201);
  }
  b2 = await t.login('bureau2');
  b3 = await t.login('bureau3');
}, 60_000);
afterAll(async () => t?.close());

describe('the seeded library', () => {
  it("holds the fixture's 126 indicators as 118 entries, explanations blank, readable by every role", async () => {
    const all = await t.get('/api/library/entries?limit=500', sub);
    expect(all.status).toBe(200);
    expect(all.body.matching).toBe(118);
    const e = all.body.items.find((x: { name: string }) => x.name === '开展建设项目数量');
    expect(e).toMatchObject({
      level1: 'output',
      level1Label: '产出指标',
      level2: 'quantity',
      level2Label: '数量指标',
      unit: '个',
      direction: 'higher',
      directionLabel: '越高越好',
      definition: null,
      formula: null,
      dataSource: null,
      scoringStandard: null,
      validFrom: 2026,
      validTo: null,
      status: 'active',
      statusLabel: '在库',
    });
    for (const key of ['deptReviewer', 'bureauReviewer', 'auditor', 'admin'] as const)
      expect((await t.get('/api/library/entries?limit=1', w.users[key].token)).status).toBe(200);
  });

  it('searches by words of the name or the code, by level, and by the year a declaration may pick', async () => {
    const bySearch = await t.get(
      `/api/library/entries?search=${encodeURIComponent('满意度')}&level1=satisfaction`,
      sub,
    );
    expect(bySearch.body.matching).toBeGreaterThan(0);
    expect(
      bySearch.body.items.every(
        (e: { name: string; level1: string }) => e.name.includes('满意度') && e.level1 === 'satisfaction',
      ),
    ).toBe(true);
    expect(
      (await t.get('/api/library/entries?search=ZB0001', sub)).body.items.map(
        (e: { code: string }) => e.code,
      ),
    ).toEqual(['ZB0001']);
    expect((await t.get('/api/library/entries?year=2025', sub)).body.matching).toBe(0);
    expect((await t.get('/api/library/entries?level1=产出指标&limit=1', sub)).status).toBe(200);
    const bad = await t.get('/api/library/entries?level1=xx', sub);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('一级指标');
  });
});

describe('proposals through two approvals', () => {
  let added: number;

  it('adds an entry (入库) only after two other bureau reviewers approved, each step audited', async () => {
    const made = await t.post(
      '/api/library/proposals',
      {
        operation: '入库',
        entry: {
          code: 'ZB9001',
          level1: 'output',
          level2: 'quantity',
          name: '数据共享交换次数',
          definition: '年度内通过平台完成的数据共享交换次数',
          formula: '∑ 每月交换次数',
          dataSource: '数据共享交换平台日志',
          scoringStandard: '达到目标值得满分，每低 10% 扣 1 分',
          direction: 'higher',
          unit: '次',
          sector: '2130101',
          validFrom: 2026,
        },
        reason: '新增共享交换考核指标',
      },
      b1,
    );
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      operation: 'add',
      operationLabel: '入库',
      stage: 'proposed',
      stageLabel: '待初审',
    });
    // What is proposed, in the entry's order and in words.
    expect(
      made.body.changes.map((c: { label: string; afterText: string }) => `${c.label}：${c.afterText}`),
    ).toEqual([
      '指标编码：ZB9001',
      '一级指标：产出指标',
      '二级指标：数量指标',
      '三级指标名称：数据共享交换次数',
      '指标解释：年度内通过平台完成的数据共享交换次数',
      '计算公式：∑ 每月交换次数',
      '数据来源：数据共享交换平台日志',
      '评（扣）分标准：达到目标值得满分，每低 10% 扣 1 分',
      '指标方向：越高越好',
      '计量单位：次',
      '支出功能分类：2130101',
      '有效起始年度：2026',
    ]);
    const id = made.body.id as number;
    // Not in the library yet.
    expect((await t.get('/api/library/entries?search=ZB9001', sub)).body.matching).toBe(0);
    // The proposer may not approve it (segregation of duties); the reason is given beside the button.
    expect(made.body.actions.find((a: { event: string }) => a.event === 'APPROVE')).toMatchObject({
      allowed: false,
      reason: '不能审批本人提出的指标库变更申请（不相容职责分离）',
    });
    const own = await decide(id, 'APPROVE', b1);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('LIBRARY_OWN_PROPOSAL');
    const first = await decide(id, 'APPROVE', b2);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      stage: 'firstApproved',
      stageLabel: '待复审',
      firstApprovedByName: 'bureau2',
    });
    const same = await decide(id, 'APPROVE', b2);
    expect(same.status).toBe(403);
    expect(same.body.code).toBe('LIBRARY_SECOND_APPROVER_SAME');
    expect(same.body.message).toContain('另一位数据局审核人');
    const second = await decide(id, 'APPROVE', b3);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ stage: 'applied', stageLabel: '已生效', decidedByName: 'bureau3' });
    added = second.body.entryId;
    const entry = (await t.get(`/api/library/entries/${added}`, sub)).body;
    expect(entry).toMatchObject({ code: 'ZB9001', name: '数据共享交换次数', unit: '次', sector: '2130101' });
    const again = await decide(id, 'APPROVE', b1);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LIBRARY_EVENT_NOT_ALLOWED_IN_STATE');

    const events = (await t.get('/api/audit/events?limit=50', w.users.auditor.token)).body.items as Array<{
      action: string;
      entityId: string;
    }>;
    const ours = events.filter((e) => e.action.startsWith('library.')).map((e) => e.action);
    expect(ours.slice(0, 4).reverse()).toEqual([
      'library.proposed',
      'library.approved',
      'library.approved',
      'library.entry_added',
    ]);
    const verify = await t.get('/api/audit/verify', w.users.auditor.token);
    expect(verify.body.ok).toBe(true);
  });

  it('changes (修改) and retires (出库) an entry the same way; a return needs a reason; a retired entry stays readable', async () => {
    const change = await t.post(
      '/api/library/proposals',
      {
        operation: 'change',
        entryId: added,
        entry: { definition: '通过平台完成的共享交换次数（不含测试）' },
      },
      b1,
    );
    expect(change.status).toBe(201);
    expect(change.body.changes).toEqual([
      {
        field: 'definition',
        label: '指标解释',
        before: '年度内通过平台完成的数据共享交换次数',
        after: '通过平台完成的共享交换次数（不含测试）',
        beforeText: '年度内通过平台完成的数据共享交换次数',
        afterText: '通过平台完成的共享交换次数（不含测试）',
      },
    ]);
    const second = await t.post('/api/library/proposals', { operation: 'retire', entryId: added }, b1);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('LIBRARY_ENTRY_PENDING');
    const noReason = await decide(change.body.id, 'RETURN', b2);
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('LIBRARY_RETURN_REASON_REQUIRED');
    const returned = await decide(change.body.id, 'RETURN', b2, '解释口径与计算公式不一致');
    expect(returned.body).toMatchObject({ stage: 'returned', returnComment: '解释口径与计算公式不一致' });
    expect((await t.get(`/api/library/entries/${added}`, sub)).body.definition).toBe(
      '年度内通过平台完成的数据共享交换次数',
    );

    const retire = await t.post(
      '/api/library/proposals',
      { operation: '出库', entryId: added, reason: '口径并入 ZB0001' },
      b1,
    );
    expect(retire.status).toBe(201);
    await decide(retire.body.id, 'APPROVE', b2);
    expect((await decide(retire.body.id, 'APPROVE', b3)).body.stage).toBe('applied');
    const entry = (await t.get(`/api/library/entries/${added}`, sub)).body;
    expect(entry).toMatchObject({ status: 'retired', statusLabel: '已出库' });
    expect((await t.get('/api/library/entries?search=ZB9001', sub)).body.matching).toBe(0);
    expect((await t.get('/api/library/entries?search=ZB9001&retired=true', sub)).body.matching).toBe(1);
    expect((await t.get('/api/library/entries?search=ZB9001&year=2026', sub)).body.matching).toBe(0);
  });

  it('refuses what is malformed or not the bureau’s, in Chinese naming the field', async () => {
    const sub403 = await t.post('/api/library/proposals', { operation: 'add' }, sub);
    expect(sub403.status).toBe(403);
    const missing = await t.post(
      '/api/library/proposals',
      { operation: 'add', entry: { code: 'ZB9100' } },
      b1,
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'LIBRARY_FIELD_REQUIRED_FOR_KIND', field: 'entry.level1' });
    expect(missing.body.message).toBe('一级指标：入库申请必须填写');
    const taken = await t.post(
      '/api/library/proposals',
      {
        operation: 'add',
        entry: {
          code: 'ZB0001',
          level1: 'output',
          level2: 'quantity',
          name: 'x',
          direction: 'higher',
          unit: '个',
          validFrom: 2026,
        },
      },
      b1,
    );
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('LIBRARY_CODE_TAKEN');
    const mismatch = await t.post(
      '/api/library/proposals',
      {
        operation: 'add',
        entry: {
          code: 'ZB9101',
          level1: 'output',
          level2: 'social',
          name: 'x',
          direction: 'qualitative',
          validFrom: 2026,
        },
      },
      b1,
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toBe('二级指标：“社会效益指标”不属于一级指标“产出指标”');
    const unit = await t.post(
      '/api/library/proposals',
      {
        operation: 'add',
        entry: {
          code: 'ZB9102',
          level1: 'output',
          level2: 'quantity',
          name: 'x',
          direction: 'higher',
          validFrom: 2026,
        },
      },
      b1,
    );
    expect(unit.body).toMatchObject({ code: 'LIBRARY_UNIT_REQUIRED', field: 'entry.unit' });
    const nothing = await t.post(
      '/api/library/proposals',
      { operation: 'change', entryId: 1, entry: {} },
      b1,
    );
    expect(nothing.body.code).toBe('LIBRARY_CHANGE_EMPTY');
  });
});

describe('picking from the library, and the lineage across years', () => {
  let decl: { id: number; indicatorIds: number[] };
  let quantityEntry: { id: number; name: string };

  it('links an indicator to an entry: levels and name from the entry, the others flagged INDICATOR_NOT_IN_LIBRARY (info)', async () => {
    decl = await createValidDeclaration(t, sub, { projectName: '数字化建设' });
    quantityEntry = await entryNamed('开展建设项目数量');
    const version = await versionOf(t, decl.id, sub);
    const link = await t.post(
      `/api/declarations/${decl.id}/indicators/${decl.indicatorIds[0]}/library-link`,
      { version, libraryEntryId: quantityEntry.id },
      sub,
    );
    expect(link.status).toBe(200);
    expect(link.body.indicator).toMatchObject({
      libraryEntryId: quantityEntry.id,
      name: '开展建设项目数量',
      target: { display: '≥150.00(个)' },
    });
    const findings = (await t.get(`/api/declarations/${decl.id}/findings`, sub)).body as Array<{
      code: string;
      severity: string;
      indicatorId?: number;
      message: string;
    }>;
    const notIn = findings.filter((f) => f.code === 'INDICATOR_NOT_IN_LIBRARY');
    expect(notIn.map((f) => f.indicatorId)).toEqual(decl.indicatorIds.slice(1));
    expect(notIn.every((f) => f.severity === 'info')).toBe(true);
    const history = (await t.get(`/api/indicators/${decl.indicatorIds[0]}/history`, w.users.auditor.token))
      .body;
    expect(JSON.stringify(history)).toContain('libraryEntryId');
  });

  it('refuses an entry that is retired, unknown, or not valid for the year', async () => {
    const version = await versionOf(t, decl.id, sub);
    const retired = (await t.get('/api/library/entries?search=ZB9001&retired=true', sub)).body.items[0];
    const r1 = await t.post(
      `/api/declarations/${decl.id}/indicators/${decl.indicatorIds[1]}/library-link`,
      { version, libraryEntryId: retired.id },
      sub,
    );
    expect(r1.status).toBe(409);
    expect(r1.body.code).toBe('LIBRARY_ENTRY_RETIRED');
    const r2 = await t.post(
      `/api/declarations/${decl.id}/indicators`,
      { version, level1: 'output', level2: 'quantity', name: 'x', libraryEntryId: 999999 },
      sub,
    );
    expect(r2.status).toBe(404);
    expect(r2.body).toMatchObject({ code: 'LIBRARY_ENTRY_NOT_FOUND', field: 'libraryEntryId' });
    expect(r2.body.message).toBe('指标库指标：指标库中没有编号为 999999 的指标');
    const old = await createValidDeclaration(t, sub, {
      year: 2025,
      projectName: '旧项目',
      plannedStart: '2025-01-01',
      plannedEnd: '2025-12-31',
    });
    const r3 = await t.post(
      `/api/declarations/${old.id}/indicators/${old.indicatorIds[0]}/library-link`,
      { version: old.version, libraryEntryId: quantityEntry.id },
      sub,
    );
    expect(r3.status).toBe(409);
    expect(r3.body.code).toBe('LIBRARY_ENTRY_NOT_VALID_FOR_YEAR');
    expect(r3.body.message).toContain('不适用于 2025 年度');
  });

  it("shows next year's copy the same indicator's 2026 target, actual and score", async () => {
    await fire(t, decl.id, 'SUBMIT', sub);
    await fire(t, decl.id, 'APPROVE', w.users.deptReviewer.token);
    await fire(t, decl.id, 'APPROVE', b1);
    await openYear(t, w, 'monitoring');
    await monitored(t, w, decl);
    await openYear(t, w, 'evaluation');
    const body = cleanEvaluationBody(await versionOf(t, decl.id, sub), decl.indicatorIds);
    body.entries[0] = { indicatorId: decl.indicatorIds[0], actual: '142' };
    (body.entries[0] as Record<string, unknown>).deviationAnalysis = '部分项目延期至次年';
    const ev = await t.put(`/api/declarations/${decl.id}/evaluation`, body, sub);
    expect(ev.status).toBe(200);
    const next = await t.post(`/api/declarations/${decl.id}/next-year`, {}, sub);
    expect(next.status).toBe(201);
    expect(next.body.indicators[0]).toMatchObject({
      name: '开展建设项目数量',
      libraryEntryId: quantityEntry.id,
    });
    expect(next.body.indicators[1].libraryEntryId).toBeNull();
    const lineage = await t.get(`/api/declarations/${next.body.id}/indicator-lineage`, sub);
    expect(lineage.status).toBe(200);
    expect(lineage.body.years.map((y: { year: number }) => y.year)).toEqual([2026]);
    expect(lineage.body.indicators).toEqual([
      {
        indicatorId: next.body.indicators[0].id,
        libraryEntryId: quantityEntry.id,
        entryCode: expect.any(String),
        entryName: '开展建设项目数量',
        entryStatus: 'active',
        history: [
          {
            year: 2026,
            declarationId: decl.id,
            indicatorId: decl.indicatorIds[0],
            name: '开展建设项目数量',
            target: '≥150.00(个)',
            actual: '142',
            actualSource: 'evaluation',
            score: expect.stringMatching(/^\d+\.\d{2}$/),
            weight: expect.stringMatching(/^\d+\.\d{2}$/),
          },
        ],
      },
    ]);
    const h = lineage.body.indicators[0].history[0];
    // 142 of 150 at its weight (§6: w·a/t).
    expect(Number(h.score)).toBeCloseTo((Number(h.weight) * 142) / 150, 1);
    // Another department's submitter does not see the declaration.
    expect(
      (await t.get(`/api/declarations/${next.body.id}/indicator-lineage`, w.users.submitterB.token)).status,
    ).toBe(404);
  });
});

describe('the workbook', () => {
  it('exports every entry under the Chinese headers, and imports changed and new rows as proposals', async () => {
    const res = await t.get('/api/library/export.xlsx', sub);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    const ws = wb.getWorksheet('指标库')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([
      '指标编码',
      '一级指标',
      '二级指标',
      '三级指标名称',
      '指标解释',
      '计算公式',
      '数据来源',
      '评（扣）分标准',
      '指标方向',
      '计量单位',
      '支出功能分类',
      '有效起始年度',
      '有效截止年度',
      '状态',
    ]);
    expect(ws.rowCount).toBe(1 + 119);
    const row2 = ws.getRow(2);
    expect([row2.getCell(1).value, row2.getCell(2).value, row2.getCell(14).value]).toEqual([
      'ZB0001',
      '产出指标',
      '在库',
    ]);
    // The bureau fills ZB0001's explanation and adds a row.
    row2.getCell(5).value = '年度内开工建设的项目个数';
    ws.addRow([
      'ZB9200',
      '效益指标',
      '社会效益指标',
      '跨部门协同事项数',
      '',
      '',
      '',
      '',
      '越高越好',
      '项',
      '',
      2027,
      '',
      '',
    ]);
    const upload = Buffer.from(await wb.xlsx.writeBuffer());
    const dry = await t.request('POST', '/api/library/import?dryRun=true', {
      token: b1,
      raw: multipart('lib.xlsx', upload),
    });
    expect(dry.status).toBe(200);
    expect(dry.body.proposalIds).toEqual([]);
    expect(dry.body.rows.filter((r: { operation: string | null }) => r.operation)).toEqual([
      {
        row: 2,
        code: 'ZB0001',
        name: expect.any(String),
        operation: 'change',
        operationLabel: '修改',
        changedFields: ['definition'],
      },
      {
        row: 121,
        code: 'ZB9200',
        name: '跨部门协同事项数',
        operation: 'add',
        operationLabel: '入库',
        changedFields: [],
      },
    ]);
    const real = await t.request('POST', '/api/library/import', {
      token: b1,
      raw: multipart('lib.xlsx', upload),
    });
    expect(real.status).toBe(200);
    expect(real.body.proposalIds).toHaveLength(2);
    const open = (await t.get('/api/library/proposals?stage=open', b2)).body.items as Array<{
      id: number;
      reason: string;
    }>;
    expect(open.filter((p) => real.body.proposalIds.includes(p.id)).map((p) => p.reason)).toEqual([
      '由 Excel 导入',
      '由 Excel 导入',
    ]);
  });

  it('refuses a workbook with wrong cells naming each row and column, importing nothing', async () => {
    const res = await t.get('/api/library/export.xlsx', sub);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as Buffer);
    const ws = wb.getWorksheet('指标库')!;
    ws.addRow(['ZB9300', '产出', '数量指标', '', '', '', '', '', '越高越好', '个', '', 'x', '', '']);
    const before = (await t.get('/api/library/proposals', b1)).body.items.length;
    const bad = await t.request('POST', '/api/library/import', {
      token: b1,
      raw: multipart('bad.xlsx', Buffer.from(await wb.xlsx.writeBuffer())),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('LIBRARY_IMPORT_INVALID');
    const row = ws.rowCount;
    expect(bad.body.details.map((d: { message: string }) => d.message)).toEqual([
      `第 ${row} 行 B 列（一级指标）：须为以下之一：产出指标、效益指标、满意度指标`,
      `第 ${row} 行 D 列（三级指标名称）：必须填写`,
      `第 ${row} 行 L 列（有效起始年度）：须为四位年份，如 2026`,
    ]);
    expect((await t.get('/api/library/proposals', b1)).body.items.length).toBe(before);
  });
});
