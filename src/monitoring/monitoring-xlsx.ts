import {
  footer,
  formLastColumn,
  formWidths,
  indicatorTable,
  putLight,
  putMoneyText,
  putText,
  titleRows,
  type DeviationCategory,
  type IndicatorLevelsVM,
  type LightVM,
  type ReportHeaderVM,
} from '../reports/report-xlsx';
import { addFormSheet, fitRows, label, newWorkbook, put, setupPrint, toBuffer } from '../exports/xlsx-layout';
import { MONITORING_FORM } from './monitoring-form';

/** The 项目支出绩效运行监控表 (docs/spec/domain.md §5) from its view model (monitoring-view.ts). */

export const MONITORING_TITLE = MONITORING_FORM.title;

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

/**
 * Columns: 1 一级 | 2 二级 | 3 三级 | 4 年度指标值, then MONITORING_FORM's: 5 1–N月实际完成值 |
 * 6 全年预计完成值 | 7 完成目标可能性 | 8–12 偏差原因 (经费保障/制度保障/人员保障/硬件条件保障/其他) |
 * 13 整改措施 | 14 备注 | 15 亮灯. The rows above the table are laid out here.
 */
export async function monitoringWorkbook(vm: MonitoringFormVM): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = addFormSheet(wb, MONITORING_FORM.sheet, formWidths(MONITORING_FORM), MONITORING_FORM.landscape);
  const last = formLastColumn(MONITORING_FORM);
  const period = `1–${vm.periodEndMonth}月`;
  titleRows(ws, last, MONITORING_FORM.title, `(${vm.year} 年度\u3000监控期：${period})`);

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

  // Indicators: the columns of MONITORING_FORM (monitoring-form.ts), two header rows.
  const h = 9;
  const after = indicatorTable(ws, h, MONITORING_FORM, vm.indicators, period);
  const lastRow = footer(ws, after + 1, last, vm);
  ws.views = [{ state: 'frozen', ySplit: h + 1, showGridLines: false }];
  fitRows(ws);
  setupPrint(ws, last, lastRow, [h, h + 1]);
  return toBuffer(wb);
}
