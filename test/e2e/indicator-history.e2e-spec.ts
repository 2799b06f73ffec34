import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { AuditWriteBatches } from '../../src/audit/audit-write-batches';
import { createValidDeclaration, EXCELLENT_REVIEW, fire } from '../support/factories';
import { approvedDeclaration } from '../support/lifecycle';
import { FAILING_AUDIT, failingAudit } from '../support/failing-audit';
import { startTestApp, type Res, type TestApp } from '../support/test-app';
import { onPostgres } from '../support/test-db';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 12, item 5: every change of an indicator is an indicator-level audit event, so that
 * `GET /api/indicators/:id/history` tells an indicator's whole life: replaying the field
 * changes of its history from nothing gives the indicator as it is now (or nothing, once it is
 * deleted). The reproductions first, then a property test that runs random sequences of
 * imports, edits, approvals, adjustments and cancels and replays every indicator it saw.
 */

/** Runs of the property (each a sequence of up to MAX_OPS commands); HISTORY_SEED replays one. */
const RUNS = Number(process.env.HISTORY_RUNS ?? 40);
const SEED = process.env.HISTORY_SEED ? Number(process.env.HISTORY_SEED) : Date.now() % 2 ** 31;
const MAX_OPS = 20;

let t: TestApp;
let w: World;
let sub: string;
let aud: string;
const stats = { runs: 0, ops: {} as Record<string, number>, indicatorsChecked: 0 };

beforeAll(async () => {
  t = await startTestApp({}, undefined, [FAILING_AUDIT]);
  w = await buildWorld(t);
  sub = w.users.submitter.token;
  aud = w.users.auditor.token;
}, 60_000);
afterAll(async () => {
  console.log(
    `indicator history (${onPostgres ? 'PostgreSQL' : 'SQLite'}): seed ${SEED}, ${stats.runs} runs, ` +
      `${stats.indicatorsChecked} indicator histories replayed, commands ${JSON.stringify(stats.ops)}`,
  );
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// Replaying a history

/** The audited fields of an indicator (docs/audit.md), as the declaration view shows them. */
const FIELDS = ['level1', 'level2', 'costType', 'name', 'target', 'weight', 'position'] as const;
type Fields = Record<(typeof FIELDS)[number], unknown>;

interface HistoryEntry {
  action: string;
  state: string | null;
  reason: string | null;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
}

function fieldsOf(view: Record<string, unknown>): Fields {
  return Object.fromEntries(FIELDS.map((f) => [f, view[f] ?? null])) as Fields;
}

/**
 * The indicator its history describes: from nothing, each event's changes applied in order.
 * Each change's `before` must be what the replay holds at that point (an event missing in
 * between shows up here, not only at the end); a deletion leaves nothing.
 */
function replay(id: number, history: HistoryEntry[]): Fields | null {
  let cur: Fields | null = null;
  for (const [n, e] of history.entries()) {
    const at = `indicator ${id}, event ${n + 1} (${e.action}, ${e.reason ?? 'no reason'})`;
    if (e.action === 'indicator.created') {
      if (cur) throw new Error(`${at}: created while it exists`);
      cur = fieldsOf({});
    } else if (!cur) throw new Error(`${at}: the indicator does not exist at this point`);
    for (const c of e.changes) {
      if (!(FIELDS as readonly string[]).includes(c.field))
        throw new Error(`${at}: unknown field ${c.field}`);
      const held = cur[c.field as keyof Fields];
      if (!isDeepStrictEqual(held, c.before))
        throw new Error(
          `${at}: ${c.field} was ${JSON.stringify(held)} by the history, the event says ${JSON.stringify(c.before)}`,
        );
      cur[c.field as keyof Fields] = c.after;
    }
    if (e.action === 'indicator.deleted') {
      if (FIELDS.some((f) => cur![f] !== null))
        throw new Error(`${at}: deleted without clearing every field`);
      cur = null;
    }
  }
  return cur;
}

async function history(id: number): Promise<Res<HistoryEntry[]>> {
  return t.get(`/api/indicators/${id}/history`, aud);
}

/** The history of one indicator, replayed, against what the declaration shows now. */
async function expectHistoryMatches(id: number, now: Fields | null): Promise<void> {
  const res = await history(id);
  expect(res.status).toBe(200);
  expect(replay(id, res.body)).toEqual(now);
}

async function declaration(id: number, token = sub): Promise<Res> {
  return t.get(`/api/declarations/${id}`, token);
}

// ---------------------------------------------------------------------------------------------
// Importing

function multipart(filename: string, data: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----pd-history-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

interface Row {
  level1: string;
  level2: string;
  name: string;
  target: string;
}

const L1 = { output: '产出指标', benefit: '效益指标', satisfaction: '满意度指标' } as Record<string, string>;
const L2 = {
  quantity: '数量指标',
  quality: '质量指标',
  timeliness: '时效指标',
  social: '社会效益指标',
  ecological: '生态效益指标',
  serviceSatisfaction: '服务对象满意度指标',
} as Record<string, string>;

/** One declaration of the summary table (the layout of test/fixtures), with these indicators from line 14 on. */
function summaryTable(projectName: string, rows: Row[]): string {
  const head = [
    '财政项目支出绩效目标申报表\t\t\t\t\t',
    '(2026 年度)\t\t\t\t\t',
    `项目名称\t${projectName}\t项目性质\t经常性专项业务费\t项目类别\t特定目标类`,
    '主管部门\t上海市绿化和市容管理局\t实施单位\t上海市绿化指导站\t\t',
    '计划开始日期\t2026-01-01\t计划完成日期\t2026-12-31\t\t',
    '项目资金 (元)\t项目资金总额:\t960,000.00\t年度资金申请总额:\t960,000.00\t',
    '\t其中: 财政资金\t\t其中: 当年财政拨款\t960,000.00\t',
    '\t\t\t上年结转资金\t0.00\t',
    '\t其他资金\t\t其他资金\t0.00\t',
    '项目 绩效 目标\t项目总目标\t\t年度总体目标\t\t',
    '\t\t\t完成全市行道树健康监测。\t\t',
    '\t一级指标\t二级指标\t三级指标\t年度(/项目)指标值',
  ];
  const body = rows.map(
    (r, n) => `${n === 0 ? '绩效 指标' : ''}\t${L1[r.level1]}\t${L2[r.level2]}\t${r.name}\t${r.target}`,
  );
  return [...head, ...body, ''].join('\n');
}
const FIRST_INDICATOR_LINE = 13;

async function importText(filename: string, text: string): Promise<number> {
  const res = await t.request('POST', '/api/imports/declarations', {
    token: sub,
    raw: multipart(filename, Buffer.from(text, 'utf8')),
  });
  if (res.status !== 200 || res.body.created !== 1) throw new Error(`import: ${res.status} ${res.text}`);
  return res.body.declarations[0].id;
}

async function importXlsxOf(id: number, filename: string): Promise<number> {
  const xlsx = await t.get(`/api/declarations/${id}/export.xlsx`, sub);
  if (xlsx.status !== 200) throw new Error(`export ${id}: ${xlsx.status}`);
  const res = await t.request('POST', '/api/imports/declarations', {
    token: sub,
    raw: multipart(filename, xlsx.body as Buffer),
  });
  if (res.status !== 200 || res.body.created !== 1) throw new Error(`import xlsx: ${res.status} ${res.text}`);
  return res.body.declarations[0].id;
}

const TREES: Row[] = [
  { level1: 'output', level2: 'quantity', name: '监测行道树数量', target: '≥120000.00(株)' },
  { level1: 'output', level2: 'timeliness', name: '监测报告提交及时性', target: '及时' },
  { level1: 'benefit', level2: 'ecological', name: '行道树存活率', target: '≥99.00(%)' },
  { level1: 'satisfaction', level2: 'serviceSatisfaction', name: '市民满意度', target: '≥90.00(%)' },
];

// ---------------------------------------------------------------------------------------------
// The reproductions of the issue

describe('an imported indicator', () => {
  it('has a history from the import on, naming the file and the line, that replays to what it is', async () => {
    const id = await importText('trees-2026.txt', summaryTable('行道树养护监测', TREES));
    const d = (await declaration(id)).body;
    expect(d.indicators).toHaveLength(4);
    for (const [n, ind] of d.indicators.entries()) {
      const res = await history(ind.id);
      // Before: 404, the import wrote one declaration-level event and none per indicator.
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(1);
      expect(res.body[0]).toMatchObject({
        action: 'indicator.created',
        state: 'drafting',
        actor: { id: w.users.submitter.id, username: 'submitter' },
        reason: `从文件“trees-2026.txt”导入，第 ${FIRST_INDICATOR_LINE + n} 行`,
      });
      expect(replay(ind.id, res.body)).toEqual(fieldsOf(ind));
    }
    // The submitter who imported it sees the history too (its own department).
    expect((await t.get(`/api/indicators/${d.indicators[0].id}/history`, sub)).status).toBe(200);
  });

  it('coming back from our own .xlsx export, has a history naming the file', async () => {
    const { id } = await createValidDeclaration(t, sub);
    const copy = await importXlsxOf(id, 'copy.xlsx');
    const d = (await declaration(copy)).body;
    expect(d.indicators).toHaveLength(5);
    for (const ind of d.indicators) {
      const res = await history(ind.id);
      expect(res.status).toBe(200);
      expect(res.body.map((e: HistoryEntry) => [e.action, e.reason])).toEqual([
        ['indicator.created', '从文件“copy.xlsx”导入'],
      ]);
      expect(replay(ind.id, res.body)).toEqual(fieldsOf(ind));
    }
  });

  it('is written in the import’s transaction: the declaration event first, one event per indicator, and the chain verifies', async () => {
    const id = await importText('order.txt', summaryTable('顺序检查', TREES));
    const events = (await t.get(`/api/audit/events?declarationId=${id}&limit=50`, aud)).body.items.reverse();
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'declaration.imported',
      ...TREES.map(() => 'indicator.created'),
    ]);
    expect((await t.get(`/api/audit/verify?declarationId=${id}`, aud)).body).toMatchObject({ ok: true });
  });
});

describe('cancelling an adjustment', () => {
  it('records each indicator it restores, re-creates or removes, with the reason, and nothing for the others', async () => {
    const d0 = await approvedDeclaration(t, w);
    const [changedId, deletedId, , untouchedId, movedId] = d0.indicatorIds;
    let version = await fire(t, d0.id, 'REQUEST_ADJUSTMENT', sub, { comment: '试调整' });
    const patched = await t.patch(
      `/api/declarations/${d0.id}/indicators/${changedId}`,
      { version, name: '改动后的名称', target: '≥140.00(个)', reason: '调整数量' },
      sub,
    );
    expect(patched.status).toBe(200);
    version = patched.body.version;
    const removed = await t.delete(
      `/api/declarations/${d0.id}/indicators/${deletedId}?version=${version}`,
      sub,
    );
    expect(removed.status).toBe(200);
    version = removed.body.version;
    const added = await t.post(
      `/api/declarations/${d0.id}/indicators`,
      { version, level1: 'benefit', level2: 'economic', name: '节约运维成本', target: '≥5.00(%)' },
      sub,
    );
    expect(added.status).toBe(201);
    const addedId = added.body.indicator.id as number;

    await fire(t, d0.id, 'CANCEL_ADJUSTMENT', sub);
    const after = (await declaration(d0.id)).body;
    expect(after.state).toBe('approved');
    const now = new Map<number, Fields>(
      after.indicators.map((i: Record<string, unknown>) => [i.id, fieldsOf(i)]),
    );
    expect([...now.keys()]).toEqual(d0.indicatorIds);

    const reason = 'adjustment cancelled: restored approved version 1';
    const last = async (id: number) => (await history(id)).body.at(-1) as HistoryEntry;
    // Before: the restore wrote only `adjustment.cancelled`, so each history ended at the edit.
    expect(await last(changedId)).toMatchObject({
      action: 'indicator.updated',
      state: 'adjustment.drafting',
      reason,
      changes: [
        { field: 'name', before: '改动后的名称', after: '开展建设项目数量' },
        {
          field: 'target',
          before: expect.objectContaining({ display: '≥140.00(个)' }),
          after: expect.objectContaining({ display: '≥150.00(个)' }),
        },
      ],
    });
    expect(await last(deletedId)).toMatchObject({ action: 'indicator.created', reason });
    expect(await last(addedId)).toMatchObject({ action: 'indicator.deleted', reason });
    // Moved down by the added indicator, and back.
    expect(await last(movedId)).toMatchObject({
      action: 'indicator.updated',
      reason,
      changes: [{ field: 'position', before: 5, after: 4 }],
    });
    // Restored as it was: no event for it.
    expect((await history(untouchedId)).body.map((e: HistoryEntry) => e.action)).toEqual([
      'indicator.created',
    ]);

    for (const id of d0.indicatorIds) await expectHistoryMatches(id, now.get(id)!);
    await expectHistoryMatches(addedId, null);
    // The indicators' events in form order, the removed last, then the restore's own event and
    // the transition (newest first here), on one chain that verifies.
    const events = (await t.get(`/api/audit/events?declarationId=${d0.id}&limit=6`, aud)).body.items;
    expect(
      events.map((e: { action: string; indicatorId: number | null }) => [e.action, e.indicatorId]),
    ).toEqual([
      ['workflow.transitioned', null],
      ['adjustment.cancelled', null],
      ['indicator.deleted', addedId],
      ['indicator.updated', movedId],
      ['indicator.created', deletedId],
      ['indicator.updated', changedId],
    ]);
    expect((await t.get(`/api/audit/verify?declarationId=${d0.id}`, aud)).body).toMatchObject({ ok: true });
  });
});

describe('the other changes of an indicator', () => {
  it('inserting an indicator before others records each one that moved down', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    // An output indicator goes after the last output one (position 3): benefit and satisfaction move.
    const res = await t.post(
      `/api/declarations/${id}/indicators`,
      {
        version,
        level1: 'output',
        level2: 'cost',
        costType: '经济成本',
        name: '单位成本',
        target: '≤10.00(万元)',
      },
      sub,
    );
    expect(res.status).toBe(201);
    expect(res.body.indicator.position).toBe(3);
    const d = (await declaration(id)).body;
    for (const ind of d.indicators) await expectHistoryMatches(ind.id, fieldsOf(ind));
    const moved = (await history(indicatorIds[3])).body.at(-1);
    expect(moved).toMatchObject({
      action: 'indicator.updated',
      reason: `因在其前插入三级指标（编号 ${res.body.indicator.id}）而后移一位`,
      changes: [{ field: 'position', before: 3, after: 4 }],
    });
  });

  it('deleting a draft ends each of its indicators’ history in a deletion', async () => {
    const { id, version, indicatorIds } = await createValidDeclaration(t, sub);
    expect((await t.delete(`/api/declarations/${id}?version=${version}`, sub)).status).toBe(204);
    for (const indicatorId of indicatorIds) {
      const res = await history(indicatorId);
      expect(res.body.at(-1)).toMatchObject({
        action: 'indicator.deleted',
        reason: `随申报（编号 ${id}）一并删除`,
      });
      expect(replay(indicatorId, res.body)).toBeNull();
    }
    const events = (await t.get(`/api/audit/events?declarationId=${id}&limit=2`, aud)).body.items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'declaration.deleted',
      'indicator.deleted',
    ]);
    expect((await t.get(`/api/audit/verify?declarationId=${id}`, aud)).body).toMatchObject({ ok: true });
  });
});

describe('the events and the change commit together', () => {
  it('a failed audit write undoes the import whole', async () => {
    const count = async () => (await t.get('/api/declarations?limit=500', sub)).body.items.length;
    const before = await count();
    failingAudit(t.app).failNextWrite(new Error('forced failure of the audit write'));
    const res = await t.request('POST', '/api/imports/declarations', {
      token: sub,
      raw: multipart('fails.txt', Buffer.from(summaryTable('写审计失败', TREES), 'utf8')),
    });
    expect(res.status).toBe(500);
    expect(await count()).toBe(before);
  });

  it('a failed audit write undoes the cancel: the adjustment and its edits stay', async () => {
    const d0 = await approvedDeclaration(t, w);
    const version = await fire(t, d0.id, 'REQUEST_ADJUSTMENT', sub, { comment: '试调整' });
    const patched = await t.patch(
      `/api/declarations/${d0.id}/indicators/${d0.indicatorIds[0]}`,
      { version, name: '调整中的名称' },
      sub,
    );
    expect(patched.status).toBe(200);
    const historyBefore = (await history(d0.indicatorIds[0])).body;
    failingAudit(t.app).failNextWrite(new Error('forced failure of the audit write'));
    const res = await t.post(
      `/api/declarations/${d0.id}/transitions`,
      { event: 'CANCEL_ADJUSTMENT', version: patched.body.version },
      sub,
    );
    expect(res.status).toBe(500);
    const d = (await declaration(d0.id)).body;
    expect(d.state).toBe('adjustment.drafting');
    expect(d.indicators[0].name).toBe('调整中的名称');
    expect((await history(d0.indicatorIds[0])).body).toEqual(historyBefore);
    for (const ind of d.indicators) await expectHistoryMatches(ind.id, fieldsOf(ind));
  });

  it('many events of one change are chained in order across the statements that write them', async () => {
    const batches = t.app.get(AuditWriteBatches);
    batches.events = 2;
    try {
      const id = await importText('batches.txt', summaryTable('分批写入', TREES));
      const events = (
        await t.get(`/api/audit/events?declarationId=${id}&limit=50`, aud)
      ).body.items.reverse();
      expect(events.map((e: { action: string }) => e.action)).toEqual([
        'declaration.imported',
        ...TREES.map(() => 'indicator.created'),
      ]);
      expect((await t.get(`/api/audit/verify?declarationId=${id}`, aud)).body).toMatchObject({ ok: true });
      for (const ind of (await declaration(id)).body.indicators)
        await expectHistoryMatches(ind.id, fieldsOf(ind));
    } finally {
      batches.events = 1000;
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The property: random command sequences, then every indicator seen replays to what it is

interface Spec {
  level1: string;
  level2: string;
  name: string;
  target: string;
  costType?: string;
}

const SPECS: Spec[] = [
  { level1: 'output', level2: 'quantity', name: '开展建设项目数量', target: '≥150.00(个)' },
  { level1: 'output', level2: 'quality', name: '非重大项目验收通过率', target: '=100.00(%)' },
  { level1: 'output', level2: 'timeliness', name: '项目完成及时性', target: '及时' },
  { level1: 'benefit', level2: 'social', name: '政务服务能力支撑情况', target: '有效提升' },
  { level1: 'benefit', level2: 'ecological', name: '行道树存活率', target: '≥99.00(%)' },
  { level1: 'satisfaction', level2: 'serviceSatisfaction', name: '业务需求部门满意度', target: '≥90.00(%)' },
];
/** Added through the API only: the summary table carries no 成本 type. */
const COST: Spec = {
  level1: 'output',
  level2: 'cost',
  name: '单位运维成本',
  target: '≤10.00(万元)',
  costType: '经济成本',
};
const LEVEL2_OF: Record<string, string[]> = {
  output: ['quantity', 'quality', 'timeliness', 'cost'],
  benefit: ['economic', 'social', 'ecological', 'sustainability'],
  satisfaction: ['serviceSatisfaction'],
};
const NAMES = ['指标甲', '指标乙', '服务热线20秒内人工接通率', '数据共享及时率'];
const TARGETS = ['≥95.00(%)', '≤2.00(小时)', '=12.00(次)', '及时', '有效提升', '≥1000.00(万条)'];
const WEIGHTS = ['10.00', '12.50', null];
const LEVEL1_ORDER = ['output', 'benefit', 'satisfaction'];

const suffix = fc.constantFrom('', '一', '二', '2026');
const spec = fc.tuple(fc.constantFrom(...SPECS), suffix).map(([s, x]) => ({ ...s, name: `${s.name}${x}` }));
/**
 * A table's rows in form order (一级 then 二级 as the form lists them): mostly with an 产出 and
 * a 效益 indicator, so that it can be submitted; sometimes without 效益, so that it cannot.
 */
const rows = fc
  .record({
    output: spec.filter((s) => s.level1 === 'output'),
    benefit: fc.option(
      spec.filter((s) => s.level1 === 'benefit'),
      { freq: 5 },
    ),
    more: fc.array(spec, { maxLength: 3 }),
  })
  .map(({ output, benefit, more }) =>
    [output, ...(benefit ? [benefit] : []), ...more].sort(
      (a, b) => LEVEL1_ORDER.indexOf(a.level1) - LEVEL1_ORDER.indexOf(b.level1),
    ),
  );

type Op =
  | { kind: 'importText'; rows: Spec[] }
  | { kind: 'importXlsx'; pick: number }
  | { kind: 'add'; pick: number; spec: Spec; weight: string | null; reason: string | null }
  | {
      kind: 'patch';
      pick: number;
      which: number;
      field: 'name' | 'target' | 'weight' | 'level2' | 'costType';
      k: number;
    }
  | { kind: 'deleteIndicator'; pick: number; which: number }
  | { kind: 'approve'; pick: number }
  | { kind: 'return'; pick: number }
  | { kind: 'requestAdjustment'; pick: number }
  | { kind: 'cancelAdjustment'; pick: number }
  | { kind: 'deleteDraft'; pick: number };

const pick = fc.nat(1000);
const importTextOp = rows.map((r): Op => ({ kind: 'importText', rows: r }));
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: importTextOp },
  { weight: 1, arbitrary: pick.map((p): Op => ({ kind: 'importXlsx', pick: p })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        pick,
        spec: fc.oneof({ weight: 4, arbitrary: spec }, { weight: 1, arbitrary: fc.constant(COST) }),
        weight: fc.constantFrom(...WEIGHTS),
        reason: fc.constantFrom(null, '补充指标'),
      })
      .map((r): Op => ({ kind: 'add', ...r })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        pick,
        which: fc.nat(20),
        field: fc.constantFrom(
          'name' as const,
          'target' as const,
          'weight' as const,
          'level2' as const,
          'costType' as const,
        ),
        k: fc.nat(20),
      })
      .map((r): Op => ({ kind: 'patch', ...r })),
  },
  {
    weight: 2,
    arbitrary: fc.record({ pick, which: fc.nat(20) }).map((r): Op => ({ kind: 'deleteIndicator', ...r })),
  },
  { weight: 3, arbitrary: pick.map((p): Op => ({ kind: 'approve', pick: p })) },
  { weight: 1, arbitrary: pick.map((p): Op => ({ kind: 'return', pick: p })) },
  { weight: 3, arbitrary: pick.map((p): Op => ({ kind: 'requestAdjustment', pick: p })) },
  { weight: 2, arbitrary: pick.map((p): Op => ({ kind: 'cancelAdjustment', pick: p })) },
  { weight: 1, arbitrary: pick.map((p): Op => ({ kind: 'deleteDraft', pick: p })) },
);
/** Every sequence starts with an import, so there is a declaration to work on. */
const sequence = fc
  .tuple(importTextOp, fc.array(op, { maxLength: MAX_OPS, size: 'max' }))
  .map(([first, rest]) => [first, ...rest]);

const EDITABLE = ['drafting', 'adjustment.drafting'];

/** Runs one sequence against the service and checks every indicator it saw. */
async function runSequence(ops: Op[]): Promise<void> {
  stats.runs += 1;
  const run = stats.runs;
  /** The declarations of this run: state as our own commands left it (`deleted` once deleted). */
  const states = new Map<number, string>();
  const everSubmitted = new Set<number>();
  const seen = new Set<number>();

  const expectStatus = (res: Res, status: number, what: string) => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  };
  const among = (wanted: string[], p: number): number | undefined => {
    const ids = [...states].filter(([, s]) => wanted.includes(s)).map(([id]) => id);
    return ids.length ? ids[p % ids.length] : undefined;
  };
  const look = async (id: number) => {
    const res = await declaration(id);
    expectStatus(res, 200, `GET declaration ${id}`);
    for (const i of res.body.indicators as Array<{ id: number }>) seen.add(i.id);
    return res.body as { version: number; state: string; indicators: Array<Record<string, any>> };
  };
  const transition = async (
    id: number,
    event: string,
    token: string,
    comment?: string,
    extra: Record<string, unknown> = {},
  ) => {
    const d = await look(id);
    return t.post(
      `/api/declarations/${id}/transitions`,
      { event, version: d.version, comment, ...extra },
      token,
    );
  };
  const fireOk = async (
    id: number,
    event: string,
    token: string,
    comment?: string,
    extra: Record<string, unknown> = {},
  ) => {
    const res = await transition(id, event, token, comment, extra);
    expectStatus(res, 200, `${event} on ${id}`);
    states.set(id, res.body.state);
  };
  const done = (kind: string) => (stats.ops[kind] = (stats.ops[kind] ?? 0) + 1);
  /** Submits and approves or returns it; false when error findings keep it from being submitted. */
  const review = async (id: number, outcome: 'APPROVE' | 'RETURN'): Promise<boolean> => {
    const phase = states.get(id) === 'drafting' ? '' : ' (adjustment)';
    const submitted = await transition(id, 'SUBMIT', sub);
    // An error finding (no 效益 indicator, a missing target) keeps it in editing: fine.
    if (submitted.status === 422) return false;
    expectStatus(submitted, 200, `SUBMIT ${id}`);
    everSubmitted.add(id);
    if (outcome === 'RETURN') await fireOk(id, 'RETURN', w.users.deptReviewer.token, '请补充');
    else {
      await fireOk(id, 'APPROVE', w.users.deptReviewer.token);
      // The 数据局's approval of targets carries its scored review (88号's four dimensions).
      await fireOk(id, 'APPROVE', w.users.bureauReviewer.token, undefined, { review: EXCELLENT_REVIEW });
    }
    done(`${outcome.toLowerCase()}${phase}`);
    return true;
  };
  /** An approved declaration: one there is, or an editable one approved now. */
  const reachApproved = async (p: number): Promise<number | undefined> => {
    const approved = among(['approved'], p);
    if (approved !== undefined) return approved;
    const editable = among(EDITABLE, p);
    return editable !== undefined && (await review(editable, 'APPROVE')) ? editable : undefined;
  };
  const requestAdjustment = async (id: number) => {
    await fireOk(id, 'REQUEST_ADJUSTMENT', sub, '年中调整');
    done('requestAdjustment');
  };

  for (const [n, o] of ops.entries()) {
    switch (o.kind) {
      case 'importText': {
        const id = await importText(`run${run}-${n}.txt`, summaryTable(`历史回放${run}-${n}`, o.rows));
        states.set(id, 'drafting');
        await look(id);
        done(o.kind);
        break;
      }
      case 'importXlsx': {
        const from = among(['drafting', 'adjustment.drafting', 'approved'], o.pick);
        if (from === undefined) break;
        const id = await importXlsxOf(from, `run${run}-${n}.xlsx`);
        states.set(id, 'drafting');
        await look(id);
        done(o.kind);
        break;
      }
      case 'add': {
        const id = among(EDITABLE, o.pick);
        if (id === undefined) break;
        const d = await look(id);
        const res = await t.post(
          `/api/declarations/${id}/indicators`,
          { version: d.version, ...o.spec, weight: o.weight, reason: o.reason ?? undefined },
          sub,
        );
        expectStatus(res, 201, `add to ${id}`);
        seen.add(res.body.indicator.id);
        done(o.kind);
        break;
      }
      case 'patch': {
        const id = among(EDITABLE, o.pick);
        if (id === undefined) break;
        const d = await look(id);
        if (!d.indicators.length) break;
        const ind = d.indicators[o.which % d.indicators.length];
        const change =
          o.field === 'name'
            ? { name: NAMES[o.k % NAMES.length] }
            : o.field === 'target'
              ? { target: TARGETS[o.k % TARGETS.length] }
              : o.field === 'weight'
                ? { weight: WEIGHTS[o.k % WEIGHTS.length] }
                : o.field === 'level2'
                  ? {
                      level2: LEVEL2_OF[ind.level1][o.k % LEVEL2_OF[ind.level1].length],
                      costType: '社会成本',
                    }
                  : { costType: o.k % 2 ? '经济成本' : null };
        const res = await t.patch(
          `/api/declarations/${id}/indicators/${ind.id}`,
          { version: d.version, ...change, reason: `改${o.field}` },
          sub,
        );
        expectStatus(res, 200, `patch ${ind.id} of ${id} with ${JSON.stringify(change)}`);
        done(o.kind);
        break;
      }
      case 'deleteIndicator': {
        const id = among(EDITABLE, o.pick);
        if (id === undefined) break;
        const d = await look(id);
        if (!d.indicators.length) break;
        const ind = d.indicators[o.which % d.indicators.length];
        const res = await t.delete(`/api/declarations/${id}/indicators/${ind.id}?version=${d.version}`, sub);
        expectStatus(res, 200, `delete ${ind.id} of ${id}`);
        done(o.kind);
        break;
      }
      case 'approve': {
        const id = among(EDITABLE, o.pick);
        if (id !== undefined) await review(id, 'APPROVE');
        break;
      }
      case 'return': {
        const id = among(EDITABLE, o.pick);
        if (id !== undefined) await review(id, 'RETURN');
        break;
      }
      // The two below first bring a declaration to where they apply when none is there yet,
      // so that sequences reach adjustments and cancels often.
      case 'requestAdjustment': {
        const id = await reachApproved(o.pick);
        if (id !== undefined) await requestAdjustment(id);
        break;
      }
      case 'cancelAdjustment': {
        let id = among(['adjustment.drafting'], o.pick);
        if (id === undefined) {
          id = await reachApproved(o.pick);
          if (id !== undefined) await requestAdjustment(id);
        }
        if (id === undefined) break;
        await fireOk(id, 'CANCEL_ADJUSTMENT', sub);
        done(o.kind);
        break;
      }
      case 'deleteDraft': {
        const id = among(['drafting'], o.pick);
        if (id === undefined || everSubmitted.has(id)) break;
        const d = await look(id);
        expectStatus(
          await t.delete(`/api/declarations/${id}?version=${d.version}`, sub),
          204,
          `delete ${id}`,
        );
        states.set(id, 'deleted');
        done(o.kind);
        break;
      }
    }
  }

  // What every indicator seen is now: its fields, or nothing once deleted (with its declaration).
  const now = new Map<number, Fields>();
  for (const [id, state] of states) {
    if (state === 'deleted') continue;
    const d = await look(id);
    expect(d.state).toBe(state);
    for (const i of d.indicators) now.set(i.id, fieldsOf(i));
  }
  for (const id of seen) {
    const res = await history(id);
    if (res.status !== 200) throw new Error(`history of indicator ${id}: ${res.status} ${res.text}`);
    const replayed = replay(id, res.body);
    if (!isDeepStrictEqual(replayed, now.get(id) ?? null))
      throw new Error(
        `indicator ${id}: its history replays to ${JSON.stringify(replayed)}, it is ${JSON.stringify(now.get(id) ?? null)}`,
      );
    stats.indicatorsChecked += 1;
  }
  for (const id of states.keys()) {
    const verify = await t.get(`/api/audit/verify?declarationId=${id}`, aud);
    if (!verify.body.ok) throw new Error(`declaration ${id}: the chain does not verify: ${verify.text}`);
  }
}

describe('the property', () => {
  it('after random imports, edits, approvals, adjustments and cancels, every indicator’s history replays to what it is', async () => {
    try {
      await fc.assert(fc.asyncProperty(sequence, runSequence), { numRuns: RUNS, seed: SEED });
    } catch (e) {
      // The seed replays the run: HISTORY_SEED=<seed> (fast-check's own message has the path too).
      throw new Error(`HISTORY_SEED=${SEED} HISTORY_RUNS=${RUNS}: ${(e as Error).message}`, { cause: e });
    }
  }, 600_000);
});
