import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';

import { EVALUATION_TITLE, evaluationWorkbook, type EvaluationFormVM } from '../evaluation/evaluation-xlsx';
import { MONITORING_TITLE, monitoringWorkbook, type MonitoringFormVM } from '../monitoring/monitoring-xlsx';
import { linesHeight } from '../exports/xlsx-layout';

async function sheetOf(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
  expect(wb.worksheets).toHaveLength(1);
  return wb.worksheets[0];
}

/** The (master) cell whose value is `text`; fails when there is none or several. */
function find(ws: ExcelJS.Worksheet, text: string): ExcelJS.Cell {
  const hits: ExcelJS.Cell[] = [];
  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (c.master.address === c.address && c.value === text) hits.push(c);
    }),
  );
  expect(hits.map((c) => c.address)).toHaveLength(1);
  return hits[0];
}

/** The cell `dr` rows below / `dc` columns right of `cell`. */
function at(ws: ExcelJS.Worksheet, cell: ExcelJS.Cell, dr: number, dc: number): ExcelJS.Cell {
  return ws.getCell(Number(cell.row) + dr, Number(cell.col) + dc);
}

const header = {
  year: 2026,
  projectName: '数字化建设',
  competentDepartment: '上海市数据局',
  implementingUnit: '上海市大数据中心',
};

const monitoring: MonitoringFormVM = {
  ...header,
  periodEndMonth: 7,
  budget: {
    initialBudget: '491254500.00',
    adjustedBudget: '491254500.00',
    executedToDate: '245627250.00',
    executionRate: '50.00%',
    forecastFullYear: '466691775.00',
    timeProgress: '58.33%',
    light: 'yellow',
  },
  annualGoal: '完成年度建设任务；\n保障系统运行。',
  goalProgress: '按计划推进',
  indicators: [
    {
      level1: 'output',
      level2: 'quantity',
      name: '开展建设项目数量',
      target: '≥150.00(个)',
      actualToDate: '80',
      forecast: '142',
      likelihood: 'possible',
      deviationReasons: [
        { category: 'funding', note: '资金拨付滞后' },
        { category: 'other', note: '立项延迟' },
        { category: 'other', note: '需求变更' },
      ],
      correctiveMeasures: '加快拨付',
      remark: '',
      light: 'yellow',
    },
    {
      level1: 'output',
      level2: 'quantity',
      name: '非重大项目验收通过率',
      target: '=100.00(%)',
      actualToDate: '100',
      forecast: '100',
      likelihood: 'certain',
      deviationReasons: [],
      correctiveMeasures: '',
      remark: '备注一',
      light: 'green',
    },
    {
      level1: '产出指标',
      level2: 'cost',
      costType: '经济成本',
      name: '单位建设成本',
      target: '≤15.00(万元/个)',
      actualToDate: '16',
      forecast: '16',
      likelihood: 'impossible',
      deviationReasons: [{ category: 'hardware', note: '设备涨价' }],
      correctiveMeasures: '压降成本',
      remark: '',
      light: 'red',
    },
    {
      level1: 'benefit',
      level2: 'social',
      name: '社会治理和城市管理水平',
      target: '有效提升',
      actualToDate: '推进中',
      forecast: 'partial',
      likelihood: '有可能',
      deviationReasons: [{ category: 'staffing', note: '人手不足' }],
      correctiveMeasures: '增配人员',
      remark: '',
      light: '黄',
    },
  ],
  preparedBy: '张三',
  preparedAt: '2026-08-05',
};

const evaluation: EvaluationFormVM = {
  ...header,
  budget: {
    initialBudget: '491254500.00',
    adjustedBudget: '491254500.00',
    executed: '466691775.00',
    weight: '10.00',
    rate: '95.00%',
    score: '9.50',
  },
  annualGoal: '完成年度建设任务',
  goalAchievement: '基本完成',
  indicators: [
    {
      level1: 'output',
      level2: 'quantity',
      name: '开展建设项目数量',
      target: '≥150.00(个)',
      actual: '142',
      weight: '12.50',
      score: '11.83',
      deviationAnalysis: '部分项目延至下年；加强计划管理',
    },
    {
      level1: 'output',
      level2: 'quality',
      name: '项目预算变更率',
      target: '≤15.00(%)',
      actual: '18',
      weight: '12.50',
      score: '10.00',
      deviationAnalysis: '需求变更',
    },
    {
      level1: 'benefit',
      level2: 'social',
      name: '社会治理和城市管理水平',
      target: '有效提升',
      actual: 'partial',
      weight: '10.00',
      score: '7.00',
      deviationAnalysis: '部分场景未上线',
    },
    {
      level1: 'satisfaction',
      level2: 'serviceSatisfaction',
      name: '业务需求部门满意度',
      target: '≥90.00(%)',
      actual: '92.5',
      weight: '10.00',
      score: '10.00',
      deviationAnalysis: '',
    },
  ],
  totalScore: '93.33',
  grade: '优',
};

describe('monitoringWorkbook (绩效运行监控表)', () => {
  it('lays out header, budget, goals and the indicator table with the given figures', async () => {
    const ws = await sheetOf(await monitoringWorkbook(monitoring));
    expect(ws.getCell('A1').value).toBe(MONITORING_TITLE);
    expect(ws.getCell('O1').master.address).toBe('A1');
    expect(at(ws, find(ws, '项目名称'), 0, 2).value).toBe('数字化建设');
    expect(at(ws, find(ws, '主管部门'), 0, 2).value).toBe('上海市数据局');
    expect(at(ws, find(ws, '实施单位'), 0, 2).value).toBe('上海市大数据中心');
    expect(at(ws, find(ws, '监控期'), 0, 2).value).toBe('1–7月');

    // budget: value under its label
    expect(at(ws, find(ws, '年初预算数'), 1, 0).value).toBe(491254500);
    expect(at(ws, find(ws, '年初预算数'), 1, 0).numFmt).toBe('#,##0.00');
    expect(at(ws, find(ws, '全年预算数'), 1, 0).value).toBe(491254500);
    expect(at(ws, find(ws, '1–7月执行数'), 1, 0).value).toBe(245627250);
    expect(at(ws, find(ws, '执行率'), 1, 0).value).toBe('50.00%');
    expect(at(ws, find(ws, '全年预计执行数'), 1, 0).value).toBe(466691775);
    expect(at(ws, find(ws, '时间进度'), 1, 0).value).toBe('58.33%');
    expect(ws.getCell('N5').value).toBe('亮灯');
    expect(ws.getCell('N6').value).toBe('黄');
    expect(ws.getCell('O6').master.address).toBe('N6');

    expect(at(ws, find(ws, '年度总体目标'), 1, 0).value).toBe(monitoring.annualGoal);
    expect(at(ws, find(ws, '目标完成情况'), 1, 0).value).toBe('按计划推进');

    // indicator table headers: 偏差原因 over its five categories
    const reasons = find(ws, '偏差原因');
    expect(ws.getCell(Number(reasons.row), Number(reasons.col) + 4).master.address).toBe(reasons.address);
    const cats = ['经费保障', '制度保障', '人员保障', '硬件条件保障', '其他'];
    cats.forEach((c, k) => expect(at(ws, reasons, 1, k).value).toBe(c));
    expect(find(ws, '1–7月实际完成值')).toBeDefined();
    expect(find(ws, '全年预计完成值')).toBeDefined();
    expect(find(ws, '完成目标可能性')).toBeDefined();
    expect(find(ws, '整改措施')).toBeDefined();
    expect(find(ws, '备注')).toBeDefined();

    const row1 = find(ws, '开展建设项目数量');
    expect(row1.col).toBe(3);
    const r = Number(row1.row);
    const v = (c: number) => ws.getCell(r, c).value;
    expect([v(1), v(2), v(4), v(5), v(6), v(7)]).toEqual([
      '产出指标',
      '数量指标',
      '≥150.00(个)',
      '80',
      '142',
      '有可能',
    ]);
    expect([v(8), v(9), v(10), v(11), v(12)]).toEqual([
      '资金拨付滞后',
      null,
      null,
      null,
      '立项延迟\n需求变更',
    ]);
    expect([v(13), v(14), v(15)]).toEqual(['加快拨付', null, '黄']);
    expect((ws.getCell(r, 15).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFD666');

    // merged 一级 over the three output rows, 二级 over the two quantity rows
    expect(ws.getCell(r + 1, 1).master.address).toBe(ws.getCell(r, 1).address);
    expect(ws.getCell(r + 2, 1).master.address).toBe(ws.getCell(r, 1).address);
    expect(ws.getCell(r + 1, 2).master.address).toBe(ws.getCell(r, 2).address);
    expect(ws.getCell(r + 2, 2).value).toBe('成本指标（经济成本）');
    expect(ws.getCell(r + 2, 2).master.address).toBe(ws.getCell(r + 2, 2).address);
    expect(ws.getCell(r + 2, 7).value).toBe('完全不可能');
    expect(ws.getCell(r + 2, 11).value).toBe('设备涨价');
    expect(ws.getCell(r + 2, 15).value).toBe('红');
    expect(ws.getCell(r + 1, 7).value).toBe('确定能');
    expect(ws.getCell(r + 1, 14).value).toBe('备注一');
    expect(ws.getCell(r + 1, 15).value).toBe('绿');
    expect(ws.getCell(r + 3, 1).value).toBe('效益指标');
    expect(ws.getCell(r + 3, 6).value).toBe('部分达成年度指标');
    expect(ws.getCell(r + 3, 10).value).toBe('人手不足');
    expect(find(ws, '填报人：张三　　填报日期：2026-08-05')).toBeDefined();
    expect(ws.getCell(r, 3).border.left?.style).toBe('thin');
  });

  it('writes a money text that is not an amount as given', async () => {
    const ws = await sheetOf(
      await monitoringWorkbook({
        ...monitoring,
        budget: { ...monitoring.budget, forecastFullYear: '—' },
        indicators: [],
      }),
    );
    expect(at(ws, find(ws, '全年预计执行数'), 1, 0).value).toBe('—');
  });
});

describe('evaluationWorkbook (绩效自评表)', () => {
  it('lays out the money block, goals, indicators and the 总分 / 自评等级 rows', async () => {
    const ws = await sheetOf(await evaluationWorkbook(evaluation));
    expect(ws.getCell('A1').value).toBe(EVALUATION_TITLE);
    expect(ws.getCell('A2').value).toBe('(2026 年度)');
    expect(at(ws, find(ws, '项目名称'), 0, 2).value).toBe('数字化建设');

    expect(at(ws, find(ws, '年初预算数'), 1, 0).value).toBe(491254500);
    expect(at(ws, find(ws, '全年预算数'), 1, 0).value).toBe(491254500);
    expect(at(ws, find(ws, '全年执行数'), 1, 0).value).toBe(466691775);
    expect(at(ws, find(ws, '执行率'), 1, 0).value).toBe('95.00%');
    const budgetScore = find(ws, '年初预算数');
    expect(at(ws, budgetScore, 1, 3).value).toBe('10.00'); // 分值
    expect(at(ws, budgetScore, 1, 5).value).toBe('9.50'); // 得分
    expect(at(ws, find(ws, '预期目标'), 1, 0).value).toBe('完成年度建设任务');
    expect(at(ws, find(ws, '实际完成情况'), 1, 0).value).toBe('基本完成');
    expect(find(ws, '偏差原因分析及改进措施').col).toBe(8);

    const first = find(ws, '开展建设项目数量');
    const r = Number(first.row);
    const v = (dr: number, c: number) => ws.getCell(r + dr, c).value;
    expect([v(0, 1), v(0, 2), v(0, 4), v(0, 5), v(0, 6), v(0, 7), v(0, 8)]).toEqual([
      '产出指标',
      '数量指标',
      '≥150.00(个)',
      '142',
      '12.50',
      '11.83',
      '部分项目延至下年；加强计划管理',
    ]);
    expect(ws.getCell(r + 1, 1).master.address).toBe(ws.getCell(r, 1).address);
    expect(v(1, 2)).toBe('质量指标');
    expect(v(2, 5)).toBe('部分达成年度指标');
    expect(v(2, 7)).toBe('7.00');
    expect(v(3, 1)).toBe('满意度指标');
    expect(v(3, 2)).toBe('服务对象满意度指标');

    const total = find(ws, '总分');
    expect(ws.getCell(Number(total.row), 5).master.address).toBe(total.address); // 总分 over columns 1–5
    expect(at(ws, total, 0, 5).value).toBe('100.00');
    expect(at(ws, total, 0, 6).value).toBe('93.33');
    expect(Number(total.row)).toBe(r + 4);
    const grade = find(ws, '自评等级');
    expect(at(ws, grade, 0, 5).value).toBe('优');
    expect(Number(grade.row)).toBe(Number(total.row) + 1);
  });
});

describe('the printed report forms', () => {
  // A target written out long enough to take two lines of the 年度指标值 column (13 / 17 units).
  const twoLines = '≥1500000.00(万元/个/年度)';

  it('make the row of a two-line target tall enough for both lines (it was cut off)', async () => {
    // A short name: only the target can make the row taller.
    const heightOf = (ws: ExcelJS.Worksheet) => ws.getRow(Number(find(ws, '验收率').row)).height;
    const withTarget = (target: string) => [{ ...monitoring.indicators[1], name: '验收率', target }];
    const m1 = await sheetOf(
      await monitoringWorkbook({ ...monitoring, indicators: withTarget('=100.00(%)') }),
    );
    const m2 = await sheetOf(await monitoringWorkbook({ ...monitoring, indicators: withTarget(twoLines) }));
    expect(heightOf(m1)).toBeLessThan(linesHeight(2));
    expect(heightOf(m2)).toBeGreaterThanOrEqual(linesHeight(2));

    const evalWith = (target: string) => [{ ...evaluation.indicators[1], name: '验收率', target }];
    const e1 = await sheetOf(await evaluationWorkbook({ ...evaluation, indicators: evalWith('≤15.00(%)') }));
    const e2 = await sheetOf(await evaluationWorkbook({ ...evaluation, indicators: evalWith(twoLines) }));
    expect(heightOf(e1)).toBeLessThan(linesHeight(2));
    expect(heightOf(e2)).toBeGreaterThanOrEqual(linesHeight(2));
  });

  it('print one page wide, the indicator header repeated when the form runs over a page', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...monitoring.indicators[1],
      name: `指标${i + 1}`,
    }));
    const long = await sheetOf(await monitoringWorkbook({ ...monitoring, indicators: many }));
    expect(long.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '9:10',
      printArea: 'A1:O52',
    });
    const short = await sheetOf(await evaluationWorkbook(evaluation));
    expect(short.pageSetup).toMatchObject({ fitToWidth: 1, fitToHeight: 1, printArea: 'A1:H16' });
    expect(short.pageSetup.printTitlesRow).toBeUndefined();
  });

  it('write grades, lights, likelihoods and achievements as words, never as codes', async () => {
    const e = await sheetOf(await evaluationWorkbook({ ...evaluation, grade: 'good' }));
    expect(at(e, find(e, '自评等级'), 0, 5).value).toBe('良');
    const m = await sheetOf(
      await monitoringWorkbook({
        ...monitoring,
        indicators: [
          { ...monitoring.indicators[0], forecast: 'notAchieved', likelihood: 'impossible', light: 'red' },
        ],
      }),
    );
    const r = Number(find(m, '开展建设项目数量').row);
    expect([m.getCell(r, 6).value, m.getCell(r, 7).value, m.getCell(r, 15).value]).toEqual([
      '未达成年度指标',
      '完全不可能',
      '红',
    ]);
  });
});
