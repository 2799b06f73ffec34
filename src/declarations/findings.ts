import { formatMoney, type Fen } from '../common/money';
import {
  LEVEL1_LABEL,
  LEVEL2_LABEL,
  type DeclarationContent,
  type Finding,
  type IndicatorContent,
  type Level1,
  type Level2,
  type Target,
} from './declaration-content';

/**
 * The one rule engine of domain.md §3: every rule is one entry of `RULES`; a rule returns
 * where it fires (message + path) and the engine adds the code and the severity (the rule's
 * default, or the configured override). Pure: no I/O, no Nest.
 *
 * `LAYOUT_REPAIRED` is produced by the importer and passed in through `extra`.
 */

export type Severity = Finding['severity'];

export interface RuleContext {
  /** The latest approved version, when the content is an adjustment of it. */
  baseline: DeclarationContent | null;
}

export interface RuleHit {
  message: string;
  path: string;
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
  /** Findings produced elsewhere (the importer's LAYOUT_REPAIRED), appended as given. */
  extra?: Finding[];
}

/** Whitespace is ignored when comparing indicator names. */
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

const HEADER_FIELDS: ReadonlyArray<readonly [keyof DeclarationContent | 'funds.annualRequest', string]> = [
  ['projectName', '项目名称'],
  ['projectNature', '项目性质'],
  ['projectCategory', '项目类别'],
  ['competentDepartment', '主管部门'],
  ['implementingUnit', '实施单位'],
  ['plannedStart', '计划开始日期'],
  ['plannedEnd', '计划完成日期'],
  ['annualGoal', '年度总体目标'],
  ['funds.annualRequest', '年度资金申请总额'],
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
  const label = LEVEL1_LABEL[level1];
  return {
    code,
    defaultSeverity,
    check: (c) =>
      c.indicators.some((i) => i.level1 === level1)
        ? []
        : [{ message: `缺少${label} / no ${level1} indicator (${label})`, path: 'indicators' }],
  };
}

function missingLevel2(level2: Level2, code: string, defaultSeverity: Severity): Rule {
  const label = LEVEL2_LABEL[level2];
  return {
    code,
    defaultSeverity,
    check: (c) =>
      c.indicators.some((i) => i.level2 === level2)
        ? []
        : [{ message: `缺少${label} / no ${level2} indicator (${label})`, path: 'indicators' }],
  };
}

function name(i: IndicatorContent): string {
  return i.name;
}

/** What an adjustment did to one approved indicator's target, or null when not weaker. */
function weakening(before: Target | null, after: Target | null): { zh: string; en: string } | null {
  if (!hasTarget(before)) return null;
  if (!hasTarget(after))
    return { zh: `年度指标值${before.display}被删除`, en: `target ${before.display} removed` };
  const replaced = {
    zh: `年度指标值由${before.display}改为${after.display}`,
    en: `target replaced: ${before.display} → ${after.display}`,
  };
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
      return cmp < 0
        ? {
            zh: `年度指标值由${before.display}降低为${after.display}`,
            en: `target lowered from ${before.display} to ${after.display}`,
          }
        : null;
    case 'lower':
      return cmp > 0
        ? {
            zh: `年度指标值由${before.display}提高为${after.display}`,
            en: `target raised from ${before.display} to ${after.display}`,
          }
        : null;
    default:
      // `=`: an exact target moved either way; which way is weaker depends on the indicator.
      return replaced;
  }
}

export const RULES: readonly Rule[] = [
  {
    code: 'HEADER_FIELD_REQUIRED',
    defaultSeverity: 'error',
    check: (c) =>
      HEADER_FIELDS.filter(([field]) =>
        isBlank(field === 'funds.annualRequest' ? c.funds.annualRequest : c[field]),
      ).map(([field, label]) => ({ message: `缺少${label} / ${field} (${label}) is required`, path: field })),
  },
  {
    code: 'DATES_ORDER',
    defaultSeverity: 'error',
    check: (c) =>
      c.plannedStart && c.plannedEnd && c.plannedEnd < c.plannedStart
        ? [
            {
              message:
                `计划完成日期${c.plannedEnd}早于计划开始日期${c.plannedStart} / ` +
                `plannedEnd ${c.plannedEnd} is before plannedStart ${c.plannedStart}`,
              path: 'plannedEnd',
            },
          ]
        : [],
  },
  {
    code: 'DATES_OUTSIDE_YEAR',
    defaultSeverity: 'warning',
    check: (c) => {
      const first = `${String(c.year).padStart(4, '0')}-01-01`;
      const last = `${String(c.year).padStart(4, '0')}-12-31`;
      const hits: RuleHit[] = [];
      // The period [start, end] touches the year unless it starts after it or ends before it.
      if (c.plannedStart && c.plannedStart > last) {
        hits.push({
          message:
            `计划开始日期${c.plannedStart}晚于${c.year}年度 / ` +
            `plannedStart ${c.plannedStart} is after the year ${c.year}: the planned period does not touch it`,
          path: 'plannedStart',
        });
      } else if (c.plannedEnd && c.plannedEnd < first) {
        hits.push({
          message:
            `计划完成日期${c.plannedEnd}早于${c.year}年度 / ` +
            `plannedEnd ${c.plannedEnd} is before the year ${c.year}: the planned period does not touch it`,
          path: 'plannedEnd',
        });
      }
      return hits;
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
        {
          message:
            `年度资金申请总额${yuan(f.annualRequest)}元不等于当年财政拨款、上年结转资金与其他资金之和${yuan(sum)}元 / ` +
            `funds.annualRequest ${yuan(f.annualRequest)} differs from currentAppropriation + carryover + other = ${yuan(sum)}`,
          path: 'funds.annualRequest',
        },
      ];
    },
  },
  {
    code: 'FUNDS_TOTAL_MISSING',
    defaultSeverity: 'warning',
    check: (c) =>
      c.funds.total === null
        ? [{ message: '未填项目资金总额 / funds.total (项目资金总额) is blank', path: 'funds.total' }]
        : [],
  },
  {
    code: 'FUNDS_TOTAL_BELOW_ANNUAL',
    defaultSeverity: 'error',
    check: ({ funds: f }) =>
      f.total !== null && f.annualRequest !== null && f.total < f.annualRequest
        ? [
            {
              message:
                `项目资金总额${yuan(f.total)}元小于年度资金申请总额${yuan(f.annualRequest)}元 / ` +
                `funds.total ${yuan(f.total)} is below funds.annualRequest ${yuan(f.annualRequest)}`,
              path: 'funds.total',
            },
          ]
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
          : [
              {
                message: `指标“${name(i)}”缺少年度指标值 / indicator "${name(i)}" has no target`,
                path: `indicators[${n}].target`,
              },
            ],
      ),
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
          {
            message:
              `指标“${name(i)}”的年度指标值${t.display}超过100% / ` +
              `indicator "${name(i)}": target ${t.display} is over 100%`,
            path: `indicators[${n}].target`,
          },
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
                message:
                  `数量指标“${name(i)}”的年度指标值${i.target.display}为反向（越低越好） / ` +
                  `quantity indicator "${name(i)}" has a lower-is-better target ${i.target.display}`,
                path: `indicators[${n}].target`,
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
        else {
          hits.push({
            message:
              `指标名称“${name(i)}”与第${seen + 1}个指标重复 / ` +
              `indicator name "${name(i)}" repeats indicators[${seen}]`,
            path: `indicators[${n}].name`,
          });
        }
      });
      return hits;
    },
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
        const label = LEVEL2_LABEL[before.level2];
        if (n === undefined) {
          hits.push({
            message:
              `调整删除了${label}“${before.name}”（原年度指标值${before.target?.display ?? '无'}） / ` +
              `indicator "${before.name}" (${before.level2}) was removed by the adjustment`,
            path: 'indicators',
          });
          continue;
        }
        const w = weakening(before.target, c.indicators[n].target);
        if (w) {
          hits.push({
            message: `指标“${before.name}”的${w.zh} / indicator "${before.name}": ${w.en}`,
            path: `indicators[${n}].target`,
          });
        }
      }
      return hits;
    },
  },
];

/** Runs every rule; findings in rule order, then `extra`. */
export function computeFindings(content: DeclarationContent, opts: FindingOptions = {}): Finding[] {
  const ctx: RuleContext = { baseline: opts.baseline ?? null };
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = opts.severities?.[rule.code] ?? rule.defaultSeverity;
    for (const hit of rule.check(content, ctx)) {
      findings.push({ severity, code: rule.code, message: hit.message, path: hit.path });
    }
  }
  for (const f of opts.extra ?? []) {
    findings.push({ ...f, severity: opts.severities?.[f.code] ?? f.severity });
  }
  return findings;
}

/** True when a finding blocks SUBMIT. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
