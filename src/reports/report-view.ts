import type { Lang } from '../common/i18n';
import type { ApprovedTargetIndicator, ApprovedTargets } from '../declarations/approved-targets';
import type { Declaration } from '../declarations/declaration.entity';
import { level1Word, level2Word, stateWord } from './reports.messages';
import type { Fen } from '../common/money';
import { budgetView, type ReportFields } from './report-fields';
import type { FormFooter, ReportMeta } from './report-kind';

/**
 * What both reports' API answers and printed forms begin with. Pure. Each code a person reads
 * has its word beside it (`state` and `stateLabel`).
 */

/** The top of the answer: the declaration, its version to send with the next save, who saved last. */
export function reportHeaderView(d: Declaration, approved: ApprovedTargets, meta: ReportMeta, lang: Lang) {
  return {
    declarationId: d.id,
    year: d.year,
    state: d.state,
    stateLabel: stateWord(d.state, lang),
    version: d.version,
    approvedVersion: approved.versionNo,
    ...meta,
  };
}

/** An entry's indicator as the approved version has it (null for one not in it). */
export function indicatorView(ind: ApprovedTargetIndicator | undefined, lang: Lang) {
  return {
    name: ind?.name ?? null,
    level1: ind?.level1 ?? null,
    level1Label: level1Word(ind?.level1, lang),
    level2: ind?.level2 ?? null,
    level2Label: level2Word(ind?.level2, lang),
    target: ind?.target?.display ?? null,
  };
}

/** The printed form's header rows and footer line. */
export function formHeader(d: Declaration, approved: ApprovedTargets, footer: FormFooter) {
  return {
    year: d.year,
    projectName: approved.header.projectName,
    competentDepartment: approved.header.competentDepartment,
    implementingUnit: approved.header.implementingUnit,
    ...footer,
  };
}

/** An approved indicator's columns on a printed form. */
export function formIndicator(ind: ApprovedTargetIndicator) {
  return {
    level1: ind.level1,
    level2: ind.level2,
    costType: ind.costType,
    name: ind.name,
    target: ind.target?.display ?? '',
  };
}

/**
 * The top of a printed form: its header rows, the budget block's amounts as the answer shows
 * them ('' for none), the approved 年度总体目标 and the report's text ('' for none). Each form
 * adds what its rules computed.
 */
export function formTop(
  fields: ReportFields,
  d: Declaration,
  approved: ApprovedTargets,
  data: object,
  budget: Record<string, Fen | null>,
  footer: FormFooter,
) {
  const money: Record<string, string> = {};
  for (const [key, amount] of Object.entries(budgetView(fields, budget))) money[key] = amount ?? '';
  return {
    ...formHeader(d, approved, footer),
    budget: money,
    annualGoal: approved.header.annualGoal,
    [fields.text.key]: ((data as Record<string, unknown>)[fields.text.key] as string | null) ?? '',
  };
}
