import type { EntityManager } from 'typeorm';
import { formatMoney, parseMoney, type Fen } from '../common/money';
import { User } from '../auth/user.entity';
import { DeclarationVersion } from './declaration-version.entity';
import type { Level1, Level2, Target } from './declaration-content';
import type { StoredContent } from './declaration-mapper';
import type { Declaration } from './declaration.entity';

/**
 * What the mid-year monitoring and the year-end self-evaluation measure against: the LATEST
 * APPROVED version of the targets (docs/spec/domain.md §4: "Monitoring and evaluation measure against the
 * latest approved version"), never the live rows, which an adjustment may be changing.
 */
export interface ApprovedTargetIndicator {
  id: number;
  position: number;
  level1: Level1;
  level2: Level2;
  costType: string | null;
  name: string;
  target: Target | null;
  weight: string | null;
}

export interface ApprovedTargets {
  versionNo: number;
  header: {
    projectName: string;
    competentDepartment: string;
    implementingUnit: string;
    annualGoal: string;
  };
  /** 年度资金申请总额 as approved: the default 年初预算数 of both reports. */
  annualRequest: Fen | null;
  /** In form order. */
  indicators: ApprovedTargetIndicator[];
}

/** The latest approved version of a declaration, or null before its first approval. */
export async function loadApprovedTargets(
  em: EntityManager,
  d: Declaration,
): Promise<ApprovedTargets | null> {
  if (!d.approvedVersion) return null;
  const v = await em.findOne(DeclarationVersion, {
    where: { declarationId: d.id, versionNo: d.approvedVersion },
  });
  if (!v) return null;
  const c = JSON.parse(v.content) as StoredContent;
  const request = c.funds?.annualRequest;
  return {
    versionNo: v.versionNo,
    header: {
      projectName: c.projectName ?? '',
      competentDepartment: c.competentDepartment ?? '',
      implementingUnit: c.implementingUnit ?? '',
      annualGoal: c.annualGoal ?? '',
    },
    annualRequest:
      request === null || request === undefined ? null : parseMoney(request, 'funds.annualRequest'),
    indicators: [...c.indicators]
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map((i) => ({
        id: i.id,
        position: i.position,
        level1: i.level1,
        level2: i.level2,
        costType: i.costType ?? null,
        name: i.name,
        target: i.target ?? null,
        weight: i.weight ?? null,
      })),
  };
}

/** A money column of a report as the API writes it: "466691775.00", or null. */
export function moneyOrNull(fen: Fen | null | undefined): string | null {
  return fen === null || fen === undefined ? null : formatMoney(fen);
}

/** Parses money stored by a report (always written by moneyOrNull). */
export function storedMoney(value: string | null | undefined, field: string): Fen | null {
  return value === null || value === undefined ? null : parseMoney(value, field);
}

/** The display name of the user who last saved a report (the forms' 填报人). */
export async function displayNameOf(em: EntityManager, userId: number | null): Promise<string | undefined> {
  if (!userId) return undefined;
  const u = await em.findOne(User, { where: { id: userId } });
  return u?.displayName ?? undefined;
}

/** Whether a report was saved, and when and by whom (both report views carry it). */
export function reportMeta(row: { updatedAt: string; updatedBy: number } | null) {
  return { saved: row !== null, updatedAt: row?.updatedAt ?? null, updatedBy: row?.updatedBy ?? null };
}
