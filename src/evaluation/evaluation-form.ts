import type { FormLayout } from '../reports/report-xlsx';

// Apart from evaluation-fields.ts only so that the workbook's module loads no catalogue: the headers
// are the fields' labels (checked against the catalogue by report-form-columns.spec.ts).

/**
 * The indicator table of the printed 绩效自评表 (evaluation-xlsx.ts): a column per field the form
 * shows, in the form's order, its header the field's label (分值 and 得分: the weight used and
 * the score that counts, as scoring.ts computed them).
 */
export const EVALUATION_FORM: FormLayout = {
  sheet: '绩效自评表',
  title: '项目支出绩效自评表',
  levelWidths: [10, 14, 22, 17],
  columns: [
    { key: 'actual', header: '实际完成值', width: 17, cell: { words: 'achievement' } },
    { key: 'weight', header: '分值', width: 10, cell: 'right' },
    { key: 'score', header: '得分', width: 10, cell: 'right' },
    { key: 'deviationAnalysis', header: '偏差原因分析及改进措施', width: 30, cell: 'text' },
  ],
};
