import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { declarationWorkbook, readDeclarationWorkbook } from './declaration-xlsx';
import { emptyContent } from '../declarations/declaration-content';
import { addFormSheet, newWorkbook, put, toBuffer, uniqueSheetName } from './xlsx-layout';

/** What Excel accepts as a sheet name (and exceljs checks only in part). */
function excelAccepts(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= 31 &&
    !/[[\]:*?/\\]/.test(name) &&
    !/^'|'$/.test(name) &&
    name.toLowerCase() !== 'history' &&
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    !/[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\p{Cs}]/u.test(name)
  );
}

describe('uniqueSheetName', () => {
  it.each([
    ['History', 'History(2)'],
    ['HISTORY', 'HISTORY(2)'],
    ["'引号'", '引号'],
    ['a[b]:c*d?e/f\\g', 'a b c d e f g'],
    ['旧\u0001数据', '旧\ufffd数据'],
    ['', 'Sheet'],
    ["'''", 'Sheet'],
    ['𠀀'.repeat(20), '𠀀'.repeat(15)],
    [`${'x'.repeat(30)}'y`, 'x'.repeat(30)],
    ["张三's 项目", '张三’s 项目'],
  ])('%j → %j', async (wanted, expected) => {
    expect(uniqueSheetName(await newWorkbook(), wanted)).toBe(expected);
  });

  it('makes a second name unique case-insensitively, still within 31 units', async () => {
    const wb = await newWorkbook();
    addFormSheet(wb, 'x'.repeat(40), [10]);
    expect(uniqueSheetName(wb, 'X'.repeat(40))).toBe(`${'X'.repeat(28)}(2)`);
  });

  it('gives a name Excel and exceljs accept for any text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 40 }),
            fc.constantFrom('History', 'history', "'", '[x]', '𠀀'.repeat(16)),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        async (names) => {
          const wb = await newWorkbook();
          for (const wanted of names) {
            const name = uniqueSheetName(wb, wanted);
            expect(excelAccepts(name)).toBe(true);
            wb.addWorksheet(name);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('a sheet whose project name holds an apostrophe', () => {
  it('prints its own area and reads back (exceljs writes the name into the print area unescaped)', async () => {
    const content = { ...emptyContent(2026), projectName: "张三's 项目" };
    const buf = await declarationWorkbook(content);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].name).toBe('张三’s 项目');
    expect(wb.worksheets[0].pageSetup.printArea).toBe('A1:G12');
    expect(await readDeclarationWorkbook(buf)).toEqual([content]);
  });
});

describe('put', () => {
  it('writes text stored with control characters as a workbook that reads back', async () => {
    const wb = await newWorkbook();
    const ws = addFormSheet(wb, 'History', [20, 20]);
    put(ws, 1, 1, 1, 2, '旧\u0001数据\u0008\uffff\ud800 第一行\n第二行\t完');
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await toBuffer(wb)) as unknown as ExcelJS.Buffer);
    expect(back.worksheets[0].getCell('A1').value).toBe('旧\ufffd数据\ufffd\ufffd\ufffd 第一行\n第二行\t完');
  });
});
