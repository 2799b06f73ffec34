import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD } from '../support/http-client';
import { ADMIN_PASSWORD, type Console } from './browser';

/**
 * The people of the seed table, built through the admin API on the console's fresh database,
 * as the demo builds them: 上海市数据局 → 上海市大数据中心 → 运营管理部 / 应用开发部, one user per
 * role (password PASSWORD). `importFixture` loads the summary table's nine declarations as drafts
 * of 运营管理部, as a submitter would through the API. Journeys start from the login page.
 */
export interface BrowserWorld {
  admin: string;
  ids: { bureau: number; unit: number; ops: number; app: number };
  users: Record<BrowserUser, { username: string; displayName: string; id: number }>;
  token(user: BrowserUser): Promise<string>;
}

export type BrowserUser = 'submitter' | 'submitter2' | 'deptReviewer' | 'bureauReviewer' | 'auditor';

const PEOPLE: Record<
  BrowserUser,
  { username: string; displayName: string; roles: string[]; dep: 'bureau' | 'unit' | 'ops' }
> = {
  submitter: { username: 'wang.tianbao', displayName: '王填报', roles: ['submitter'], dep: 'ops' },
  submitter2: { username: 'zhao.tianbao', displayName: '赵填报', roles: ['submitter'], dep: 'ops' },
  deptReviewer: { username: 'li.shenhe', displayName: '李审核', roles: ['dept_reviewer'], dep: 'unit' },
  bureauReviewer: {
    username: 'zhang.shuju',
    displayName: '张数据局',
    roles: ['bureau_reviewer'],
    dep: 'bureau',
  },
  auditor: { username: 'chen.shenji', displayName: '陈审计', roles: ['auditor'], dep: 'bureau' },
};

export const FIXTURE = join(process.cwd(), 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt');

export async function buildBrowserWorld(c: Console): Promise<BrowserWorld> {
  const ok = <T>(res: { status: number; text: string; body: T }, what: string): T => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const admin = ok(
    await c.api.post('/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD }),
    'login',
  ).accessToken as string;
  const [bureau] = ok(await c.api.get('/api/departments', admin), 'departments') as Array<{ id: number }>;
  const dep = async (code: string, name: string, kind: string, parentId: number) =>
    (ok(await c.api.post('/api/departments', { code, name, kind, parentId }, admin), code) as { id: number })
      .id;
  const unit = await dep('SHDSC', '上海市大数据中心', 'unit', bureau.id);
  const ops = await dep('SHDSC-OPS', '运营管理部', 'department', unit);
  const app = await dep('SHDSC-APP', '应用开发部', 'department', unit);
  const ids = { bureau: bureau.id, unit, ops, app };
  const users = {} as BrowserWorld['users'];
  for (const [key, p] of Object.entries(PEOPLE) as Array<[BrowserUser, (typeof PEOPLE)[BrowserUser]]>) {
    const created = ok(
      await c.api.post(
        '/api/users',
        {
          username: p.username,
          displayName: p.displayName,
          password: PASSWORD,
          roles: p.roles,
          departmentId: ids[p.dep],
        },
        admin,
      ),
      p.username,
    ) as { id: number };
    users[key] = { username: p.username, displayName: p.displayName, id: created.id };
  }
  return {
    admin,
    ids,
    users,
    async token(user) {
      return c.api.login(users[user].username);
    },
  };
}

/** The nine declarations of the summary table, imported as 运营管理部's drafts; their ids. */
export async function importFixture(c: Console, w: BrowserWorld): Promise<number[]> {
  const res = await c.api.request('POST', '/api/imports/declarations', {
    token: await w.token('submitter'),
    raw: { payload: readFileSync(FIXTURE, 'utf8'), contentType: 'text/plain; charset=utf-8' },
  });
  if (res.status !== 200) throw new Error(`import: ${res.status} ${res.text.slice(0, 300)}`);
  return (res.body.declarations as Array<{ id: number }>).map((d) => d.id);
}
