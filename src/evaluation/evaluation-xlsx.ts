import {
  footer,
  formLastColumn,
  formWidths,
  indicatorTable,
  putMoneyText,
  putText,
  titleRows,
  wordsOf,
  type IndicatorLevelsVM,
  type ReportHeaderVM,
} from '../reports/report-xlsx';
import { addFormSheet, fitRows, label, newWorkbook, put, setupPrint, toBuffer } from '../exports/xlsx-layout';
import { EVALUATION_FORM } from './evaluation-form';

/** The 项目支出绩效自评表 (docs/spec/domain.md §6) from its view model (evaluation-view.ts). */

export const EVALUATION_TITLE = EVALUATION_FORM.title;

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

/**
 * Columns: 1 一级 | 2 二级 | 3 三级 | 4 年度指标值, then EVALUATION_FORM's: 5 实际完成值 | 6 分值 |
 * 7 得分 | 8 偏差原因分析及改进措施; the money block uses columns 3–8 for 年初预算数 | 全年预算数 |
 * 全年执行数 | 分值 | 执行率 | 得分; after the indicators the 总分 row (分值 total in 6, 得分 total
 * in 7) and the 自评等级 row (grade in 6–8).
 */
export async function evaluationWorkbook(vm: EvaluationFormVM): Promise<Buffer> {
  const wb = await newWorkbook();
  const ws = addFormSheet(wb, EVALUATION_FORM.sheet, formWidths(EVALUATION_FORM), EVALUATION_FORM.landscape);
  const last = formLastColumn(EVALUATION_FORM);
  titleRows(ws, last, EVALUATION_FORM.title, `(${vm.year} 年度)`);

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

  // Indicators: the columns of EVALUATION_FORM (evaluation-form.ts), one header row.
  const h = 9;
  const t = indicatorTable(ws, h, EVALUATION_FORM, vm.indicators);
  label(ws, t, 1, t, 5, '总分');
  put(ws, t, 6, t, 6, vm.totalWeight ?? '100.00', { horizontal: 'right', bold: true });
  put(ws, t, 7, t, 7, vm.totalScore, { horizontal: 'right', bold: true });
  put(ws, t, 8, t, 8, null);
  label(ws, t + 1, 1, t + 1, 5, '自评等级');
  put(ws, t + 1, 6, t + 1, last, vm.grade ? wordsOf('grade', vm.grade) : null, {
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
