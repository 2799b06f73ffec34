import type { EntityManager } from 'typeorm';
import { declarationScope, departmentRelation } from '../auth/scope';
import type { AuthUser } from '../common/request-context';
import type { Role } from '../common/roles';
import type { Db } from '../database/db.service';
import { awaitingByRole } from '../lifecycle/declaration.decisions';
import { RELATIONS, type Relation } from '../lifecycle/declaration.rules';
import { usersAbove } from './notifications.queries';

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
 * above it, so the query reads only those departments' users; the rules decide the rest. The
 * users `named` (a submitter to tell) come in the same query, if still enabled.
 */
export async function recipientsOf(
  em: EntityManager,
  db: Db,
  d: About,
  groups: Array<{ role: Role; relations: readonly Relation[] }>,
  named: readonly number[] = [],
): Promise<{ covering: Recipient[]; named: Recipient[] }> {
  const ids = [...new Set(named)];
  if (!groups.length && !ids.length) return { covering: [], named: [] };
  const p = db.parameters();
  const rows = (await em.query(
    usersAbove(
      p,
      d.departmentPath,
      groups.map((g) => g.role),
      ids,
    ),
    p.values,
  )) as Array<Record<string, unknown>>;
  const covering: Recipient[] = [];
  const byId: Recipient[] = [];
  for (const r of rows) {
    const user: AuthUser = {
      id: Number(r.id),
      username: String(r.username),
      displayName: String(r.display_name),
      roles: String(r.roles).split(',') as Role[],
      departmentId: Number(r.department_id),
      departmentPath: String(r.path),
    };
    const recipient = { id: user.id, email: (r.email as string | null) ?? null };
    if (ids.includes(user.id)) byId.push(recipient);
    const relation = departmentRelation(user, d.departmentPath);
    const fits = groups.some((g) => user.roles.includes(g.role) && g.relations.includes(relation));
    if (fits && covers(user, d)) covering.push(recipient);
  }
  return { covering, named: byId };
}

/** `recipientsOf` without named users. */
export async function usersCovering(
  em: EntityManager,
  db: Db,
  d: About,
  groups: Array<{ role: Role; relations: readonly Relation[] }>,
): Promise<Recipient[]> {
  return (await recipientsOf(em, db, d, groups)).covering;
}

/** The 数据局's reviewers of a declaration (escalation). */
export function bureauReviewersOf(em: EntityManager, db: Db, d: About): Promise<Recipient[]> {
  return usersCovering(em, db, d, [{ role: 'bureau_reviewer', relations: RELATIONS }]);
}
