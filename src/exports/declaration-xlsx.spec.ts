import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { InputError } from '../common/input-error';
import type { DeclarationContent, IndicatorContent, Level2 } from '../declarations/declaration-content';
import { emptyContent, level1Of } from '../declarations/declaration-content';
import { parseTarget } from '../declarations/target-notation';
import {
  FORM_TITLE,
  declarationWorkbook,
  declarationsWorkbook,
  readDeclarationWorkbook,
  summaryWorkbook,
} from './declaration-xlsx';
import { monitoringWorkbook } from './report-forms-xlsx';

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

async function expectInputError(p: Promise<unknown>, ...fragments: string[]): Promise<InputError> {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InputError);
  for (const f of fragments) expect((err as InputError).message).toContain(f);
  return err as InputError;
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
    await expectInputError(readDeclarationWorkbook(Buffer.from('not a workbook at all')), 'not an xlsx');
    await expectInputError(readDeclarationWorkbook(Buffer.alloc(0)), 'not an xlsx');
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
    await expectInputError(readDeclarationWorkbook(other), 'sheet "绩效运行监控表"', FORM_TITLE);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空表');
    await expectInputError(
      readDeclarationWorkbook(Buffer.from(await wb.xlsx.writeBuffer())),
      'no filled sheet',
    );
  });

  it('names the sheet and cell of a missing label', async () => {
    const buf = await edit(await declarationWorkbook(sample()), (ws) => {
      ws.getCell('D7').value = '别的东西';
    });
    const err = await expectInputError(
      readDeclarationWorkbook(buf),
      'sheet "数字化建设", cell D7',
      '当年财政拨款',
    );
    expect(err.field).toBe('sheet "数字化建设", cell D7');
  });

  it('names the sheet and cell of bad money, a bad target, a bad level label, a bad date', async () => {
    const base = await declarationWorkbook(sample());
    await expectInputError(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('F7').value = '一百万'))),
      'sheet "数字化建设", cell F7',
      '当年财政拨款',
    );
    await expectInputError(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('F6').value = 1.005))),
      'cell F6',
    );
    await expectInputError(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('F13').value = '≥abc(个)'))),
      'cell F13',
    );
    await expectInputError(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('C13').value = '数量'))),
      'cell C13',
      '二级指标',
    );
    await expectInputError(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('B13').value = '满意度指标'))),
      'cell C13',
      'does not belong',
    );
    await expectInputError(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('B5').value = '2026年1月1日'))),
      'cell B5',
      'YYYY-MM-DD',
    );
    await expectInputError(
      readDeclarationWorkbook(await edit(base, (ws) => (ws.getCell('A2').value = '2026'))),
      'cell A2',
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
  const rows = [
    { departmentName: '上海市大数据中心', state: '已审核', content: sample() },
    {
      departmentName: '上海市大数据中心',
      state: '填报中',
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
    },
  ];

  it('is one sheet with each project, its indicators and the totals of funds', async () => {
    const buf = await summaryWorkbook(rows, 2026);
    const wb = await load(buf);
    expect(wb.worksheets).toHaveLength(1);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A1').value).toBe('上海市大数据中心 2026 年度项目绩效目标汇总表');
    const texts: unknown[] = [];
    ws.eachRow((row) => row.eachCell((c) => c.master.address === c.address && texts.push(c.value)));
    expect(texts).toContain('数字化建设');
    expect(texts).toContain('政务云服务');
    expect(texts).toContain('资源发放');
    expect(texts).toContain('填报单位：上海市大数据中心　　状态：填报中');
    expect(texts.filter((t) => t === FORM_TITLE)).toHaveLength(2);
    // totals: find the label, the amount is next to it (F)
    let totalRow = 0;
    ws.eachRow((row, r) => {
      if (row.getCell(1).value === '年度资金申请总额合计（元）') totalRow = r;
    });
    expect(totalRow).toBeGreaterThan(0);
    expect(ws.getCell(`F${totalRow}`).value).toBe(491254500 + 85838000);
    expect(ws.getCell(`F${totalRow - 1}`).value).toBe(1000); // 项目资金总额合计: null counts 0
    expect(ws.getCell(`F${totalRow - 2}`).value).toBe(13); // 绩效指标个数
  });

  it('is readable back: every declaration of the summary', async () => {
    expect(await readDeclarationWorkbook(await summaryWorkbook(rows, 2026))).toEqual(
      rows.map((r) => r.content),
    );
  });

  it('titles a summary of several departments by the year only, or as told', async () => {
    const mixed = [rows[0], { ...rows[1], departmentName: '上海市数据局' }];
    let ws = (await load(await summaryWorkbook(mixed, 2026))).worksheets[0];
    expect(ws.getCell('A1').value).toBe('2026 年度项目绩效目标汇总表');
    ws = (await load(await summaryWorkbook([], 2026, { title: '上海市 2026 年度项目绩效目标汇总表' })))
      .worksheets[0];
    expect(ws.getCell('A1').value).toBe('上海市 2026 年度项目绩效目标汇总表');
  });
});
