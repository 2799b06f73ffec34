import type { INestApplicationContext, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../src/app.module';
import { AuthService } from '../../src/auth/auth.service';
import type { Role } from '../../src/common/roles';
import type { RequestContext } from '../../src/common/request-context';
import { loadConfig } from '../../src/config/app-config';
import { Db } from '../../src/database/db.service';
import { DeclarationsService } from '../../src/declarations/declarations.service';
import { DepartmentsService } from '../../src/org/departments.service';
import { UsersService } from '../../src/org/users.service';
import { VALID_HEADER, VALID_INDICATORS } from './factories';
import { ADMIN_PASSWORD, AUDIT_ENV, JWT_SECRET, PASSWORD, PRE_ASSESSMENT_OUT_OF_REACH } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-db';

/**
 * The services on a real database of their own, without HTTP (the integration tier): for what
 * a request cannot show, such as transactions nesting and calls racing each other.
 */
export class TestServices {
  constructor(
    readonly app: INestApplicationContext,
    readonly database: TestDatabase,
  ) {}

  get<T>(token: abstract new (...args: never[]) => T): T {
    return this.app.get(token as never);
  }

  get db(): Db {
    return this.get(Db);
  }

  /** The number a `SELECT COUNT(*) AS n …` answers, outside any unit of work. */
  async count(sql: string, ...values: unknown[]): Promise<number> {
    const p = this.db.parameters();
    const text = sql.replace(/\?/g, () => p.add(values[p.values.length]));
    const [row] = (await this.db.dataSource.query(text, p.values)) as Array<{ n: number | string }>;
    return Number(row.n);
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.database.drop();
  }
}

export async function startTestServices(
  env: Record<string, string> = {},
  overrides: Provider[] = [],
): Promise<TestServices> {
  const database = await createTestDatabase();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    JWT_SECRET,
    ADMIN_PASSWORD,
    ...AUDIT_ENV,
    ...PRE_ASSESSMENT_OUT_OF_REACH,
    ...database.env,
    ...env,
  });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, overrides), {
    logger: false,
  });
  return new TestServices(app, database);
}

/** A caller as a request would make it. */
export async function contextOf(s: TestServices, userId: number): Promise<RequestContext> {
  const user = await s.get(AuthService).loadAuthUser(userId, 0);
  if (!user) throw new Error(`no user ${userId}`);
  return { requestId: `int-${userId}`, ip: null, user, lang: 'zh' };
}

export interface ServiceWorld {
  admin: RequestContext;
  submitter: RequestContext;
  deptReviewer: RequestContext;
}

/** The bureau (bootstrap), a unit with a department, a submitter there and the unit's reviewer. */
export async function buildServiceWorld(s: TestServices): Promise<ServiceWorld> {
  const { user } = await s.get(AuthService).login('admin', ADMIN_PASSWORD, 'int-admin', null);
  const admin: RequestContext = { requestId: 'int-admin', ip: null, user, lang: 'zh' };
  const departments = s.get(DepartmentsService);
  const unit = await departments.create(admin, {
    code: 'UNIT',
    name: '上海市大数据中心',
    kind: 'unit',
    parentId: user.departmentId,
  });
  const dept = await departments.create(admin, {
    code: 'DEPT',
    name: '运营管理部',
    kind: 'department',
    parentId: unit.id,
  });
  const person = async (username: string, roles: Role[], departmentId: number) => {
    const u = await s
      .get(UsersService)
      .create(admin, { username, displayName: username, password: PASSWORD, roles, departmentId });
    return contextOf(s, u.id);
  };
  return {
    admin,
    submitter: await person('submitter', ['submitter'], dept.id),
    deptReviewer: await person('reviewer', ['dept_reviewer'], unit.id),
  };
}

/** A declaration that passes every error rule, as its submitter creates it: its id and version. */
export async function createValidDeclaration(
  s: TestServices,
  ctx: RequestContext,
): Promise<{ id: number; version: number }> {
  const declarations = s.get(DeclarationsService);
  const id = await declarations.create(ctx, { ...VALID_HEADER } as never);
  let version = (await declarations.get(ctx, id)).declaration.version;
  for (const ind of VALID_INDICATORS)
    version = (await declarations.addIndicator(ctx, id, { version, ...ind } as never)).version;
  return { id, version };
}
