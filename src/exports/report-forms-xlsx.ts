import { allEnumerations } from '../common/i18n';
import { parseMoney } from '../common/money';
import { LEVEL1_LABEL, LEVEL2_LABEL } from '../declarations/declaration-content';
import {
  LIGHT_FILL,
  MONEY_FORMAT,
  addFormSheet,
  fitRows,
  label,
  moneyCellValue,
  newWorkbook,
  put,
  setupPrint,
  toBuffer,
  type Sheet,
} from './xlsx-layout';

/**
 * The two official report forms, laid out from VIEW MODELS of already-computed display strings
 * (scores, rates and lights are computed elsewhere; nothing is computed here).
 *
 * - 绩效运行监控表 (docs/spec/domain.md §5): `monitoringWorkbook`.
 * - 绩效自评表 (docs/spec/domain.md §6): `evaluationWorkbook`.
 *
 * Conventions of the view models:
 * - Money is a decimal string ("466691775.00"); it is written as a number with '#,##0.00' when
 *   exact (see xlsx-layout.ts), otherwise as the text given (e.g. "" or "—").
 * - Scores, rates, weights, actual values: written verbatim as text ("11.83", "95.00%").
 * - Levels: the code (`output`, `quantity`) or already the Chinese label (产出指标).
 * - Lights: 红/黄/绿 or red/yellow/green; written 红/黄/绿 on a coloured cell.
 * - Likelihood `certain`/`possible`/`impossible` → 确定能/有可能/完全不可能; a qualitative forecast
 *   or achievement `achieved`/`partial`/`notAchieved` → 达成年度指标/部分达成年度指标/未达成年度指标;
 *   the grade 优/良/中/差 or `excellent`/`good`/`fair`/`poor` → 优/良/中/差. A code of an
 *   enumeration registered under the same name (i18n.ts) is written as its Chinese word. Any
 *   other text is written as given: no code reaches the printed form where a word belongs.
 * - Every row is as tall as its wrapped text (a two-line target included), and the form prints
 *   one page wide, its table header repeated on each page when it runs over one.
 */

export type LightVM = '红' | '黄' | '绿' | 'red' | 'yellow' | 'green';
export type DeviationCategory = 'funding' | 'institutional' | 'staffing' | 'hardware' | 'other';

export const MONITORING_TITLE = '项目支出绩效运行监控表';
export const EVALUATION_TITLE = '项目支出绩效自评表';

export const DEVIATION_CATEGORY_LABEL: Record<DeviationCategory, string> = {
  funding: '经费保障',
  institutional: '制度保障',
  staffing: '人员保障',
  hardware: '硬件条件保障',
  other: '其他',
};

interface ReportHeaderVM {
  year: number;
  projectName: string;
  competentDepartment: string;
  implementingUnit: string;
  /** Optional footer: 填报人 and 填报日期. */
  preparedBy?: string;
  preparedAt?: string;
}

interface IndicatorLevelsVM {
  /** `output` or 产出指标. */
  level1: string;
  /** `quantity` or 数量指标. */
  level2: string;
  /** 成本指标 only: shown as 成本指标（经济成本）. */
  costType?: string | null;
  /** 三级指标. */
  name: string;
  /** 年度指标值, the target's display ("≥95.00(%)"); "" when none. */
  target: string;
}

export interface MonitoringIndicatorVM extends IndicatorLevelsVM {
  /** 1–N月实际完成值. */
  actualToDate: string;
  /** 全年预计完成值: a number text, or achieved/partial/notAchieved. */
  forecast: string;
  /** 完成目标可能性: certain/possible/impossible or the Chinese text. */
  likelihood: string;
  /** 偏差原因: each note goes in its category's column (several notes of one category: one per line). */
  deviationReasons: Array<{ category: DeviationCategory; note: string }>;
  correctiveMeasures: string;
  remark: string;
  light: LightVM | null;
}

export interface MonitoringFormVM extends ReportHeaderVM {
  /** 监控期 1–N月. */
  periodEndMonth: number;
  budget: {
    initialBudget: string; // 年初预算数
    adjustedBudget: string; // 全年预算数
    executedToDate: string; // 1–N月执行数
    executionRate: string; // 执行率, e.g. "55.20%"
    forecastFullYear: string; // 全年预计执行数
    timeProgress: string; // 时间进度, e.g. "58.33%"
    light: LightVM | null; // 亮灯
  };
  annualGoal: string; // 年度总体目标
  goalProgress: string; // 目标完成情况
  indicators: MonitoringIndicatorVM[];
}

export interface EvaluationIndicatorVM extends IndicatorLevelsVM {
  actual: string; // 实际完成值
  weight: string; // 分值 "12.50"
  score: string; // 得分 "11.83"
  deviationAnalysis: string; // 偏差原因分析及改进措施
}

export interface EvaluationFormVM extends ReportHeaderVM {
  budget: {
    initialBudget: string; // 年初预算数
    adjustedBudget: string; // 全年预算数
    executed: string; // 全年执行数
    weight: string; // 分值 "10.00"
    rate: string; // 执行率 "95.00%"
    score: string; // 得分 "9.50"
  };
  annualGoal: string; // 年度总体目标 (预期目标)
  goalAchievement: string; // 实际完成情况
  indicators: EvaluationIndicatorVM[];
  /** 总分 row: the 分值 total (default "100.00") and the 得分 total. */
  totalWeight?: string;
  totalScore: string;
  grade: string; // 自评等级 优/良/中/差
}

const LIGHT_ZH: Record<LightVM, '红' | '黄' | '绿'> = {
  红: '红',
  黄: '黄',
  绿: '绿',
  red: '红',
  yellow: '黄',
  green: '绿',
};
const LIKELIHOOD_ZH: Record<string, string> = {
  certain: '确定能',
  possible: '有可能',
  impossible: '完全不可能',
};
const ACHIEVEMENT_ZH: Record<string, string> = {
  achieved: '达成年度指标',
  partial: '部分达成年度指标',
  notAchieved: '未达成年度指标',
};
const GRADE_ZH: Record<string, string> = {
  excellent: '优',
  good: '良',
  fair: '中',
  poor: '差',
};

function lookup(map: Record<string, string>, key: string): string {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key;
}

/**
 * The Chinese word of a code: from the enumeration `name` when a module has registered it
 * (issue 13), else from this file's own table, else the text as given.
 */
function words(name: string, map: Record<string, string>, value: string): string {
  const registered = allEnumerations()[name]?.find((e) => e.value === value);
  return registered ? registered.zh : lookup(map, value);
}

export function level1Text(v: string): string {
  return words('level1', LEVEL1_LABEL, v);
}

export function level2Text(v: string, costType?: string | null): string {
  const base = words('level2', LEVEL2_LABEL, v);
  return costType ? `${base}（${costType}）` : base;
}

// ---------------------------------------------------------------------------------------------

function putMoneyText(ws: Sheet, r1: number, c1: number, r2: number, c2: number, text: string) {
  let value: number | string | null = text === '' ? null : text;
  try {
    value = moneyCellValue(parseMoney(text, 'money', { allowNegative: true }));
  } catch {
    // not an amount: written as given
  }
  put(ws, r1, c1, r2, c2, value, {
    horizontal: 'right',
    numFmt: typeof value === 'number' ? MONEY_FORMAT : undefined,
  });
}

function putText(
  ws: Sheet,
  r1: number,
  c1: number,
  r2: number,
  c2: number,
  text: string | null | undefined,
  right = false,
) {
  put(ws, r1, c1, r2, c2, text === undefined || text === null || text === '' ? null : text, {
    horizontal: right ? 'right' : 'left',
  });
}

function putLight(ws: Sheet, r1: number, c1: number, r2: number, c2: number, light: LightVM | null) {
  const zh = light === null ? null : (LIGHT_ZH[light] ?? null);
  put(ws, r1, c1, r2, c2, zh, { horizontal: 'center', bold: true, fill: zh ? LIGHT_FILL[zh] : undefined });
}

function titleRows(ws: Sheet, last: number, title: string, subtitle: string) {
  put(ws, 1, 1, 1, last, title, { bold: true, size: 16, horizontal: 'center', border: false });
  ws.getRow(1).height = 30;
  put(ws, 2, 1, 2, last, subtitle, { horizontal: 'center', border: false });
  ws.getRow(2).height = 20;
}

/** Writes 一级/二级 merged over consecutive equal rows (columns 1 and 2) from `first`. */
function levelColumns(ws: Sheet, first: number, rows: IndicatorLevelsVM[]) {
  const l1 = rows.map((r) => level1Text(r.level1));
  const l2 = rows.map((r, i) => `${l1[i]}\u0000${level2Text(r.level2, r.costType)}`);
  for (const [col, keys] of [
    [1, l1],
    [2, l2],
  ] as const) {
    for (let i = 0; i < rows.length; i++) {
      if (i > 0 && keys[i - 1] === keys[i]) continue;
      let j = i;
      while (j + 1 < rows.length && keys[j + 1] === keys[i]) j++;
      const text = col === 1 ? l1[i] : level2Text(rows[i].level2, rows[i].costType);
      put(ws, first + i, col, first + j, col, text, { horizontal: 'center', bold: col === 1 });
    }
  }
}

/** Writes the 填报人/填报日期 line at `row` when there is one; returns the last row of the form. */
function footer(ws: Sheet, row: number, last: number, vm: ReportHeaderVM): number {
  const parts: string[] = [];
  if (vm.preparedBy) parts.push(`填报人：${vm.preparedBy}`);
  if (vm.preparedAt) parts.push(`填报日期：${vm.preparedAt}`);
  if (!parts.length) return row - 1;
  put(ws, row, 1, row, last, parts.join('　　'), { border: false, size: 9 });
  return row;
}

// ---------------------------------------------------------------------------------------------
// 绩效运行监控表

/**
 * Columns: 1 一级 | 2 二级 | 3 三级 | 4 年度指标值 | 5 1–N月实际完成值 | 6 全年预计完成值 |
 * 7 完成目标可能性 | 8–12 偏差原因 (经费保障/制度保障/人员保障/硬件条件保障/其他) | 13 整改措施 |
 * 14 备注 | 15 亮灯.
 */
export async function monitoringWorkbook(vm: MonitoringFormVM): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = addFormSheet(
    wb,
    '绩效运行监控表',
    [10, 12, 20, 13, 13, 13, 11, 10, 10, 10, 10, 10, 20, 12, 7],
    true,
  );
  const last = 15;
  const period = `1–${vm.periodEndMonth}月`;
  titleRows(ws, last, MONITORING_TITLE, `(${vm.year} 年度\u3000监控期：${period})`);

  label(ws, 3, 1, 3, 2, '项目名称');
  putText(ws, 3, 3, 3, 8, vm.projectName);
  label(ws, 3, 9, 3, 10, '监控期');
  putText(ws, 3, 11, 3, last, period);
  label(ws, 4, 1, 4, 2, '主管部门');
  putText(ws, 4, 3, 4, 8, vm.competentDepartment);
  label(ws, 4, 9, 4, 10, '实施单位');
  putText(ws, 4, 11, 4, last, vm.implementingUnit);
  ws.getRow(3).height = 20;
  ws.getRow(4).height = 20;

  // Budget (双监控: money)
  const b = vm.budget;
  label(ws, 5, 1, 6, 2, '预算执行情况\n(元)');
  const budgetCols: Array<[string, number, number]> = [
    ['年初预算数', 3, 4],
    ['全年预算数', 5, 6],
    [`${period}执行数`, 7, 8],
    ['执行率', 9, 9],
    ['全年预计执行数', 10, 11],
    ['时间进度', 12, 13],
    ['亮灯', 14, 15],
  ];
  for (const [text, c1, c2] of budgetCols) label(ws, 5, c1, 5, c2, text);
  putMoneyText(ws, 6, 3, 6, 4, b.initialBudget);
  putMoneyText(ws, 6, 5, 6, 6, b.adjustedBudget);
  putMoneyText(ws, 6, 7, 6, 8, b.executedToDate);
  putText(ws, 6, 9, 6, 9, b.executionRate, true);
  putMoneyText(ws, 6, 10, 6, 11, b.forecastFullYear);
  putText(ws, 6, 12, 6, 13, b.timeProgress, true);
  putLight(ws, 6, 14, 6, 15, b.light);
  ws.getRow(5).height = 22;
  ws.getRow(6).height = 22;

  // Goals
  label(ws, 7, 1, 8, 2, '总体目标');
  label(ws, 7, 3, 7, 8, '年度总体目标');
  label(ws, 7, 9, 7, last, '目标完成情况');
  put(ws, 8, 3, 8, 8, vm.annualGoal || null, { vertical: 'top' });
  put(ws, 8, 9, 8, last, vm.goalProgress || null, { vertical: 'top' });
  ws.getRow(8).height = 48;

  // Indicators: two header rows
  const h = 9;
  const single: Array<[number, string]> = [
    [1, '一级指标'],
    [2, '二级指标'],
    [3, '三级指标'],
    [4, '年度指标值'],
    [5, `${period}实际完成值`],
    [6, '全年预计完成值'],
    [7, '完成目标可能性'],
    [13, '整改措施'],
    [14, '备注'],
    [15, '亮灯'],
  ];
  for (const [c, text] of single) label(ws, h, c, h + 1, c, text);
  label(ws, h, 8, h, 12, '偏差原因');
  const categories = Object.keys(DEVIATION_CATEGORY_LABEL) as DeviationCategory[];
  categories.forEach((cat, k) => label(ws, h + 1, 8 + k, h + 1, 8 + k, DEVIATION_CATEGORY_LABEL[cat]));
  ws.getRow(h).height = 22;
  ws.getRow(h + 1).height = 30;

  const first = h + 2;
  levelColumns(ws, first, vm.indicators);
  vm.indicators.forEach((ind, i) => {
    const r = first + i;
    putText(ws, r, 3, r, 3, ind.name);
    put(ws, r, 4, r, 4, ind.target || null, { horizontal: 'center' });
    put(ws, r, 5, r, 5, ind.actualToDate || null, { horizontal: 'center' });
    put(ws, r, 6, r, 6, ind.forecast ? words('achievement', ACHIEVEMENT_ZH, ind.forecast) : null, {
      horizontal: 'center',
    });
    put(ws, r, 7, r, 7, ind.likelihood ? words('likelihood', LIKELIHOOD_ZH, ind.likelihood) : null, {
      horizontal: 'center',
    });
    categories.forEach((cat, k) => {
      const text = ind.deviationReasons
        .filter((d) => d.category === cat)
        .map((d) => d.note)
        .join('\n');
      putText(ws, r, 8 + k, r, 8 + k, text);
    });
    putText(ws, r, 13, r, 13, ind.correctiveMeasures);
    putText(ws, r, 14, r, 14, ind.remark);
    putLight(ws, r, 15, r, 15, ind.light);
    ws.getRow(r).height = 20;
  });
  const lastRow = footer(ws, first + vm.indicators.length + 1, last, vm);
  ws.views = [{ state: 'frozen', ySplit: h + 1, showGridLines: false }];
  fitRows(ws);
  setupPrint(ws, last, lastRow, [h, h + 1]);
  return toBuffer(wb);
}

// ---------------------------------------------------------------------------------------------
// 绩效自评表

/**
 * Columns: 1 一级 | 2 二级 | 3 三级 | 4 年度指标值 | 5 实际完成值 | 6 分值 | 7 得分 |
 * 8 偏差原因分析及改进措施; the money block uses columns 3–8 for 年初预算数 | 全年预算数 |
 * 全年执行数 | 分值 | 执行率 | 得分; after the indicators the 总分 row (分值 total in 6, 得分 total
 * in 7) and the 自评等级 row (grade in 6–8).
 */
export async function evaluationWorkbook(vm: EvaluationFormVM): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = addFormSheet(wb, '绩效自评表', [10, 14, 22, 17, 17, 10, 10, 30]);
  const last = 8;
  titleRows(ws, last, EVALUATION_TITLE, `(${vm.year} 年度)`);

  label(ws, 3, 1, 3, 2, '项目名称');
  putText(ws, 3, 3, 3, last, vm.projectName);
  label(ws, 4, 1, 4, 2, '主管部门');
  putText(ws, 4, 3, 4, 4, vm.competentDepartment);
  label(ws, 4, 5, 4, 5, '实施单位');
  putText(ws, 4, 6, 4, last, vm.implementingUnit);
  ws.getRow(3).height = 20;
  ws.getRow(4).height = 20;

  const b = vm.budget;
  label(ws, 5, 1, 6, 2, '项目资金\n(元)');
  ['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'].forEach((text, k) =>
    label(ws, 5, 3 + k, 5, 3 + k, text),
  );
  putMoneyText(ws, 6, 3, 6, 3, b.initialBudget);
  putMoneyText(ws, 6, 4, 6, 4, b.adjustedBudget);
  putMoneyText(ws, 6, 5, 6, 5, b.executed);
  putText(ws, 6, 6, 6, 6, b.weight, true);
  putText(ws, 6, 7, 6, 7, b.rate, true);
  putText(ws, 6, 8, 6, 8, b.score, true);
  ws.getRow(5).height = 22;
  ws.getRow(6).height = 22;

  label(ws, 7, 1, 8, 2, '年度总体目标');
  label(ws, 7, 3, 7, 5, '预期目标');
  label(ws, 7, 6, 7, last, '实际完成情况');
  put(ws, 8, 3, 8, 5, vm.annualGoal || null, { vertical: 'top' });
  put(ws, 8, 6, 8, last, vm.goalAchievement || null, { vertical: 'top' });
  ws.getRow(8).height = 48;

  const h = 9;
  [
    '一级指标',
    '二级指标',
    '三级指标',
    '年度指标值',
    '实际完成值',
    '分值',
    '得分',
    '偏差原因分析及改进措施',
  ].forEach((text, k) => label(ws, h, 1 + k, h, 1 + k, text));
  ws.getRow(h).height = 30;
  const first = h + 1;
  levelColumns(ws, first, vm.indicators);
  vm.indicators.forEach((ind, i) => {
    const r = first + i;
    putText(ws, r, 3, r, 3, ind.name);
    put(ws, r, 4, r, 4, ind.target || null, { horizontal: 'center' });
    put(ws, r, 5, r, 5, ind.actual ? words('achievement', ACHIEVEMENT_ZH, ind.actual) : null, {
      horizontal: 'center',
    });
    putText(ws, r, 6, r, 6, ind.weight, true);
    putText(ws, r, 7, r, 7, ind.score, true);
    putText(ws, r, 8, r, 8, ind.deviationAnalysis);
    ws.getRow(r).height = 20;
  });
  const t = first + vm.indicators.length;
  label(ws, t, 1, t, 5, '总分');
  put(ws, t, 6, t, 6, vm.totalWeight ?? '100.00', { horizontal: 'right', bold: true });
  put(ws, t, 7, t, 7, vm.totalScore, { horizontal: 'right', bold: true });
  put(ws, t, 8, t, 8, null);
  label(ws, t + 1, 1, t + 1, 5, '自评等级');
  put(ws, t + 1, 6, t + 1, last, vm.grade ? words('grade', GRADE_ZH, vm.grade) : null, {
    horizontal: 'center',
    bold: true,
  });
  ws.getRow(t).height = 22;
  ws.getRow(t + 1).height = 22;
  const lastRow = footer(ws, t + 3, last, vm);
  fitRows(ws);
  setupPrint(ws, last, lastRow, [h, h]);
  return toBuffer(wb);
}
