import { ApiProperty } from '@nestjs/swagger';
import type { Decimal } from 'decimal.js';
import { Decimal2Property, EnumProperty, TextProperty } from '../common/openapi';
import { Label } from '../reports/report.responses';
import { ACHIEVEMENT_VALUES, ReportErrors, wordFor } from '../reports/reports.messages';
// The self-evaluation's words (EVAL_* findings, its fields' labels) register with this import.
import './evaluation.messages';
import {
  ADJUSTED_BUDGET,
  INITIAL_BUDGET,
  textField,
  type BudgetInput,
  type EntryField,
  type EntryInput,
  type ReportFields,
  type StoredBudget,
  type StoredEntry,
} from '../reports/report-fields';
import { isBlank, parseNumber, parsePoints, type InputProblems } from '../reports/report-input';
import type { Achievement, ScoredEntry } from './scoring';

/**
 * The fields of the year-end self-evaluation (绩效自评表, docs/spec/api.md "Report payloads"),
 * each declared once: how the body's value is checked, its blank, its OpenAPI schema, how the
 * API answer shows it (with what scoring.ts computed for the entry). The body's checks, the
 * stored form, the merge of a PATCH, the audit record and the body's schema derive from this
 * list (reports/report-fields.ts). The form's values (`form`) and its table's
 * columns (EVALUATION_FORM, evaluation-form.ts) and the answer's properties (`answer`) are declared here too;
 * the scoring (scoring.ts) reads the values.
 */

export const EVALUATION_BUDGET = [
  INITIAL_BUDGET,
  ADJUSTED_BUDGET,
  {
    key: 'executed', // 全年执行数
    schema: { type: 'string', format: 'decimal', nullable: true, example: '466691775.00' },
    answer: '全年执行数',
  },
] as const;

/** Points (weight or score): a string with at most 2 decimals; null or blank give null. */
function points(problems: InputProblems, value: unknown, field: string, example: string): Decimal | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.add(field, ReportErrors.REPORT_POINTS_INVALID.code, { example });
    return null;
  }
  if (isBlank(value)) return null;
  const p = parsePoints(value);
  if (p === null) problems.add(field, ReportErrors.REPORT_POINTS_INVALID.code, { example });
  return p;
}

/** 分值: points, at most 100; absent: the declared weight, else the default split. The answer shows the weight used. */
const weight: EntryField<'weight', string | null, ScoredEntry> = {
  key: 'weight',
  read(value, field, { problems }) {
    const w = points(problems, value, field, '12.50');
    if (w !== null && w.gt(100)) problems.add(field, 'FIELD_MAX', { max: 100 });
    return w === null ? null : w.toFixed(2);
  },
  blank: () => null,
  schema: { type: 'string', format: 'decimal', nullable: true, example: '12.50' },
  answer: {
    weight: Decimal2Property({
      nullable: true,
      readOnly: true,
      description: 'the weight used: the one given, else the declared one, else the default split',
    }),
  },
  view: (_value, { computed }) => ({ weight: computed?.weight ?? null }),
  form: false, // the form shows the weight used (evaluation-view.ts)
};

/** 实际完成值: a number in the target's unit (quantitative) or text (qualitative). */
const actual: EntryField<'actual', string | null, ScoredEntry> = {
  key: 'actual',
  read(value, field, { problems, indicator: ind, maxTextLength }) {
    if (value !== null && typeof value !== 'string') {
      problems.add(field, 'FIELD_TEXT');
      return null;
    }
    if (ind && ind.target?.kind === 'quantitative' && !isBlank(value)) {
      if (parseNumber(value as string) === null) {
        problems.add(field, ReportErrors.REPORT_NOT_A_NUMBER.code, {
          name: ind.name,
          target: ind.target?.display,
          unit: ind.target?.unit,
        });
        return null;
      }
      return (value as string).trim();
    }
    return problems.text(value, field, maxTextLength);
  },
  blank: () => null,
  schema: { type: 'string', example: '142' },
  answer: { actual: TextProperty({ nullable: true, description: '实际完成值' }) },
  // 实际完成值 on the form: the value or text written; for a qualitative indicator without
  // text, the grade (the form writes 达成年度指标 / 部分达成年度指标 / 未达成年度指标).
  form: (value, e) => value ?? e?.achievement ?? '',
};

/** 达成情况: qualitative indicators only. */
const achievement: EntryField<'achievement', Achievement | null, ScoredEntry> = {
  key: 'achievement',
  read(value, field, { problems, indicator: ind }) {
    const a = problems.oneOf<Achievement>(value, field, 'achievement');
    if (a !== null && ind && ind.target?.kind === 'quantitative') {
      problems.add(field, ReportErrors.REPORT_ACHIEVEMENT_NOT_APPLICABLE.code, {
        name: ind.name,
        target: ind.target?.display,
      });
    }
    return a;
  },
  blank: () => null,
  schema: {
    type: 'string',
    enum: ['achieved', 'partial', 'notAchieved'],
    description:
      'The code or its word: 达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差',
  },
  answer: {
    achievement: EnumProperty(ACHIEVEMENT_VALUES, { nullable: true, description: 'qualitative indicators' }),
    achievementLabel: Label('the achievement'),
  },
  view: (value, { lang }) => ({ achievement: value, achievementLabel: wordFor('achievement', value, lang) }),
  form: false, // in 实际完成值 when no text is written
};

/**
 * 得分 as given: qualitative, the evaluator's score; quantitative, a manual override. The
 * answer shows it as `givenScore` beside the computed score and the one that counts.
 */
const score: EntryField<'score', string | null, ScoredEntry> = {
  key: 'score',
  read(value, field, { problems }) {
    const s = points(problems, value, field, '7.00');
    return s === null ? null : s.toFixed(2);
  },
  blank: () => null,
  schema: { type: 'string', format: 'decimal', nullable: true, example: '7.00' },
  answer: {
    givenScore: ApiProperty({
      type: String,
      format: 'decimal',
      nullable: true,
      description: 'the score as given (a qualitative grade or an override): the body field `score`',
    }),
    computedScore: Decimal2Property({ nullable: true, readOnly: true }),
    score: Decimal2Property({ nullable: true, readOnly: true, description: 'the score that counts' }),
    met: ApiProperty({ type: Boolean, nullable: true, readOnly: true }),
  },
  view: (value, { computed }) => ({
    givenScore: value,
    computedScore: computed?.computedScore ?? null,
    score: computed?.score ?? null,
    met: computed?.met ?? null,
  }),
  form: false, // the form shows the score that counts (evaluation-view.ts)
};

/** An entry's fields, in the order the answer shows them. */
export const EVALUATION_ENTRY_FIELDS = [
  weight,
  actual,
  achievement,
  score,
  { ...textField('overrideReason', {}), form: false }, // 得分调整理由: not on the form
  textField('deviationAnalysis', {}, '偏差原因分析及改进措施'),
] as const;

export const EVALUATION_FIELDS = {
  head: [],
  budget: EVALUATION_BUDGET,
  text: { key: 'goalAchievement', schema: { type: 'string' }, answer: '总体目标完成情况' },
  entries: EVALUATION_ENTRY_FIELDS,
  // Points first: the 400 lists the problems in this order.
  checkOrder: ['weight', 'score', 'actual', 'achievement', 'overrideReason', 'deviationAnalysis'],
} as const satisfies ReportFields;

/** One entry as stored (evaluation_reports.data). */
export type StoredEvaluationEntry = StoredEntry<typeof EVALUATION_ENTRY_FIELDS>;
/** One entry of the body, as checked: only what was sent. */
export type EvaluationEntryInput = EntryInput<typeof EVALUATION_ENTRY_FIELDS>;
/** Money in fen. initialBudget defaults to the approved annualRequest, adjustedBudget to initial. */
export type EvaluationBudgetInput = BudgetInput<typeof EVALUATION_BUDGET>;
export type StoredEvaluationBudget = StoredBudget<typeof EVALUATION_BUDGET>;
