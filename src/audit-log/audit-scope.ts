import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applyDeclarationScope, declarationScope } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import { Db, type SqlValues } from '../database/db.service';
import { Declaration } from '../declarations/declaration.entity';
import type { EventRow } from '../audit/audit-columns';
import type { AuditFilter } from './audit-filter';
import { AuditErrors } from '../audit/audit.messages';
import { departmentOutside, eventFilter, eventInScope, eventsNewestFirst } from './audit-log.queries';

/**
 * Which audit events a caller may read: the filter and the caller's declaration scope as one
 * condition on `audit_events e`, and whether one declaration's trail is visible. The list, the
 * CSV export, verify and the indicator history all read through it.
 */
@Injectable()
export class AuditScope {
  constructor(@Inject(Db) private readonly db: Db) {}

  /** A page of events in scope matching the filter, older than `beforeId`, newest first. */
  async selectEvents(
    em: EntityManager,
    user: AuthUser,
    f: AuditFilter,
    beforeId: number,
    limit: number,
  ): Promise<EventRow[]> {
    const p = this.db.parameters();
    const where = await this.eventsWhere(em, user, f, beforeId, p);
    const rows = (await em.query(eventsNewestFirst(where, limit), p.values)) as EventRow[];
    // Ids as numbers; no copy of each row for it.
    for (const r of rows) r.id = Number(r.id);
    return rows;
  }

  /** The filter and the caller's scope as a condition on `audit_events e`. */
  async eventsWhere(
    em: EntityManager,
    user: AuthUser,
    f: AuditFilter,
    beforeId: number,
    p: SqlValues,
  ): Promise<string> {
    const where = eventFilter(p, f, beforeId);
    const scope = await this.scopeCondition(em, user, p);
    if (scope) where.push(scope);
    return where.join(' AND ');
  }

  /**
   * The caller's scope over audit rows, or null when it is everything. Audit rows outlive the
   * declarations they describe, so a row's declaration may be gone and its department unknown.
   * When every department lies in the caller's subtree (the bureau-level auditor of a
   * one-bureau deployment: the usual case) every declaration ever made was in scope, so
   * nothing is filtered, deleted declarations' trails included. Otherwise only events of
   * existing declarations in scope, and the system chain (logins, accounts), are shown: a
   * deleted draft whose department cannot be proven is hidden rather than leaked.
   */
  private async scopeCondition(em: EntityManager, user: AuthUser, p: SqlValues): Promise<string | null> {
    if (await this.seesEveryDepartment(em, user)) return null;
    return eventInScope(p, user);
  }

  private async seesEveryDepartment(em: EntityManager, user: AuthUser): Promise<boolean> {
    const scope = declarationScope(user);
    if (scope.kind !== 'subtree') return false;
    const p = this.db.parameters();
    const outside = (await em.query(departmentOutside(p, scope.pathPrefix), p.values)) as unknown[];
    return outside.length === 0;
  }

  async declarationVisible(em: EntityManager, user: AuthUser, declarationId: number): Promise<boolean> {
    const inScope = await applyDeclarationScope(
      em.createQueryBuilder(Declaration, 'd').where('d.id = :id', { id: declarationId }),
      user,
    ).getCount();
    if (inScope > 0) return true;
    // A deleted declaration: visible only to who sees every department (see scopeCondition).
    const exists = await em.count(Declaration, { where: { id: declarationId } });
    return exists === 0 && (await this.seesEveryDepartment(em, user));
  }

  async assertDeclarationVisible(user: AuthUser, declarationId: number): Promise<void> {
    const visible = await this.db.read((em) => this.declarationVisible(em, user, declarationId));
    if (!visible)
      throw AuditErrors.AUDIT_DECLARATION_NOT_FOUND({ id: declarationId }, { field: 'declarationId' });
  }
}
