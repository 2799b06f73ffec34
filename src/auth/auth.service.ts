import { HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import type { AppConfig } from '../../config/defaults';
import { AppError } from '../common/errors';
import type { AuthUser } from '../common/request-context';
import { addDaysIso, nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { AuditService } from '../audit/audit.service';
import { Department } from '../org/department.entity';
import { User } from '../org/user.entity';

export interface JwtPayload {
  sub: number;
  /** The user's token version when the token was issued. */
  tv: number;
}

const BAD_CREDENTIALS = 'invalid username or password';

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
      await this.audit.recordAlone(actor, {
        action: 'auth.login_failed',
        outcome: 'failure',
        entityType: 'user',
        comment: 'unknown user',
      });
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    const asActor = { user: { id: user.id, username: user.username, roles: user.roles }, requestId, ip };
    const now = nowIso();
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.audit.recordAlone(asActor, {
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
      const failures = user.failedLogins + 1;
      const lock = failures >= this.config.lockout.maxFailures;
      const lockedUntil = lock ? addDaysIso(now, this.config.lockout.minutes / 1440) : null;
      await this.db.write(async (tx) => {
        await tx.update(User, { id: user.id }, { failedLogins: lock ? 0 : failures, lockedUntil });
        await this.audit.record(tx, asActor, {
          action: 'auth.login_failed',
          outcome: 'failure',
          entityType: 'user',
          entityId: user.id,
          comment: 'wrong password',
        });
        if (lock) {
          await this.audit.record(tx, asActor, {
            action: 'auth.locked_out',
            entityType: 'user',
            entityId: user.id,
            comment: `${failures} failed logins; locked until ${lockedUntil}`,
          });
        }
      });
      if (lock) throw this.locked(lockedUntil!);
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    if (user.disabled) {
      await this.audit.recordAlone(asActor, {
        action: 'auth.login_failed',
        outcome: 'denied',
        entityType: 'user',
        entityId: user.id,
        comment: 'account disabled',
      });
      throw new UnauthorizedException('this account is disabled; ask an administrator');
    }
    await this.db.write(async (tx) => {
      await tx.update(User, { id: user.id }, { failedLogins: 0, lockedUntil: null });
      await this.audit.record(tx, asActor, {
        action: 'auth.login_succeeded',
        entityType: 'user',
        entityId: user.id,
      });
    });
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

  private locked(until: string): AppError {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000));
    return new AppError(HttpStatus.LOCKED, `too many failed logins: the account is locked until ${until}`, {
      retryAt: until,
      retryAfterSeconds,
    });
  }
}
