import { describe, expect, it } from '@jest/globals';
import { fieldLabel } from '../common/i18n';
import { EVALUATION_FIELDS } from '../evaluation/evaluation-fields';
import { EVALUATION_FORM } from '../evaluation/evaluation-form';
import { MONITORING_FIELDS } from '../monitoring/monitoring-fields';
import { MONITORING_FORM } from '../monitoring/monitoring-form';
import type { ReportFields } from './report-fields';
import type { FormLayout } from './report-xlsx';

/**
 * The printed forms' indicator columns and the field lists say the same: every field the form
 * shows has its column, and a field's column is headed by the field's one label (the catalogue's),
 * the 监控期 of 1–N月实际完成值 aside.
 */
describe.each([
  ['monitoring', MONITORING_FIELDS, MONITORING_FORM, ['light']],
  ['evaluation', EVALUATION_FIELDS, EVALUATION_FORM, ['weight', 'score']],
] as Array<[string, ReportFields, FormLayout, string[]]>)('the %s form', (_kind, fields, form, computed) => {
  const keys = fields.entries.map((f) => f.key);

  it('has a column for every field the form shows, and for what the report computes', () => {
    const shown = fields.entries.filter((f) => f.form !== false).map((f) => f.key);
    expect(form.columns.map((c) => c.key).sort()).toEqual([...shown, ...computed].sort());
  });

  it("heads a field's column with the field's label", () => {
    for (const c of form.columns.filter((col) => keys.includes(col.key))) {
      const label = fieldLabel(`entries.${c.key}`, 'zh');
      expect(c.header.replace('{period}', '1-N月')).toBe(label);
    }
  });
});
