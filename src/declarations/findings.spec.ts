import { describe, expect, it } from '@jest/globals';
import { englishIn } from '../../test/support/errors';
import type { DeclarationContent, Finding, IndicatorContent, Level2 } from './declaration-content';
import { level1Of } from './declaration-content';
import { compareDecimal, computeFindings, hasErrors, normaliseIndicatorName, RULES } from './findings';
import { matchHistory, type HistoryYear, type TargetHistory } from './target-history';
import { parseTarget } from './target-notation';

function ind(level2: Level2, name: string, target: string | null): IndicatorContent {
  return {
    level1: level1Of(level2),
    level2,
    costType: level2 === 'cost' ? '经济成本' : null,
    name,
    target: target === null ? null : parseTarget(target),
    weight: null,
    sourceLine: null,
  };
}

/** A declaration on which every rule is silent. */
function valid(): DeclarationContent {
  return {
    year: 2026,
    projectName: '上海市大数据中心2026年数字化建设项目',
    projectNature: '其他一次性项目',
    projectCategory: '特定目标类',
    competentDepartment: '上海市数据局',
    implementingUnit: '上海市大数据中心',
    plannedStart: '2026-01-01',
    plannedEnd: '2026-12-31',
    funds: {
      total: 60_000_000_00n,
      annualRequest: 50_000_000_00n,
      currentAppropriation: 40_000_000_00n,
      carryover: 9_000_000_00n,
      other: 1_000_000_00n,
    },
    overallGoal: '推动城市数字化转型',
    annualGoal: '推进市政府2026年度重点工作任务',
    indicators: [
      ind('quantity', '开展建设项目数量', '≥150.00(个)'),
      ind('quality', '非重大项目验收通过率', '=100.00(%)'),
      ind('quality', '项目预算变更率', '≤15.00(%)'),
      ind('timeliness', '项目完成及时性', '及时'),
      ind('cost', '项目单位成本', '≤3.00(万元/个)'),
      ind('social', '政务服务能力支撑情况', '有效提升'),
      ind('sustainability', '系统长效运行保障', '有效健全'),
      ind('serviceSatisfaction', '业务需求部门满意度', '≥90.00(%)'),
    ],
  };
}

function codes(findings: Finding[]): string[] {
  return findings.map((f) => f.code);
}

function only(code: string, findings: Finding[]): Finding[] {
  return findings.filter((f) => f.code === code);
}

describe('computeFindings', () => {
  it('is silent on a complete, consistent declaration', () => {
    expect(computeFindings(valid())).toEqual([]);
  });

  it('has one rule object per code of docs/spec/domain.md §3 (LAYOUT_REPAIRED comes from the importer)', () => {
    expect(RULES.map((r) => r.code).sort()).toEqual(
      [
        'HEADER_FIELD_REQUIRED',
        'DATES_ORDER',
        'DATES_OUTSIDE_YEAR',
        'FUNDS_ANNUAL_SUM',
        'FUNDS_TOTAL_MISSING',
        'FUNDS_TOTAL_BELOW_ANNUAL',
        'NO_OUTPUT_INDICATOR',
        'NO_BENEFIT_INDICATOR',
        'NO_SATISFACTION_INDICATOR',
        'NO_QUANTITY_INDICATOR',
        'NO_QUALITY_INDICATOR',
        'NO_TIMELINESS_INDICATOR',
        'NO_COST_INDICATOR',
        'TARGET_MISSING',
        'TARGET_LOOKS_QUANTITATIVE',
        'TARGET_PERCENT_OVER_100',
        'REVERSE_ON_QUANTITY',
        'INDICATOR_NAME_DUPLICATE',
        'INDICATOR_NOT_IN_LIBRARY',
        'ADJUSTMENT_WEAKENS_TARGET',
        'TARGET_BELOW_LAST_ACTUAL',
        'TARGET_UNCHANGED',
        // §11: the pre-assessment gate (事前绩效评估).
        'PRE_ASSESSMENT_MISSING',
        'PRE_ASSESSMENT_REJECTED',
      ].sort(),
    );
    const severities = Object.fromEntries(RULES.map((r) => [r.code, r.defaultSeverity]));
    expect(severities).toMatchObject({
      HEADER_FIELD_REQUIRED: 'error',
      DATES_ORDER: 'error',
      DATES_OUTSIDE_YEAR: 'warning',
      FUNDS_ANNUAL_SUM: 'error',
      PRE_ASSESSMENT_MISSING: 'error',
      PRE_ASSESSMENT_REJECTED: 'error',
      FUNDS_TOTAL_MISSING: 'warning',
      FUNDS_TOTAL_BELOW_ANNUAL: 'error',
      NO_OUTPUT_INDICATOR: 'error',
      NO_BENEFIT_INDICATOR: 'error',
      NO_SATISFACTION_INDICATOR: 'warning',
      NO_QUANTITY_INDICATOR: 'warning',
      NO_QUALITY_INDICATOR: 'warning',
      NO_TIMELINESS_INDICATOR: 'warning',
      NO_COST_INDICATOR: 'info',
      TARGET_MISSING: 'error',
      TARGET_LOOKS_QUANTITATIVE: 'warning',
      TARGET_PERCENT_OVER_100: 'warning',
      REVERSE_ON_QUANTITY: 'warning',
      INDICATOR_NAME_DUPLICATE: 'warning',
      INDICATOR_NOT_IN_LIBRARY: 'info',
      ADJUSTMENT_WEAKENS_TARGET: 'warning',
    });
  });

  describe('HEADER_FIELD_REQUIRED', () => {
    it('fires once per blank required field, with the field as path', () => {
      const c = valid();
      c.projectName = null;
      c.projectNature = '  ';
      c.projectCategory = null;
      c.competentDepartment = null;
      c.implementingUnit = '';
      c.plannedStart = null;
      c.plannedEnd = null;
      c.annualGoal = null;
      c.funds.annualRequest = null;
      const found = only('HEADER_FIELD_REQUIRED', computeFindings(c));
      expect(found.map((f) => f.path)).toEqual([
        'projectName',
        'projectNature',
        'projectCategory',
        'competentDepartment',
        'implementingUnit',
        'plannedStart',
        'plannedEnd',
        'annualGoal',
        'funds.annualRequest',
      ]);
      expect(found[0]).toEqual({
        severity: 'error',
        code: 'HEADER_FIELD_REQUIRED',
        message: '未填项目名称',
        path: 'projectName',
        field: 'projectName',
        hint: '请填写项目名称；提交前必须填写。',
        params: { field: 'projectName' },
      });
      expect(found[8]).toMatchObject({ message: '未填年度资金申请总额', field: 'funds.annualRequest' });
      expect(computeFindings(c, { lang: 'en' })[0]).toMatchObject({
        message: 'project name is required',
        hint: 'Fill in the project name; it is required to submit.',
      });
    });
    it('does not require the overall goal or the project total', () => {
      const c = valid();
      c.overallGoal = null;
      c.funds.total = null;
      expect(only('HEADER_FIELD_REQUIRED', computeFindings(c))).toEqual([]);
    });
  });

  describe('DATES_ORDER', () => {
    it('fires when plannedEnd is before plannedStart', () => {
      const c = valid();
      c.plannedStart = '2026-06-01';
      c.plannedEnd = '2026-05-31';
      expect(only('DATES_ORDER', computeFindings(c))).toEqual([
        {
          severity: 'error',
          code: 'DATES_ORDER',
          message: '计划完成日期 2026-05-31 早于计划开始日期 2026-06-01',
          path: 'plannedEnd',
          field: 'plannedEnd',
          hint: '请核对计划开始日期和计划完成日期：完成日期不能早于开始日期。',
          params: { start: '2026-06-01', end: '2026-05-31' },
        },
      ]);
    });
    it('is silent for a one-day period or a missing date', () => {
      const c = valid();
      c.plannedStart = '2026-06-01';
      c.plannedEnd = '2026-06-01';
      expect(codes(computeFindings(c))).not.toContain('DATES_ORDER');
      c.plannedEnd = null;
      expect(codes(computeFindings(c))).not.toContain('DATES_ORDER');
    });
  });

  describe('DATES_OUTSIDE_YEAR', () => {
    it('fires when the period lies wholly after or before the year', () => {
      const after = valid();
      after.plannedStart = '2027-01-01';
      after.plannedEnd = '2027-12-31';
      expect(only('DATES_OUTSIDE_YEAR', computeFindings(after))).toMatchObject([
        {
          severity: 'warning',
          path: 'plannedStart',
          message: '计划开始日期 2027-01-01 晚于 2026 年度，计划期间与申报年度不重叠',
        },
      ]);
      const before = valid();
      before.plannedStart = '2025-01-01';
      before.plannedEnd = '2025-12-31';
      expect(only('DATES_OUTSIDE_YEAR', computeFindings(before))).toMatchObject([
        {
          severity: 'warning',
          path: 'plannedEnd',
          message: '计划完成日期 2025-12-31 早于 2026 年度，计划期间与申报年度不重叠',
        },
      ]);
    });
    it('is silent when the period touches the year, even by one day', () => {
      for (const [s, e] of [
        ['2025-03-01', '2026-01-01'],
        ['2026-12-31', '2028-01-01'],
        ['2024-01-01', '2029-12-31'],
        ['2026-05-01', '2026-05-31'],
      ]) {
        const c = valid();
        c.plannedStart = s;
        c.plannedEnd = e;
        expect(codes(computeFindings(c))).not.toContain('DATES_OUTSIDE_YEAR');
      }
    });
  });

  describe('FUNDS_ANNUAL_SUM', () => {
    it('fires when the annual request is not the sum of its parts, to the fen', () => {
      const c = valid();
      c.funds.other = 1_000_000_01n;
      expect(only('FUNDS_ANNUAL_SUM', computeFindings(c))).toEqual([
        {
          severity: 'error',
          code: 'FUNDS_ANNUAL_SUM',
          message:
            '年度资金申请总额 50000000.00 元不等于当年财政拨款、上年结转资金与其他资金之和 50000000.01 元',
          path: 'funds.annualRequest',
          field: 'funds.annualRequest',
          hint: '请核对年度资金申请总额及当年财政拨款、上年结转资金、其他资金，使三项之和等于申请总额。',
          params: { annualRequest: '50000000.00', sum: '50000000.01' },
        },
      ]);
      expect(only('FUNDS_ANNUAL_SUM', computeFindings(c, { lang: 'en' }))[0].message).toBe(
        'the annual funding request 50000000.00 differs from current-year appropriation + carry-over + other funds = 50000000.01',
      );
    });
    it('takes blank parts as zero and stays silent without an annual request', () => {
      const c = valid();
      c.funds.carryover = null;
      c.funds.other = null;
      c.funds.currentAppropriation = 50_000_000_00n;
      expect(codes(computeFindings(c))).not.toContain('FUNDS_ANNUAL_SUM');
      c.funds.currentAppropriation = null;
      expect(codes(computeFindings(c))).toContain('FUNDS_ANNUAL_SUM');
      c.funds.annualRequest = null;
      expect(codes(computeFindings(c))).not.toContain('FUNDS_ANNUAL_SUM');
    });
  });

  describe('FUNDS_TOTAL_MISSING and FUNDS_TOTAL_BELOW_ANNUAL', () => {
    it('warns on a blank total', () => {
      const c = valid();
      c.funds.total = null;
      expect(only('FUNDS_TOTAL_MISSING', computeFindings(c))).toMatchObject([
        { severity: 'warning', path: 'funds.total' },
      ]);
      expect(codes(computeFindings(c))).not.toContain('FUNDS_TOTAL_BELOW_ANNUAL');
    });
    it('errs when the total is below the annual request, not when equal', () => {
      const c = valid();
      c.funds.total = 49_999_999_99n;
      expect(only('FUNDS_TOTAL_BELOW_ANNUAL', computeFindings(c))).toMatchObject([
        {
          severity: 'error',
          code: 'FUNDS_TOTAL_BELOW_ANNUAL',
          message: '项目资金总额 49999999.99 元小于年度资金申请总额 50000000.00 元',
          path: 'funds.total',
          field: 'funds.total',
        },
      ]);
      c.funds.total = 50_000_000_00n;
      expect(codes(computeFindings(c))).not.toContain('FUNDS_TOTAL_BELOW_ANNUAL');
    });
  });

  describe('missing indicator categories', () => {
    it.each([
      ['NO_OUTPUT_INDICATOR', 'error', ['quantity', 'quality', 'timeliness', 'cost']],
      ['NO_BENEFIT_INDICATOR', 'error', ['social', 'sustainability']],
      ['NO_SATISFACTION_INDICATOR', 'warning', ['serviceSatisfaction']],
      ['NO_QUANTITY_INDICATOR', 'warning', ['quantity']],
      ['NO_QUALITY_INDICATOR', 'warning', ['quality']],
      ['NO_TIMELINESS_INDICATOR', 'warning', ['timeliness']],
      ['NO_COST_INDICATOR', 'info', ['cost']],
    ] as const)('%s fires (%s) when no indicator of the category is left', (code, severity, removed) => {
      const c = valid();
      expect(codes(computeFindings(c))).not.toContain(code);
      c.indicators = c.indicators.filter((i) => !(removed as readonly string[]).includes(i.level2));
      expect(only(code, computeFindings(c))).toEqual([
        expect.objectContaining({ severity, code, path: 'indicators' }),
      ]);
    });
    it('names the category in the reader’s language, and where it belongs in the form', () => {
      const c = valid();
      c.indicators = c.indicators.filter((i) => i.level1 !== 'satisfaction' && i.level2 !== 'quantity');
      expect(only('NO_SATISFACTION_INDICATOR', computeFindings(c))[0]).toMatchObject({
        message: '缺少满意度指标',
        field: 'indicators',
        labelPath: '满意度指标',
        hint: '请在满意度指标下至少添加一条三级指标。',
      });
      expect(only('NO_SATISFACTION_INDICATOR', computeFindings(c, { lang: 'en' }))[0].message).toBe(
        'no satisfaction indicator',
      );
      expect(only('NO_QUANTITY_INDICATOR', computeFindings(c))[0]).toMatchObject({
        message: '产出指标下缺少数量指标',
        labelPath: '产出指标 / 数量指标',
      });
    });
    it('an empty indicator list fires every category rule', () => {
      const c = valid();
      c.indicators = [];
      expect(codes(computeFindings(c))).toEqual([
        'NO_OUTPUT_INDICATOR',
        'NO_BENEFIT_INDICATOR',
        'NO_SATISFACTION_INDICATOR',
        'NO_QUANTITY_INDICATOR',
        'NO_QUALITY_INDICATOR',
        'NO_TIMELINESS_INDICATOR',
        'NO_COST_INDICATOR',
      ]);
    });
  });

  describe('TARGET_MISSING', () => {
    it('fires per indicator without target, path by form index', () => {
      const c = valid();
      c.indicators[3].target = null;
      expect(only('TARGET_MISSING', computeFindings(c))).toEqual([
        {
          severity: 'error',
          code: 'TARGET_MISSING',
          message: '三级指标“项目完成及时性”缺少年度指标值',
          path: 'indicators[3].target',
          field: 'target',
          labelPath: '产出指标 / 时效指标 / 项目完成及时性',
          hint: '请填写年度指标值：定量指标写作“比较符号 数值(单位)”，例如 ≥95(%)；定性指标写文字，例如“及时”。',
          params: { name: '项目完成及时性' },
        },
      ]);
    });
    it('treats a blank display as missing; qualitative targets count as targets', () => {
      const c = valid();
      c.indicators[5].target = { ...c.indicators[5].target!, display: ' ' };
      expect(only('TARGET_MISSING', computeFindings(c)).map((f) => f.path)).toEqual(['indicators[5].target']);
      expect(codes(computeFindings(valid()))).not.toContain('TARGET_MISSING');
    });
  });

  describe('TARGET_PERCENT_OVER_100', () => {
    it('fires for % above 100 compared exactly', () => {
      const c = valid();
      c.indicators[1].target = parseTarget('=100.01(%)');
      c.indicators[7].target = parseTarget('≥100.000001(％)');
      expect(only('TARGET_PERCENT_OVER_100', computeFindings(c))).toMatchObject([
        {
          severity: 'warning',
          path: 'indicators[1].target',
          message: '三级指标“非重大项目验收通过率”的年度指标值 =100.01(%) 超过 100%',
        },
        { path: 'indicators[7].target' },
      ]);
    });
    it('is silent for exactly 100 written in any precision, and for other units', () => {
      const c = valid();
      c.indicators[1].target = parseTarget('=100.0000(%)');
      c.indicators[0].target = parseTarget('≥150.00(个)');
      c.indicators[7].target = parseTarget('≥100(%)');
      expect(codes(computeFindings(c))).not.toContain('TARGET_PERCENT_OVER_100');
    });
  });

  describe('REVERSE_ON_QUANTITY', () => {
    it('fires for ≤ and < on a quantity indicator', () => {
      const c = valid();
      c.indicators[0].target = parseTarget('≤132.00(个)');
      c.indicators.push(ind('quantity', '返工次数', '<3(次)'));
      expect(only('REVERSE_ON_QUANTITY', computeFindings(c))).toMatchObject([
        {
          severity: 'warning',
          path: 'indicators[0].target',
          message: '数量指标“开展建设项目数量”的年度指标值 ≤132.00(个) 为反向指标（越低越好）',
          labelPath: '产出指标 / 数量指标 / 开展建设项目数量',
        },
        { path: 'indicators[8].target' },
      ]);
    });
    it('is silent for ≤ on other categories and for ≥/= on quantity', () => {
      const c = valid(); // 项目预算变更率 ≤15.00(%) is a quality indicator
      c.indicators.push(ind('quantity', '故障数', '=0.00(起)'));
      expect(codes(computeFindings(c))).not.toContain('REVERSE_ON_QUANTITY');
    });
  });

  describe('INDICATOR_NAME_DUPLICATE', () => {
    it('fires on the repeat of a name, whitespace ignored', () => {
      const c = valid();
      c.indicators.push(ind('social', '项目完成 及时性', '及时'));
      expect(only('INDICATOR_NAME_DUPLICATE', computeFindings(c))).toEqual([
        {
          severity: 'warning',
          code: 'INDICATOR_NAME_DUPLICATE',
          message: '三级指标名称“项目完成 及时性”与第 4 条三级指标重复',
          path: 'indicators[8].name',
          field: 'name',
          labelPath: '效益指标 / 社会效益指标 / 项目完成 及时性',
          hint: '请修改其中一条的名称，或删除重复的指标。',
          params: { name: '项目完成 及时性', first: 4 },
        },
      ]);
    });
    it('is silent for distinct names', () => {
      const c = valid();
      c.indicators.push(ind('social', '项目完成及时率', '及时'));
      expect(codes(computeFindings(c))).not.toContain('INDICATOR_NAME_DUPLICATE');
    });
  });

  describe('ADJUSTMENT_WEAKENS_TARGET', () => {
    function adjusted(change: (c: DeclarationContent) => void): Finding[] {
      const c = valid();
      change(c);
      return only('ADJUSTMENT_WEAKENS_TARGET', computeFindings(c, { baseline: valid() }));
    }
    it('is silent without a baseline, and when nothing changed', () => {
      const c = valid();
      c.indicators[0].target = parseTarget('≥10.00(个)');
      expect(codes(computeFindings(c))).not.toContain('ADJUSTMENT_WEAKENS_TARGET');
      expect(adjusted(() => undefined)).toEqual([]);
    });
    it('fires when a higher-is-better target is lowered', () => {
      expect(adjusted((c) => (c.indicators[0].target = parseTarget('≥149.99(个)')))).toMatchObject([
        {
          severity: 'warning',
          code: 'ADJUSTMENT_WEAKENS_TARGET',
          message: '三级指标“开展建设项目数量”的年度指标值由 ≥150.00(个) 降低为 ≥149.99(个)',
          path: 'indicators[0].target',
          field: 'target',
          hint: '调整不宜降低已批复的目标；如确需调整，请在调整原因中说明理由。',
        },
      ]);
    });
    it('fires when a lower-is-better target is raised', () => {
      expect(adjusted((c) => (c.indicators[2].target = parseTarget('≤20(%)')))).toMatchObject([
        {
          path: 'indicators[2].target',
          message: '三级指标“项目预算变更率”的年度指标值由 ≤15.00(%) 提高为 ≤20(%)',
        },
      ]);
    });
    it('is silent when a target is made stricter or rewritten with another precision', () => {
      expect(
        adjusted((c) => {
          c.indicators[0].target = parseTarget('≥160(个)');
          c.indicators[2].target = parseTarget('≤10.00(%)');
          c.indicators[7].target = parseTarget('≥90(%)');
          c.indicators[1].target = parseTarget('=100(%)');
        }),
      ).toEqual([]);
    });
    it('fires when the comparator, the unit, an exact value or a qualitative text is replaced', () => {
      const found = adjusted((c) => {
        c.indicators[0].target = parseTarget('>150.00(个)');
        c.indicators[7].target = parseTarget('≥90.00(分)');
        c.indicators[1].target = parseTarget('=95.00(%)');
        c.indicators[3].target = parseTarget('基本及时');
        c.indicators[5].target = parseTarget('≥1(项)');
      });
      expect(found.map((f) => f.path)).toEqual([
        'indicators[0].target',
        'indicators[1].target',
        'indicators[3].target',
        'indicators[5].target',
        'indicators[7].target',
      ]);
      expect(found[2].message).toBe('三级指标“项目完成及时性”的年度指标值由 及时 改为 基本及时');
    });
    it('fires when an approved indicator is removed, or its target deleted', () => {
      const found = adjusted((c) => {
        c.indicators.splice(6, 1); // 系统长效运行保障
        c.indicators[4].target = null;
      });
      expect(found).toEqual([
        expect.objectContaining({
          path: 'indicators[4].target',
          message: '三级指标“项目单位成本”的年度指标值 ≤3.00(万元/个) 被删除',
          labelPath: '产出指标 / 成本指标（经济成本） / 项目单位成本',
        }),
        expect.objectContaining({
          path: 'indicators',
          field: 'indicators',
          message: '调整删除了可持续影响指标“系统长效运行保障”（原年度指标值有效健全）',
          labelPath: '效益指标 / 可持续影响指标 / 系统长效运行保障',
        }),
      ]);
    });
    it('matches by level2 and whitespace-free name: moving an indicator to another level2 removes it', () => {
      expect(adjusted((c) => (c.indicators[0].name = '开展建设 项目数量'))).toEqual([]);
      const moved = adjusted((c) => {
        c.indicators[3] = { ...c.indicators[3], level2: 'quality' };
      });
      expect(moved.map((f) => f.path)).toEqual(['indicators']);
    });
    it('adding an indicator or a target does not weaken', () => {
      const base = valid();
      base.indicators[3].target = null;
      const c = valid();
      c.indicators.push(ind('social', '新增指标', '提升'));
      expect(only('ADJUSTMENT_WEAKENS_TARGET', computeFindings(c, { baseline: base }))).toEqual([]);
    });
  });

  describe('TARGET_LOOKS_QUANTITATIVE', () => {
    it('warns on a number with a percent or a comparator kept as words, proposing the notation', () => {
      const c = valid();
      c.indicators[1].target = parseTarget('95%');
      c.indicators[3].target = parseTarget('不低于95%');
      c.indicators[5].target = parseTarget('5个工作日以内');
      const found = only('TARGET_LOOKS_QUANTITATIVE', computeFindings(c));
      expect(found.map((f) => [f.path, f.params?.proposed])).toEqual([
        ['indicators[1].target', '≥95(%)'],
        ['indicators[3].target', '≥95(%)'],
        ['indicators[5].target', '≤5(个工作日)'],
      ]);
      expect(found[1]).toEqual({
        severity: 'warning',
        code: 'TARGET_LOOKS_QUANTITATIVE',
        message: '三级指标“项目完成及时性”的年度指标值“不低于95%”看起来是定量指标，却按文字（定性指标）保存',
        path: 'indicators[3].target',
        field: 'target',
        labelPath: '产出指标 / 时效指标 / 项目完成及时性',
        hint: '如为定量指标，请写作 ≥95(%)（比较符号、数值、括号中的计量单位），以便监控和自评按数值比较；如确为定性描述，可忽略此提示。',
        params: {
          name: '项目完成及时性',
          text: '不低于95%',
          proposed: '≥95(%)',
          comparatorGiven: true,
          example: '≥95(%)',
        },
      });
      // Without a comparator, a floor (≥) is proposed, as the example reads 95%, and the hint says how to choose.
      expect(found[0].hint).toContain(
        '原文没有比较符号，此处按下限“≥”写出，如为上限请用 ≤，须恰好等于请用 =',
      );
      expect(only('TARGET_LOOKS_QUANTITATIVE', computeFindings(c, { lang: 'en' }))[1]).toMatchObject({
        message:
          'indicator "项目完成及时性": the target "不低于95%" looks quantitative but is stored as text (qualitative)',
        hint: expect.stringMatching(/^If it is quantitative, write it as ≥95\(%\) /),
      });
    });
    it('is silent on words, a number inside a sentence, and the notation itself', () => {
      const c = valid();
      c.indicators[3].target = parseTarget('较上年度提升5%');
      c.indicators[5].target = parseTarget('24小时内响应');
      c.indicators[1].target = parseTarget('≥95(%)');
      expect(codes(computeFindings(c))).not.toContain('TARGET_LOOKS_QUANTITATIVE');
    });
  });

  describe('what a finding carries', () => {
    it('the id of a stored indicator, its field, and its place in the form', () => {
      const c = valid();
      c.indicators = c.indicators.map((i, n) => ({ ...i, id: 100 + n }));
      c.indicators[4].target = null;
      expect(only('TARGET_MISSING', computeFindings(c))[0]).toMatchObject({
        path: 'indicators[4].target',
        field: 'target',
        indicatorId: 104,
        labelPath: '产出指标 / 成本指标（经济成本） / 项目单位成本',
      });
      // A finding about the declaration has no indicator.
      c.funds.total = null;
      const total = only('FUNDS_TOTAL_MISSING', computeFindings(c))[0];
      expect(total.field).toBe('funds.total');
      expect(total).not.toHaveProperty('indicatorId');
      expect(total).not.toHaveProperty('labelPath');
    });
    it('an approved indicator an adjustment removed: its id in the approved version', () => {
      const base = valid();
      base.indicators = base.indicators.map((i, n) => ({ ...i, id: 200 + n }));
      const c = valid();
      c.indicators.splice(6, 1);
      expect(only('ADJUSTMENT_WEAKENS_TARGET', computeFindings(c, { baseline: base }))).toMatchObject([
        { path: 'indicators', indicatorId: 206, labelPath: '效益指标 / 可持续影响指标 / 系统长效运行保障' },
      ]);
    });
    it('every message and hint: Chinese without English words; English on request', () => {
      const c = valid();
      c.projectName = null;
      c.plannedStart = '2027-01-01';
      c.plannedEnd = '2026-12-01';
      c.funds.total = 1n;
      c.funds.other = 5n;
      c.indicators[0].target = parseTarget('≤3(个)');
      c.indicators[1].target = parseTarget('=101(%)');
      c.indicators[3].target = parseTarget('95%');
      c.indicators[5].target = null;
      c.indicators.push(ind('quality', '非重大项目验收通过率', '及时'));
      c.indicators = c.indicators.filter((i) => i.level1 !== 'satisfaction');
      const base = valid();
      const zh = computeFindings(c, { baseline: base });
      expect(new Set(zh.map((f) => f.code)).size).toBeGreaterThanOrEqual(12);
      for (const f of zh) {
        expect({ code: f.code, english: englishIn(f.message) }).toEqual({ code: f.code, english: null });
        expect({ code: f.code, english: englishIn(f.hint!) }).toEqual({ code: f.code, english: null });
      }
      const en = computeFindings(c, { baseline: base, lang: 'en' });
      expect(en.map((f) => f.code)).toEqual(zh.map((f) => f.code));
      for (const f of en) expect(f.message).not.toMatch(/[年度指标值缺少未填]{3}/);
    });
  });

  describe('severities and extra findings', () => {
    it('applies configured severity overrides', () => {
      const c = valid();
      c.funds.total = null;
      c.indicators[3].target = null;
      const found = computeFindings(c, {
        severities: { FUNDS_TOTAL_MISSING: 'info', TARGET_MISSING: 'warning' },
      });
      expect(found.map((f) => [f.code, f.severity])).toEqual([
        ['FUNDS_TOTAL_MISSING', 'info'],
        ['TARGET_MISSING', 'warning'],
      ]);
      expect(hasErrors(found)).toBe(false);
      expect(hasErrors(computeFindings(c))).toBe(true);
    });
    it('appends extra findings after the rules, overrides applying to them too', () => {
      const extra: Finding = {
        severity: 'info',
        code: 'SOMETHING_ELSE',
        message: '第45行：……',
        path: 'line 45',
      };
      const c = valid();
      c.funds.total = null;
      expect(computeFindings(c, { extra: [extra] })).toEqual([
        expect.objectContaining({ code: 'FUNDS_TOTAL_MISSING' }),
        { ...extra, field: 'line 45' },
      ]);
      expect(computeFindings(valid(), { extra: [extra], severities: { SOMETHING_ELSE: 'warning' } })).toEqual(
        [{ ...extra, field: 'line 45', severity: 'warning' }],
      );
    });
  });
});

describe('hasErrors', () => {
  it('is true only when some finding is an error', () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([{ severity: 'warning', code: 'X', message: '', path: '' }])).toBe(false);
    expect(
      hasErrors([
        { severity: 'info', code: 'X', message: '', path: '' },
        { severity: 'error', code: 'Y', message: '', path: '' },
      ]),
    ).toBe(true);
  });
});

describe('helpers', () => {
  it('compareDecimal compares exactly across precisions', () => {
    expect(compareDecimal('95', '95.00')).toBe(0);
    expect(compareDecimal('100.000000000000000001', '100')).toBe(1);
    expect(compareDecimal('0.1', '0.10000')).toBe(0);
    expect(compareDecimal('9.99', '10')).toBe(-1);
    expect(compareDecimal('abc', '10')).toBeNull();
  });
  it('normaliseIndicatorName drops all whitespace', () => {
    expect(normaliseIndicatorName(' 服务热线 20 秒内\t人工接通率 ')).toBe('服务热线20秒内人工接通率');
  });
});

describe('targets against the project’s history (TARGET_BELOW_LAST_ACTUAL, TARGET_UNCHANGED)', () => {
  /** This year's content with ids 1…8, last year's indicators 101…108 (linked), the year before 201…208. */
  function withIds(c: DeclarationContent): DeclarationContent {
    return {
      ...c,
      year: 2027,
      plannedStart: '2027-01-01',
      plannedEnd: '2027-12-31',
      // Picked from the library: INDICATOR_NOT_IN_LIBRARY is not what these cases are about.
      indicators: c.indicators.map((i, n) => ({ ...i, id: n + 1, libraryEntryId: 100 + n })),
    };
  }
  function year(
    y: number,
    base: number,
    targets: Record<string, string>,
    actuals: Record<string, string> = {},
    linked = true,
  ): HistoryYear {
    const c = valid();
    const indicators = c.indicators.map((i, n) => ({
      id: base + n,
      sourceIndicatorId: linked ? base + 100 + n : null,
      level1: i.level1,
      level2: i.level2,
      name: i.name,
      target: targets[i.name] ? parseTarget(targets[i.name]) : i.target,
    }));
    const byName = new Map(indicators.map((i) => [i.name, i.id]));
    return {
      declarationId: y,
      year: y,
      indicators,
      actuals: Object.fromEntries(
        Object.entries(actuals).map(([name, value]) => [
          byName.get(name)!,
          { value, source: 'evaluation' as const },
        ]),
      ),
    };
  }
  const links = Object.fromEntries(valid().indicators.map((_, n) => [n + 1, 101 + n]));

  it('flags a ≥ target under last year’s actual and a ≤ target over it, not an = target', () => {
    const history: TargetHistory = {
      links,
      years: [
        year(
          2026,
          101,
          {},
          {
            开展建设项目数量: '160',
            项目预算变更率: '10',
            非重大项目验收通过率: '100',
            业务需求部门满意度: '90',
          },
        ),
      ],
    };
    const f = only('TARGET_BELOW_LAST_ACTUAL', computeFindings(withIds(valid()), { history }));
    expect(f.map((x) => [x.params!.name, x.params!.direction])).toEqual([
      ['开展建设项目数量', 'higher'],
      ['项目预算变更率', 'lower'],
    ]);
    expect(f[0].message).toBe(
      '三级指标“开展建设项目数量”的年度指标值 ≥150.00(个) 低于2026年实际完成值 160个',
    );
    expect(f[1].message).toContain('宽于2026年实际完成值 10%');
    expect(f[0].severity).toBe('warning');
    expect(englishIn(f[0].message)).toBeNull();
  });

  it('is silent without history, when the unit changed, or when the actual is not a number', () => {
    expect(codes(computeFindings(withIds(valid())))).toEqual([]);
    const history: TargetHistory = {
      links,
      years: [
        year(
          2026,
          101,
          { 开展建设项目数量: '≥150.00(套)' },
          { 开展建设项目数量: '160', 项目预算变更率: '约10' },
        ),
      ],
    };
    expect(only('TARGET_BELOW_LAST_ACTUAL', computeFindings(withIds(valid()), { history }))).toEqual([]);
  });

  it('TARGET_UNCHANGED: the same target as last year, counted back along the lineage; not at its limit', () => {
    const changed = { 开展建设项目数量: '≥140.00(个)' };
    const history: TargetHistory = {
      links,
      years: [year(2026, 101, {}), year(2025, 201, changed)],
    };
    const f = only('TARGET_UNCHANGED', computeFindings(withIds(valid()), { history }));
    // Quantitative only; =100.00(%) cannot be raised.
    expect(f.map((x) => [x.params!.name, x.params!.years, x.params!.since])).toEqual([
      ['开展建设项目数量', 2, 2026],
      ['项目预算变更率', 3, 2025],
      ['项目单位成本', 3, 2025],
      ['业务需求部门满意度', 3, 2025],
    ]);
    expect(f[1].message).toBe('三级指标“项目预算变更率”的年度指标值 ≤15.00(%) 已连续 3 年未变（自2025年起）');
  });

  it('matches by the three levels and the name (whitespace ignored) when there is no link', () => {
    const c = withIds(valid());
    c.indicators[0] = { ...c.indicators[0], name: '开展建设 项目数量' };
    const history: TargetHistory = {
      links: {},
      years: [year(2026, 101, {}, { 开展建设项目数量: '151' }, false)],
    };
    const f = computeFindings(c, { history });
    expect(only('TARGET_BELOW_LAST_ACTUAL', f).map((x) => x.indicatorId)).toEqual([1]);
    expect(matchHistory(c.indicators, history)[0].map((i) => i.id)).toEqual([101]);
    // Another 二级 with the same name is another indicator.
    c.indicators[0] = { ...c.indicators[0], level2: 'quality' };
    expect(matchHistory(c.indicators, history)[0]).toEqual([]);
  });
});

describe('INDICATOR_NOT_IN_LIBRARY', () => {
  it('flags, as info, each stored indicator not picked from the library, and not a form read from a file', () => {
    const c = valid();
    expect(computeFindings(c).filter((f) => f.code === 'INDICATOR_NOT_IN_LIBRARY')).toEqual([]);
    c.indicators = c.indicators.map((i, n) => ({ ...i, id: 100 + n, libraryEntryId: n === 0 ? 7 : null }));
    const found = computeFindings(c).filter((f) => f.code === 'INDICATOR_NOT_IN_LIBRARY');
    expect(found.map((f) => [f.severity, f.indicatorId, f.field])).toEqual(
      c.indicators.slice(1).map((i) => ['info', i.id, 'libraryEntryId']),
    );
    expect(found[0].message).toBe(`三级指标“${c.indicators[1].name}”未选自指标库，为单位自行设置的指标`);
  });
});
