import { PASSWORD, type HttpClient } from './http-client';

/**
 * A small organisation built through the admin API: 上海市数据局 → 上海市大数据中心 → two
 * departments, and one user per role (plus a submitter of the other department and a
 * reviewer outside the unit), each logged in.
 */
export interface World {
  admin: string;
  bureauId: number;
  unitId: number;
  otherUnitId: number;
  deptA: number;
  deptB: number;
  users: Record<UserKey, { id: number; token: string }>;
}

export type UserKey =
  | 'submitter'
  | 'submitter2'
  | 'submitterB'
  | 'deptReviewer'
  | 'otherReviewer'
  | 'bureauReviewer'
  | 'auditor'
  | 'admin';

export async function buildWorld(t: HttpClient): Promise<World> {
  const admin = await t.login('admin', 'Root-Passw0rd!');
  const dep = async (code: string, name: string, kind: string, parentId?: number) => {
    const existing = (await t.get('/api/departments', admin)).body.find(
      (d: { code: string }) => d.code === code,
    );
    if (existing) return existing.id as number;
    const res = await t.post(
      '/api/departments',
      { code, name, kind, ...(parentId ? { parentId } : {}) },
      admin,
    );
    if (res.status !== 201) throw new Error(`department ${code}: ${res.status} ${res.text}`);
    return res.body.id as number;
  };
  const bureauId = (await t.get('/api/departments', admin)).body[0].id as number;
  const unitId = await dep('SHDSC', '上海市大数据中心', 'unit', bureauId);
  const otherUnitId = await dep('OTHER', '其他单位', 'unit', bureauId);
  const deptA = await dep('SHDSC-OPS', '运营管理部', 'department', unitId);
  const deptB = await dep('SHDSC-APP', '应用开发部', 'department', unitId);
  const specs: Array<[UserKey, string[], number]> = [
    ['submitter', ['submitter'], deptA],
    ['submitter2', ['submitter'], deptA],
    ['submitterB', ['submitter'], deptB],
    ['deptReviewer', ['dept_reviewer'], unitId],
    ['otherReviewer', ['dept_reviewer'], otherUnitId],
    ['bureauReviewer', ['bureau_reviewer'], bureauId],
    ['auditor', ['auditor'], bureauId],
  ];
  const users = {} as World['users'];
  for (const [key, roles, departmentId] of specs) {
    const username = key.toLowerCase();
    const res = await t.post(
      '/api/users',
      { username, displayName: key, password: PASSWORD, roles, departmentId },
      admin,
    );
    if (res.status !== 201) throw new Error(`user ${key}: ${res.status} ${res.text}`);
    users[key] = { id: res.body.id, token: await t.login(username) };
  }
  const me = await t.get('/api/auth/me', admin);
  users.admin = { id: me.body.id, token: admin };
  return { admin, bureauId, unitId, otherUnitId, deptA, deptB, users };
}
