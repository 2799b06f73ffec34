import { ApiProperty } from '@nestjs/swagger';
import { fromLabel, valueLabel } from '../common/i18n';
import { EnumProperty, IntProperty, TextProperty } from '../common/openapi';
import { Label } from '../reports/report.responses';
import { ReportErrors, wordFor } from '../reports/reports.messages';
import { ACHIEVEMENTS } from '../evaluation/scoring';
import {
  ADJUSTED_BUDGET,
  INITIAL_BUDGET,
  textField,
  type BudgetField,
  type BudgetInput,
  type EntryField,
  type EntryInput,
  type HeadField,
  type ReportFields,
  type StoredBudget,
  type StoredEntry,
} from '../reports/report-fields';
import { isBlank, parseNumber, type InputProblems } from '../reports/report-input';
import type { ApprovedIndicator } from '../reports/report-rules';
import { DEVIATION_CATEGORY_VALUES, LIKELIHOOD_VALUES } from './monitoring.messages';

/**
 * The fields of the mid-year monitoring report (绩效运行监控表, docs/spec/api.md "Report
 * payloads"), each declared once: how the body's value is checked, its blank, its OpenAPI
 * schema, how the audit record and the API answer show it. The body's checks, the stored
 * form, the merge of a PATCH, the audit record and the body's schema derive from this list
 * (reports/report-fields.ts). The form's values (`form`) and its table's
 * columns (MONITORING_FORM, monitoring-form.ts) and the answer's properties (`answer`) are declared here too; the
 * rules (monitoring-rules.ts) read the values.
 */

export type Likelihood = 'certain' | 'possible' | 'impossible';
export const LIKELIHOODS: readonly Likelihood[] = LIKELIHOOD_VALUES;
export type DeviationCategory = 'funding' | 'institutional' | 'staffing' | 'hardware' | 'other';
export const DEVIATION_CATEGORIES: readonly DeviationCategory[] = DEVIATION_CATEGORY_VALUES;

export interface DeviationReason {
  category: DeviationCategory;
  note: string;
}

/** A deviation reason in the answer (the entry's `deviationReasons`). */
export class DeviationReasonView {
  @EnumProperty(DEVIATION_CATEGORIES, { description: '偏差原因类别' })
  category: string;
  @TextProperty()
  note: string;
  @Label('the category')
  categoryLabel: string | null;
}

/** What a forecast must be for a qualitative target: an achievement, as its code or its word. */
export function achievementOf(forecast: string): string | null {
  const code = fromLabel('achievement', forecast);
  return typeof code === 'string' && (ACHIEVEMENTS as readonly string[]).includes(code) ? code : null;
}

/** 监控期: the report covers months 1 to this. */
const PERIOD_END_MONTH: HeadField<'periodEndMonth', number, { defaultPeriodEndMonth: number }> = {
  key: 'periodEndMonth',
  read(m, problems) {
    if (typeof m !== 'number' || !Number.isInteger(m)) problems.add('periodEndMonth', 'FIELD_INTEGER');
    else if (m < 1 || m > 12) problems.add('periodEndMonth', 'FIELD_RANGE', { min: 1, max: 12 });
    else return m;
    return undefined;
  },
  fallback: (cfg) => cfg.defaultPeriodEndMonth,
  schema: {
    type: 'integer',
    minimum: 1,
    maximum: 12,
    default: 7,
    description: 'the report covers months 1 to this; unless given (or null), 7',
  },
  answer: IntProperty({
    minimum: 1,
    maximum: 12,
    description: 'the report covers months 1 to this; unless given, 7 (a save of null brings it back)',
  }),
};

const money = <K extends string>(key: K, example: string, answer: string): BudgetField<K> => ({
  key,
  schema: { type: 'string', format: 'decimal', nullable: true, example },
  answer,
});

export const MONITORING_BUDGET = [
  INITIAL_BUDGET,
  ADJUSTED_BUDGET,
  money('executedToDate', '245627250.00', '1–N 月执行数'),
  money('forecastFullYear', '466691775.00', '全年预计执行数'),
] as const;

/**
 * 全年预计完成值: a number in the target's unit (quantitative), an achievement as its code or
 * word (qualitative); null or blank give null.
 */
function readForecast(
  problems: InputProblems,
  value: unknown,
  field: string,
  ind: ApprovedIndicator | undefined,
): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') {
    problems.add(field, 'FIELD_TEXT');
    return null;
  }
  if (isBlank(value)) return null;
  const f = value.trim();
  if (ind?.target?.kind === 'quantitative' && parseNumber(f) === null) {
    problems.add(field, ReportErrors.REPORT_NOT_A_NUMBER.code, {
      name: ind.name,
      target: ind.target.display,
      unit: ind.target.unit,
    });
    return null;
  }
  if (ind?.target?.kind === 'qualitative') {
    const a = achievementOf(f);
    if (a === null)
      problems.add(field, ReportErrors.REPORT_ACHIEVEMENT_EXPECTED.code, {
        name: ind.name,
        target: ind.target.display,
      });
    return a;
  }
  return f;
}

/** 偏差原因: a list of {category, note}; null gives none. */
function readReasons(
  problems: InputProblems,
  value: unknown,
  field: string,
  maxTextLength: number,
): DeviationReason[] {
  const reasons: DeviationReason[] = [];
  if (value === null) return reasons;
  if (!Array.isArray(value)) {
    problems.add(field, 'FIELD_LIST');
    return reasons;
  }
  value.forEach((rawReason: unknown, k) => {
    const at = `${field}[${k}]`;
    const r = problems.object(rawReason, at, ['category', 'note']);
    if (!r) return;
    if (r.category === undefined || r.category === null) problems.add(`${at}.category`, 'FIELD_REQUIRED');
    const category = problems.oneOf<DeviationCategory>(r.category, `${at}.category`, 'deviationCategory');
    const note = problems.text(r.note, `${at}.note`, maxTextLength);
    if (category !== null) reasons.push({ category, note: note ?? '' });
  });
  return reasons;
}

const forecast: EntryField<'forecast', string | null> = {
  key: 'forecast',
  read: (value, field, r) => readForecast(r.problems, value, field, r.indicator),
  blank: () => null,
  schema: {
    type: 'string',
    description:
      'A number in the target unit, or for a qualitative target achieved | partial | notAchieved (or its word: 达成年度指标 …)',
    example: '97',
  },
  answer: {
    forecast: TextProperty({
      nullable: true,
      description: '全年预计完成情况: a number, or achieved | partial | notAchieved',
    }),
    forecastLabel: Label('a qualitative forecast (a number stands for itself: null)'),
  },
  view: (value, { indicator, lang }) => ({
    forecast: value,
    // The word of a qualitative forecast (达成年度指标); a number stands for itself.
    forecastLabel:
      indicator?.target?.kind === 'qualitative' && value !== null
        ? valueLabel(value, lang, 'achievement')
        : null,
  }),
};

const likelihood: EntryField<'likelihood', Likelihood | null> = {
  key: 'likelihood',
  read: (value, field, r) => r.problems.oneOf<Likelihood>(value, field, 'likelihood'),
  blank: () => null,
  schema: {
    type: 'string',
    enum: ['certain', 'possible', 'impossible'],
    description: 'The code or its word: 确定能 / 有可能 / 完全不可能',
  },
  answer: {
    likelihood: EnumProperty(LIKELIHOODS, { nullable: true, description: '完成目标可能性' }),
    likelihoodLabel: Label('the likelihood'),
  },
  view: (value, { lang }) => ({ likelihood: value, likelihoodLabel: wordFor('likelihood', value, lang) }),
};

const deviationReasons: EntryField<'deviationReasons', DeviationReason[]> = {
  key: 'deviationReasons',
  read: (value, field, r) => readReasons(r.problems, value, field, r.maxTextLength),
  blank: () => [],
  schema: {
    type: 'array',
    items: {
      type: 'object',
      required: ['category'],
      additionalProperties: false,
      properties: {
        category: {
          type: 'string',
          enum: ['funding', 'institutional', 'staffing', 'hardware', 'other'],
          description: 'The code or its word: 经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他',
        },
        note: { type: 'string' },
      },
    },
  },
  audited: (reasons) => (reasons.length ? reasons : null),
  answer: { deviationReasons: ApiProperty({ type: () => [DeviationReasonView] }) },
  // Each note goes in its category's column.
  form: (reasons) => reasons ?? [],
  view: (reasons, { lang }) => ({
    deviationReasons: reasons.map((r) => ({
      ...r,
      categoryLabel: wordFor('deviationCategory', r.category, lang),
    })),
  }),
};

/** An entry's fields, in the order of the form's columns. */
export const MONITORING_ENTRY_FIELDS = [
  // 1–N月实际完成值: free text or a number; shown, not computed with.
  textField('actualToDate', { example: '96.5' }, '1–N 月执行情况'),
  forecast, // 全年预计完成值
  likelihood, // 完成目标可能性
  deviationReasons, // 偏差原因
  textField('correctiveMeasures', {}, '完成目标采取的措施'), // 整改措施
  textField('remark', {}, '备注'),
] as const;

export const MONITORING_FIELDS = {
  head: [PERIOD_END_MONTH],
  budget: MONITORING_BUDGET,
  text: { key: 'goalProgress', schema: { type: 'string' }, answer: '总体目标完成情况' },
  entries: MONITORING_ENTRY_FIELDS,
} as const satisfies ReportFields;

/** One entry as stored (monitoring_reports.data). */
export type StoredMonitoringEntry = StoredEntry<typeof MONITORING_ENTRY_FIELDS>;
/** One entry of the body, as checked: only what was sent. */
export type MonitoringEntryInput = EntryInput<typeof MONITORING_ENTRY_FIELDS>;
/** Money in fen. initialBudget defaults to the approved annualRequest, adjustedBudget to initial. */
export type MonitoringBudgetInput = BudgetInput<typeof MONITORING_BUDGET>;
export type StoredMonitoringBudget = StoredBudget<typeof MONITORING_BUDGET>;
