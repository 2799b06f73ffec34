import { describe, expect, it } from '@jest/globals';
import { englishIn } from '../../test/support/errors';
import { messageCodes, render } from '../common/i18n';
import '../monitoring/monitoring.messages';
import './evaluation.messages';
import '../reports/reports.messages';

/** Parameters that fit every template of the two catalogues. */
const params = {
  label: '第1条指标条目的全年预计完成值',
  name: '开展建设项目数量',
  target: '≥150.00(个)',
  unit: '个',
  value: '九十',
  forecast: '约150',
  quantitative: true,
  indicatorId: 99,
  first: 1,
  fallback: '12.50',
  total: '102.50',
  indicators: '92.50',
  budget: '10.00',
  expected: '100.00',
  achievement: 'partial',
  score: '9.00',
  lo: '6',
  hi: '8',
  closed: false,
  computed: '12.50',
  given: '10.00',
  max: '12.50',
  met: false,
  weight: '12.50',
  rate: '89.99',
  threshold: 90,
  actual: '200',
  pct: '20',
  light: 'red',
  likelihood: 'possible',
  month: 7,
  executed: '600.00',
  example: '12.50',
  state: 'drafting',
  report: 'monitoring',
};

describe('the reports’ catalogues', () => {
  const codes = messageCodes().filter((c) => ['monitoring', 'evaluation', 'reports'].includes(c.module));

  it('give every code a Chinese text without developer English, and an English one', () => {
    expect(codes.length).toBeGreaterThan(40);
    for (const { code } of codes) {
      const zh = render(code, params, 'zh');
      const en = render(code, params, 'en');
      expect({ code, english: englishIn(zh), same: zh === en }).toEqual({ code, english: null, same: false });
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('say the state in words', () => {
    expect(render('REPORT_NO_APPROVED_TARGETS', params, 'zh')).toBe(
      '该申报尚无批准的绩效目标（当前状态：编制中），运行监控须以最新批准的绩效目标为准',
    );
  });
});
