import { DEFAULT_LANG, type Lang } from '../common/i18n';
import { formatMoney, type Fen } from '../common/money';
import {
  indicatorLabelPath,
  level1Of,
  type DeclarationContent,
  type Finding,
  type IndicatorContent,
  type Level1,
  type Level2,
  type Target,
} from './declaration-content';
import { findingText } from './declarations.messages';
import { matchHistory, type HistoryIndicator, type TargetHistory } from './target-history';
import { proposeNotation } from './target-notation';
import { preAssessmentNeed, type PreAssessmentFacts } from './pre-assessment-need';

/**
 * The one rule engine of docs/spec/domain.md §3: every rule is one entry of `RULES`; a rule says where it
 * fires (the path, the indicator, the parameters of its message) and the engine makes the
 * finding: the code and the severity (the rule's default, or the configured override), the
 * message and the hint in the reader's language (declarations.messages.ts), the field, the
 * indicator's id and where it sits in the form (labelPath). Pure: no I/O, no Nest.
 *
 * `LAYOUT_REPAIRED` is produced by the importer and passed in through `extra`.
 */

export type Severity = Finding['severity'];

export interface RuleContext {
  /** The latest approved version, when the content is an adjustment of it. */
  baseline: DeclarationContent | null;
  /** The project's earlier years (next year's declaration copied from this one), loaded by the service. */
  history: TargetHistory | null;
  /** The pre-assessment gate's facts (declaration phase only), loaded by the service. */
  preAssessment?: PreAssessmentFacts | null;
}

export interface RuleHit {
  /** Where in the content: `funds.total`, `indicators`, `indicators[3].target`. */
  path: string;
  /** The indicator it is about: its index in the content's indicators. */
  indicator?: number;
  /** An indicator that is no longer in the content (an adjustment removed it). */
  removed?: IndicatorContent;
  /** The level a rule misses (NO_* rules): its place in the form. */
  level?: { level1: Level1; level2?: Level2 };
  /** The parameters of the code's message and hint. */
  params?: Record<string, unknown>;
}

export interface Rule {
  code: string;
  defaultSeverity: Severity;
  check(content: DeclarationContent, ctx: RuleContext): RuleHit[];
}

export interface FindingOptions {
  /** Code → severity overrides (config `findingSeverities`). */
  severities?: Record<string, Severity>;
  /** The approved version: enables ADJUSTMENT_WEAKENS_TARGET. */
  baseline?: DeclarationContent | null;
  /** The project's earlier years: enables TARGET_BELOW_LAST_ACTUAL and TARGET_UNCHANGED. */
  history?: TargetHistory | null;
  /** The pre-assessment gate's facts: enables PRE_ASSESSMENT_MISSING and PRE_ASSESSMENT_REJECTED. */
  preAssessment?: PreAssessmentFacts | null;
  /** Findings produced elsewhere (the importer's LAYOUT_REPAIRED), appended in the reader's language. */
  extra?: Finding[];
  /** The reader's language (the request's `ctx.lang`); Chinese by default. */
  lang?: Lang;
}

export function normaliseIndicatorName(name: string): string {
  return name.replace(/\s+/g, '');
}

const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

/**
 * Exact comparison of two non-negative decimal strings ("95" = "95.00"), done on scaled
 * BigInt: -1, 0 or 1; null when either is not such a number (the rule then stays silent).
 */
export function compareDecimal(a: string, b: string): -1 | 0 | 1 | null {
  const as = a.trim();
  const bs = b.trim();
  if (!DECIMAL.test(as) || !DECIMAL.test(bs)) return null;
  const [ai, af = ''] = as.split('.');
  const [bi, bf = ''] = bs.split('.');
  const scale = Math.max(af.length, bf.length);
  const x = BigInt(ai + af.padEnd(scale, '0'));
  const y = BigInt(bi + bf.padEnd(scale, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The fields SUBMIT needs, in form order (their words: declarations.messages.ts). */
const HEADER_FIELDS: ReadonlyArray<keyof DeclarationContent | 'funds.annualRequest'> = [
  'projectName',
  'projectNature',
  'projectCategory',
  'competentDepartment',
  'implementingUnit',
  'plannedStart',
  'plannedEnd',
  'annualGoal',
  'funds.annualRequest',
];

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function yuan(fen: Fen): string {
  return formatMoney(fen);
}

function hasTarget(t: Target | null): t is Target {
  return t !== null && t.display.trim() !== '';
}

function missingLevel1(level1: Level1, code: string, defaultSeverity: Severity): Rule {
  return {
    code,
    defaultSeverity,
    check: (c) =>
      c.indicators.some((i) => i.level1 === level1)
        ? []
        : [{ path: 'indicators', level: { level1 }, params: { level1 } }],
  };
}

function missingLevel2(level2: Level2, code: string, defaultSeverity: Severity): Rule {
  const level1 = level1Of(level2);
  return {
    code,
    defaultSeverity,
    check: (c) =>
      c.indicators.some((i) => i.level2 === level2)
        ? []
        : [{ path: 'indicators', level: { level1, level2 }, params: { level1, level2 } }],
  };
}

/** What an adjustment did to one approved indicator's target, or null when not weaker. */
function weakening(
  before: Target | null,
  after: Target | null,
): { change: 'targetRemoved' | 'replaced' | 'lowered' | 'raised'; before: string; after?: string } | null {
  if (!hasTarget(before)) return null;
  if (!hasTarget(after)) return { change: 'targetRemoved', before: before.display };
  const replaced = { change: 'replaced' as const, before: before.display, after: after.display };
  if (before.kind !== after.kind) return replaced;
  if (before.kind === 'qualitative') {
    return normaliseIndicatorName(before.text ?? '') === normaliseIndicatorName(after.text ?? '')
      ? null
      : replaced;
  }
  if (before.comparator !== after.comparator || (before.unit ?? '').trim() !== (after.unit ?? '').trim()) {
    return replaced;
  }
  const cmp = compareDecimal(after.value ?? '', before.value ?? '');
  if (cmp === null) return before.value === after.value ? null : replaced;
  if (cmp === 0) return null;
  switch (before.direction) {
    case 'higher':
      return cmp < 0 ? { ...replaced, change: 'lowered' } : null;
    case 'lower':
      return cmp > 0 ? { ...replaced, change: 'raised' } : null;
    default:
      // `=`: an exact target moved either way; which way is weaker depends on the indicator.
      return replaced;
  }
}

/** A number target's unit as compared across years ("%" and "％" are one unit). */
function unitKey(t: Target): string {
  return (t.unit ?? '').trim().replace('％', '%');
}

/** Same comparator, number and unit: the target did not move. */
function sameTarget(a: Target | null, b: Target | null): boolean {
  if (!a || !b || a.kind !== 'quantitative' || b.kind !== 'quantitative') return false;
  return (
    a.comparator === b.comparator &&
    unitKey(a) === unitKey(b) &&
    compareDecimal(a.value ?? '', b.value ?? '') === 0
  );
}

/** A target that cannot be more ambitious (≥100%, ≤0): keeping it is no finding. */
function atItsLimit(t: Target): boolean {
  if (t.direction === 'higher' || t.direction === 'exact')
    return unitKey(t) === '%' && (compareDecimal(t.value ?? '', '100') ?? -1) >= 0;
  if (t.direction === 'lower') return compareDecimal(t.value ?? '', '0') === 0;
  return false;
}

/** The current content's quantitative indicators with their earlier years (matchHistory). */
function withHistory(
  c: DeclarationContent,
  history: TargetHistory | null,
): Array<{ n: number; target: Target; chain: HistoryIndicator[] }> {
  if (!history?.years.length) return [];
  const chains = matchHistory(c.indicators, history);
  return c.indicators.flatMap((i, n) =>
    i.target?.kind === 'quantitative' && chains[n].length ? [{ n, target: i.target, chain: chains[n] }] : [],
  );
}

export const RULES: readonly Rule[] = [
  {
    code: 'HEADER_FIELD_REQUIRED',
    defaultSeverity: 'error',
    check: (c) =>
      HEADER_FIELDS.filter((field) =>
        isBlank(field === 'funds.annualRequest' ? c.funds.annualRequest : c[field]),
      ).map((field) => ({ path: field, params: { field } })),
  },
  {
    code: 'DATES_ORDER',
    defaultSeverity: 'error',
    check: (c) =>
      c.plannedStart && c.plannedEnd && c.plannedEnd < c.plannedStart
        ? [{ path: 'plannedEnd', params: { start: c.plannedStart, end: c.plannedEnd } }]
        : [],
  },
  {
    code: 'DATES_OUTSIDE_YEAR',
    defaultSeverity: 'warning',
    check: (c) => {
      const first = `${String(c.year).padStart(4, '0')}-01-01`;
      const last = `${String(c.year).padStart(4, '0')}-12-31`;
      // The period [start, end] touches the year unless it starts after it or ends before it.
      if (c.plannedStart && c.plannedStart > last)
        return [
          { path: 'plannedStart', params: { field: 'plannedStart', date: c.plannedStart, year: c.year } },
        ];
      if (c.plannedEnd && c.plannedEnd < first)
        return [{ path: 'plannedEnd', params: { field: 'plannedEnd', date: c.plannedEnd, year: c.year } }];
      return [];
    },
  },
  {
    code: 'FUNDS_ANNUAL_SUM',
    defaultSeverity: 'error',
    check: ({ funds: f }) => {
      if (f.annualRequest === null) return [];
      const sum = (f.currentAppropriation ?? 0n) + (f.carryover ?? 0n) + (f.other ?? 0n);
      if (sum === f.annualRequest) return [];
      return [
        { path: 'funds.annualRequest', params: { annualRequest: yuan(f.annualRequest), sum: yuan(sum) } },
      ];
    },
  },
  {
    code: 'FUNDS_TOTAL_MISSING',
    defaultSeverity: 'warning',
    check: (c) => (c.funds.total === null ? [{ path: 'funds.total' }] : []),
  },
  {
    code: 'FUNDS_TOTAL_BELOW_ANNUAL',
    defaultSeverity: 'error',
    check: ({ funds: f }) =>
      f.total !== null && f.annualRequest !== null && f.total < f.annualRequest
        ? [{ path: 'funds.total', params: { total: yuan(f.total), annualRequest: yuan(f.annualRequest) } }]
        : [],
  },
  missingLevel1('output', 'NO_OUTPUT_INDICATOR', 'error'),
  missingLevel1('benefit', 'NO_BENEFIT_INDICATOR', 'error'),
  missingLevel1('satisfaction', 'NO_SATISFACTION_INDICATOR', 'warning'),
  missingLevel2('quantity', 'NO_QUANTITY_INDICATOR', 'warning'),
  missingLevel2('quality', 'NO_QUALITY_INDICATOR', 'warning'),
  missingLevel2('timeliness', 'NO_TIMELINESS_INDICATOR', 'warning'),
  missingLevel2('cost', 'NO_COST_INDICATOR', 'info'),
  {
    code: 'TARGET_MISSING',
    defaultSeverity: 'error',
    check: (c) =>
      c.indicators.flatMap((i, n) =>
        hasTarget(i.target)
          ? []
          : [{ path: `indicators[${n}].target`, indicator: n, params: { name: i.name } }],
      ),
  },
  {
    // `95%`, `不低于95%`: a number kept as words, which monitoring and evaluation cannot compare.
    code: 'TARGET_LOOKS_QUANTITATIVE',
    defaultSeverity: 'warning',
    check: (c) =>
      c.indicators.flatMap((i, n) => {
        const t = i.target;
        if (!t || t.kind !== 'qualitative') return [];
        const text = (t.text ?? t.display).trim();
        const proposal = proposeNotation(text);
        if (!proposal) return [];
        return [
          {
            path: `indicators[${n}].target`,
            indicator: n,
            params: {
              name: i.name,
              text,
              proposed: proposal.proposed,
              comparatorGiven: proposal.comparatorGiven,
              example: proposal.proposed ?? `${proposal.comparator}${proposal.value}(%)`,
            },
          },
        ];
      }),
  },
  {
    code: 'TARGET_PERCENT_OVER_100',
    defaultSeverity: 'warning',
    check: (c) =>
      c.indicators.flatMap((i, n) => {
        const t = i.target;
        if (!t || t.kind !== 'quantitative' || !['%', '％'].includes((t.unit ?? '').trim())) return [];
        const cmp = compareDecimal(t.value ?? '', '100');
        if (cmp === null || cmp <= 0) return [];
        return [
          { path: `indicators[${n}].target`, indicator: n, params: { name: i.name, target: t.display } },
        ];
      }),
  },
  {
    code: 'REVERSE_ON_QUANTITY',
    defaultSeverity: 'warning',
    check: (c) =>
      c.indicators.flatMap((i, n) =>
        i.level2 === 'quantity' && i.target?.direction === 'lower'
          ? [
              {
                path: `indicators[${n}].target`,
                indicator: n,
                params: { name: i.name, target: i.target.display },
              },
            ]
          : [],
      ),
  },
  {
    code: 'INDICATOR_NAME_DUPLICATE',
    defaultSeverity: 'warning',
    check: (c) => {
      const first = new Map<string, number>();
      const hits: RuleHit[] = [];
      c.indicators.forEach((i, n) => {
        const key = normaliseIndicatorName(i.name);
        const seen = first.get(key);
        if (seen === undefined) first.set(key, n);
        else
          hits.push({
            path: `indicators[${n}].name`,
            indicator: n,
            params: {
              name: i.name,
              first: seen + 1,
              ...(c.indicators[seen].id !== undefined ? { firstId: c.indicators[seen].id } : {}),
            },
          });
      });
      return hits;
    },
  },
  {
    // docs/spec/domain.md §9: a stored indicator the unit wrote itself instead of picking it from
    // the indicator library (info: it blocks nothing). A form read from a file has no links yet.
    code: 'INDICATOR_NOT_IN_LIBRARY',
    defaultSeverity: 'info',
    check: (c) =>
      c.indicators.flatMap((i, n) =>
        i.id !== undefined && !i.libraryEntryId
          ? [{ path: `indicators[${n}].libraryEntryId`, indicator: n, params: { name: i.name } }]
          : [],
      ),
  },
  {
    code: 'ADJUSTMENT_WEAKENS_TARGET',
    defaultSeverity: 'warning',
    check: (c, { baseline }) => {
      if (!baseline) return [];
      // Match indicators by (level2, name without whitespace), in form order for repeats.
      const current = new Map<string, number[]>();
      c.indicators.forEach((i, n) => {
        const key = `${i.level2}\u0000${normaliseIndicatorName(i.name)}`;
        current.set(key, [...(current.get(key) ?? []), n]);
      });
      const hits: RuleHit[] = [];
      for (const before of baseline.indicators) {
        const key = `${before.level2}\u0000${normaliseIndicatorName(before.name)}`;
        const n = current.get(key)?.shift();
        if (n === undefined) {
          hits.push({
            path: 'indicators',
            removed: before,
            params: {
              name: before.name,
              level2: before.level2,
              change: 'indicatorRemoved',
              before: before.target?.display ?? null,
            },
          });
          continue;
        }
        const w = weakening(before.target, c.indicators[n].target);
        if (w)
          hits.push({
            path: `indicators[${n}].target`,
            indicator: n,
            params: { name: before.name, level2: before.level2, ...w },
          });
      }
      return hits;
    },
  },
  {
    // 财预〔2015〕88号 and the 2021 guidance: a target is set against what was already achieved.
    // "Below" follows the direction: for ≥/> a number under last year's actual, for ≤/< one over it
    // (the target allows worse than what was reached). `=` targets and other units are not compared.
    code: 'TARGET_BELOW_LAST_ACTUAL',
    defaultSeverity: 'warning',
    check: (c, { history }) =>
      withHistory(c, history).flatMap(({ n, target, chain }) => {
        const last = chain[0];
        const year = history!.years[0];
        const actual = year.actuals[last.id];
        if (!actual || !last.target || last.target.kind !== 'quantitative') return [];
        if (unitKey(last.target) !== unitKey(target)) return [];
        const cmp = compareDecimal(target.value ?? '', actual.value);
        const below =
          cmp !== null &&
          ((target.direction === 'higher' && cmp < 0) || (target.direction === 'lower' && cmp > 0));
        if (!below) return [];
        return [
          {
            path: `indicators[${n}].target`,
            indicator: n,
            params: {
              name: c.indicators[n].name,
              target: target.display,
              actual: actual.value,
              unit: target.unit ?? '',
              year: year.year,
              source: actual.source,
              direction: target.direction,
              lastTarget: last.target.display,
            },
          },
        ];
      }),
  },
  {
    // "Stayed the same for two years or more": this year's target equals last year's approved one
    // (two years in a row); `years` counts how far back it has not moved.
    code: 'TARGET_UNCHANGED',
    defaultSeverity: 'warning',
    check: (c, { history }) =>
      withHistory(c, history).flatMap(({ n, target, chain }) => {
        if (atItsLimit(target)) return [];
        let years = 1;
        while (years <= chain.length && sameTarget(target, chain[years - 1].target)) years += 1;
        if (years < 2) return [];
        return [
          {
            path: `indicators[${n}].target`,
            indicator: n,
            params: {
              name: c.indicators[n].name,
              target: target.display,
              years,
              since: history!.years[years - 2].year,
            },
          },
        ];
      }),
  },
  {
    // 中发〔2018〕34号: a new project above the threshold, or a recurring one whose request grew by
    // more than the configured share, is assessed before it is declared (docs/spec/domain.md §11).
    code: 'PRE_ASSESSMENT_MISSING',
    defaultSeverity: 'error',
    check: (c, { preAssessment: facts }) => {
      if (!facts || facts.conclusion !== null) return [];
      const need = preAssessmentNeed(c.funds.annualRequest, facts);
      return need ? [{ path: 'preAssessment', params: { ...need } }] : [];
    },
  },
  {
    // The recorded assessment concluded 不通过: the project is not ready to be declared.
    code: 'PRE_ASSESSMENT_REJECTED',
    defaultSeverity: 'error',
    check: (c, { preAssessment: facts }) => {
      if (!facts || facts.conclusion !== 'fail') return [];
      const need = preAssessmentNeed(c.funds.annualRequest, facts);
      return need ? [{ path: 'preAssessment', params: { ...need } }] : [];
    },
  },
];

/** The finding of a rule's hit, in a language. */
function findingOf(
  content: DeclarationContent,
  code: string,
  severity: Severity,
  hit: RuleHit,
  lang: Lang,
): Finding {
  const params = hit.params ?? {};
  const text = findingText(code);
  const about = hit.indicator !== undefined ? content.indicators[hit.indicator] : hit.removed;
  const finding: Finding = {
    severity,
    code,
    message: text ? text[lang](params) : code,
    path: hit.path,
    // An indicator's field is its own (`target`); the declaration's keeps its path.
    field:
      hit.indicator !== undefined ? hit.path.replace(/^indicators\[\d+\]\.?/, '') || 'indicators' : hit.path,
  };
  if (about?.id !== undefined) finding.indicatorId = about.id;
  if (about) finding.labelPath = indicatorLabelPath(about);
  else if (hit.level) finding.labelPath = indicatorLabelPath(hit.level);
  if (text) finding.hint = text.hint[lang](params);
  if (Object.keys(params).length) finding.params = params;
  return finding;
}

/**
 * A finding made elsewhere (the importer's LAYOUT_REPAIRED), in the reader's language when its
 * code has a text and it carries its parameters; with the indicator of its line, when it has one.
 */
function localised(content: DeclarationContent, f: Finding, severity: Severity, lang: Lang): Finding {
  const text = findingText(f.code);
  const out: Finding = { ...f, severity, field: f.field ?? f.path };
  if (text && f.params) {
    out.message = text[lang](f.params);
    out.hint = text.hint[lang](f.params);
  }
  const line = f.params?.line;
  const ind = typeof line === 'number' ? content.indicators.find((i) => i.sourceLine === line) : undefined;
  if (ind && !out.labelPath) out.labelPath = indicatorLabelPath(ind);
  return out;
}

/** Runs every rule; findings in rule order, then `extra`; their texts in `opts.lang`. */
export function computeFindings(content: DeclarationContent, opts: FindingOptions = {}): Finding[] {
  const ctx: RuleContext = {
    baseline: opts.baseline ?? null,
    history: opts.history ?? null,
    preAssessment: opts.preAssessment ?? null,
  };
  const lang = opts.lang ?? DEFAULT_LANG;
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = opts.severities?.[rule.code] ?? rule.defaultSeverity;
    for (const hit of rule.check(content, ctx))
      findings.push(findingOf(content, rule.code, severity, hit, lang));
  }
  for (const f of opts.extra ?? []) {
    findings.push(localised(content, f, opts.severities?.[f.code] ?? f.severity, lang));
  }
  return findings;
}

/** True when a finding blocks SUBMIT. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
