import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { englishIn } from '../../test/support/errors';
import { AppError } from '../common/errors';
import type { DeclarationContent, IndicatorContent, Level2 } from '../declarations/declaration-content';
import { emptyContent, level1Of } from '../declarations/declaration-content';
import { parseTarget } from '../declarations/target-notation';
import {
  FORM_TITLE,
  declarationWorkbook,
  declarationsWorkbook,
  readDeclarationWorkbook,
  summaryWorkbook,
  totalsLabel,
  type SummaryRow,
} from './declaration-xlsx';
import { monitoringWorkbook } from '../monitoring/monitoring-xlsx';
import { linesHeight, wrappedLines } from './xlsx-layout';

function ind(
  level2: Level2,
  name: string,
  target: string,
  extra: Partial<IndicatorContent> = {},
): IndicatorContent {
  return {
    level1: level1Of(level2),
    level2,
    costType: null,
    name,
    target: parseTarget(target),
    weight: null,
    sourceLine: null,
    ...extra,
  };
}

function sample(over: Partial<DeclarationContent> = {}): DeclarationContent {
  return {
    year: 2026,
    projectName: '数字化建设',
    projectNature: '其他一次性项目',
    projectCategory: '特定目标类',
    competentDepartment: '上海市数据局',
    implementingUnit: '上海市大数据中心',
    plannedStart: '2026-01-01',
    plannedEnd: '2026-12-31',
    funds: {
      total: null,
      annualRequest: 49125450000n,
      currentAppropriation: 49125440001n,
      carryover: 9999n,
      other: 0n,
    },
    overallGoal: null,
    annualGoal: '第一行目标；\n第二行：<p>保持原样</p>\n\n  第四行（前有空格）',
    indicators: [
      ind('quantity', '开展建设项目数量', '≥150.00(个)', { weight: '12.50' }),
      ind('quantity', '新增接入节点', '≥95(%)', { weight: '12.50' }),
      ind('quality', '非重大项目验收通过率', '=100.00(%)'),
      ind('quality', '需求响应及时率', '', { weight: '5.00' }),
      ind('timeliness', '项目完成及时性', '及时'),
      ind('cost', '单位建设成本', '≤15.00(万元/个)', { costType: '经济成本' }),
      ind('cost', '运维成本控制', '≤100.00(万元)', { costType: '经济成本' }),
      ind('cost', '能耗', '≤1.00(万千瓦时)', { costType: '生态环境成本' }),
      ind('cost', '其他成本', '合理', { costType: null }),
      ind('social', '社会治理和城市管理水平', '有效提升'),
      ind('sustainability', '系统长效运行保障', '有效健全'),
      ind('serviceSatisfaction', '业务需求部门满意度', '≥90.00(%)', { weight: '10.00' }),
    ],
    ...over,
  };
}

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  return wb;
}

/**
 * A refusal of the reader: its code, and its Chinese text (the default) holding `zh` — the
 * sheet, row and column as a person finds them — with no developer English.
 */
async function expectRefusal(p: Promise<unknown>, code: string, ...zh: string[]): Promise<AppError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  const e = err as AppError;
  expect(e.code).toBe(code);
  const message = String(e.body('zh').message);
  for (const f of zh) expect(message).toContain(f);
  expect(englishIn(message)).toBeNull();
  return e;
}

/** Rewrites one cell of a workbook and returns the new buffer. */
async function edit(buf: Buffer, fn: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = await load(buf);
  fn(wb.worksheets[0]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('declarationWorkbook / readDeclarationWorkbook', () => {
  it('round-trips a declaration exactly (null target, null total, cost types, weights, multi-line goals)', async () => {
    const content = sample();
    const back = await readDeclarationWorkbook(await declarationWorkbook(content, { state: '已审核' }));
    expect(back).toEqual([content]);
  });

  it('round-trips a declaration without weights and without indicators', async () => {
    const noWeights = sample({ indicators: sample().indicators.map((i) => ({ ...i, weight: null })) });
    expect(await readDeclarationWorkbook(await declarationWorkbook(noWeights))).toEqual([noWeights]);
    const empty = sample({ indicators: [], annualGoal: null, projectNature: null, plannedEnd: null });
    expect(await readDeclarationWorkbook(await declarationWorkbook(empty))).toEqual([empty]);
  });

  it('round-trips every field blank', async () => {
    const blank: DeclarationContent = { ...emptyContent(2027), indicators: [ind('quantity', '', '')] };
    expect(await readDeclarationWorkbook(await declarationWorkbook(blank))).toEqual([blank]);
  });

  it('sets sourceLine to null', async () => {
    const content = sample();
    const withLines = {
      ...content,
      indicators: content.indicators.map((i, k) => ({ ...i, sourceLine: 100 + k })),
    };
    expect(await readDeclarationWorkbook(await declarationWorkbook(withLines))).toEqual([content]);
  });

  it('writes money as exact numbers with a 2-decimal format, and too many digits as text', async () => {
    const big = sample({
      funds: {
        total: 99999999999999999n, // 999,999,999,999,999.99: more digits than a double keeps
        annualRequest: 123456789012345n,
        currentAppropriation: 1n,
        carryover: 10n,
        other: 0n,
      },
    });
    const buf = await declarationWorkbook(big);
    const ws = (await load(buf)).worksheets[0];
    expect(ws.getCell('C6').value).toBe('999,999,999,999,999.99');
    expect(ws.getCell('F6').value).toBe(1234567890123.45);
    expect(ws.getCell('F6').numFmt).toBe('#,##0.00');
    expect(ws.getCell('F7').value).toBe(0.01);
    expect(ws.getCell('F8').value).toBe(0.1);
    expect((await readDeclarationWorkbook(buf))[0].funds).toEqual(big.funds);
  });

  it('lays the form out with merged cells like the official one', async () => {
    const content = sample();
    const ws = (
      await load(await declarationWorkbook(content, { departmentName: '上海市大数据中心', state: '已审核' }))
    ).worksheets[0];
    expect(ws.name).toBe('数字化建设');
    expect(ws.getCell('A1').value).toBe(FORM_TITLE);
    expect(ws.getCell('H1').isMerged).toBe(true);
    expect(ws.getCell('H1').master.address).toBe('A1');
    expect(ws.getCell('A2').value).toBe('(2026 年度)');
    expect(ws.getCell('A3').value).toBe('项目名称');
    expect(ws.getCell('B3').value).toBe('数字化建设');
    expect(ws.getCell('C3').master.address).toBe('B3');
    expect(ws.getCell('A3').font.bold).toBe(true);
    expect(ws.getCell('A3').border.top?.style).toBe('thin');
    // funds block: 项目资金(元) over four rows
    expect(ws.getCell('A9').master.address).toBe('A6');
    expect(ws.getCell('D6').value).toBe('年度资金申请总额：');
    expect(ws.getCell('F6').value).toBe(491254500);
    expect(ws.getCell('G7').master.address).toBe('F7');
    // goals
    expect(ws.getCell('E11').value).toBe(content.annualGoal);
    expect(ws.getCell('H11').master.address).toBe('E11');
    expect(ws.getCell('E11').alignment.wrapText).toBe(true);
    // indicator table: header row 12, first indicator row 13
    expect(ws.getCell('B12').value).toBe('一级指标');
    expect(ws.getCell('H12').value).toBe('分值');
    expect(ws.getCell('A24').master.address).toBe('A12'); // 绩效指标 over the header and the 12 rows
    expect(ws.getCell('B13').value).toBe('产出指标');
    for (let r = 14; r <= 21; r++) expect(ws.getCell(`B${r}`).master.address).toBe('B13'); // 9 output rows
    expect(ws.getCell('B22').value).toBe('效益指标');
    expect(ws.getCell('B22').master.address).toBe('B22');
    expect(ws.getCell('B23').master.address).toBe('B22');
    expect(ws.getCell('C14').master.address).toBe('C13'); // 数量指标 ×2
    expect(ws.getCell('C15').value).toBe('质量指标');
    expect(ws.getCell('C16').master.address).toBe('C15');
    expect(ws.getCell('C18').value).toBe('成本指标（经济成本）');
    expect(ws.getCell('C19').master.address).toBe('C18');
    expect(ws.getCell('C20').value).toBe('成本指标（生态环境成本）');
    expect(ws.getCell('C20').master.address).toBe('C20');
    expect(ws.getCell('C21').value).toBe('成本指标');
    expect(ws.getCell('D13').value).toBe('开展建设项目数量');
    expect(ws.getCell('E13').master.address).toBe('D13');
    expect(ws.getCell('F13').value).toBe('≥150.00(个)');
    expect(ws.getCell('G13').master.address).toBe('F13');
    expect(ws.getCell('F16').value).toBeNull(); // no target
    expect(ws.getCell('H13').value).toBe('12.50');
    expect(ws.getCell('H15').value).toBeNull(); // default split
    expect(ws.getCell('A25').value).toBe('填报单位：上海市大数据中心　　状态：已审核');
    expect(ws.getColumn(5).width).toBeGreaterThan(10);
  });

  it('leaves out the 分值 column when no indicator has a weight', async () => {
    const noWeights = sample({ indicators: sample().indicators.map((i) => ({ ...i, weight: null })) });
    const ws = (await load(await declarationWorkbook(noWeights))).worksheets[0];
    expect(ws.getCell('G1').master.address).toBe('A1');
    expect(ws.getCell('H1').isMerged).toBe(false);
    expect(ws.getCell('H12').value).toBeNull();
  });

  it('reads several sheets, one declaration each', async () => {
    const a = sample();
    const b = sample({ projectName: '数字化建设', year: 2025, funds: { ...sample().funds, total: 100n } });
    const buf = await declarationsWorkbook([{ content: a }, { content: b }]);
    const wb = await load(buf);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['数字化建设', '数字化建设(2)']);
    expect(await readDeclarationWorkbook(buf)).toEqual([a, b]);
  });

  it('rejects what is not an xlsx', async () => {
    await expectRefusal(
      readDeclarationWorkbook(Buffer.from('not a workbook at all')),
      'UPLOAD_NOT_XLSX',
      '文件：不是可以读取的 xlsx 工作簿',
    );
    await expectRefusal(readDeclarationWorkbook(Buffer.alloc(0)), 'UPLOAD_NOT_XLSX', '文件为空');
  });

  it('rejects a workbook of another layout, naming the sheet', async () => {
    const other = await monitoringWorkbook({
      year: 2026,
      projectName: 'x',
      competentDepartment: 'y',
      implementingUnit: 'z',
      periodEndMonth: 7,
      budget: {
        initialBudget: '1.00',
        adjustedBudget: '1.00',
        executedToDate: '0.50',
        executionRate: '50.00%',
        forecastFullYear: '1.00',
        timeProgress: '58.33%',
        light: 'red',
      },
      annualGoal: '',
      goalProgress: '',
      indicators: [],
    });
    const err = await expectRefusal(
      readDeclarationWorkbook(other),
      'WORKBOOK_NO_FORM',
      '工作表「绩效运行监控表」：没有找到「财政项目支出绩效目标申报表」',
    );
    expect(err.body('en').message).toContain('sheet "绩效运行监控表": no 财政项目支出绩效目标申报表 found');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空表');
    await expectRefusal(
      readDeclarationWorkbook(Buffer.from(await wb.xlsx.writeBuffer())),
      'WORKBOOK_NO_FILLED_SHEET',
      '没有填写了内容的工作表',
    );
  });

  it('names the sheet, row and column of a missing label, in both languages', async () => {
    const buf = await edit(await declarationWorkbook(sample()), (ws) => {
      ws.getCell('D7').value = '别的东西';
    });
    const err = await expectRefusal(
      readDeclarationWorkbook(buf),
      'WORKBOOK_LABEL_MISMATCH',
      '工作表「数字化建设」第 7 行 D 列：应为标签「其中：当年财政拨款」，实际为「别的东西」',
    );
    expect(err.field).toBe("'数字化建设'!D7");
    expect(err.body('zh')).toMatchObject({ sheet: '数字化建设', cell: 'D7' });
    expect(err.body('en').message).toBe(
      'sheet "数字化建设", row 7, column D: expected the label "其中：当年财政拨款", found "别的东西"; the sheet is not laid out as exported by this service',
    );
  });

  it('names the sheet, row and column of bad money, a bad target, a bad level label, a bad date', async () => {
    const base = await declarationWorkbook(sample());
    const place = (cell: string) => `工作表「数字化建设」第 ${cell.slice(1)} 行 ${cell[0]} 列`;
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('F7').value = '一百万'))),
      'WORKBOOK_MONEY_INVALID',
      `${place('F7')}（当年财政拨款）：「一百万」不是以元为单位、最多两位小数的金额`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('F6').value = 1.005))),
      'WORKBOOK_MONEY_INVALID',
      `${place('F6')}（年度资金申请总额）：「1.005」`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('F13').value = '≥abc(个)'))),
      'WORKBOOK_TARGET_INVALID',
      `${place('F13')}（年度指标值）：「≥abc(个)」以比较符开头`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('C13').value = '数量'))),
      'WORKBOOK_LEVEL2_INVALID',
      `${place('C13')}：「数量」不是二级指标`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('B13').value = '满意度'))),
      'WORKBOOK_LEVEL1_INVALID',
      `${place('B13')}：「满意度」不是一级指标；应为产出指标、效益指标、满意度指标之一`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('B13').value = '满意度指标'))),
      'WORKBOOK_LEVEL2_MISMATCH',
      `${place('C13')}：二级指标「数量指标」不属于一级指标「满意度指标」`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('B5').value = '2026年1月1日'))),
      'WORKBOOK_DATE_INVALID',
      `${place('B5')}（计划开始日期）：「2026年1月1日」不是日期；请写作 YYYY-MM-DD`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('A2').value = '2026'))),
      'WORKBOOK_YEAR_INVALID',
      `${place('A2')}：应为年度，例如「(2026 年度)」，实际为「2026」`,
    );
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('H13').value = '十分'))),
      'WORKBOOK_WEIGHT_INVALID',
      `${place('H13')}（分值）：「十分」不是分值`,
    );
  });

  it('refuses a text longer than its field holds, naming the cell and both lengths', async () => {
    const base = await declarationWorkbook(sample());
    const err = await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('D14').value = '长'.repeat(501)))),
      'WORKBOOK_TEXT_TOO_LONG',
      '工作表「数字化建设」第 14 行 D 列（三级指标）：有 501 个字符，最多 500 个',
    );
    expect(err.field).toBe("'数字化建设'!D14");
    await expectRefusal(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('B3').value = '名'.repeat(501)))),
      'WORKBOOK_TEXT_TOO_LONG',
      '第 3 行 B 列（项目名称）：有 501 个字符',
    );
  });

  it('accepts amounts a person typed as text with separators', async () => {
    const buf = await edit(await declarationWorkbook(sample()), (ws) => {
      ws.getCell('C6').value = '600,000,000.5';
    });
    expect((await readDeclarationWorkbook(buf))[0].funds.total).toBe(60000000050n);
  });
});

describe('summaryWorkbook', () => {
  const rows: SummaryRow[] = [
    {
      departmentName: '运营管理部',
      state: '已批复',
      content: sample(),
      findings: { errors: 0, warnings: 2 },
      standing: 'approved',
    },
    {
      departmentName: '运营管理部',
      state: '编制中',
      content: sample({
        projectName: '政务云服务',
        funds: {
          total: 100000n,
          annualRequest: 85838000_00n,
          currentAppropriation: 85838000_00n,
          carryover: 0n,
          other: 0n,
        },
        indicators: [ind('quantity', '资源发放', '=100.00(%)')],
      }),
      findings: { errors: 3, warnings: 1 },
      standing: 'unapproved',
    },
  ];

  it('opens with the 汇总表, then one sheet per project named after it', async () => {
    const wb = await load(await summaryWorkbook(rows, 2026));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总表', '数字化建设', '政务云服务']);
    // Each form sheet holds exactly one form, with its own footer line in words.
    for (const [k, name] of [
      [1, '数字化建设'],
      [2, '政务云服务'],
    ] as const) {
      const ws = wb.worksheets[k];
      const titles: number[] = [];
      ws.eachRow((row, r) => row.getCell(1).value === FORM_TITLE && titles.push(r));
      expect(titles).toEqual([1]);
      expect(ws.getCell('B3').value).toBe(name);
    }
    const texts: unknown[] = [];
    wb.worksheets[2].eachRow((row) =>
      row.eachCell((c) => c.master.address === c.address && texts.push(c.value)),
    );
    expect(texts).toContain('填报单位：运营管理部　　状态：编制中');
  });

  it('lists one row per project on the 汇总表, and totals that say what they include', async () => {
    const ws = (await load(await summaryWorkbook(rows, 2026, { exportedOn: '2026-05-06' }))).worksheets[0];
    expect(ws.getCell('A1').value).toBe('运营管理部 2026 年度项目绩效目标汇总表');
    expect(ws.getCell('A2').value).toBe('（金额单位：元；导出日期：2026-05-06）');
    const header = (r: number) => Array.from({ length: 13 }, (_, c) => ws.getCell(r, c + 1).master.value);
    expect(header(3)).toEqual([
      '序号',
      '项目名称',
      '实施单位',
      '填报部门',
      '状态',
      ...Array(5).fill('项目资金（元）'),
      '三级指标数',
      '校验发现',
      '校验发现',
    ]);
    expect(header(4).slice(5)).toEqual([
      '项目资金总额',
      '年度资金申请总额',
      '其中：当年财政拨款',
      '上年结转资金',
      '其他资金',
      '三级指标数',
      '错误',
      '警告',
    ]);
    const row = (r: number) => Array.from({ length: 13 }, (_, c) => ws.getCell(r, c + 1).value);
    expect(row(5)).toEqual([
      1,
      '数字化建设',
      '上海市大数据中心',
      '运营管理部',
      '已批复',
      null,
      491254500,
      491254400.01,
      99.99,
      0,
      12,
      0,
      2,
    ]);
    expect(row(6)).toEqual([
      2,
      '政务云服务',
      '上海市大数据中心',
      '运营管理部',
      '编制中',
      1000,
      85838000,
      85838000,
      0,
      0,
      1,
      3,
      1,
    ]);
    expect(ws.getCell('G5').numFmt).toBe('#,##0.00');
    // Totals: of every project listed, saying which are not approved and what was blank.
    expect(ws.getCell('A7').value).toBe('合计（2个项目，含未批复的1个；项目资金总额有1个未填，未填的不计）');
    expect(ws.getCell('E7').master.address).toBe('A7');
    expect(row(7).slice(5)).toEqual([
      1000,
      491254500 + 85838000,
      491254400.01 + 85838000,
      99.99,
      0,
      13,
      3,
      3,
    ]);
  });

  it('says in the totals when every project is approved, and leaves a column with no amount blank', async () => {
    expect(totalsLabel([rows[0], { ...rows[0], standing: 'adjusting' }])).toBe(
      '合计（2个项目，含调整中的1个（按调整稿计）；项目资金总额均未填）',
    );
    expect(totalsLabel([rows[0]])).toBe('合计（1个项目，均已批复；项目资金总额均未填）');
    expect(totalsLabel([rows[1]])).toBe('合计（1个项目，含未批复的1个）');
    const ws = (await load(await summaryWorkbook([rows[0]], 2026))).worksheets[0];
    expect(ws.getCell('F6').value).toBeNull(); // 项目资金总额: nobody wrote one
    expect(ws.getCell('G6').value).toBe(491254500);
  });

  it('sets up every sheet to print: its own area, one page wide, the table header repeated when it runs over', async () => {
    const long = sample({
      projectName: '长表',
      indicators: Array.from({ length: 80 }, (_, i) => ind('quantity', `指标${i + 1}`, '≥1.00(个)')),
    });
    const wb = await load(await summaryWorkbook([...rows, { ...rows[1], content: long }], 2026));
    const setup = (k: number) => wb.worksheets[k].pageSetup;
    expect(setup(0)).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      printArea: 'A1:M9',
    });
    // A short form: one page, nothing repeated.
    expect(setup(1)).toMatchObject({
      orientation: 'portrait',
      fitToWidth: 1,
      fitToHeight: 1,
      printArea: 'A1:H25',
    });
    expect(setup(1).printTitlesRow).toBeUndefined();
    // 80 indicators run over a page: as many pages as needed, the indicator header on each.
    expect(setup(3)).toMatchObject({
      fitToWidth: 1,
      fitToHeight: 0,
      printArea: 'A1:G93',
      printTitlesRow: '12:12',
    });
    expect(wb.worksheets[3].getCell('B12').value).toBe('一级指标');
    // Every page names its form and its place in the bundle.
    expect(wb.worksheets[1].headerFooter.oddFooter).toContain('&A　第 &P 页，共 &N 页');
  });

  it('is readable back: every form of the summary, the 汇总表 passed over', async () => {
    expect(await readDeclarationWorkbook(await summaryWorkbook(rows, 2026))).toEqual(
      rows.map((r) => r.content),
    );
  });

  it('titles a summary of several departments by the year only, or as told', async () => {
    const mixed = [rows[0], { ...rows[1], departmentName: '应用开发部' }];
    let ws = (await load(await summaryWorkbook(mixed, 2026))).worksheets[0];
    expect(ws.getCell('A1').value).toBe('2026 年度项目绩效目标汇总表');
    const wb = await load(await summaryWorkbook([], 2026, { title: '上海市 2026 年度项目绩效目标汇总表' }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总表']);
    ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('上海市 2026 年度项目绩效目标汇总表');
    expect(ws.getCell('A5').value).toBe('合计（0个项目）');
  });
});

describe('row heights follow wrapped text', () => {
  const heightOf = async (buf: Buffer, text: string) => {
    const ws = (await load(buf)).worksheets[0];
    let height = 0;
    ws.eachRow((row) => row.eachCell((c) => c.value === text && (height = row.height)));
    return height;
  };

  it('a longer indicator name or goal gives a taller row, enough for its lines', async () => {
    const short = '开展建设项目数量';
    const long = '开展建设项目数量，'.repeat(12); // 108 CJK characters in D:E (34 units)
    const one = await heightOf(await declarationWorkbook(sample()), short);
    const many = await heightOf(
      await declarationWorkbook(sample({ indicators: [ind('quantity', long, '≥1.00(个)')] })),
      long,
    );
    expect(one).toBe(20);
    // D:E is 38 units = 261 px, about 19 CJK characters a line: 108 characters take 6 lines or more.
    expect(many).toBeGreaterThanOrEqual(linesHeight(6));
    // 年度总体目标 in E:H (62 units = 429 px, 31 CJK characters a line): 360 characters take 12 lines.
    const goal = '完成年度建设任务。'.repeat(40);
    expect(
      await heightOf(await declarationWorkbook(sample({ annualGoal: goal })), goal),
    ).toBeGreaterThanOrEqual(linesHeight(12));
  });

  it('counts CJK characters twice and breaks on new lines', () => {
    expect(wrappedLines('数量指标', 10)).toBe(1);
    // 10 units = 65 px inside: 4 CJK characters (53 px) a line.
    expect(wrappedLines('一二三四五六七八九十', 10)).toBe(3);
    // ≥ is drawn full width: 10 units, 67 px, more than a 10-unit column holds, less than a 13-unit one.
    expect(wrappedLines('≥95.00(%)', 10)).toBe(2);
    expect(wrappedLines('≥95.00(%)', 13)).toBe(1);
    expect(wrappedLines('12345678', 10)).toBe(1);
    expect(wrappedLines('第一行\n第二行\n\n第四行', 30)).toBe(4);
  });
});
