import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import type { AppConfig } from '../../config/defaults';
import { diffFields } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { AuthErrors } from '../auth/auth.messages';
import { AuthService, hashPassword } from '../auth/auth.service';
import { passwordProblem } from '../auth/password-policy';
import { enforce, roleGrantRefusal, type Holding } from '../auth/role-grants';
import { ROLES, type Role } from '../common/roles';
import { AppError } from '../common/errors';
import type { RequestContext } from '../common/request-context';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Tx } from '../database/db.service';
import { Department } from '../auth/department.entity';
import type { CreateUserDto, UpdateUserDto } from './org.dto';
import { OrgErrors } from './org.messages';
import { changeOwnPassword } from './org.queries';
import { User } from '../auth/user.entity';

export function toUserView(u: User) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    departmentId: u.departmentId,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil,
  };
}

const AUDITED = ['displayName', 'roles', 'departmentId', 'disabled'];

/**
 * User administration. An admin manages the accounts of their own department's subtree (scope in
 * the query); the password hash never leaves this service.
 */
@Injectable()
export class UsersService {
  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(ctx: RequestContext) {
    return this.db.read(async (em) => {
      const users = await em
        .createQueryBuilder(User, 'u')
        .innerJoin(Department, 'dep', 'dep.id = u.department_id')
        .where('dep.path LIKE :prefix', { prefix: `${adminPrefix(ctx)}%` })
        .orderBy('u.id', 'ASC')
        .getMany();
      return { items: users.map(toUserView), nextCursor: null };
    });
  }

  /**
   * The roles this admin may give a user of each department of its scope, decided by the
   * role-grant policy itself (each role alone, as a new user would hold it), so a client offers
   * only those and never keeps a copy of the policy. Combinations are the policy's to refuse.
   */
  grants(ctx: RequestContext) {
    return this.db.read(async (em) => {
      const deps = await em
        .createQueryBuilder(Department, 'd')
        .where('d.path LIKE :prefix', { prefix: `${adminPrefix(ctx)}%` })
        .orderBy('d.path', 'ASC')
        .getMany();
      return {
        items: deps.map((d) => ({
          departmentId: d.id,
          roles: ROLES.filter((r) => !roleGrantRefusal(ctx.user, { before: null, after: holding([r], d) })),
        })),
      };
    });
  }

  async create(ctx: RequestContext, dto: CreateUserDto) {
    const problem = passwordProblem(dto.password, dto.username, this.config.password);
    if (problem) throw weakPassword(problem);
    const hash = await hashPassword(dto.password);
    return this.db.write(async (tx) => {
      const dep = await this.departmentInScope(tx, ctx, dto.departmentId);
      enforce(roleGrantRefusal(ctx.user, { before: null, after: holding(dto.roles, dep) }));
      if (await tx.findOne(User, { where: { username: dto.username } }))
        throw OrgErrors.USERNAME_TAKEN({ username: dto.username }, { field: 'username' });
      const now = nowIso();
      const user = await tx.save(
        User,
        tx.create(User, {
          username: dto.username,
          displayName: dto.displayName,
          passwordHash: hash,
          roles: dto.roles,
          departmentId: dto.departmentId,
          disabled: false,
          failedLogins: 0,
          lockedUntil: null,
          tokenVersion: 0,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(ctx, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        changes: [
          { field: 'username', before: null, after: user.username },
          ...diffFields(null, user as unknown as Record<string, unknown>, AUDITED),
        ],
      });
      return toUserView(user);
    });
  }

  async update(ctx: RequestContext, id: number, dto: UpdateUserDto) {
    const newHash = dto.password !== undefined ? await this.checkedHash(dto.password, id) : undefined;
    const view = await this.db.write(async (tx) => {
      const user = await this.db
        .forUpdate(tx.createQueryBuilder(User, 'u').where('u.id = :id', { id }))
        .getOne();
      if (!user) throw OrgErrors.USER_NOT_FOUND({ id }, { field: 'id' });
      const dep = await tx.findOne(Department, { where: { id: user.departmentId } });
      if (!dep || !dep.path.startsWith(adminPrefix(ctx)))
        throw OrgErrors.USER_NOT_FOUND({ id }, { field: 'id' });
      const newDep =
        dto.departmentId !== undefined && dto.departmentId !== user.departmentId
          ? await this.departmentInScope(tx, ctx, dto.departmentId)
          : dep;
      enforce(
        roleGrantRefusal(ctx.user, {
          userId: id,
          before: holding(user.roles, dep),
          after: holding(dto.roles ?? user.roles, newDep),
          disabledChanged: dto.disabled !== undefined && dto.disabled !== user.disabled,
          passwordReset: dto.password !== undefined,
        }),
      );
      const before = { ...user } as unknown as Record<string, unknown>;
      if (dto.displayName !== undefined) user.displayName = dto.displayName;
      if (dto.roles !== undefined) user.roles = dto.roles;
      if (dto.departmentId !== undefined) user.departmentId = dto.departmentId;
      if (dto.disabled !== undefined) user.disabled = dto.disabled;
      const changes = diffFields(before, user as unknown as Record<string, unknown>, AUDITED);
      if (newHash) {
        user.passwordHash = newHash;
        user.failedLogins = 0;
        user.lockedUntil = null;
        // A fixed text, put in words by the audit views (audit.messages.ts); never the password.
        changes.push({ field: 'password', before: null, after: PASSWORD_RESET });
      }
      user.updatedAt = nowIso();
      const { id: _id, tokenVersion: _read, ...columns } = user;
      await tx.update(
        User,
        { id },
        {
          ...columns,
          // Disabling or a new password ends every session of the user at once. Incremented
          // where it is stored, in this statement: a version read and written back + 1 could
          // undo a concurrent increment (a user's own password change) and keep a session alive.
          ...((dto.disabled === true && !before.disabled) || newHash
            ? { tokenVersion: () => 'token_version + 1' }
            : {}),
        },
      );
      await this.audit.record(ctx, {
        action: 'user.updated',
        entityType: 'user',
        entityId: user.id,
        changes,
      });
      return toUserView(user);
    });
    this.auth.forget(id);
    return view;
  }

  /**
   * A wrong current password counts toward the account's lockout like a wrong login, and is
   * audited; a locked account cannot change its password (423), so a stolen session cannot
   * guess its way to the password.
   */
  async changeOwnPassword(ctx: RequestContext, current: string, next: string): Promise<void> {
    const user = await this.db.read((em) => em.findOne(User, { where: { id: ctx.user.id } }));
    if (!user) throw OrgErrors.USER_NOT_FOUND({ id: ctx.user.id });
    const refused = (comment: string) =>
      this.audit.record(ctx, {
        action: 'auth.password_change_failed',
        outcome: 'denied',
        entityType: 'user',
        entityId: user.id,
        comment,
      });
    if (this.auth.isLocked(user.lockedUntil)) {
      await refused('account locked');
      throw this.auth.locked(user.lockedUntil);
    }
    if (!(await argon2.verify(user.passwordHash, current).catch(() => false))) {
      const lockedUntil = await this.auth.countWrongPassword(ctx, user.id, 'auth.password_change_failed');
      if (lockedUntil) throw this.auth.locked(lockedUntil);
      throw AuthErrors.WRONG_CURRENT_PASSWORD({}, { field: 'currentPassword' });
    }
    const hash = await this.checkedHash(next, user.id, 'newPassword');
    const refusal = await this.db.write(async (tx) => {
      // One statement, which changes the password only if it is still the one just verified
      // and no lock was set since it was read (parallel changes or wrong guesses), and
      // increments the token version where it is stored (a version read earlier and written
      // back + 1 could undo a concurrent increment and keep a newer session alive).
      const changed = await this.auth.statement(tx, (p) => changeOwnPassword(p, user, hash, nowIso()));
      if (!changed.length) {
        const now = await tx.findOne(User, { where: { id: user.id } });
        return this.auth.isLocked(now?.lockedUntil ?? null)
          ? this.auth.locked(now!.lockedUntil!)
          : AuthErrors.PASSWORD_CHANGED_MEANWHILE({}, { field: 'currentPassword' });
      }
      await this.audit.record(ctx, {
        action: 'auth.password_changed',
        entityType: 'user',
        entityId: user.id,
      });
      return null;
    });
    this.auth.forget(user.id);
    if (refusal) {
      await refused(refusal.status === 423 ? 'account locked' : 'password changed meanwhile');
      throw refusal;
    }
  }

  private async checkedHash(password: string, userId: number, field = 'password'): Promise<string> {
    const user = await this.db.read((em) => em.findOne(User, { where: { id: userId } }));
    // The refusal names the field of the request (`newPassword` when users change their own).
    const problem = passwordProblem(password, user?.username ?? '', this.config.password, field);
    if (problem) throw weakPassword(problem);
    return hashPassword(password);
  }

  private async departmentInScope(tx: Tx, ctx: RequestContext, departmentId: number): Promise<Department> {
    const dep = await tx.findOne(Department, { where: { id: departmentId } });
    if (!dep || !dep.path.startsWith(adminPrefix(ctx)))
      throw OrgErrors.DEPARTMENT_UNKNOWN({ id: departmentId }, { field: 'departmentId' });
    return dep;
  }
}

/** What the audit records for a password reset (the password itself never). */
export const PASSWORD_RESET = '(reset by administrator)';

/** A password the policy refuses, as the answer: 400 naming the rule it breaks. */
function weakPassword(p: { code: string; params?: Record<string, unknown>; field?: string }): AppError {
  return new AppError(400, p.code, p.params, { field: p.field });
}

/** The role-grant policy's view of a user's roles in a department. */
function holding(roles: Role[], dep: Department): Holding {
  return { roles, departmentId: dep.id, departmentPath: dep.path, departmentKind: dep.kind };
}

/** An admin's scope: their own department and everything below it (a bureau admin: the bureau). */
function adminPrefix(ctx: RequestContext): string {
  return ctx.user.departmentPath;
}
