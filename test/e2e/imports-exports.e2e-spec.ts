import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { englishIn, namesField } from '../support/errors';
import { approvedDeclaration, openYear } from '../support/lifecycle';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

const FIXTURE = readFileSync(
  join(process.cwd(), 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt'),
  'utf8',
);

let t: TestApp;
let w: World;
let sub: string;

beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
  sub = w.users.submitter.token;
});
afterAll(async () => t?.close());

const text = (payload: string | Buffer) => ({ raw: { payload, contentType: 'text/plain; charset=utf-8' } });

function multipart(filename: string, data: Buffer): { payload: Buffer; contentType: string } {
  const boundary = '----pd-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

async function count(): Promise<number> {
  return (await t.get('/api/declarations?limit=500', sub)).body.items.length;
}

describe('importing the 2026 summary table of 上海市大数据中心', () => {
  it('previews nine declarations and 126 indicators in a dry run, creating nothing', async () => {
    const res = await t.request('POST', '/api/imports/declarations?dryRun=true', {
      token: sub,
      ...text(FIXTURE),
    });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(0);
    expect(res.body.declarations).toHaveLength(9);
    expect(
      res.body.declarations.reduce((s: number, d: { indicatorCount: number }) => s + d.indicatorCount, 0),
    ).toBe(126);
    const ops = res.body.declarations.find(
      (d: { projectName: string }) => d.projectName === '数据运营服务费',
    );
    // The two targets the form leaves blank, each named in the form's words; nothing looks
    // quantitative among the 126 targets.
    expect(ops.findings.filter((f: { code: string }) => f.code === 'TARGET_MISSING')).toEqual([
      expect.objectContaining({
        message: '三级指标“需求响应及时率”缺少年度指标值',
        field: 'target',
        labelPath: '产出指标 / 时效指标 / 需求响应及时率',
      }),
      expect.objectContaining({
        message: '三级指标“异议核实工单完成及时率”缺少年度指标值',
        labelPath: '产出指标 / 时效指标 / 异议核实工单完成及时率',
      }),
    ]);
    const all = res.body.declarations.flatMap((d: { findings: Array<{ code: string }> }) => d.findings);
    expect(all.filter((f: { code: string }) => f.code === 'TARGET_LOOKS_QUANTITATIVE')).toEqual([]);
    for (const f of all as Array<{ code: string; message: string }>)
      expect({ code: f.code, english: englishIn(f.message) }).toEqual({ code: f.code, english: null });
    expect(
      res.body.declarations
        .flatMap((d: { findings: Array<{ code: string }> }) => d.findings)
        .some((f: { code: string }) => f.code === 'LAYOUT_REPAIRED'),
    ).toBe(true);
    expect(await count()).toBe(0);
  });

  it('previews its findings in English on request', async () => {
    const res = await t.request('POST', '/api/imports/declarations?dryRun=true', {
      token: sub,
      ...text(FIXTURE),
      headers: { 'accept-language': 'en' },
    });
    const ops = res.body.declarations.find(
      (d: { projectName: string }) => d.projectName === '数据运营服务费',
    );
    expect(
      ops.findings
        .filter((f: { code: string }) => f.code === 'TARGET_MISSING')
        .map((f: { message: string }) => f.message),
    ).toEqual([
      'indicator "需求响应及时率" has no target',
      'indicator "异议核实工单完成及时率" has no target',
    ]);
    const repaired = ops.findings.find((f: { code: string }) => f.code === 'LAYOUT_REPAIRED');
    expect(repaired.message).toMatch(/^line \d+: /);
    expect(repaired.hint).toMatch(/^The importer placed the cells of this row/);
  });

  it('creates the drafts in the caller’s department with funds to the cent', async () => {
    const res = await t.request('POST', '/api/imports/declarations', { token: sub, ...text(FIXTURE) });
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(9);
    const list = (await t.get('/api/declarations?year=2026&limit=500', sub)).body.items;
    expect(list).toHaveLength(9);
    const fen = list.reduce(
      (s: bigint, d: { funds: { annualRequest: string } }) =>
        s + BigInt(d.funds.annualRequest.replace('.', '')),
      0n,
    );
    expect(fen).toBe(197414564672n);
    expect(
      list.every(
        (d: { state: string; departmentId: number }) => d.state === 'drafting' && d.departmentId === w.deptA,
      ),
    ).toBe(true);
    const ops = list.find((d: { projectName: string }) => d.projectName === '数据运营服务费');
    const full = (await t.get(`/api/declarations/${ops.id}`, sub)).body;
    const missing = full.indicators
      .filter((i: { target: unknown }) => i.target === null)
      .map((i: { name: string }) => i.name);
    expect(missing.sort()).toEqual(['需求响应及时率', '异议核实工单完成及时率'].sort());
    const audit = await t.get(`/api/audit/events?declarationId=${ops.id}`, w.users.auditor.token);
    if (audit.status === 200)
      expect(audit.body.items.map((e: { action: string }) => e.action)).toContain('declaration.imported');
  });

  it('refuses a file it cannot read, whole, naming the line, and creates nothing', async () => {
    const before = await count();
    const empty = await t.request('POST', '/api/imports/declarations', { token: sub, ...text('') });
    expect(empty.status).toBe(400);
    const other = await t.request('POST', '/api/imports/declarations', {
      token: sub,
      ...text('姓名\t年龄\n张三\t30\n'),
    });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({
      code: 'IMPORT_ROW_BEFORE_TABLE',
      field: 'line 1',
      message: '第 1 行：第一个以“财政项目支出绩效目标申报表”开头的行之前出现了表格行',
    });
    const otherEn = await t.request('POST', '/api/imports/declarations', {
      token: sub,
      ...text('姓名\t年龄\n张三\t30\n'),
      headers: { 'accept-language': 'en' },
    });
    expect(otherEn.body.message).toBe(
      'line 1: a table row before the first line beginning with 财政项目支出绩效目标申报表',
    );
    const binary = await t.request('POST', '/api/imports/declarations', {
      token: sub,
      raw: multipart('x.bin', Buffer.from([0, 1, 2, 3, 255, 254])),
    });
    expect(binary.status).toBe(400);
    expect(binary.body).toMatchObject({
      code: 'IMPORT_NOT_TEXT',
      field: 'file',
      message: '此文件既不是 UTF-8 编码的文本，也不是本系统导出的 .xlsx 文件',
    });
    const cut = FIXTURE.split('\n').slice(0, 12).join('\n');
    const cutRes = await t.request('POST', '/api/imports/declarations', { token: sub, ...text(cut) });
    expect(cutRes.status).toBe(400);
    expect(cutRes.body.code).toBe('IMPORT_NO_INDICATOR_SECTION');
    expect(cutRes.body.message).toMatch(/^第 12 行：项目“.+”的申报表（自第 5 行起）在绩效指标部分/);
    for (const res of [empty, other, binary, cutRes]) expect(englishIn(res.body.message)).toBeNull();
    expect(await count()).toBe(before);
  });

  it('refuses, whole, a table with a text longer than its field holds, naming the line', async () => {
    const before = await count();
    const lines = FIXTURE.split('\n');
    const at = lines.findIndex((l) => l.includes('\t在线帮办接通率\t'));
    lines[at] = lines[at].replace('在线帮办接通率', '在线帮办接通率'.repeat(72));
    const res = await t.request('POST', '/api/imports/declarations', {
      token: sub,
      ...text(lines.join('\n')),
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'FORM_TEXT_TOO_LONG',
      field: `line ${at + 1}`,
      message: `第 ${at + 1} 行：三级指标（指标名称）有 504 个字符，最多 500 个`,
    });
    expect(await count()).toBe(before);
  });

  it('is refused to reviewers and auditors', async () => {
    for (const who of ['deptReviewer', 'bureauReviewer', 'auditor'] as const) {
      expect(
        (
          await t.request('POST', '/api/imports/declarations?dryRun=true', {
            token: w.users[who].token,
            ...text(FIXTURE),
          })
        ).status,
      ).toBe(403);
    }
  });
});

describe('Excel', () => {
  it('exports a declaration and imports it back as the same declaration', async () => {
    const list = (await t.get('/api/declarations?year=2026&limit=500', sub)).body.items;
    const original = (await t.get(`/api/declarations/${list[3].id}`, sub)).body;
    const xlsx = await t.get(`/api/declarations/${original.id}/export.xlsx`, sub);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const res = await t.request('POST', '/api/imports/declarations', {
      token: sub,
      raw: multipart('export.xlsx', xlsx.body as Buffer),
    });
    expect(res.status).toBe(200);
    const copy = (await t.get(`/api/declarations/${res.body.declarations[0].id}`, sub)).body;
    const strip = (d: typeof original) => ({
      ...Object.fromEntries(
        [
          'year',
          'projectName',
          'projectNature',
          'projectCategory',
          'competentDepartment',
          'implementingUnit',
          'plannedStart',
          'plannedEnd',
          'funds',
          'overallGoal',
          'annualGoal',
        ].map((k) => [k, d[k]]),
      ),
      indicators: d.indicators.map((i: Record<string, unknown>) => ({
        level1: i.level1,
        level2: i.level2,
        costType: i.costType,
        name: i.name,
        target: i.target,
        weight: i.weight,
      })),
    });
    expect(strip(copy)).toEqual(strip(original));
  });

  it('refuses a workbook with an indicator name longer than the form holds, naming the sheet, and creates nothing', async () => {
    const list = (await t.get('/api/declarations?year=2026&limit=500', sub)).body.items;
    const original = (await t.get(`/api/declarations/${list[0].id}`, sub)).body;
    const xlsx = await t.get(`/api/declarations/${original.id}/export.xlsx`, sub);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0];
    const name = original.indicators[1].name as string;
    let edited = 0;
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.value === name) {
          cell.value = 'x'.repeat(501);
          edited++;
        }
      }),
    );
    expect(edited).toBe(1);
    const before = await count();
    const res = await t.request('POST', '/api/imports/declarations', {
      token: sub,
      raw: multipart('long.xlsx', Buffer.from(await wb.xlsx.writeBuffer())),
    });
    expect(res.status).toBe(400);
    let row = 0;
    ws.eachRow((r, n) => r.getCell(4).value === 'x'.repeat(501) && (row = n));
    expect(res.body).toMatchObject({
      code: 'WORKBOOK_TEXT_TOO_LONG',
      field: `'${ws.name}'!D${row}`,
      sheet: ws.name,
      cell: `D${row}`,
    });
    expect(res.body.message).toBe(
      `工作表「${ws.name}」第 ${row} 行 D 列（三级指标）：有 501 个字符，最多 500 个`,
    );
    expect(await count()).toBe(before);
  });

  it('exports the year’s summary: a 汇总表 of the caller’s scope, then each project’s form on its own sheet', async () => {
    // One declaration further along than the drafts: approved, then in monitoring.
    const approved = await approvedDeclaration(t, w, { projectName: '已批复的项目' });
    await openYear(t, w, 'monitoring');
    const list: Array<{ id: number; projectName: string; state: string }> = (
      await t.get('/api/declarations?year=2026&limit=500', sub)
    ).body.items;
    const byId = [...list].sort((a, b) => a.id - b.id);

    const res = await t.get('/api/exports/summary.xlsx?year=2026', w.users.deptReviewer.token);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('2026年度绩效目标汇总表.xlsx')}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    // The 汇总表 first, then one sheet per declaration, in the order of the 汇总表's rows.
    expect(wb.worksheets[0].name).toBe('汇总表');
    expect(wb.worksheets).toHaveLength(byId.length + 1);
    const ws = wb.worksheets[0];
    const names = byId.map((_, i) => ws.getCell(5 + i, 2).value);
    expect(names).toEqual(byId.map((d) => d.projectName));
    wb.worksheets.slice(1).forEach((form, i) => {
      expect(form.getCell('B3').value).toBe(byId[i].projectName);
      expect(form.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1 });
    });

    // Each row: department, state in words, amounts, indicator count, the form's findings.
    const rowOf = (name: string) => 5 + names.indexOf(name);
    const cells = (r: number) => Array.from({ length: 13 }, (_, c) => ws.getCell(r, c + 1).value);
    const mon = cells(rowOf('已批复的项目'));
    expect(mon.slice(3, 5)).toEqual(['运营管理部', '绩效监控 · 填报中']);
    expect(mon.slice(10)).toEqual([5, 0, expect.any(Number)]);
    const ops = cells(rowOf('数据运营服务费'));
    expect(ops.slice(3, 7)).toEqual(['运营管理部', '编制中', null, 146880000]);
    expect(ops[11]).toBe(2); // two indicators without a target: errors
    // No state code anywhere a person reads.
    const states = byId.map((_, i) => String(ws.getCell(5 + i, 5).value));
    for (const s of states) expect(s).not.toMatch(/[a-z]/i);
    const totals = 5 + byId.length;
    expect(ws.getCell(totals, 1).value).toBe(
      `合计（${byId.length}个项目，含未批复的${byId.length - 1}个；项目资金总额有${byId.length - 1}个未填，未填的不计）`,
    );
    expect(ws.getCell(totals, 11).value).toBe(
      byId.reduce((n, _, i) => n + Number(ws.getCell(5 + i, 11).value), 0),
    );

    // The form of the declaration in monitoring says so in words, here and in its own export.
    const formOf = (sheet: ExcelJS.Worksheet) => {
      const texts: unknown[] = [];
      sheet.eachRow((row) => texts.push(row.getCell(1).value));
      return texts;
    };
    expect(formOf(wb.worksheets[1 + byId.findIndex((d) => d.id === approved.id)])).toContain(
      '填报单位：运营管理部　　状态：绩效监控 · 填报中',
    );
    const single = await t.get(`/api/declarations/${approved.id}/export.xlsx`, sub);
    const one = new ExcelJS.Workbook();
    await one.xlsx.load(single.body as unknown as ExcelJS.Buffer);
    expect(formOf(one.worksheets[0])).toContain('填报单位：运营管理部　　状态：绩效监控 · 填报中');

    // Importing the summary back reads every form and passes over the 汇总表.
    const back = await t.request('POST', '/api/imports/declarations?dryRun=true', {
      token: sub,
      raw: multipart('summary.xlsx', res.body as Buffer),
    });
    expect(back.status).toBe(200);
    expect(back.body.declarations.map((d: { projectName: string }) => d.projectName)).toEqual(
      byId.map((d) => d.projectName),
    );
  });

  it('gives a reviewer outside the unit a summary of nothing, its totals saying so', async () => {
    const res = await t.get('/api/exports/summary.xlsx?year=2026', w.users.otherReviewer.token);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['汇总表']);
    expect(wb.worksheets[0].getCell('A5').value).toBe('合计（0个项目）');
  });

  it('refuses a summary without a year, or with one that is not a year, naming the field', async () => {
    const missing = await t.get('/api/exports/summary.xlsx', sub);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'EXPORT_YEAR_INVALID', message: '年度：必须给出，例如 2026' });
    expect(namesField(missing.body, 'year')).toBe(true);
    for (const bad of ['20x6', '1999', '2026.0']) {
      const res = await t.get(`/api/exports/summary.xlsx?year=${bad}`, sub);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'EXPORT_YEAR_INVALID', field: 'year' });
      expect(res.body.message).toBe(`年度：须为 2000 到 2100 之间的年份，例如 2026，而不是「${bad}」`);
      expect(englishIn(res.body.message)).toBeNull();
    }
    const en = await t.request('GET', '/api/exports/summary.xlsx?year=20x6', {
      token: sub,
      headers: { 'accept-language': 'en' },
    });
    expect(en.body.message).toBe('year: must be a year from 2000 to 2100 such as 2026, not "20x6"');
    const twice = await t.get('/api/exports/summary.xlsx?year=2026&year=2027', sub);
    expect(twice.status).toBe(400);
    expect(namesField(twice.body, 'year')).toBe(true);
  });
});
