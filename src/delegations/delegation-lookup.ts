import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DELEGABLE_ROLES, reviewReach, type DelegableRole } from '../auth/scope';
import { beijingDate } from '../common/time';
import { Db } from '../database/db.service';
import { delegationsInForce, departmentPaths } from './delegations.queries';

const CACHE_MS = 2000;
const CACHE_ENTRIES = 10_000;

/** A delegation in force today, with what its checks need of the principal. */
export interface ActiveDelegation {
  id: number;
  principalId: number;
  principalName: string;
  role: DelegableRole;
  /** The principal's review reach (a department path prefix) in that role. */
  reach: string;
}

export function isDelegable(role: string | null): role is DelegableRole {
  return (DELEGABLE_ROLES as readonly string[]).includes(role ?? '');
}

/**
 * Whom a substitute stands in for, on a declaration, today: the workflow records it with each
 * review action (`onBehalfOf`), the queue marks the item (代理: 原审核人). A delegation applies to
 * a declaration within the principal's review reach in the delegated role, and never to one the
 * principal submitted (the principal could not have reviewed it either: segregation of duties).
 * The substitute's own scope already covers the principal's (scope.ts `mayStandIn`), so this
 * never changes what anyone may see or do, only in whose name it is done.
 */
@Injectable()
export class DelegationLookup {
  /**
   * Each substitute's delegations in force, remembered for CACHE_MS: every review action and
   * every queue page asks, and almost always for none. As with the signed-in user's roles
   * (auth.service.ts), a delegation given or ended on another instance applies there within
   * that time; on this one at once (`forget`).
   */
  private readonly cache = new Map<string, { until: number; active: ActiveDelegation[] }>();

  constructor(@Inject(Db) private readonly db: Db) {}

  /** Called when a delegation is given or ended here, so it applies at once on this instance. */
  forget(): void {
    this.cache.clear();
  }

  /** The delegations to `substituteId` in force on `day` (not ended, day within the range; the principal still holds the role). */
  async activeFor(em: EntityManager, substituteId: number, day = beijingDate()): Promise<ActiveDelegation[]> {
    const key = `${substituteId}:${day}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.active;
    const active = await this.read(em, substituteId, day);
    if (this.cache.size >= CACHE_ENTRIES) this.cache.clear();
    this.cache.set(key, { until: Date.now() + CACHE_MS, active });
    return active;
  }

  private async read(em: EntityManager, substituteId: number, day: string): Promise<ActiveDelegation[]> {
    const p = this.db.parameters();
    const rows = (await em.query(delegationsInForce(p, substituteId, day), p.values)) as Array<{
      id: number | string;
      principal_id: number | string;
      role: string;
      display_name: string;
      roles: string;
      path: string;
    }>;
    return rows
      .filter((r) => isDelegable(r.role) && r.roles.split(',').includes(r.role))
      .map((r) => ({
        id: Number(r.id),
        principalId: Number(r.principal_id),
        principalName: r.display_name,
        role: r.role as DelegableRole,
        reach: reviewReach(r.role as DelegableRole, r.path),
      }));
  }

  /** The first delegation in force that covers this declaration for this role, or null. */
  static applying(
    active: readonly ActiveDelegation[],
    role: string | null,
    d: { departmentPath: string; submittedBy: number | null },
  ): ActiveDelegation | null {
    if (!isDelegable(role)) return null;
    return (
      active.find(
        (a) => a.role === role && d.departmentPath.startsWith(a.reach) && a.principalId !== d.submittedBy,
      ) ?? null
    );
  }

  /** On whose behalf `actorId` acts in `role` on the declaration today (the transition's onBehalfOf), or null. */
  async onBehalfOf(
    em: EntityManager,
    actorId: number,
    role: string | null,
    d: { departmentPath: string; submittedBy: number | null },
  ): Promise<number | null> {
    if (!isDelegable(role)) return null;
    return DelegationLookup.applying(await this.activeFor(em, actorId), role, d)?.principalId ?? null;
  }

  /**
   * The queue's marks: for each item (the role that awaits it, its department, who submitted it),
   * the principal the caller would act for. One query for the caller's delegations, one for the
   * page's departments; none when the caller has no delegation in force.
   */
  async marks(
    em: EntityManager,
    substituteId: number,
    items: ReadonlyArray<{
      id: number;
      role: string | null;
      departmentId: number;
      submittedBy: number | null;
    }>,
  ): Promise<Map<number, { id: number; name: string }>> {
    const out = new Map<number, { id: number; name: string }>();
    if (!items.length) return out;
    const active = await this.activeFor(em, substituteId);
    if (!active.length) return out;
    const ids = [...new Set(items.map((i) => i.departmentId))];
    const p = this.db.parameters();
    const rows = (await em.query(departmentPaths(p, ids), p.values)) as Array<{
      id: number | string;
      path: string;
    }>;
    const paths = new Map(rows.map((r) => [Number(r.id), r.path]));
    for (const item of items) {
      const path = paths.get(item.departmentId);
      if (!path) continue;
      const a = DelegationLookup.applying(active, item.role, {
        departmentPath: path,
        submittedBy: item.submittedBy,
      });
      if (a) out.set(item.id, { id: a.principalId, name: a.principalName });
    }
    return out;
  }
}
