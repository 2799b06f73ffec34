import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DELEGABLE_ROLES, mayStandIn, reviewReach, type DelegableRole } from '../auth/scope';
import { CommonErrors } from '../common/common.messages';
import { valueLabel, valueLabels } from '../common/i18n';
import { Cursors, parseLimit, type Page } from '../common/pagination';
import type { AuthUser, RequestContext } from '../common/request-context';
import { beijingDate, isIsoDate, nowIso } from '../common/time';
import { Db, type Tx } from '../database/db.service';
import { DelegationLookup, isDelegable } from './delegation-lookup';
import { Delegation } from './delegation.entity';
import {
  visibleDelegation,
  holdersOfRole,
  overlappingDelegation,
  peopleByIds,
  personById,
  visibleDelegations,
} from './delegations.queries';
import { DelegationErrors, type DelegationStatus } from './delegations.messages';

export interface CreateDelegation {
  principalId?: number;
  substituteId: number;
  role: string;
  startsOn: string;
  endsOn: string;
  reason?: string | null;
}

/** A user as a delegation names them. */
interface Person {
  id: number;
  username: string;
  displayName: string;
  roles: string[];
  disabled: boolean;
  departmentId: number;
  departmentName: string;
  departmentPath: string;
}

function person(r: Record<string, unknown>): Person {
  return {
    id: Number(r.id),
    username: String(r.username),
    displayName: String(r.display_name),
    roles: String(r.roles ?? '')
      .split(',')
      .filter(Boolean),
    disabled: r.disabled === true || r.disabled === 1 || r.disabled === '1',
    departmentId: Number(r.department_id),
    departmentName: String(r.department_name),
    departmentPath: String(r.department_path),
  };
}

const isAdmin = (u: AuthUser) => u.roles.includes('admin');

/**
 * Substitutes (审核代理, issue 16 item 2). A reviewer names a substitute for themselves, an
 * admin for a reviewer within its reach (an absent one): same role, a scope that covers the
 * principal's (scope.ts `mayStandIn`), calendar days both included; one delegation per principal
 * and role at a time. Creating and ending one is audited with the change. Who may read which:
 * a reviewer the delegations they give or hold, an admin those of the reviewers of its subtree;
 * written into the list's query.
 */
@Injectable()
export class DelegationsService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Cursors) private readonly cursors: Cursors,
    @Inject(DelegationLookup) private readonly lookup: DelegationLookup,
  ) {}

  list(
    ctx: RequestContext,
    q: { limit?: unknown; cursor?: unknown },
  ): Promise<Page<ReturnType<typeof view>>> {
    const limit = parseLimit(q.limit);
    const cursor = this.cursors.decode(q.cursor);
    return this.db.read(async (em) => {
      const p = this.db.parameters();
      const sql = visibleDelegations(p, ctx.user, cursor ? Number(cursor[0]) : null, limit + 1);
      const rows = (await em.query(sql, p.values)) as Array<{ id: number | string }>;
      const page = rows.slice(0, limit).map((r) => Number(r.id));
      const items = await this.views(em, page, ctx);
      return {
        items,
        nextCursor: rows.length > limit ? this.cursors.encode([page[page.length - 1]]) : null,
      };
    });
  }

  async create(ctx: RequestContext, dto: CreateDelegation) {
    if (!isDelegable(dto.role))
      throw CommonErrors.FIELD_ONE_OF({ values: valueLabels(DELEGABLE_ROLES, 'role') }, { field: 'role' });
    const role: DelegableRole = dto.role;
    const principalId = dto.principalId ?? ctx.user.id;
    if (!isAdmin(ctx.user) && principalId !== ctx.user.id)
      throw DelegationErrors.DELEGATION_FOR_OTHERS({}, { field: 'principalId' });
    for (const field of ['startsOn', 'endsOn'] as const)
      if (!isIsoDate(dto[field])) throw CommonErrors.FIELD_DATE_INVALID({ value: dto[field] }, { field });
    if (dto.endsOn < dto.startsOn)
      throw DelegationErrors.DELEGATION_DATES_ORDER(
        { startsOn: dto.startsOn, endsOn: dto.endsOn },
        { field: 'endsOn' },
      );
    const today = beijingDate();
    if (dto.endsOn < today)
      throw DelegationErrors.DELEGATION_ENDS_IN_PAST({ endsOn: dto.endsOn, today }, { field: 'endsOn' });
    const roleZh = valueLabel(role, 'zh', 'role');
    const created = await this.db.write(async (tx) => {
      // The principal's row locked: two delegations of one principal are checked for overlap one after the other.
      const principal = await this.person(tx, principalId, 'principalId', true);
      if (
        isAdmin(ctx.user) &&
        !reviewReach(role, principal.departmentPath).startsWith(ctx.user.departmentPath)
      )
        throw DelegationErrors.DELEGATION_OUT_OF_REACH({}, { field: 'principalId' });
      if (!principal.roles.includes(role))
        throw DelegationErrors.DELEGATION_ROLE_NOT_HELD({ role, roleZh }, { field: 'role' });
      if (dto.substituteId === principal.id)
        throw DelegationErrors.DELEGATION_SELF({}, { field: 'substituteId' });
      const substitute = await this.person(tx, dto.substituteId, 'substituteId', false);
      if (substitute.disabled || !mayStandIn(role, principal, substitute))
        throw DelegationErrors.DELEGATION_SUBSTITUTE_INELIGIBLE({ role, roleZh }, { field: 'substituteId' });
      const p = this.db.parameters();
      const [overlap] = (await tx.query(
        overlappingDelegation(p, {
          principalId: principal.id,
          role,
          today,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
        }),
        p.values,
      )) as Array<{ id: number | string; starts_on: string; ends_on: string }>;
      if (overlap)
        throw DelegationErrors.DELEGATION_OVERLAP(
          { existingId: Number(overlap.id), startsOn: overlap.starts_on, endsOn: overlap.ends_on },
          { field: 'startsOn', existingId: Number(overlap.id) },
        );
      const saved = await tx.save(
        Delegation,
        tx.create(Delegation, {
          principalId: principal.id,
          substituteId: substitute.id,
          role,
          startsOn: dto.startsOn,
          endsOn: dto.endsOn,
          reason: dto.reason?.trim() || null,
          createdBy: ctx.user.id,
          createdAt: nowIso(),
          endedAt: null,
          endedBy: null,
        }),
      );
      await this.audit.record(ctx, {
        action: 'delegation.created',
        entityType: 'delegation',
        entityId: saved.id,
        comment: saved.reason,
        changes: [
          { field: 'principalId', before: null, after: principal.id },
          { field: 'substituteId', before: null, after: substitute.id },
          { field: 'role', before: null, after: role },
          { field: 'startsOn', before: null, after: saved.startsOn },
          { field: 'endsOn', before: null, after: saved.endsOn },
        ],
      });
      const [v] = await this.views(tx, [saved.id], ctx);
      return v;
    });
    this.lookup.forget();
    return created;
  }

  /** Ends a delegation early (the principal, the substitute, or an admin within reach): from now on it no longer applies. */
  async end(ctx: RequestContext, id: number) {
    const ended = await this.db.write(async (tx) => {
      const p = this.db.parameters();
      const lock = this.db.forUpdateSql ? ' FOR UPDATE OF dl' : '';
      // Within the caller's sight (scope.ts `delegationScopeSql`): out of it answers like a missing one.
      const [row] = (await tx.query(visibleDelegation(p, ctx.user, id, lock), p.values)) as Array<
        Record<string, unknown>
      >;
      if (!row) throw DelegationErrors.DELEGATION_NOT_FOUND({ id }, { field: 'id' });
      const today = beijingDate();
      if (row.ended_at !== null || String(row.ends_on) < today)
        throw DelegationErrors.DELEGATION_ALREADY_OVER({ id }, { field: 'id' });
      const now = nowIso();
      await tx.update(Delegation, { id }, { endedAt: now, endedBy: ctx.user.id });
      await this.audit.record(ctx, {
        action: 'delegation.ended',
        entityType: 'delegation',
        entityId: id,
        changes: [{ field: 'endedAt', before: null, after: now }],
      });
      const [v] = await this.views(tx, [id], ctx);
      return v;
    });
    this.lookup.forget();
    return ended;
  }

  /**
   * Who may stand in for the principal in `role` (the console's choice): active users holding the
   * role whose scope covers the principal's, the principal left out. A reviewer asks for
   * themselves; an admin names the principal.
   */
  candidates(ctx: RequestContext, role: string, principalId: number | undefined) {
    if (!isDelegable(role))
      throw CommonErrors.FIELD_ONE_OF({ values: valueLabels(DELEGABLE_ROLES, 'role') }, { field: 'role' });
    const id = principalId ?? ctx.user.id;
    if (!isAdmin(ctx.user) && id !== ctx.user.id)
      throw DelegationErrors.DELEGATION_FOR_OTHERS({}, { field: 'principalId' });
    return this.db.read(async (em) => {
      const principal = await this.person(em, id, 'principalId', false);
      if (
        isAdmin(ctx.user) &&
        !reviewReach(role, principal.departmentPath).startsWith(ctx.user.departmentPath)
      )
        throw DelegationErrors.DELEGATION_OUT_OF_REACH({}, { field: 'principalId' });
      const bureau = reviewReach('bureau_reviewer', principal.departmentPath);
      const p = this.db.parameters();
      const rows = (await em.query(holdersOfRole(p, bureau, principal.id, role), p.values)) as Array<
        Record<string, unknown>
      >;
      const items = rows
        .map(person)
        .filter((u) => !u.disabled && mayStandIn(role, principal, u))
        .map((u) => ({
          id: u.id,
          username: u.username,
          displayName: u.displayName,
          departmentId: u.departmentId,
          departmentName: u.departmentName,
        }));
      return { items };
    });
  }

  private async person(em: EntityManager | Tx, id: number, field: string, lock: boolean): Promise<Person> {
    const p = this.db.parameters();
    const lockClause = lock && this.db.forUpdateSql ? ' FOR UPDATE OF u' : '';
    const [row] = (await em.query(personById(p, id, lockClause), p.values)) as Array<Record<string, unknown>>;
    if (!row) throw DelegationErrors.DELEGATION_USER_NOT_FOUND({ id }, { field });
    return person(row);
  }

  private async views(em: EntityManager, ids: number[], ctx: RequestContext) {
    if (!ids.length) return [];
    const rows = await em.find(Delegation, { where: { id: In(ids) } });
    const people = new Map<number, Person>();
    const wanted = [...new Set(rows.flatMap((r) => [r.principalId, r.substituteId]))];
    const p = this.db.parameters();
    for (const r of (await em.query(peopleByIds(p, wanted), p.values)) as Array<Record<string, unknown>>) {
      const x = person(r);
      people.set(x.id, x);
    }
    const today = beijingDate();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [view(r, people, today, ctx)] : [];
    });
  }
}

export function statusOf(d: Delegation, today: string): DelegationStatus {
  if (d.endedAt) return 'ended';
  if (d.endsOn < today) return 'expired';
  if (d.startsOn > today) return 'scheduled';
  return 'active';
}

function view(d: Delegation, people: Map<number, Person>, today: string, ctx: RequestContext) {
  const who = (id: number) => {
    const u = people.get(id);
    return {
      id,
      username: u?.username ?? '',
      displayName: u?.displayName ?? '',
      departmentName: u?.departmentName ?? null,
    };
  };
  const status = statusOf(d, today);
  return {
    id: d.id,
    principal: who(d.principalId),
    substitute: who(d.substituteId),
    role: d.role,
    roleLabel: valueLabel(d.role, ctx.lang, 'role'),
    startsOn: d.startsOn,
    endsOn: d.endsOn,
    reason: d.reason,
    status,
    statusLabel: valueLabel(status, ctx.lang, 'delegationStatus'),
    createdBy: d.createdBy,
    createdAt: d.createdAt,
    endedAt: d.endedAt,
  };
}
