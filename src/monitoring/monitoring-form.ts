import { DEVIATION_CATEGORY_LABEL, type FormLayout } from '../reports/report-xlsx';

// Apart from monitoring-fields.ts only so that the workbook's module loads no catalogue: the headers
// are the fields' labels (checked against the catalogue by report-form-columns.spec.ts).

/**
 * The indicator table of the printed 绩效运行监控表 (monitoring-xlsx.ts): a column per field the
 * form shows, in the form's order, its header the field's label unless the form words it
 * otherwise, then the light the rules computed.
 */
export const MONITORING_FORM: FormLayout = {
  sheet: '绩效运行监控表',
  title: '项目支出绩效运行监控表',
  landscape: true,
  levelWidths: [10, 12, 20, 13],
  columns: [
    { key: 'actualToDate', header: '{period}实际完成值', width: 13, cell: 'center' },
    { key: 'forecast', header: '全年预计完成值', width: 13, cell: { words: 'achievement' } },
    { key: 'likelihood', header: '完成目标可能性', width: 11, cell: { words: 'likelihood' } },
    {
      key: 'deviationReasons',
      header: '偏差原因',
      width: 10,
      cell: { byCategory: DEVIATION_CATEGORY_LABEL },
    },
    { key: 'correctiveMeasures', header: '整改措施', width: 20, cell: 'text' },
    { key: 'remark', header: '备注', width: 12, cell: 'text' },
    { key: 'light', header: '亮灯', width: 7, cell: 'light' },
  ],
};
