import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { parseSummaryTable } from '../imports/summary-table.parser';
import { declarationsWorkbook, readDeclarationWorkbook, summaryWorkbook } from './declaration-xlsx';

const FIXTURE = resolve(process.cwd(), 'test/fixtures/shanghai-bdc-2026-performance-targets.txt');

describe('export → import of the real 2026 summary table (all nine declarations)', () => {
  const parsed = parseSummaryTable(readFileSync(FIXTURE, 'utf8')).declarations.map((d) => d.content);
  const withoutSourceLines = parsed.map((c) => ({
    ...c,
    indicators: c.indicators.map((i) => ({ ...i, sourceLine: null })),
  }));

  it('has the nine declarations and 126 indicators to start from', () => {
    expect(parsed).toHaveLength(9);
    expect(parsed.reduce((n, c) => n + c.indicators.length, 0)).toBe(126);
  });

  it('comes back identical (but sourceLine) from one sheet per declaration', async () => {
    const buf = await declarationsWorkbook(parsed.map((content) => ({ content })));
    expect(await readDeclarationWorkbook(buf)).toEqual(withoutSourceLines);
  });

  it('comes back identical (but sourceLine) from the summary: the 汇总表 passed over, one sheet per form', async () => {
    const rows = parsed.map((content) => ({ departmentName: '上海市大数据中心', state: '已批复', content }));
    expect(await readDeclarationWorkbook(await summaryWorkbook(rows, 2026))).toEqual(withoutSourceLines);
  });

  it('totals the funds of the summary: 1,974,145,646.72 元 over 9 projects, each form on its own sheet', async () => {
    const rows = parsed.map((content) => ({
      departmentName: '上海市大数据中心',
      state: '已批复',
      content,
      standing: 'approved' as const,
    }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await summaryWorkbook(rows, 2026)) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总表',
      // Sheet names are the project names cut to Excel's 31 characters.
      ...parsed.map((c) => (c.projectName ?? '').slice(0, 31)),
    ]);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('上海市大数据中心 2026 年度项目绩效目标汇总表');
    const totals = ws.getRow(5 + 9);
    expect(totals.getCell(1).value).toBe('合计（9个项目，均已批复；项目资金总额均未填）');
    expect(totals.getCell(7).value).toBe(1974145646.72); // 年度资金申请总额
    expect(totals.getCell(11).value).toBe(126); // 三级指标数
    // Every form prints on its own page(s), one page wide.
    for (const form of wb.worksheets.slice(1)) {
      expect(form.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1 });
      expect(form.pageSetup.printArea).toMatch(/^A1:[GH]\d+$/);
    }
  });
});
