import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { applyDeclarationScope, declarationScope, declarationScopeSql } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import { Db, type SqlValues } from '../database/db.service';
import { Declaration } from '../declarations/declaration.entity';
import { EVENT_SELECT, type EventRow } from './audit-columns';
import type { AuditFilter } from './audit-filter';
import { AuditErrors } from './audit.messages';

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
    const rows = (await em.query(
      `SELECT ${EVENT_SELECT} FROM audit_events e WHERE ${where} ORDER BY e.id DESC LIMIT ${Number(limit)}`,
      p.values,
    )) as EventRow[];
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
    const where = [`e.id < ${p.add(beforeId)}`];
    if (f.declarationId !== undefined) where.push(`e.declaration_id = ${p.add(f.declarationId)}`);
    if (f.indicatorId !== undefined) where.push(`e.indicator_id = ${p.add(f.indicatorId)}`);
    if (f.actorId !== undefined) where.push(`e.actor_id = ${p.add(f.actorId)}`);
    if (f.action !== undefined) where.push(`e.action = ${p.add(f.action)}`);
    if (f.from !== undefined) where.push(`e.at >= ${p.add(f.from)}`);
    if (f.to !== undefined) where.push(`e.at ${f.to.inclusive ? '<=' : '<'} ${p.add(f.to.at)}`);
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
    const inScope = declarationScopeSql(user, (v) => p.add(v));
    return `(e.declaration_id IS NULL OR e.declaration_id IN (SELECT d.id FROM declarations d WHERE ${inScope}))`;
  }

  private async seesEveryDepartment(em: EntityManager, user: AuthUser): Promise<boolean> {
    const scope = declarationScope(user);
    if (scope.kind !== 'subtree') return false;
    const p = this.db.parameters();
    const outside = (await em.query(
      `SELECT 1 AS "x" FROM departments WHERE path NOT LIKE ${p.add(`${scope.pathPrefix}%`)} LIMIT 1`,
      p.values,
    )) as unknown[];
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
