import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import type { AppConfig } from '../../config/defaults';
import type { AppError } from '../common/errors';
import type { AuthUser } from '../common/request-context';
import { addDaysIso, nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db, type Statement, type Tx } from '../database/db.service';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { Department } from './department.entity';
import { User } from './user.entity';
import { AuthErrors } from './auth.messages';
import { clearFailedLogins, countWrongPassword } from './auth.queries';

export interface JwtPayload {
  sub: number;
  /** The user's token version when the token was issued. */
  tv: number;
}

/** Hashing with argon2id (OWASP parameters). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

@Injectable()
export class AuthService {
  /** A few seconds of caching at most (issue: permissions take effect at once). */
  private readonly cache = new Map<number, { user: AuthUser; tokenVersion: number; until: number }>();
  private readonly cacheMs = 2000;
  /** Verified against when the user is unknown, so both answers take the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Checks credentials with lockout; every outcome is audited. */
  async login(
    username: string,
    password: string,
    requestId: string,
    ip: string | null,
  ): Promise<{ accessToken: string; user: AuthUser }> {
    const user = await this.db.read((em) => em.findOne(User, { where: { username } }));
    const actor = { user: null, username, requestId, ip };
    if (!user) {
      this.dummyHash ??= hashPassword('not-a-real-password-Aa1!');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      await this.audit.record(actor, {
        action: 'auth.login_failed',
        outcome: 'failure',
        entityType: 'user',
        comment: 'unknown user',
      });
      throw AuthErrors.AUTH_BAD_CREDENTIALS();
    }
    const asActor = { user: { id: user.id, username: user.username, roles: user.roles }, requestId, ip };
    if (this.isLocked(user.lockedUntil)) {
      await this.audit.record(asActor, {
        action: 'auth.login_failed',
        outcome: 'denied',
        entityType: 'user',
        entityId: user.id,
        comment: 'account locked',
      });
      throw this.locked(user.lockedUntil);
    }
    const ok = await argon2.verify(user.passwordHash, password).catch(() => false);
    if (!ok) {
      const lockedUntil = await this.countWrongPassword(asActor, user.id, 'auth.login_failed');
      if (lockedUntil) throw this.locked(lockedUntil);
      throw AuthErrors.AUTH_BAD_CREDENTIALS();
    }
    if (user.disabled) {
      await this.audit.record(asActor, {
        action: 'auth.login_failed',
        outcome: 'denied',
        entityType: 'user',
        entityId: user.id,
        comment: 'account disabled',
      });
      throw AuthErrors.ACCOUNT_DISABLED();
    }
    // The lock is checked again in the statement that clears the count: a parallel wrong
    // password may have locked the account since it was read.
    const lockedMeanwhile = await this.db.write(async (tx) => {
      const cleared = await this.statement(tx, (p) => clearFailedLogins(p, user.id, nowIso()));
      if (!cleared.length) {
        await this.audit.record(asActor, {
          action: 'auth.login_failed',
          outcome: 'denied',
          entityType: 'user',
          entityId: user.id,
          comment: 'account locked',
        });
        return (await tx.findOne(User, { where: { id: user.id } }))?.lockedUntil ?? nowIso();
      }
      await this.audit.record(asActor, {
        action: 'auth.login_succeeded',
        entityType: 'user',
        entityId: user.id,
      });
      return null;
    });
    if (lockedMeanwhile) throw this.locked(lockedMeanwhile);
    const authUser = await this.loadAuthUser(user.id, user.tokenVersion);
    const payload: JwtPayload = { sub: user.id, tv: user.tokenVersion };
    return { accessToken: await this.jwt.signAsync(payload), user: authUser! };
  }

  /**
   * The user behind a token, as it is now: null when unknown, disabled, or the token was
   * issued before a password change or a disable (token version).
   */
  async loadAuthUser(id: number, tokenVersion: number): Promise<AuthUser | null> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.tokenVersion === tokenVersion ? hit.user : null;
    const row = await this.db.read((em) =>
      em
        .createQueryBuilder(User, 'u')
        .innerJoin(Department, 'dep', 'dep.id = u.department_id')
        .select([
          'u.id',
          'u.username',
          'u.displayName',
          'u.roles',
          'u.departmentId',
          'u.disabled',
          'u.tokenVersion',
        ])
        .addSelect('dep.path', 'dep_path')
        .where('u.id = :id', { id })
        .getRawAndEntities(),
    );
    const u = row.entities[0];
    if (!u || u.disabled) {
      this.cache.delete(id);
      return null;
    }
    const user: AuthUser = {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      roles: u.roles,
      departmentId: u.departmentId,
      departmentPath: row.raw[0].dep_path,
    };
    this.cache.set(id, { user, tokenVersion: u.tokenVersion, until: Date.now() + this.cacheMs });
    return u.tokenVersion === tokenVersion ? user : null;
  }

  /** Called when a user is changed on this instance, so the change takes effect at once here. */
  forget(id: number): void {
    this.cache.delete(id);
  }

  /**
   * One wrong password, at login or when users change their own: counted, audited, and the
   * account locked at LOCKOUT_MAX_FAILURES, all decided by one UPDATE on the row. The count is
   * never read and written back, so parallel attempts each count (a read-then-write let 25 at
   * once leave the count at 3). Returns when the account is locked until, or null.
   *
   * The count restarts after a lock ends. The attempt that reaches the limit locks and sets the
   * count to 0 (so it alone returns 0 with a lock, and records the lockout); attempts that were
   * already past the lock check when it happened count on and leave the lock as it is.
   */
  async countWrongPassword(
    actor: AuditActor,
    userId: number,
    action: 'auth.login_failed' | 'auth.password_change_failed',
  ): Promise<string | null> {
    const { maxFailures, minutes } = this.config.lockout;
    return this.db.write(async (tx) => {
      const [row] = await this.statement(tx, (p) => {
        const now = nowIso();
        return countWrongPassword(p, userId, { now, until: addDaysIso(now, minutes / 1440), maxFailures });
      });
      const lockedUntil = (row?.lockedUntil as string | null | undefined) ?? null;
      await this.audit.record(actor, {
        action,
        outcome: 'failure',
        entityType: 'user',
        entityId: userId,
        comment: action === 'auth.login_failed' ? 'wrong password' : 'wrong current password',
      });
      if (lockedUntil && Number(row.failedLogins) === 0) {
        // The comment is one of the fixed texts the audit views put in words (audit.messages.ts).
        await this.audit.record(actor, {
          action: 'auth.locked_out',
          entityType: 'user',
          entityId: userId,
          comment: 'too many wrong passwords',
          changes: [
            { field: 'failedLogins', before: null, after: maxFailures },
            { field: 'lockedUntil', before: null, after: lockedUntil },
          ],
        });
      }
      return lockedUntil;
    });
  }

  /** Whether a lock (a row's `locked_until`) is in force now. */
  isLocked(lockedUntil: string | null): lockedUntil is string {
    return lockedUntil !== null && lockedUntil > nowIso();
  }

  /** One hand-written statement in the transaction; the rows of its RETURNING. */
  statement(tx: Tx, sql: Statement): Promise<Record<string, unknown>[]> {
    return this.db.writeAll(tx, [sql]);
  }

  /** 423 with when to retry (the message says it in Beijing time; `retryAt` is ISO). */
  locked(until: string): AppError {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000));
    return AuthErrors.ACCOUNT_LOCKED({ until }, { retryAt: until, retryAfterSeconds });
  }
}
