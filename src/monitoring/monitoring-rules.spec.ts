import { describe, expect, it } from '@jest/globals';
import { englishIn } from '../../test/support/errors';
import { appError, firstProblem, target as t, yuan } from '../../test/support/report-rules';
import {
  evaluateMonitoring,
  indicatorLight,
  MONITORING_FINDINGS,
  type MonitoringIndicator,
  type MonitoringInput,
} from './monitoring-rules';
import type { Likelihood, MonitoringEntryInput } from './monitoring-fields';
import { validateMonitoringInput, validateMonitoringPatch } from './monitoring-input';

const indicators: MonitoringIndicator[] = [
  { id: 11, level1: 'output', name: '开展建设项目数量', target: t('≥150.00(个)') },
  { id: 12, level1: 'output', name: '项目预算变更率', target: t('≤15.00(%)') },
  { id: 13, level1: 'output', name: '项目完成及时性', target: t('及时') },
  { id: 14, level1: 'satisfaction', name: '业务需求部门满意度', target: t('≥90.00(%)') },
];

/** A report with everything on track: all green, no findings. */
const onTrack: MonitoringEntryInput[] = [
  { indicatorId: 11, actualToDate: '80', forecast: '150', likelihood: 'certain' },
  { indicatorId: 12, actualToDate: '5', forecast: '12', likelihood: 'certain' },
  { indicatorId: 13, actualToDate: '按计划推进', forecast: 'achieved', likelihood: 'certain' },
  { indicatorId: 14, actualToDate: '尚未调查', forecast: '95', likelihood: 'certain' },
];

function report(overrides: Partial<MonitoringInput> = {}): MonitoringInput {
  return {
    indicators,
    periodEndMonth: 7,
    budget: {
      initialBudget: yuan('1000000.00'),
      adjustedBudget: yuan('1000000.00'),
      executedToDate: yuan('583333.33'),
      forecastFullYear: yuan('1000000.00'),
    },
    entries: onTrack,
    ...overrides,
  };
}

/** The on-track report with entry `i` changed. */
function withEntry(i: number, change: Partial<MonitoringEntryInput>) {
  return evaluateMonitoring(report({ entries: onTrack.map((e, k) => (k === i ? { ...e, ...change } : e)) }));
}

const found = (r: { findings: { code: string; path: string }[] }) => r.findings.map((f) => [f.code, f.path]);

describe('indicatorLight (docs/spec/domain.md §5)', () => {
  const light = (target: string, forecast: string | null, likelihood: Likelihood | null) =>
    indicatorLight(t(target), forecast, likelihood);

  it.each([
    // higher is better: completion = forecast / target (the §6 score with weight 1)
    ['≥95(%)', '97', 'certain', 'green'],
    ['≥95(%)', '95', 'certain', 'green'],
    ['≥95(%)', '97', 'possible', 'yellow'],
    ['≥95(%)', '90', 'certain', 'yellow'],
    ['≥95(%)', '76', 'certain', 'yellow'], // completion exactly 0.80: not red
    ['≥95(%)', '75.99', 'certain', 'yellow'], // 0.79989… rounds to 0.80 (the §6 score is rounded)
    ['≥95(%)', '75.5', 'possible', 'red'], // 0.7947… → 0.79
    ['≥95(%)', '0', 'certain', 'red'],
    ['>95(%)', '95', 'certain', 'green'],
    ['≥95(%)', '100', 'impossible', 'red'],
    // lower is better: 1 − (f − t)/t
    ['≤15(%)', '10', 'certain', 'green'],
    ['≤15(%)', '15', 'possible', 'yellow'],
    ['≤15(%)', '18', 'certain', 'yellow'], // 0.80
    ['≤15(%)', '18.1', 'certain', 'red'], // 0.7933… → 0.79
    ['≤15(%)', '30', 'certain', 'red'],
    // exact
    ['=0(起)', '0', 'certain', 'green'],
    ['=0(起)', '1', 'certain', 'red'],
    ['=100(%)', '100', 'certain', 'green'],
    ['=100(%)', '85', 'certain', 'yellow'],
    // qualitative: the forecast decides; impossible forces red
    ['及时', 'achieved', 'certain', 'green'],
    ['及时', 'achieved', 'possible', 'green'],
    ['及时', 'partial', 'certain', 'yellow'],
    ['及时', 'notAchieved', 'certain', 'red'],
    ['及时', 'achieved', 'impossible', 'red'],
    ['及时', 'achieved', null, 'green'],
  ] as const)('%s forecast %s, %s → %s', (target, forecast, likelihood, expected) => {
    expect(light(target, forecast, likelihood)).toBe(expected);
  });

  it('cannot tell without a forecast, unless the target is impossible', () => {
    expect(light('≥95(%)', null, 'certain')).toBeNull();
    expect(light('≥95(%)', ' ', 'certain')).toBeNull();
    expect(light('及时', null, 'possible')).toBeNull();
    expect(light('≥95(%)', null, 'impossible')).toBe('red');
  });

  it('cannot tell green from yellow without a likelihood, but red is red', () => {
    expect(light('≥95(%)', '97', null)).toBeNull();
    expect(light('≥95(%)', '50', null)).toBe('red');
  });

  it('takes the red threshold from config', () => {
    expect(indicatorLight(t('≥100(%)'), '85', 'certain', { indicatorRedBelow: '0.9' })).toBe('red');
    expect(indicatorLight(t('≥100(%)'), '90', 'certain', { indicatorRedBelow: '0.9' })).toBe('yellow');
  });

  it('takes the word of a qualitative forecast for its code', () => {
    expect(light('及时', '部分达成年度指标并具有一定效果', 'certain')).toBe('yellow');
    expect(light('及时', '达成年度指标', 'certain')).toBe('green');
  });

  it('throws a 400 AppError for a forecast that does not fit the target', () => {
    const notNumber = appError(() => light('≥95(%)', 'high', 'certain'));
    expect([notNumber.status, notNumber.code, notNumber.field]).toEqual([400, 'FIELD_DECIMAL', 'actual']);
    const notAchievement = appError(() => light('及时', '97', 'certain'));
    expect([notAchievement.status, notAchievement.code, notAchievement.field]).toEqual([
      400,
      'FIELD_ONE_OF',
      'forecast',
    ]);
    expect(notAchievement.body('zh').message).toContain(
      '须为以下之一：达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差',
    );
  });
});

describe('evaluateMonitoring: budget figures', () => {
  it('computes execution rate, time progress and ratio in percent with 2 decimals', () => {
    const r = evaluateMonitoring(report());
    // 583,333.33 / 1,000,000.00 = 58.33 %, 7/12 = 58.33 %, ratio 99.9999994… → 100.00
    expect(r).toMatchObject({
      executionRate: '58.33',
      timeProgress: '58.33',
      ratio: '100.00',
      budgetLight: 'green',
    });
    expect(r.findings).toEqual([]);
    expect(r.entries).toEqual([
      { indicatorId: 11, light: 'green', deviation: false },
      { indicatorId: 12, light: 'green', deviation: false },
      { indicatorId: 13, light: 'green', deviation: false },
      { indicatorId: 14, light: 'green', deviation: false },
    ]);
  });

  it('computes the ratio from the unrounded rates', () => {
    // June: 6/12 = 50 %; 1/3 executed = 33.33 %; ratio 66.666… → 66.67 (not 33.33/50 = 66.66)
    const r = evaluateMonitoring(
      report({
        periodEndMonth: 6,
        budget: {
          adjustedBudget: yuan('3.00'),
          executedToDate: yuan('1.00'),
          forecastFullYear: yuan('3.00'),
        },
      }),
    );
    expect(r).toMatchObject({
      executionRate: '33.33',
      timeProgress: '50.00',
      ratio: '66.67',
      budgetLight: 'yellow',
    });
  });

  it.each([
    ['5999.00', '59.99', 'red'],
    ['6000.00', '60.00', 'yellow'],
    ['5999.50', '60.00', 'yellow'], // 59.995 → published 60.00 → yellow
    ['7999.00', '79.99', 'yellow'],
    ['8000.00', '80.00', 'green'],
    ['0.00', '0.00', 'red'],
  ])('December, executed %s of 10,000.00: ratio %s → %s', (executed, ratio, light) => {
    const r = evaluateMonitoring(
      report({
        periodEndMonth: 12,
        budget: {
          adjustedBudget: yuan('10000.00'),
          executedToDate: yuan(executed),
          forecastFullYear: yuan('10000.00'),
        },
      }),
    );
    expect(r.ratio).toBe(ratio);
    expect(r.budgetLight).toBe(light);
  });

  it('takes the light thresholds from config', () => {
    const r = evaluateMonitoring(report(), {
      config: {
        defaultPeriodEndMonth: 7,
        budgetLight: { red: 101, yellow: 120 },
        indicatorRedBelow: '0.8',
        maxTextLength: 10,
      },
    });
    expect(r.budgetLight).toBe('red');
  });

  it('defaults the initial budget to the approved annual request and the adjusted one to the initial', () => {
    const r = evaluateMonitoring(
      report({
        budget: { executedToDate: yuan('500.00'), forecastFullYear: yuan('1000.00') },
        approvedAnnualRequest: yuan('1000.00'),
      }),
    );
    expect(r.budget).toEqual({
      initialBudget: yuan('1000.00'),
      adjustedBudget: yuan('1000.00'),
      executedToDate: yuan('500.00'),
      forecastFullYear: yuan('1000.00'),
    });
    expect(r.executionRate).toBe('50.00');
    const adjusted = evaluateMonitoring(
      report({
        budget: {
          initialBudget: yuan('2000.00'),
          executedToDate: yuan('500.00'),
          forecastFullYear: yuan('1000.00'),
        },
        approvedAnnualRequest: yuan('1000.00'),
      }),
    );
    expect(adjusted.budget.adjustedBudget).toBe(yuan('2000.00'));
    expect(adjusted.executionRate).toBe('25.00');
  });

  it('reports a missing or zero adjusted budget and leaves the figures empty', () => {
    const none = evaluateMonitoring(report({ budget: { executedToDate: 0n, forecastFullYear: 0n } }));
    expect(found(none)).toEqual([['MON_BUDGET_ADJUSTED_MISSING', 'budget.adjustedBudget']]);
    expect(none).toMatchObject({
      executionRate: null,
      ratio: null,
      budgetLight: null,
      timeProgress: '58.33',
    });
    const zero = evaluateMonitoring(
      report({ budget: { adjustedBudget: 0n, executedToDate: 0n, forecastFullYear: 0n } }),
    );
    expect(found(zero)).toEqual([['MON_BUDGET_ADJUSTED_ZERO', 'budget.adjustedBudget']]);
    expect(zero.budgetLight).toBeNull();
  });

  it('reports missing executed and forecast amounts', () => {
    const r = evaluateMonitoring(report({ budget: { adjustedBudget: yuan('1.00') } }));
    expect(found(r)).toEqual([
      ['MON_BUDGET_EXECUTED_MISSING', 'budget.executedToDate'],
      ['MON_BUDGET_FORECAST_MISSING', 'budget.forecastFullYear'],
    ]);
    expect(r.findings.map((f) => f.message)).toEqual(['缺少1-7月执行数', '缺少全年预计执行数']);
    expect(r.executionRate).toBeNull();
  });

  it('reports a full-year forecast below what is already executed', () => {
    const budget = { adjustedBudget: yuan('1000.00'), executedToDate: yuan('600.00') };
    const r = evaluateMonitoring(report({ budget: { ...budget, forecastFullYear: yuan('599.99') } }));
    expect(r.findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'MON_FORECAST_BELOW_EXECUTED', 'budget.forecastFullYear'],
    ]);
    expect(r.findings[0].message).toBe('全年预计执行数 599.99 元小于1-7月执行数 600.00 元');
    const en = evaluateMonitoring(report({ budget: { ...budget, forecastFullYear: yuan('599.99') } }), {
      lang: 'en',
    });
    expect(en.findings[0].message).toBe(
      'the forecast full-year execution 599.99 is less than the 600.00 already executed in months 1-7',
    );
    expect(
      evaluateMonitoring(report({ budget: { ...budget, forecastFullYear: yuan('600.00') } })).findings,
    ).toEqual([]);
  });

  it('warns when executed or forecast exceed the budget (not when equal)', () => {
    const r = evaluateMonitoring(
      report({
        budget: {
          adjustedBudget: yuan('1000.00'),
          executedToDate: yuan('1000.01'),
          forecastFullYear: yuan('1200.00'),
        },
      }),
    );
    expect(r.findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['warning', 'MON_EXECUTED_ABOVE_BUDGET', 'budget.executedToDate'],
      ['warning', 'MON_FORECAST_ABOVE_BUDGET', 'budget.forecastFullYear'],
    ]);
    const equal = evaluateMonitoring(
      report({
        budget: {
          adjustedBudget: yuan('1000.00'),
          executedToDate: yuan('1000.00'),
          forecastFullYear: yuan('1000.00'),
        },
      }),
    );
    expect(equal.findings).toEqual([]);
  });

  it('refuses a month outside 1..12', () => {
    for (const month of [0, 13]) {
      const e = appError(() => evaluateMonitoring(report({ periodEndMonth: month })));
      expect([e.status, e.code, e.field, e.params]).toEqual([
        400,
        'FIELD_RANGE',
        'periodEndMonth',
        { min: 1, max: 12 },
      ]);
    }
    expect(evaluateMonitoring(report({ periodEndMonth: 1 })).timeProgress).toBe('8.33');
    expect(evaluateMonitoring(report({ periodEndMonth: 12 })).timeProgress).toBe('100.00');
  });
});

describe('evaluateMonitoring: indicator findings', () => {
  it('reports each indicator without an entry', () => {
    const r = evaluateMonitoring(report({ entries: onTrack.slice(0, 2) }));
    expect(r.findings.map((f) => [f.severity, f.code, f.path])).toEqual([
      ['error', 'MON_ENTRY_MISSING', 'indicators[2]'],
      ['error', 'MON_ENTRY_MISSING', 'indicators[3]'],
    ]);
    expect(r.findings[0].message).toBe(
      '指标「项目完成及时性」尚未填写运行监控情况（全年预计完成值、完成目标可能性）',
    );
    expect(r.findings.map((f) => f.indicatorId)).toEqual([13, 14]);
  });

  it('reports a deviation without a reason note, and without corrective measures', () => {
    const r = withEntry(0, { forecast: '140', likelihood: 'possible' });
    expect(r.entries[0]).toEqual({ indicatorId: 11, light: 'yellow', deviation: true });
    expect(found(r)).toEqual([
      ['MON_DEVIATION_REASON_MISSING', 'entries[0].deviationReasons'],
      ['MON_CORRECTIVE_MEASURES_MISSING', 'entries[0].correctiveMeasures'],
    ]);
    expect(r.findings.map((f) => f.message)).toEqual([
      '指标「开展建设项目数量」预计黄灯（存在偏差），须填写偏差原因（类别及说明）',
      '指标「开展建设项目数量」预计黄灯（存在偏差），须填写整改措施',
    ]);
    expect(r.findings.map((f) => f.indicatorId)).toEqual([11, 11]);
    const en = evaluateMonitoring(
      report({
        entries: onTrack.map((e, k) => (k === 0 ? { ...e, forecast: '140', likelihood: 'possible' } : e)),
      }),
      { lang: 'en' },
    );
    expect(en.findings[0].message).toBe(
      'Indicator "开展建设项目数量" is yellow, a deviation: give its reason (category and note)',
    );
  });

  it('does not count a reason without a note', () => {
    const r = withEntry(0, {
      forecast: '100',
      deviationReasons: [{ category: 'funding', note: '  ' }],
      correctiveMeasures: '加快采购',
    });
    expect(r.entries[0].light).toBe('red');
    expect(found(r)).toEqual([['MON_DEVIATION_REASON_MISSING', 'entries[0].deviationReasons']]);
  });

  it('accepts a deviation with a reason note and corrective measures', () => {
    const r = withEntry(0, {
      forecast: '100',
      likelihood: 'impossible',
      deviationReasons: [
        { category: 'institutional', note: '' },
        { category: 'funding', note: '资金下达滞后' },
      ],
      correctiveMeasures: '调整实施计划',
    });
    expect(r.entries[0]).toEqual({ indicatorId: 11, light: 'red', deviation: true });
    expect(r.findings).toEqual([]);
  });

  it('requires corrective measures when the likelihood is not certain, even when green', () => {
    const r = withEntry(2, { likelihood: 'possible' });
    expect(r.entries[2]).toEqual({ indicatorId: 13, light: 'green', deviation: false });
    expect(found(r)).toEqual([['MON_CORRECTIVE_MEASURES_MISSING', 'entries[2].correctiveMeasures']]);
    expect(r.findings[0].message).toBe('指标「项目完成及时性」完成目标可能性为「有可能」，须填写整改措施');
    expect(withEntry(2, { likelihood: 'possible', correctiveMeasures: '加强督办' }).findings).toEqual([]);
  });

  it('reports a missing forecast and a missing likelihood', () => {
    const noForecast = withEntry(1, { forecast: null });
    expect(noForecast.entries[1]).toEqual({ indicatorId: 12, light: null, deviation: null });
    expect(found(noForecast)).toEqual([['MON_FORECAST_MISSING', 'entries[1].forecast']]);
    const noLikelihood = withEntry(1, { likelihood: null });
    expect(noLikelihood.entries[1]).toEqual({ indicatorId: 12, light: null, deviation: null });
    expect(found(noLikelihood)).toEqual([['MON_LIKELIHOOD_MISSING', 'entries[1].likelihood']]);
  });

  it('still lights red an impossible target without forecast', () => {
    const r = withEntry(1, {
      forecast: null,
      likelihood: 'impossible',
      deviationReasons: [{ category: 'other', note: '政策调整' }],
      correctiveMeasures: '申请调整',
    });
    expect(r.entries[1]).toEqual({ indicatorId: 12, light: 'red', deviation: true });
    expect(found(r)).toEqual([['MON_FORECAST_MISSING', 'entries[1].forecast']]);
  });

  it('reports stored entries that no longer fit (unknown indicator, duplicate, bad forecast, no target)', () => {
    const r = evaluateMonitoring(
      report({
        indicators: indicators.map((i) => (i.id === 14 ? { ...i, target: null } : i)),
        entries: [
          ...onTrack.slice(0, 2),
          { ...onTrack[2], forecast: 'done' },
          onTrack[3],
          { indicatorId: 99, forecast: '1', likelihood: 'certain' },
          { ...onTrack[0], forecast: '1' },
        ],
      }),
    );
    expect(found(r)).toEqual([
      ['MON_FORECAST_INVALID', 'entries[2].forecast'],
      ['MON_TARGET_MISSING', 'entries[3]'],
      ['MON_ENTRY_UNKNOWN_INDICATOR', 'entries[4].indicatorId'],
      ['MON_ENTRY_DUPLICATE', 'entries[5].indicatorId'],
    ]);
    expect(r.entries.map((e) => e.light)).toEqual(['green', 'green', null, null, null, null]);
    expect(r.findings.map((f) => f.message)).toEqual([
      '指标「项目完成及时性」的全年预计完成值「done」应为以下之一：达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差',
      '指标「业务需求部门满意度」没有年度指标值，无法判断亮灯',
      '该条目对应的指标（编号 99）不在已批准的绩效目标中',
      '指标「开展建设项目数量」已在第 1 条填写监控情况，本条不计',
    ]);
  });

  it('writes every finding in Chinese with the form’s words, and in English when asked', () => {
    const messy: MonitoringInput = report({
      indicators: indicators.map((i) => (i.id === 14 ? { ...i, target: null } : i)),
      budget: {
        adjustedBudget: yuan('100.00'),
        executedToDate: yuan('200.00'),
        forecastFullYear: yuan('150.00'),
      },
      entries: [
        { indicatorId: 11, forecast: '140', likelihood: 'possible' },
        { indicatorId: 12, forecast: 'x', likelihood: null },
        { indicatorId: 13, forecast: 'partial', likelihood: 'impossible' },
        { indicatorId: 99, forecast: '1' },
        { indicatorId: 11, forecast: '1' },
      ],
    });
    const zh = evaluateMonitoring(messy);
    const en = evaluateMonitoring(messy, { lang: 'en' });
    expect(zh.findings.length).toBeGreaterThan(8);
    expect(zh.findings.map((f) => f.code)).toEqual(en.findings.map((f) => f.code));
    for (const f of zh.findings)
      expect({ code: f.code, english: englishIn(f.message) }).toEqual({ code: f.code, english: null });
    // English, but for the indicators' names it quotes.
    for (const f of en.findings)
      expect(f.message.replace(/"[^"]*"/g, '')).not.toMatch(/[\u3000-\u9fff\uff00-\uffef]/);
    const budget = zh.findings.filter((f) => f.path.startsWith('budget.')).map((f) => f.message);
    expect(budget).toEqual([
      '全年预计执行数 150.00 元小于1-7月执行数 200.00 元',
      '1-7月执行数 200.00 元超过全年预算数 100.00 元',
      '全年预计执行数 150.00 元超过全年预算数 100.00 元',
    ]);
  });

  it('applies severity overrides', () => {
    const r = evaluateMonitoring(report({ entries: onTrack.slice(0, 3) }), {
      severities: { MON_ENTRY_MISSING: 'info' },
    });
    expect(r.findings.map((f) => f.severity)).toEqual(['info']);
  });

  it('declares a default severity per code, warnings only for the budget overruns', () => {
    const warnings = Object.entries(MONITORING_FINDINGS).filter(([, s]) => s === 'warning');
    expect(warnings.map(([c]) => c).sort()).toEqual([
      'MON_EXECUTED_ABOVE_BUDGET',
      'MON_FORECAST_ABOVE_BUDGET',
    ]);
  });
});

describe('validateMonitoringInput', () => {
  const body = (entries: unknown[], extra: Record<string, unknown> = {}) => ({
    version: 4,
    periodEndMonth: 6,
    goalProgress: '按计划推进',
    budget: {
      initialBudget: '1000.00',
      adjustedBudget: '1200.00',
      executedToDate: '500.50',
      forecastFullYear: '1200',
    },
    entries,
    ...extra,
  });

  it('returns the payload typed', () => {
    const p = validateMonitoringInput(
      body([
        { indicatorId: 11, actualToDate: '80', forecast: ' 150 ', likelihood: 'certain' },
        {
          indicatorId: '13',
          actualToDate: '推进中',
          forecast: 'partial',
          likelihood: 'possible',
          deviationReasons: [{ category: 'staffing', note: '人手不足' }],
          correctiveMeasures: '增派人员',
          remark: ' ',
        },
      ]),
      indicators,
    );
    expect(p).toEqual({
      periodEndMonth: 6,
      budget: {
        initialBudget: 100000n,
        adjustedBudget: 120000n,
        executedToDate: 50050n,
        forecastFullYear: 120000n,
      },
      entries: [
        {
          indicatorId: 11,
          actualToDate: '80',
          forecast: '150',
          likelihood: 'certain',
          deviationReasons: [],
          correctiveMeasures: null,
          remark: null,
        },
        {
          indicatorId: 13,
          actualToDate: '推进中',
          forecast: 'partial',
          likelihood: 'possible',
          deviationReasons: [{ category: 'staffing', note: '人手不足' }],
          correctiveMeasures: '增派人员',
          remark: null,
        },
      ],
    });
  });

  it('takes the form’s words for the codes of its lists', () => {
    const p = validateMonitoringInput(
      body([
        { indicatorId: 11, forecast: '150', likelihood: '确定能' },
        {
          indicatorId: 13,
          forecast: '部分达成年度指标并具有一定效果',
          likelihood: '有可能',
          deviationReasons: [
            { category: '人员保障', note: '人手不足' },
            { category: '硬件条件保障', note: '设备未到位' },
          ],
        },
        { indicatorId: 12, forecast: '12', likelihood: '完全不可能' },
      ]),
      indicators,
    );
    expect(p.entries.map((e) => [e.likelihood, e.forecast, e.deviationReasons])).toEqual([
      ['certain', '150', []],
      [
        'possible',
        'partial',
        [
          { category: 'staffing', note: '人手不足' },
          { category: 'hardware', note: '设备未到位' },
        ],
      ],
      ['impossible', '12', []],
    ]);
  });

  it('defaults the month from config and leaves absent money null', () => {
    const p = validateMonitoringInput({ entries: [] }, indicators);
    expect(p.periodEndMonth).toBe(7);
    expect(p.budget).toEqual({
      initialBudget: null,
      adjustedBudget: null,
      executedToDate: null,
      forecastFullYear: null,
    });
    expect(
      validateMonitoringInput({ entries: [] }, indicators, { defaultPeriodEndMonth: 6, maxTextLength: 10 })
        .periodEndMonth,
    ).toBe(6);
  });

  it('leaves rule violations to the findings (missing forecast, likelihood, reasons)', () => {
    expect(() =>
      validateMonitoringInput(body([{ indicatorId: 11 }, { indicatorId: 12, forecast: '' }]), indicators),
    ).not.toThrow();
  });

  it.each([
    [{ periodEndMonth: 0 }, 'periodEndMonth', 'FIELD_RANGE', '监控期截至月份：须在 1 到 12 之间'],
    [{ periodEndMonth: 13 }, 'periodEndMonth', 'FIELD_RANGE', '须在 1 到 12 之间'],
    [{ periodEndMonth: 6.5 }, 'periodEndMonth', 'FIELD_INTEGER', '监控期截至月份：须为整数'],
    [{ periodEndMonth: '6' }, 'periodEndMonth', 'FIELD_INTEGER', '须为整数'],
    [
      { budget: { executedToDate: '1.234' } },
      'budget.executedToDate',
      'FIELD_MONEY',
      '1-N月执行数：金额须为',
    ],
    [
      { budget: { forecastFullYear: 1200 } },
      'budget.forecastFullYear',
      'FIELD_MONEY',
      '全年预计执行数：金额',
    ],
    [
      { budget: { initialBudget: '-1.00' } },
      'budget.initialBudget',
      'FIELD_MONEY_NEGATIVE',
      '年初预算数：金额不能为负数',
    ],
    [{ budget: { executed: '1.00' } }, 'budget.executed', 'FIELD_UNKNOWN', '不是此处可接受的字段'],
    [{ budget: 'all' }, 'budget', 'FIELD_OBJECT', '预算执行情况：须为对象'],
    [{ entries: 'none' }, 'entries', 'FIELD_LIST', '指标条目：须为列表'],
    [{ entries: null }, 'entries', 'FIELD_NOT_NULL', '指标条目：不能为 null'],
    [{ entries: undefined }, 'entries', 'FIELD_REQUIRED', '指标条目：必须填写'],
  ])('rejects %j at %s with %s', (extra, field, code, zh) => {
    const e = appError(() => validateMonitoringInput(body([], extra), indicators));
    expect(e.status).toBe(400);
    expect(firstProblem(e)).toMatchObject({ code, field, zh: expect.stringContaining(zh) });
    expect(e.body('zh')).toMatchObject({ code, field });
  });

  it.each([
    [
      { indicatorId: 11, forecast: '约150' },
      'entries[0].forecast',
      'REPORT_NOT_A_NUMBER',
      '第1条指标条目的全年预计完成值：指标「开展建设项目数量」的年度指标值为 ≥150.00(个)，请只填数字（单位：个，不写单位），例如 "97"',
    ],
    [{ indicatorId: 11, forecast: 150 }, 'entries[0].forecast', 'FIELD_TEXT', '全年预计完成值：须为文本'],
    [
      { indicatorId: 13, forecast: 'done' },
      'entries[0].forecast',
      'REPORT_ACHIEVEMENT_EXPECTED',
      '指标「项目完成及时性」的年度指标值「及时」为定性指标，须为以下之一：达成年度指标、部分达成年度指标并具有一定效果、未达成年度指标且效果较差',
    ],
    [
      { indicatorId: 13, forecast: '100' },
      'entries[0].forecast',
      'REPORT_ACHIEVEMENT_EXPECTED',
      '为定性指标',
    ],
    [
      { indicatorId: 11, likelihood: 'likely' },
      'entries[0].likelihood',
      'FIELD_ONE_OF',
      '第1条指标条目的完成目标可能性：须为以下之一：确定能、有可能、完全不可能',
    ],
    [
      { indicatorId: 11, deviationReasons: [{ category: 'weather', note: 'x' }] },
      'entries[0].deviationReasons[0].category',
      'FIELD_ONE_OF',
      '第1条指标条目的第1条偏差原因的类别：须为以下之一：经费保障、制度保障、人员保障、硬件条件保障、其他',
    ],
    [
      { indicatorId: 11, deviationReasons: [{ note: 'x' }] },
      'entries[0].deviationReasons[0].category',
      'FIELD_REQUIRED',
      '类别：必须填写',
    ],
    [
      { indicatorId: 11, deviationReasons: [{ category: 'other', note: 3 }] },
      'entries[0].deviationReasons[0].note',
      'FIELD_TEXT',
      '说明：须为文本',
    ],
    [
      { indicatorId: 11, deviationReasons: [{ category: 'other', note: 'x', extra: 1 }] },
      'entries[0].deviationReasons[0].extra',
      'FIELD_UNKNOWN',
      '不是此处可接受的字段',
    ],
    [
      { indicatorId: 11, deviationReasons: 'funding' },
      'entries[0].deviationReasons',
      'FIELD_LIST',
      '偏差原因：须为列表',
    ],
    [
      { indicatorId: 99 },
      'entries[0].indicatorId',
      'REPORT_INDICATOR_NOT_APPROVED',
      '第1条指标条目的指标编号：编号 99 的指标不在本申报最新批准的绩效目标中',
    ],
    [{ indicatorId: 0 }, 'entries[0].indicatorId', 'FIELD_ID', '指标编号：须为有效的编号'],
    [{ actualToDate: '1' }, 'entries[0].indicatorId', 'FIELD_REQUIRED', '指标编号：必须填写'],
    [{ indicatorId: 11, light: 'green' }, 'entries[0].light', 'FIELD_UNKNOWN', '不是此处可接受的字段'],
    [
      { indicatorId: 11, remark: 'x'.repeat(2001) },
      'entries[0].remark',
      'FIELD_TOO_LONG',
      '备注：不能超过 2000 个字符',
    ],
    [
      { indicatorId: 11, correctiveMeasures: ['a'] },
      'entries[0].correctiveMeasures',
      'FIELD_TEXT',
      '整改措施：须为文本',
    ],
  ])('rejects entry %j at %s with %s', (entry, field, code, zh) => {
    const e = appError(() => validateMonitoringInput(body([entry]), indicators));
    expect(firstProblem(e)).toMatchObject({ code, field, zh: expect.stringContaining(zh) });
    // The name of an unknown field is the caller's own word, quoted as it was sent.
    if (code !== 'FIELD_UNKNOWN') expect(englishIn(firstProblem(e).zh)).toBeNull();
  });

  it('rejects a second entry for the same indicator', () => {
    const e = appError(() =>
      validateMonitoringInput(body([{ indicatorId: 12 }, { indicatorId: '12' }]), indicators),
    );
    expect(e.code).toBe('REPORT_ENTRY_DUPLICATE');
    expect(e.field).toBe('entries[1].indicatorId');
    expect(e.params).toEqual({ name: '项目预算变更率', first: 1 });
    expect(e.body('zh').message).toBe(
      '第2条指标条目的指标编号：指标「项目预算变更率」已在第 1 条填写，每个指标只能填写一条',
    );
    expect(e.body('en').message).toBe(
      'entry 2, indicator id: indicator "项目预算变更率" already has an entry (entry 1); one entry per indicator',
    );
  });

  it('lists all problems in details, one message each', () => {
    const e = appError(() =>
      validateMonitoringInput(
        body([{ indicatorId: 11, forecast: 'x', likelihood: 'y' }], { periodEndMonth: 99 }),
        indicators,
      ),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    const answer = e.body('zh') as {
      details: { code: string; field: string; message: string }[];
      message: string;
    };
    expect(answer.details.map((d) => [d.code, d.field])).toEqual([
      ['FIELD_RANGE', 'periodEndMonth'],
      ['REPORT_NOT_A_NUMBER', 'entries[0].forecast'],
      ['FIELD_ONE_OF', 'entries[0].likelihood'],
    ]);
    expect(answer.message).toBe(answer.details.map((d) => d.message).join('；'));
  });

  it('rejects a body that is not an object', () => {
    expect(appError(() => validateMonitoringInput([], indicators))).toMatchObject({
      code: 'FIELD_OBJECT',
      field: 'body',
    });
  });
});

describe('validateMonitoringPatch', () => {
  it('returns only what was sent: absent keys stay absent, null clears', () => {
    expect(validateMonitoringPatch({}, indicators)).toEqual({});
    expect(
      validateMonitoringPatch(
        {
          periodEndMonth: null,
          budget: { executedToDate: '10.00', forecastFullYear: null },
          entries: [
            { indicatorId: 11, forecast: '140' },
            { indicatorId: 13, remark: null, deviationReasons: null, likelihood: '有可能' },
          ],
        },
        indicators,
      ),
    ).toEqual({
      periodEndMonth: null,
      budget: { executedToDate: 1000n, forecastFullYear: null },
      entries: [
        { indicatorId: 11, forecast: '140' },
        { indicatorId: 13, remark: null, deviationReasons: [], likelihood: 'possible' },
      ],
    });
    expect(validateMonitoringPatch({ budget: null }, indicators)).toEqual({ budget: null });
  });

  it('checks each field sent as a PUT does, naming entry and field', () => {
    const e = appError(() =>
      validateMonitoringPatch(
        { entries: [{ indicatorId: 11, forecast: '约150' }, { indicatorId: 11 }] },
        indicators,
      ),
    );
    expect(e.details?.map((d) => [d.code, d.field])).toEqual([
      ['REPORT_NOT_A_NUMBER', 'entries[0].forecast'],
      ['REPORT_ENTRY_DUPLICATE', 'entries[1].indicatorId'],
    ]);
    expect(appError(() => validateMonitoringPatch({ entries: null }, indicators))).toMatchObject({
      code: 'FIELD_NOT_NULL',
      field: 'entries',
    });
  });
});
