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

  it('comes back identical (but sourceLine) from the one-sheet summary', async () => {
    const rows = parsed.map((content) => ({ departmentName: '上海市大数据中心', state: '已审核', content }));
    expect(await readDeclarationWorkbook(await summaryWorkbook(rows, 2026))).toEqual(withoutSourceLines);
  });

  it('totals the funds of the summary: 1,974,145,646.72 元 over 9 projects', async () => {
    const rows = parsed.map((content) => ({ departmentName: '上海市大数据中心', state: '已审核', content }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await summaryWorkbook(rows, 2026)) as unknown as ExcelJS.Buffer);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('上海市大数据中心 2026 年度项目绩效目标汇总表');
    let total: ExcelJS.CellValue = null;
    let count: ExcelJS.CellValue = null;
    ws.eachRow((row) => {
      if (row.getCell(1).value === '年度资金申请总额合计（元）') total = row.getCell(6).value;
      if (row.getCell(1).value === '项目个数') count = row.getCell(6).value;
    });
    expect(total).toBe(1974145646.72);
    expect(count).toBe(9);
  });
});
