// The organisation and its users: the bureau, its units and their departments; the admin,
// auditors, bureau reviewers, one reviewer per unit and one or two submitters per department.
import type { Pool } from 'pg';
import { hashPassword } from '../src/auth/auth.service';
import { BENCH_PASSWORD, type Rng } from './common';
import { BulkWriter } from './seed-db';
import { DAY, iso, N_BUREAU_REVIEWERS, N_DEPARTMENTS, N_UNITS } from './seed-size';

export const BUREAU_NAME = '上海市数据局';
const UNIT_TOPICS = [
  '大数据中心',
  '信息中心',
  '数据交易所',
  '公共数据开放中心',
  '城市运行管理中心',
  '政务服务中心',
  '网络安全中心',
  '电子政务云中心',
  '数字化转型研究中心',
  '智慧城市发展中心',
  '信用信息中心',
  '社区数字化中心',
  '数据资产登记中心',
  '数据标准研究所',
];
const DEPT_NAMES = [
  '运营管理部',
  '应用开发部',
  '数据资源部',
  '安全保障部',
  '基础设施部',
  '综合管理部',
  '项目管理部',
  '技术研究部',
  '质量管理部',
  '客户服务部',
  '规划发展部',
  '网络运维部',
  '平台运营部',
  '标准规范部',
  '财务部',
  '法务部',
  '办公室',
  '人力资源部',
  '市场推广部',
  '数据治理部',
];

export interface Dept {
  id: number;
  code: string;
  name: string;
  kind: 'bureau' | 'unit' | 'department';
  parentId: number | null;
  path: string;
  unit: number; // id of the unit (self for a unit)
}
export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  roles: string;
  departmentId: number;
}

function buildOrg(): { depts: Dept[]; units: Dept[]; leaves: Dept[] } {
  const depts: Dept[] = [
    { id: 1, code: 'BUREAU', name: BUREAU_NAME, kind: 'bureau', parentId: null, path: '/1/', unit: 1 },
  ];
  const units: Dept[] = [];
  for (let u = 0; u < N_UNITS; u++) {
    const id = depts.length + 1;
    const topic = UNIT_TOPICS[u % UNIT_TOPICS.length];
    const unit: Dept = {
      id,
      code: `U${String(u + 1).padStart(3, '0')}`,
      name:
        u < UNIT_TOPICS.length
          ? `上海市${topic}`
          : `上海市${topic}（${Math.floor(u / UNIT_TOPICS.length) + 1}）`,
      kind: 'unit',
      parentId: 1,
      path: `/1/${id}/`,
      unit: id,
    };
    depts.push(unit);
    units.push(unit);
  }
  const leaves: Dept[] = [];
  const perUnit = new Array<number>(N_UNITS).fill(0);
  for (let i = 0; depts.length < N_DEPARTMENTS; i++) {
    const unit = units[i % N_UNITS];
    const k = perUnit[i % N_UNITS]++;
    const id = depts.length + 1;
    const d: Dept = {
      id,
      code: `${unit.code}-D${String(k + 1).padStart(2, '0')}`,
      name: `${unit.name}${DEPT_NAMES[k % DEPT_NAMES.length]}${k >= DEPT_NAMES.length ? Math.floor(k / DEPT_NAMES.length) + 1 : ''}`,
      kind: 'department',
      parentId: unit.id,
      path: `${unit.path}${id}/`,
      unit: unit.id,
    };
    depts.push(d);
    leaves.push(d);
  }
  return { depts, units, leaves };
}

export interface Organisation {
  depts: Dept[];
  units: Dept[];
  leaves: Dept[];
  users: UserRow[];
  bureauReviewers: UserRow[];
  /** The reviewer of each unit, by the unit's id. */
  unitReviewer: Map<number, UserRow>;
  /** The submitters of each department, by its id. */
  submitters: Map<number, UserRow[]>;
  /** When the departments were created. */
  orgAt: number;
  /** When a user was created. */
  userAt: (u: UserRow) => number;
}

/** Departments and users, written; the rest of the seed draws its actors from them. */
export async function seedOrganisation(pool: Pool, r: Rng): Promise<Organisation> {
  const { depts, units, leaves } = buildOrg();
  const hash = await hashPassword(BENCH_PASSWORD);
  const users: UserRow[] = [];
  const addUser = (username: string, displayName: string, roles: string, departmentId: number) => {
    const u = { id: users.length + 1, username, displayName, roles, departmentId };
    users.push(u);
    return u;
  };
  addUser('admin', '系统管理员', 'admin', 1);
  addUser('auditor1', '审计员一', 'auditor', 1);
  addUser('auditor2', '审计员二', 'auditor', 1);
  const bureauReviewers = Array.from({ length: N_BUREAU_REVIEWERS }, (_, i) =>
    addUser(`bureau${i + 1}`, `市数据局审核员${i + 1}`, 'bureau_reviewer', 1),
  );
  const unitReviewer = new Map<number, UserRow>();
  for (const u of units)
    unitReviewer.set(u.id, addUser(`dr-${u.code}`, `${u.name}审核员`, 'dept_reviewer', u.id));
  const submitters = new Map<number, UserRow[]>();
  for (const d of leaves) {
    const list = [addUser(`s-${d.code}`, `${d.name}填报员`, 'submitter', d.id)];
    if (r.chance(0.25)) list.push(addUser(`s2-${d.code}`, `${d.name}填报员2`, 'submitter', d.id));
    submitters.set(d.id, list);
  }
  const orgAt = Date.UTC(2023, 5, 1, 1);
  const deptWriter = new BulkWriter(pool, 'departments', [
    ['id', 'integer'],
    ['code', 'varchar'],
    ['name', 'varchar'],
    ['kind', 'varchar'],
    ['parent_id', 'integer'],
    ['path', 'varchar'],
    ['created_at', 'varchar'],
  ]);
  for (const d of depts)
    await deptWriter.add([d.id, d.code, d.name, d.kind, d.parentId, d.path, iso(orgAt + d.id * 60_000)]);
  await deptWriter.close();
  const userWriter = new BulkWriter(pool, 'users', [
    ['id', 'integer'],
    ['username', 'varchar'],
    ['display_name', 'varchar'],
    ['password_hash', 'varchar'],
    ['roles', 'varchar'],
    ['department_id', 'integer'],
    ['disabled', 'boolean'],
    ['failed_logins', 'integer'],
    ['locked_until', 'varchar'],
    ['token_version', 'integer'],
    ['created_at', 'varchar'],
    ['updated_at', 'varchar'],
  ]);
  const userAt = (u: UserRow) => orgAt + 2 * DAY + u.id * 60_000;
  for (const u of users) {
    const at = iso(userAt(u));
    await userWriter.add([
      u.id,
      u.username,
      u.displayName,
      hash,
      u.roles,
      u.departmentId,
      false,
      0,
      null,
      0,
      at,
      at,
    ]);
  }
  await userWriter.close();
  console.log(`  ${depts.length} departments (${units.length} units), ${users.length} users`);
  return { depts, units, leaves, users, bureauReviewers, unitReviewer, submitters, orgAt, userAt };
}
