import { valueLabel, type Lang } from '../common/i18n';
import { formatMoney, parseMoney, type Fen } from '../common/money';
import type { DeclarationContent, Funds, IndicatorContent, Target } from './declaration-content';
import type { Declaration } from './declaration.entity';
import type { Indicator } from './indicator.entity';

/** Maps between rows, the plain form content, and API views. Responses never expose entities. */

export const HEADER_FIELDS = [
  'year',
  'projectName',
  'projectNature',
  'projectCategory',
  'competentDepartment',
  'implementingUnit',
  'plannedStart',
  'plannedEnd',
] as const;
export const FUND_FIELDS = ['total', 'annualRequest', 'currentAppropriation', 'carryover', 'other'] as const;
export const GOAL_FIELDS = ['overallGoal', 'annualGoal'] as const;

const FUND_COLUMN: Record<(typeof FUND_FIELDS)[number], keyof Declaration> = {
  total: 'fundsTotal',
  annualRequest: 'fundsAnnualRequest',
  currentAppropriation: 'fundsCurrentAppropriation',
  carryover: 'fundsCarryover',
  other: 'fundsOther',
};

export function fundsOf(d: Declaration): Funds {
  return {
    total: d.fundsTotal,
    annualRequest: d.fundsAnnualRequest,
    currentAppropriation: d.fundsCurrentAppropriation,
    carryover: d.fundsCarryover,
    other: d.fundsOther,
  };
}

export function setFunds(d: Declaration, funds: Partial<Funds>): void {
  for (const f of FUND_FIELDS)
    if (f in funds) (d as unknown as Record<string, Fen | null>)[FUND_COLUMN[f]] = funds[f] ?? null;
}

export function fundsView(f: Funds): Record<string, string | null> {
  return Object.fromEntries(FUND_FIELDS.map((k) => [k, f[k] === null ? null : formatMoney(f[k]!)]));
}

export function targetOf(i: Indicator): Target | null {
  if (!i.targetDisplay || !i.targetKind) return null;
  return {
    display: i.targetDisplay,
    kind: i.targetKind,
    comparator: i.targetComparator,
    value: i.targetValue,
    unit: i.targetUnit,
    text: i.targetText,
    direction: i.targetDirection,
  };
}

export function setTarget(i: Indicator, t: Target | null): void {
  i.targetDisplay = t?.display ?? null;
  i.targetKind = t?.kind ?? null;
  i.targetComparator = t?.comparator ?? null;
  i.targetValue = t?.value ?? null;
  i.targetUnit = t?.unit ?? null;
  i.targetText = t?.text ?? null;
  i.targetDirection = t?.direction ?? null;
}

export function indicatorContent(i: Indicator): IndicatorContent {
  return {
    id: i.id,
    level1: i.level1,
    level2: i.level2,
    costType: i.costType,
    name: i.name,
    target: targetOf(i),
    weight: i.weight,
    sourceLine: i.sourceLine,
    libraryEntryId: i.libraryEntryId ?? null,
  };
}

export function contentOf(d: Declaration, indicators: Indicator[]): DeclarationContent {
  return {
    year: d.year,
    projectName: d.projectName,
    projectNature: d.projectNature,
    projectCategory: d.projectCategory,
    competentDepartment: d.competentDepartment,
    implementingUnit: d.implementingUnit,
    plannedStart: d.plannedStart,
    plannedEnd: d.plannedEnd,
    funds: fundsOf(d),
    overallGoal: d.overallGoal,
    annualGoal: d.annualGoal,
    indicators: indicators.map(indicatorContent),
  };
}

export function indicatorView(i: Indicator) {
  const { id: _id, ...content } = indicatorContent(i);
  return { id: i.id, position: i.position, ...content };
}

export function declarationSummaryView(d: Declaration) {
  return {
    id: d.id,
    year: d.year,
    projectName: d.projectName,
    departmentId: d.departmentId,
    implementingUnit: d.implementingUnit,
    funds: fundsView(fundsOf(d)),
    state: d.state,
    stateEnteredAt: d.stateEnteredAt,
    version: d.version,
    approvedVersion: d.approvedVersion,
    updatedAt: d.updatedAt,
  };
}

export function declarationView(
  d: Declaration,
  indicators: Indicator[],
  workflow: { actions: unknown[]; allowedEvents: string[] },
  lang: Lang,
  editableParts: string[] = [],
) {
  return {
    ...declarationSummaryView(d),
    stateLabel: valueLabel(d.state, lang, 'state'),
    projectNature: d.projectNature,
    projectCategory: d.projectCategory,
    competentDepartment: d.competentDepartment,
    plannedStart: d.plannedStart,
    plannedEnd: d.plannedEnd,
    overallGoal: d.overallGoal,
    annualGoal: d.annualGoal,
    submittedBy: d.submittedBy,
    previousDeclarationId: d.previousDeclarationId ?? null,
    createdAt: d.createdAt,
    indicators: indicators.map(indicatorView),
    // What the caller may do now (WorkflowService.actionsFor); allowedEvents for older clients.
    actions: workflow.actions,
    allowedEvents: workflow.allowedEvents,
    editable: editableParts.length > 0,
    editableParts,
  };
}

/** A version's content as stored (JSON): money as strings, indicators with their ids. */
export interface StoredIndicator extends Omit<IndicatorContent, 'sourceLine'> {
  id: number;
  position: number;
  sourceLine: number | null;
}
export interface StoredContent extends Omit<DeclarationContent, 'funds' | 'indicators'> {
  funds: Record<string, string | null>;
  indicators: StoredIndicator[];
}

export function toStoredContent(d: Declaration, indicators: Indicator[]): StoredContent {
  const c = contentOf(d, indicators);
  return {
    ...c,
    funds: fundsView(c.funds),
    indicators: indicators.map((i) => indicatorView(i)),
  };
}

export function fromStoredContent(s: StoredContent): DeclarationContent {
  const funds = Object.fromEntries(
    FUND_FIELDS.map((k) => [
      k,
      s.funds[k] === null || s.funds[k] === undefined ? null : parseMoney(s.funds[k], `funds.${k}`),
    ]),
  ) as unknown as Funds;
  // The ids stay: a finding about an approved indicator (an adjustment removed it) names it.
  return { ...s, funds, indicators: s.indicators.map(({ position: _p, ...rest }) => rest) };
}
