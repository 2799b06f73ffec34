import type { EntityManager } from 'typeorm';
import { declarationScope, departmentRelation } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { Role } from '../common/roles';
import type { Db } from '../database/db.service';
import { awaitingByRole } from '../lifecycle/declaration.decisions';
import { RELATIONS, type Relation } from '../lifecycle/declaration.rules';
import { enabledUsers as enabledUsersSql, usersAbove } from './notifications.queries';

/** Someone a message goes to: who, and their email address if they gave one. */
export interface Recipient {
  id: number;
  email: string | null;
}

/** The declaration a message is about, as far as choosing its recipients needs it. */
export interface About {
  departmentId: number;
  departmentPath: string;
}

/** Who waits for what (the machine's `awaited` rules): the same table the queues are read from. */
const AWAITING = awaitingByRole();

/** The roles and relations a declaration in `state` waits for (its reviewers, or its submitters). */
export function awaitedIn(state: string): Array<{ role: Role; relations: readonly Relation[] }> {
  return AWAITING.filter((a) => (a.states as readonly string[]).includes(state));
}

/** Does the user's scope (src/auth/scope.ts) cover a declaration of this department? */
function covers(user: AuthUser, d: About): boolean {
  const scope = declarationScope(user);
  switch (scope.kind) {
    case 'none':
      return false;
    case 'department':
      return scope.departmentId === d.departmentId;
    case 'subtree':
      return d.departmentPath.startsWith(scope.pathPrefix);
  }
}

/**
 * The enabled users who hold one of `groups`' roles in one of its relations to the declaration's
 * department, and whose scope covers it: the people who may act on it (or, for escalation, the
 * 数据局's reviewers). Everyone whose scope covers a declaration belongs to its department or one
 * above it, so the query reads only those departments' users; the rules decide the rest.
 */
export async function usersCovering(
  em: EntityManager,
  db: Db,
  d: About,
  groups: Array<{ role: Role; relations: readonly Relation[] }>,
): Promise<Recipient[]> {
  if (!groups.length) return [];
  const p = db.parameters();
  const rows = (await em.query(
    usersAbove(
      p,
      d.departmentPath,
      groups.map((g) => g.role),
    ),
    p.values,
  )) as Array<Record<string, unknown>>;
  return rows.flatMap((r) => {
    const user: AuthUser = {
      id: Number(r.id),
      username: String(r.username),
      displayName: String(r.display_name),
      roles: String(r.roles).split(',') as Role[],
      departmentId: Number(r.department_id),
      departmentPath: String(r.path),
    };
    const relation = departmentRelation(user, d.departmentPath);
    const fits = groups.some((g) => user.roles.includes(g.role) && g.relations.includes(relation));
    return fits && covers(user, d) ? [{ id: user.id, email: (r.email as string | null) ?? null }] : [];
  });
}

/** The 数据局's reviewers of a declaration (escalation). */
export function bureauReviewersOf(em: EntityManager, db: Db, d: About): Promise<Recipient[]> {
  return usersCovering(em, db, d, [{ role: 'bureau_reviewer', relations: RELATIONS }]);
}

/** Given users, if they are still enabled. */
export async function enabledUsers(em: EntityManager, db: Db, ids: number[]): Promise<Recipient[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const p = db.parameters();
  const rows = (await em.query(enabledUsersSql(p, unique), p.values)) as Array<{
    id: number | string;
    email: string | null;
  }>;
  return rows.map((r) => ({ id: Number(r.id), email: r.email ?? null }));
}
