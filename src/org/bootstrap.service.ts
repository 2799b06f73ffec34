import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import { hashPassword } from '../auth/auth.service';
import { passwordProblem } from '../auth/password-policy';
import '../auth/auth.messages';
import { renderProblem } from '../common/errors';
import { nowIso } from '../common/time';
import { APP_CONFIG } from '../config/app-config';
import { Db } from '../database/db.service';
import { BOOTSTRAP_LOCK } from '../database/migrate';
import { Department } from '../auth/department.entity';
import { User } from '../auth/user.entity';
import { BOOTSTRAP_ADVISORY_LOCK } from './org.queries';

/** On an empty user table with ADMIN_PASSWORD set, creates the first administrator. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('bootstrap');

  constructor(
    @Inject(Db) private readonly db: Db,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.adminPassword) return;
    const problem = passwordProblem(this.config.adminPassword, 'admin', this.config.password);
    // For the operator: in English, as every start-up configuration error.
    if (problem) throw new Error(`ADMIN_PASSWORD is too weak: ${renderProblem(problem, 'en')}`);
    const hash = await hashPassword(this.config.adminPassword);
    const created = await this.db.write(async (tx) => {
      // Two instances starting at once on one PostgreSQL database: one creates, the other waits and sees it.
      if (this.db.isPostgres) await tx.query(BOOTSTRAP_ADVISORY_LOCK, [BOOTSTRAP_LOCK]);
      if ((await tx.count(User)) > 0) return false;
      let root = await tx.findOne(Department, { where: { kind: 'bureau' }, order: { id: 'ASC' } });
      if (!root) {
        root = await tx.save(
          Department,
          tx.create(Department, {
            code: 'BUREAU',
            name: '数据局',
            kind: 'bureau',
            parentId: null,
            path: '/',
            createdAt: nowIso(),
          }),
        );
        await tx.update(Department, { id: root.id }, { path: `/${root.id}/` });
      }
      const now = nowIso();
      await tx.save(
        User,
        tx.create(User, {
          username: 'admin',
          displayName: '系统管理员',
          passwordHash: hash,
          roles: ['admin'],
          departmentId: root.id,
          disabled: false,
          failedLogins: 0,
          lockedUntil: null,
          tokenVersion: 0,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return true;
    });
    if (created) this.logger.log('created user admin (ADMIN_PASSWORD)');
  }
}
