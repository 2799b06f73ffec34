import { canonicalJson, sha256Hex } from '../audit/audit-hash';
import { LEVEL1_LABEL, LEVEL2_LABEL, type Level1, type Level2 } from './declaration-content';
import { FUND_FIELDS, type StoredContent } from './declaration-mapper';

/**
 * An approved version's canonical content: what the 绩效目标公开 table shows of it and what its
 * SHA-256 is taken over (docs/publication.md). The same canonical form as the audit chain's
 * (audit-hash.ts `canonicalJson`: a list in a frozen order, JSON without whitespace): the
 * declaration and version numbers, the approval's instant, the header, the five funds as decimal
 * strings, the two goals and each indicator as the form writes it (一级 and 二级 in words, 成本类型,
 * 三级, the target's notation, the weight), in form order. Everything in it is a cell of the
 * public table, so anyone holding the table can rebuild the text and hash it; the approval's
 * audit event records the hash (workflow.service.ts), so the keyed chain vouches for it.
 *
 * A new field goes into a new format (APPROVED_CONTENT_FORMAT + 1), never into this one: the
 * hashes already published must keep verifying.
 */
export const APPROVED_CONTENT_TAG = 'pd-approved-content';
export const APPROVED_CONTENT_FORMAT = 1;

/** One indicator as published: the form's words. */
export interface PublishedIndicator {
  level1: string;
  level2: string;
  costType: string | null;
  name: string;
  target: string | null;
  weight: string | null;
}

/** An approved version as the public table lays it out. */
export interface PublishedContent {
  declarationId: number;
  versionNo: number;
  approvedAt: string;
  year: number;
  projectName: string | null;
  projectNature: string | null;
  projectCategory: string | null;
  competentDepartment: string | null;
  implementingUnit: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  /** total, annualRequest, currentAppropriation, carryover, other: decimal strings ("154280000.00"). */
  funds: Record<(typeof FUND_FIELDS)[number], string | null>;
  overallGoal: string | null;
  annualGoal: string | null;
  indicators: PublishedIndicator[];
}

/** A text as a table cell gives it back: an empty text is an empty cell, null. */
const blank = (v: string | null | undefined): string | null => (v === undefined || v === '' ? null : v);

/** The public content of a stored approved version (declaration_versions.content). */
export function publishedContent(
  declarationId: number,
  versionNo: number,
  approvedAt: string,
  s: StoredContent,
): PublishedContent {
  const indicators = [...s.indicators].sort((a, b) => a.position - b.position || a.id - b.id);
  return {
    declarationId,
    versionNo,
    approvedAt,
    year: s.year,
    projectName: blank(s.projectName),
    projectNature: blank(s.projectNature),
    projectCategory: blank(s.projectCategory),
    competentDepartment: blank(s.competentDepartment),
    implementingUnit: blank(s.implementingUnit),
    plannedStart: blank(s.plannedStart),
    plannedEnd: blank(s.plannedEnd),
    funds: Object.fromEntries(FUND_FIELDS.map((k) => [k, blank(s.funds[k])])) as PublishedContent['funds'],
    overallGoal: blank(s.overallGoal),
    annualGoal: blank(s.annualGoal),
    indicators: indicators.map((i) => ({
      level1: LEVEL1_LABEL[i.level1 as Level1] ?? i.level1,
      level2: LEVEL2_LABEL[i.level2 as Level2] ?? i.level2,
      costType: blank(i.costType),
      name: blank(i.name) as string,
      target: blank(i.target?.display),
      weight: blank(i.weight),
    })),
  };
}

/** The canonical list, in its frozen order. */
export function canonicalList(c: PublishedContent): unknown[] {
  return [
    APPROVED_CONTENT_TAG,
    APPROVED_CONTENT_FORMAT,
    c.declarationId,
    c.versionNo,
    c.approvedAt,
    c.year,
    c.projectName,
    c.projectNature,
    c.projectCategory,
    c.competentDepartment,
    c.implementingUnit,
    c.plannedStart,
    c.plannedEnd,
    FUND_FIELDS.map((k) => c.funds[k]),
    c.overallGoal,
    c.annualGoal,
    c.indicators.map((i) => [i.level1, i.level2, i.costType, i.name, i.target, i.weight]),
  ];
}

/** The canonical text (what is hashed). */
export function canonicalText(c: PublishedContent): string {
  return canonicalJson(canonicalList(c));
}

/** SHA-256 of the canonical text, lower-case hex. */
export function contentSha256(c: PublishedContent): string {
  return sha256Hex(canonicalText(c));
}

/** The hash of a stored approved version, as the approval records it. */
export function approvedContentSha256(
  declarationId: number,
  versionNo: number,
  approvedAt: string,
  s: StoredContent,
): string {
  return contentSha256(publishedContent(declarationId, versionNo, approvedAt, s));
}
