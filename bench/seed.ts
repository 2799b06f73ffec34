// `npm run bench:seed [-- --scale 0.1]`: a deterministic, realistic data set on PostgreSQL for
// `npm run bench` (issue 8). At scale 1: 1,000 departments (bureau → units → departments),
// ~1,200 users, 100,000 declarations (2024–2027, every workflow state) with ~15 indicators each
// taken from the shapes of the Shanghai fixture, their transition history and approved
// versions, and 1,000,000 audit events whose hash chains (one per declaration, one `system`)
// verify, with matching audit_chains heads.
//
// The database (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/pd_bench) is created
// when missing; a database whose name contains "bench" is dropped and created again, any other
// must be empty. The schema comes from the service's own migrations. Rows go in with
// multi-row `INSERT ... SELECT * FROM unnest($1::int[], ...)` batches of thousands, two in
// flight while the next batch is generated. Audit events are inserted in time order (ids grow
// with time, chains interleave in the table as they do in production) and keyed with the
// service's own keyring (BENCH_AUDIT_ENV) as they go; the chain heads are then signed in
// checkpoints as the service's sweep would, so the instances start with nothing to seal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { sealCheckpoints } from '../src/audit/audit-checkpoints';
import { COLUMNS } from '../src/audit/audit-columns';
import { GENESIS_HASH } from '../src/audit/audit-hash';
import { hashPassword } from '../src/auth/auth.service';
import { formatMoney } from '../src/common/money';
import { buildDataSourceOptions } from '../src/data-source';
import type { DeclarationContent, IndicatorContent, Level2 } from '../src/declarations/declaration-content';
import { toStoredContent } from '../src/declarations/declaration-mapper';
import type { Declaration } from '../src/declarations/declaration.entity';
import type { Indicator } from '../src/declarations/indicator.entity';
import { parseSummaryTable } from '../src/imports/summary-table.parser';
import { actingRole, explain } from '../src/workflow/declaration.decisions';
import {
  reviewStage,
  type DeclarationSnapshot,
  type WorkflowEventType,
} from '../src/workflow/declaration.machine';
import { initialSnapshot, toPersisted } from '../src/workflow/declaration.persistence';
import type { WorkflowActor } from '../src/workflow/declaration.rules';
import { BENCH_PASSWORD, benchKeyring, benchScale, databaseUrl, formatDuration, Rng } from './common';

const SEED = 20261127;
const DAY = 86_400_000;
/** "Now" of the data set: every seeded timestamp is before it (fixed, so the seed is deterministic). */
const ANCHOR = Date.UTC(2026, 10, 20);
const BATCH = 4000;

// ---------------------------------------------------------------------------------------
// Sizes
// ---------------------------------------------------------------------------------------

const scale = benchScale();
const N_DEPARTMENTS = Math.max(60, Math.round(1000 * scale)); // bureau + units + departments
const N_UNITS = Math.max(3, Math.round(N_DEPARTMENTS / 20) - 1);
const N_DECLARATIONS = Math.round(100_000 * scale);
const N_EVENTS = Math.round(1_000_000 * scale);
const N_BUREAU_REVIEWERS = 5;

/** Years and the states their declarations are in on ANCHOR (late November 2026). */
const YEARS: Array<{ year: number; share: number; states: Record<string, number> }> = [
  {
    year: 2024,
    share: 0.2,
    states: {
      closed: 90,
      monitored: 3,
      'evaluation.reporting': 4,
      'evaluation.internalReview': 1.5,
      'evaluation.bureauReview': 1.5,
    },
  },
  {
    year: 2025,
    share: 0.25,
    states: {
      closed: 68,
      monitored: 6,
      'evaluation.reporting': 12,
      'evaluation.internalReview': 7,
      'evaluation.bureauReview': 7,
    },
  },
  {
    year: 2026,
    share: 0.3,
    states: {
      monitored: 45,
      'monitoring.reporting': 12,
      'monitoring.internalReview': 8,
      'monitoring.bureauReview': 8,
      approved: 12,
      'adjustment.drafting': 6,
      'adjustment.internalReview': 5,
      'adjustment.bureauReview': 4,
    },
  },
  {
    year: 2027,
    share: 0.25,
    states: { drafting: 45, internalReview: 25, bureauReview: 20, approved: 10 },
  },
];

// ---------------------------------------------------------------------------------------
// Workflow paths, validated by the service's own machine
// ---------------------------------------------------------------------------------------

type Who = 'submitter' | 'dept' | 'bureau';
interface Step {
  event: WorkflowEventType;
  from: string;
  to: string;
  who: Who;
  role: string;
}
interface PathTemplate {
  steps: Step[];
  state: string;
  snapshot: string;
  submitted: boolean; // submitted_by = the submitter (else null)
  everSubmitted: boolean;
  approvedVersion: number | null;
}

const DECLARATION_PHASE: WorkflowEventType[] = ['SUBMIT', 'APPROVE', 'APPROVE'];
const REVIEW = DECLARATION_PHASE;
const PREFIX: Record<string, WorkflowEventType[]> = {
  drafting: [],
  internalReview: ['SUBMIT'],
  bureauReview: ['SUBMIT', 'APPROVE'],
  approved: DECLARATION_PHASE,
  'adjustment.drafting': [...DECLARATION_PHASE, 'REQUEST_ADJUSTMENT'],
  'adjustment.internalReview': [...DECLARATION_PHASE, 'REQUEST_ADJUSTMENT', 'SUBMIT'],
  'adjustment.bureauReview': [...DECLARATION_PHASE, 'REQUEST_ADJUSTMENT', 'SUBMIT', 'APPROVE'],
  'monitoring.reporting': [...DECLARATION_PHASE, 'OPEN_MONITORING'],
  'monitoring.internalReview': [...DECLARATION_PHASE, 'OPEN_MONITORING', 'SUBMIT'],
  'monitoring.bureauReview': [...DECLARATION_PHASE, 'OPEN_MONITORING', 'SUBMIT', 'APPROVE'],
  monitored: [...DECLARATION_PHASE, 'OPEN_MONITORING', ...REVIEW],
  'evaluation.reporting': [...DECLARATION_PHASE, 'OPEN_MONITORING', ...REVIEW, 'OPEN_EVALUATION'],
  'evaluation.internalReview': [
    ...DECLARATION_PHASE,
    'OPEN_MONITORING',
    ...REVIEW,
    'OPEN_EVALUATION',
    'SUBMIT',
  ],
  'evaluation.bureauReview': [
    ...DECLARATION_PHASE,
    'OPEN_MONITORING',
    ...REVIEW,
    'OPEN_EVALUATION',
    'SUBMIT',
    'APPROVE',
  ],
  closed: [...DECLARATION_PHASE, 'OPEN_MONITORING', ...REVIEW, 'OPEN_EVALUATION', ...REVIEW],
};
/** Returned once before getting through: by the unit, or by the bureau. */
const LOOPS: WorkflowEventType[][] = [[], ['SUBMIT', 'RETURN'], ['SUBMIT', 'APPROVE', 'RETURN']];

const ACTORS: Record<Who, WorkflowActor> = {
  submitter: { id: 1, roles: ['submitter'], relation: 'owner' },
  dept: { id: 2, roles: ['dept_reviewer'], relation: 'ancestor' },
  bureau: { id: 3, roles: ['bureau_reviewer'], relation: 'other' },
};

function whoFires(event: WorkflowEventType, from: string): Who {
  if (event === 'APPROVE' || event === 'RETURN')
    return reviewStage(from) === 'internalReview' ? 'dept' : 'bureau';
  if (event === 'OPEN_MONITORING' || event === 'OPEN_EVALUATION') return 'bureau';
  return 'submitter';
}

function buildTemplate(events: WorkflowEventType[]): PathTemplate {
  let snap: DeclarationSnapshot = initialSnapshot();
  let from = 'drafting';
  let submittedBy: number | null = null;
  let everSubmitted = false;
  let approvedVersion: number | null = null;
  const steps: Step[] = [];
  for (const event of events) {
    const who = whoFires(event, from);
    const result = explain(snap, {
      type: event,
      actor: ACTORS[who],
      submittedBy,
      hasErrors: false,
      comment: 'x',
    });
    if (!result.ok) throw new Error(`seed path ${events.join(' ')}: refused (${result.cause})`);
    if (event === 'SUBMIT') {
      submittedBy = ACTORS.submitter.id;
      everSubmitted = true;
    }
    if (event === 'OPEN_MONITORING' || event === 'OPEN_EVALUATION' || event === 'REQUEST_ADJUSTMENT')
      submittedBy = null;
    if (event === 'APPROVE' && reviewStage(from) === 'bureauReview') {
      submittedBy = null;
      if (from === 'bureauReview' || from === 'adjustment.bureauReview')
        approvedVersion = (approvedVersion ?? 0) + 1;
    }
    steps.push({ event, from, to: result.next, who, role: actingRole(event, from) });
    snap = result.snapshot;
    from = result.next;
  }
  const persisted = toPersisted(snap);
  return {
    steps,
    state: persisted.state,
    snapshot: JSON.stringify(persisted),
    submitted: submittedBy !== null,
    everSubmitted,
    approvedVersion,
  };
}

const TEMPLATES = new Map<string, PathTemplate>();
function pathFor(state: string, loop: number): PathTemplate {
  const key = `${state}|${loop}`;
  let t = TEMPLATES.get(key);
  if (!t) {
    t = buildTemplate([...LOOPS[loop], ...PREFIX[state]]);
    if (t.state !== state) throw new Error(`seed path for ${state} ends in ${t.state}`);
    TEMPLATES.set(key, t);
  }
  return t;
}

// ---------------------------------------------------------------------------------------
// Organisation
// ---------------------------------------------------------------------------------------

const BUREAU_NAME = '上海市数据局';
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

interface Dept {
  id: number;
  code: string;
  name: string;
  kind: 'bureau' | 'unit' | 'department';
  parentId: number | null;
  path: string;
  unit: number; // id of the unit (self for a unit)
}
interface UserRow {
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

// ---------------------------------------------------------------------------------------
// Content from the fixture's shapes
// ---------------------------------------------------------------------------------------

const LEVEL_ORDER: Record<Level2, number> = {
  quantity: 0,
  quality: 1,
  timeliness: 2,
  cost: 3,
  economic: 4,
  social: 5,
  ecological: 6,
  sustainability: 7,
  serviceSatisfaction: 8,
};

function loadFixture(): DeclarationContent[] {
  const text = readFileSync(
    join(__dirname, '..', '..', 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt'),
    'utf8',
  );
  return parseSummaryTable(text).declarations.map((d) => ({
    ...d.content,
    indicators: d.content.indicators.filter((i) => i.target !== null && i.target.display.trim() !== ''),
  }));
}

/** 12–18 indicators in form order, at least one output and one benefit, every one with a target. */
function pickIndicators(r: Rng, base: IndicatorContent[], pool: IndicatorContent[]): IndicatorContent[] {
  const n = r.int(12, 18);
  const chosen = [...base];
  const names = new Set(chosen.map((i) => i.name));
  for (let guard = 0; chosen.length < n && guard < 500; guard++) {
    const cand = r.pick(pool);
    if (!names.has(cand.name)) {
      names.add(cand.name);
      chosen.push(cand);
    }
  }
  while (chosen.length > n) {
    const k = r.int(0, chosen.length - 1);
    const l1 = chosen[k].level1;
    if (l1 !== 'satisfaction' && chosen.filter((i) => i.level1 === l1).length === 1) continue;
    chosen.splice(k, 1);
  }
  return chosen
    .map((ind, k) => ({ ind, k }))
    .sort((a, b) => LEVEL_ORDER[a.ind.level2] - LEVEL_ORDER[b.ind.level2] || a.k - b.k)
    .map((x) => x.ind);
}

// ---------------------------------------------------------------------------------------
// Bulk insert
// ---------------------------------------------------------------------------------------

class BulkWriter {
  private cols: unknown[][];
  private n = 0;
  private inflight: Promise<void>[] = [];
  private failure: unknown = null;
  rows = 0;
  /** Time spent in the database (ms, summed over batches in flight). */
  dbMs = 0;

  constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly spec: ReadonlyArray<readonly [string, string]>,
    private readonly batch = BATCH,
  ) {
    this.cols = spec.map(() => []);
  }

  /** Adds a row; returns a promise to await only when the writer needs to drain. */
  add(row: unknown[]): Promise<void> | undefined {
    for (let i = 0; i < row.length; i++) this.cols[i].push(row[i]);
    this.n++;
    return this.n >= this.batch ? this.flush(2) : undefined;
  }

  private async flush(maxInflight: number): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.n > 0) {
      const cols = this.cols;
      const count = this.n;
      this.cols = this.spec.map(() => []);
      this.n = 0;
      const sql = `INSERT INTO ${this.table} (${this.spec.map(([c]) => c).join(', ')}) SELECT * FROM unnest(${this.spec
        .map(([, t], i) => `$${i + 1}::${t}[]`)
        .join(', ')})`;
      const t0 = Date.now();
      const p = this.pool.query(sql, cols).then(
        () => {
          this.rows += count;
          this.dbMs += Date.now() - t0;
        },
        (e: unknown) => {
          this.failure ??= e;
        },
      );
      this.inflight.push(p);
    }
    while (this.inflight.length >= maxInflight) await this.inflight.shift();
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    await this.flush(1);
    await Promise.all(this.inflight);
    if (this.failure) throw this.failure;
  }
}

// ---------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------

async function prepareDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`database name ${name}: letters, digits and _ only`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const exists = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (exists && name.includes('bench')) {
      console.log(`dropping and creating database ${name}`);
      await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    } else if (exists) {
      const d = new Client({ connectionString: url });
      await d.connect();
      const tables = await d.query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'declarations'",
      );
      const rows = tables.rowCount
        ? (await d.query('SELECT count(*)::int AS n FROM declarations')).rows[0].n
        : 0;
      await d.end();
      if (rows > 0)
        throw new Error(
          `database ${name} already has ${rows} declarations; seed a database whose name contains "bench" (it is recreated) or an empty one`,
        );
    } else {
      console.log(`creating database ${name}`);
      await c.query(`CREATE DATABASE ${name}`);
    }
  } finally {
    await c.end();
  }
  const ds = new DataSource(
    buildDataSourceOptions({
      databaseUrl: url,
      databasePath: '',
      databaseTimeoutMs: 600_000,
      databasePoolSize: 2,
    }),
  );
  await ds.initialize();
  const ran = await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  console.log(`migrations: ${ran.length ? ran.map((m) => m.name).join(', ') : 'none pending'}`);
}

// ---------------------------------------------------------------------------------------
// The data set
// ---------------------------------------------------------------------------------------

interface DeclInfo {
  id: number;
  dept: Dept;
  year: number;
  submitter: UserRow;
  deptReviewer: UserRow;
  bureau: UserRow;
  path: PathTemplate;
  /** Edits before the first SUBMIT: -1 a header change, ≥ 0 the position of the indicator changed. */
  edits: Int16Array;
  /** Times of: creation, each edit, each transition (ms). */
  times: Float64Array;
  imported: boolean;
  projectName: string;
  annualRequest: bigint;
  carryover: bigint;
  firstIndicatorId: number;
  indicators: IndicatorContent[];
  returnComment: string;
}

const RETURN_COMMENTS = [
  '绩效指标未细化量化，请补充',
  '年度资金申请与测算依据不一致，请核对',
  '效益指标与项目内容关联度不高，请修改',
  '请补充满意度指标及目标值依据',
  '时效指标目标值偏低，请结合上年完成情况调整',
];
const ADJUST_COMMENTS = ['预算调整，申请相应调整绩效目标', '项目实施内容变更，调整部分产出指标'];

async function main(): Promise<void> {
  const started = Date.now();
  const url = databaseUrl();
  console.log(
    `bench seed: scale ${scale}: ${N_DEPARTMENTS} departments, ${N_DECLARATIONS} declarations, ${N_EVENTS} audit events → ${url.replace(/\/\/[^@]*@/, '//')}`,
  );
  await prepareDatabase(url);
  const pool = new Pool({ connectionString: url, max: 3, options: '-c synchronous_commit=off' });
  const r = new Rng(SEED);

  // Organisation and users.
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
  const iso = (ms: number) => new Date(ms).toISOString();
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

  // Declarations, indicators, approved versions.
  const fixture = loadFixture();
  const pool15 = fixture.flatMap((d) => d.indicators);
  const declWriter = new BulkWriter(pool, 'declarations', [
    ['id', 'integer'],
    ['department_id', 'integer'],
    ['department_path', 'varchar'],
    ['year', 'integer'],
    ['project_name', 'varchar'],
    ['project_nature', 'varchar'],
    ['project_category', 'varchar'],
    ['competent_department', 'varchar'],
    ['implementing_unit', 'varchar'],
    ['planned_start', 'varchar'],
    ['planned_end', 'varchar'],
    ['funds_total', 'bigint'],
    ['funds_annual_request', 'bigint'],
    ['funds_current_appropriation', 'bigint'],
    ['funds_carryover', 'bigint'],
    ['funds_other', 'bigint'],
    ['overall_goal', 'text'],
    ['annual_goal', 'text'],
    ['version', 'integer'],
    ['state', 'varchar'],
    ['state_entered_at', 'varchar'],
    ['snapshot', 'text'],
    ['machine_version', 'integer'],
    ['submitted_by', 'integer'],
    ['ever_submitted', 'boolean'],
    ['approved_version', 'integer'],
    ['created_by', 'integer'],
    ['created_at', 'varchar'],
    ['updated_at', 'varchar'],
  ]);
  const indWriter = new BulkWriter(
    pool,
    'indicators',
    [
      ['id', 'integer'],
      ['declaration_id', 'integer'],
      ['position', 'integer'],
      ['level1', 'varchar'],
      ['level2', 'varchar'],
      ['cost_type', 'varchar'],
      ['name', 'varchar'],
      ['target_display', 'varchar'],
      ['target_kind', 'varchar'],
      ['target_comparator', 'varchar'],
      ['target_value', 'varchar'],
      ['target_unit', 'varchar'],
      ['target_text', 'varchar'],
      ['target_direction', 'varchar'],
      ['weight', 'varchar'],
      ['source_line', 'integer'],
      ['created_at', 'varchar'],
      ['updated_at', 'varchar'],
    ],
    BATCH * 4,
  );
  const versionWriter = new BulkWriter(
    pool,
    'declaration_versions',
    [
      ['id', 'integer'],
      ['declaration_id', 'integer'],
      ['version_no', 'integer'],
      ['kind', 'varchar'],
      ['content', 'text'],
      ['approved_by', 'integer'],
      ['approved_at', 'varchar'],
    ],
    1000,
  );

  // Per declaration: year, department, state and path, times.
  const yearOf: number[] = [];
  for (const y of YEARS) {
    const n = Math.round(N_DECLARATIONS * y.share);
    for (let i = 0; i < n && yearOf.length < N_DECLARATIONS; i++) yearOf.push(y.year);
  }
  while (yearOf.length < N_DECLARATIONS) yearOf.push(YEARS[YEARS.length - 1].year);

  const decls: DeclInfo[] = [];
  let baseEvents = 0;
  for (let i = 0; i < N_DECLARATIONS; i++) {
    const year = yearOf[i];
    const y = YEARS.find((x) => x.year === year)!;
    const state = r.weighted(y.states);
    const loop =
      state === 'drafting'
        ? r.weighted({ '0': 80, '1': 12, '2': 8 })
        : r.weighted({ '0': 82, '1': 11, '2': 7 });
    const path = pathFor(state, Number(loop));
    const dept = leaves[r.int(0, leaves.length - 1)];
    const subs = submitters.get(dept.id)!;
    decls.push({
      id: i + 1,
      dept,
      year,
      submitter: subs[r.int(0, subs.length - 1)],
      deptReviewer: unitReviewer.get(dept.unit)!,
      bureau: bureauReviewers[r.int(0, bureauReviewers.length - 1)],
      path,
      edits: new Int16Array(0),
      times: new Float64Array(0),
      imported: r.chance(0.6),
      projectName: '',
      annualRequest: 0n,
      carryover: 0n,
      firstIndicatorId: 0,
      indicators: [],
      returnComment: r.pick(RETURN_COMMENTS),
    });
    baseEvents += 1 + path.steps.length;
  }
  // Edits fill the events up to ~98.5% of the target; the system chain (org, logins) the rest.
  const systemMin = depts.length + users.length + 100;
  const declEventsTarget = Math.max(baseEvents, Math.min(N_EVENTS - systemMin, Math.round(N_EVENTS * 0.985)));
  const meanEdits = (declEventsTarget - baseEvents) / N_DECLARATIONS;
  let declEvents = 0;
  let indicatorId = 0;
  let versionId = 0;
  for (const d of decls) {
    const template = fixture[r.int(0, fixture.length - 1)];
    const remaining = declEventsTarget - declEvents - (1 + d.path.steps.length);
    const nEdits = Math.max(0, Math.min(remaining, Math.round(r.next() * 2 * meanEdits)));
    d.indicators = pickIndicators(r, template.indicators, pool15);
    d.firstIndicatorId = indicatorId + 1;
    indicatorId += d.indicators.length;
    d.edits = new Int16Array(nEdits);
    for (let k = 0; k < nEdits; k++) d.edits[k] = r.chance(0.35) ? -1 : r.int(0, d.indicators.length - 1);
    declEvents += 1 + nEdits + d.path.steps.length;

    // Times: created in the autumn before the year, edits, then the transitions; calendar
    // steps (monitoring in July, evaluation in January) wait for their date.
    const times = new Float64Array(1 + nEdits + d.path.steps.length);
    let t = Date.UTC(d.year - 1, 8, 1) + r.next() * 70 * DAY;
    times[0] = Math.floor(t);
    for (let k = 0; k < nEdits; k++) times[1 + k] = t += (0.01 + r.next() * 1.5) * DAY;
    d.path.steps.forEach((s, k) => {
      t += (0.05 + r.next() * r.next() * 8) * DAY;
      if (s.event === 'OPEN_MONITORING') t = Math.max(t, Date.UTC(d.year, 6, 1) + r.next() * 10 * DAY);
      if (s.event === 'OPEN_EVALUATION') t = Math.max(t, Date.UTC(d.year + 1, 0, 5) + r.next() * 10 * DAY);
      if (s.event === 'REQUEST_ADJUSTMENT') t = Math.max(t, Date.UTC(d.year, 2, 1) + r.next() * 200 * DAY);
      times[1 + nEdits + k] = t;
    });
    const last = times[times.length - 1];
    const end = ANCHOR - DAY / 24 - r.next() * 20 * DAY;
    if (last > end && times.length === 1) times[0] = end;
    else if (last > end) {
      const t0 = Math.min(times[0], end - 10 * DAY);
      const f = (end - t0) / (last - times[0]);
      const first = times[0];
      for (let k = 0; k < times.length; k++) times[k] = t0 + (times[k] - first) * f;
    }
    for (let k = 0; k < times.length; k++) {
      times[k] = Math.floor(times[k]);
      if (k > 0 && times[k] <= times[k - 1]) times[k] = times[k - 1] + 1000;
    }
    d.times = times;

    // The row.
    const dept = d.dept;
    const unit = depts[dept.unit - 1];
    d.projectName = `${unit.name.replace(/^上海市/, '')}${d.year}年${template.projectName ?? '项目'}（${dept.name.replace(unit.name, '')}·${d.id}）`;
    const annualYuan = Math.round(Math.exp(12 + r.next() * 8)); // 160 thousand … 480 million yuan
    const annual = BigInt(annualYuan) * 100n + BigInt(r.chance(0.3) ? r.int(0, 99) : 0);
    const carryover = r.chance(0.2) ? (annual * BigInt(r.int(1, 30))) / 100n : 0n;
    const other = r.chance(0.15) ? ((annual - carryover) * BigInt(r.int(1, 20))) / 100n : 0n;
    const current = annual - carryover - other;
    const total = r.chance(0.5) ? null : annual * BigInt(r.int(1, 3));
    d.annualRequest = annual;
    d.carryover = carryover;
    const nSteps = d.path.steps.length;
    const stateEnteredAt = nSteps ? times[times.length - 1] : times[0];
    const version = 1 + nEdits + nSteps;
    const rowDecl = {
      id: d.id,
      departmentId: dept.id,
      departmentPath: dept.path,
      year: d.year,
      projectName: d.projectName,
      projectNature: template.projectNature,
      projectCategory: template.projectCategory,
      competentDepartment: BUREAU_NAME,
      implementingUnit: unit.name,
      plannedStart: `${d.year}-01-01`,
      plannedEnd: `${d.year}-12-31`,
      fundsTotal: total,
      fundsAnnualRequest: annual,
      fundsCurrentAppropriation: current,
      fundsCarryover: carryover,
      fundsOther: other,
      overallGoal: template.overallGoal,
      annualGoal: template.annualGoal,
    };
    const w1 = declWriter.add([
      d.id,
      dept.id,
      dept.path,
      d.year,
      rowDecl.projectName,
      rowDecl.projectNature,
      rowDecl.projectCategory,
      rowDecl.competentDepartment,
      rowDecl.implementingUnit,
      rowDecl.plannedStart,
      rowDecl.plannedEnd,
      total === null ? null : total.toString(),
      annual.toString(),
      current.toString(),
      carryover.toString(),
      other.toString(),
      rowDecl.overallGoal,
      rowDecl.annualGoal,
      version,
      d.path.state,
      iso(stateEnteredAt),
      d.path.snapshot,
      1,
      d.path.submitted ? d.submitter.id : null,
      d.path.everSubmitted,
      d.path.approvedVersion,
      d.submitter.id,
      iso(times[0]),
      iso(times[times.length - 1]),
    ]);
    if (w1) await w1;
    const createdAt = iso(times[0]);
    const indicatorRows: Indicator[] = [];
    for (let p = 0; p < d.indicators.length; p++) {
      const ind = d.indicators[p];
      const t = ind.target!;
      const id = d.firstIndicatorId + p;
      const w2 = indWriter.add([
        id,
        d.id,
        p,
        ind.level1,
        ind.level2,
        ind.costType,
        ind.name,
        t.display,
        t.kind,
        t.comparator,
        t.value,
        t.unit,
        t.text,
        t.direction,
        null,
        d.imported ? ind.sourceLine : null,
        createdAt,
        createdAt,
      ]);
      if (w2) await w2;
      if (d.path.approvedVersion)
        indicatorRows.push({
          id,
          declarationId: d.id,
          position: p,
          level1: ind.level1,
          level2: ind.level2,
          costType: ind.costType,
          name: ind.name,
          targetDisplay: t.display,
          targetKind: t.kind,
          targetComparator: t.comparator,
          targetValue: t.value,
          targetUnit: t.unit,
          targetText: t.text,
          targetDirection: t.direction,
          weight: null,
          sourceLine: d.imported ? ind.sourceLine : null,
          createdAt,
          updatedAt: createdAt,
        });
    }
    if (d.path.approvedVersion) {
      // The declaration's final approval: the last bureau APPROVE out of bureauReview.
      const k = d.path.steps.findIndex((s) => s.event === 'APPROVE' && s.from === 'bureauReview');
      const content = JSON.stringify(toStoredContent(rowDecl as unknown as Declaration, indicatorRows));
      const w3 = versionWriter.add([
        ++versionId,
        d.id,
        1,
        'declaration',
        content,
        d.bureau.id,
        iso(times[1 + nEdits + k]),
      ]);
      if (w3) await w3;
    }
    if (d.id % 20_000 === 0)
      console.log(`  … ${d.id} declarations (${formatDuration(Date.now() - started)})`);
  }
  await Promise.all([declWriter.close(), indWriter.close(), versionWriter.close()]);
  console.log(
    `  ${declWriter.rows} declarations, ${indWriter.rows} indicators, ${versionWriter.rows} approved versions (${formatDuration(Date.now() - started)}; database ${[declWriter, indWriter, versionWriter].map((w) => formatDuration(w.dbMs)).join(' + ')})`,
  );

  // The audit schedule: every event's time, chain and step, sorted by time.
  const nSystem = N_EVENTS - declEvents;
  const total = declEvents + nSystem;
  const evTime = new Float64Array(total);
  const evDecl = new Int32Array(total);
  const evStep = new Int32Array(total);
  let e = 0;
  for (const d of decls) {
    for (let k = 0; k < d.times.length; k++) {
      evTime[e] = d.times[k];
      evDecl[e] = d.id;
      evStep[e] = k;
      e++;
    }
  }
  // System chain: departments, users, then logins spread over the years.
  const nLogins = nSystem - depts.length - users.length;
  const loginTimes = new Float64Array(nLogins);
  const firstLogin = Date.UTC(2023, 8, 1);
  for (let k = 0; k < nLogins; k++) loginTimes[k] = Math.floor(firstLogin + r.next() * (ANCHOR - firstLogin));
  loginTimes.sort();
  const loginUser = new Int32Array(nLogins);
  const activeUsers = users.filter((u) => u.roles !== 'admin');
  for (let k = 0; k < nLogins; k++) loginUser[k] = r.pick(activeUsers).id;
  for (let k = 0; k < nSystem; k++) {
    evTime[e] =
      k < depts.length
        ? orgAt + depts[k].id * 60_000
        : k < depts.length + users.length
          ? userAt(users[k - depts.length])
          : loginTimes[k - depts.length - users.length];
    evDecl[e] = 0;
    evStep[e] = k;
    e++;
  }
  const order = new Int32Array(total);
  for (let k = 0; k < total; k++) order[k] = k;
  order.sort((a, b) => evTime[a] - evTime[b] || evDecl[a] - evDecl[b] || evStep[a] - evStep[b]);
  console.log(`  audit schedule: ${total} events sorted (${formatDuration(Date.now() - started)})`);

  // Every column of audit-columns.ts, the id included (the seed numbers the events itself).
  const auditWriter = new BulkWriter(
    pool,
    'audit_events',
    COLUMNS.map((c) => [c.column, c.type] as const),
  );
  const transitionWriter = new BulkWriter(pool, 'declaration_transitions', [
    ['id', 'integer'],
    ['declaration_id', 'integer'],
    ['event', 'varchar'],
    ['from_state', 'varchar'],
    ['to_state', 'varchar'],
    ['actor_id', 'integer'],
    ['actor_username', 'varchar'],
    ['role', 'varchar'],
    ['comment', 'text'],
    ['rating', 'varchar'],
    ['at', 'varchar'],
  ]);
  const heads = new Map<string, { seq: number; hash: string }>();
  const keys = benchKeyring();
  let transitionId = 0;
  const ipOf = (u: UserRow) =>
    `10.${(u.departmentId >> 8) & 255}.${u.departmentId & 255}.${(u.id % 200) + 20}`;
  for (let n = 0; n < total; n++) {
    const k = order[n];
    const at = iso(evTime[k]);
    const declId = evDecl[k];
    const step = evStep[k];
    let actor: UserRow;
    let action: string;
    let entityType: string;
    let entityId: string | null;
    let indicatorIdOf: number | null = null;
    let state: string | null = null;
    let changes: unknown[] = [];
    let comment: string | null = null;
    if (declId === 0) {
      if (step < depts.length) {
        const dep = depts[step];
        actor = users[0];
        action = 'department.created';
        entityType = 'department';
        entityId = String(dep.id);
        changes = [
          { field: 'code', before: null, after: dep.code },
          { field: 'name', before: null, after: dep.name },
          { field: 'kind', before: null, after: dep.kind },
          { field: 'parentId', before: null, after: dep.parentId },
        ];
      } else if (step < depts.length + users.length) {
        const u = users[step - depts.length];
        actor = users[0];
        action = 'user.created';
        entityType = 'user';
        entityId = String(u.id);
        changes = [
          { field: 'username', before: null, after: u.username },
          { field: 'displayName', before: null, after: u.displayName },
          { field: 'roles', before: null, after: u.roles.split(',') },
          { field: 'departmentId', before: null, after: u.departmentId },
          { field: 'disabled', before: null, after: false },
        ];
      } else {
        actor = users[loginUser[step - depts.length - users.length] - 1];
        action = 'auth.login_succeeded';
        entityType = 'user';
        entityId = String(actor.id);
      }
    } else {
      const d = decls[declId - 1];
      const nEdits = d.edits.length;
      entityType = 'declaration';
      entityId = String(d.id);
      if (step === 0) {
        actor = d.submitter;
        state = 'drafting';
        const annual = formatMoney(d.annualRequest);
        if (d.imported) {
          action = 'declaration.imported';
          comment = `imported from ${d.year}年度项目绩效目标汇总表.txt, line ${1 + (d.id % 40) * 17}`;
          changes = [
            { field: 'projectName', before: null, after: d.projectName },
            { field: 'indicators', before: null, after: d.indicators.length },
            { field: 'funds.annualRequest', before: null, after: annual },
          ];
        } else {
          action = 'declaration.created';
          changes = [
            { field: 'year', before: null, after: d.year },
            { field: 'projectName', before: null, after: d.projectName },
            { field: 'plannedStart', before: null, after: `${d.year}-01-01` },
            { field: 'plannedEnd', before: null, after: `${d.year}-12-31` },
            { field: 'funds.annualRequest', before: null, after: annual },
          ];
        }
      } else if (step <= nEdits) {
        actor = d.submitter;
        state = 'drafting';
        const what = d.edits[step - 1];
        if (what < 0) {
          action = 'declaration.updated';
          changes =
            (d.id + step) % 2
              ? [{ field: 'plannedEnd', before: `${d.year}-06-30`, after: `${d.year}-12-31` }]
              : [{ field: 'funds.carryover', before: '0.00', after: formatMoney(d.carryover) }];
        } else {
          const ind = d.indicators[what];
          action = 'indicator.updated';
          entityType = 'indicator';
          indicatorIdOf = d.firstIndicatorId + what;
          entityId = String(indicatorIdOf);
          comment = '根据预算评审意见调整';
          changes = [{ field: 'target', before: { ...ind.target, display: '待定' }, after: ind.target }];
        }
      } else {
        const s = d.path.steps[step - 1 - nEdits];
        actor = s.who === 'submitter' ? d.submitter : s.who === 'dept' ? d.deptReviewer : d.bureau;
        action = 'workflow.transitioned';
        state = s.from;
        comment =
          s.event === 'RETURN'
            ? d.returnComment
            : s.event === 'REQUEST_ADJUSTMENT'
              ? ADJUST_COMMENTS[d.id % ADJUST_COMMENTS.length]
              : null;
        const rating =
          s.event === 'APPROVE' && (d.id + step) % 3 !== 0
            ? (d.id + step) % 4
              ? '优'
              : '良'
            : s.event === 'RETURN' && d.id % 2
              ? '中'
              : null;
        changes = [
          { field: 'state', before: s.from, after: s.to },
          { field: 'event', before: null, after: s.event },
          ...(rating ? [{ field: 'rating', before: null, after: rating }] : []),
          { field: 'role', before: null, after: s.role },
        ];
        const w = transitionWriter.add([
          ++transitionId,
          d.id,
          s.event,
          s.from,
          s.to,
          actor.id,
          actor.username,
          s.role,
          comment,
          rating,
          at,
        ]);
        if (w) await w;
      }
    }
    const chain = declId === 0 ? 'system' : `d:${declId}`;
    const head = heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
    const event = {
      chain,
      seq: head.seq + 1,
      prevHash: head.hash,
      at,
      actorId: actor.id,
      actorUsername: actor.username,
      actorRoles: actor.roles,
      action,
      outcome: 'success',
      entityType,
      entityId,
      declarationId: declId === 0 ? null : declId,
      indicatorId: indicatorIdOf,
      state,
      changes: JSON.stringify(changes),
      comment,
      requestId: r.uuid(),
      ip: ipOf(actor),
    };
    const seal = keys.sealEvent(event);
    const h = seal.hash;
    heads.set(chain, { seq: event.seq, hash: h });
    const stored: Record<string, unknown> = { id: n + 1, ...event, ...seal };
    const w = auditWriter.add(COLUMNS.map((c) => stored[c.property]));
    if (w) await w;
    if ((n + 1) % 200_000 === 0)
      console.log(`  … ${n + 1} audit events (${formatDuration(Date.now() - started)})`);
  }
  await Promise.all([auditWriter.close(), transitionWriter.close()]);
  const chainWriter = new BulkWriter(
    pool,
    'audit_chains',
    [
      ['chain', 'varchar'],
      ['head_seq', 'integer'],
      ['head_hash', 'varchar'],
    ],
    10_000,
  );
  for (const [chain, h] of heads) {
    const w = chainWriter.add([chain, h.seq, h.hash]);
    if (w) await w;
  }
  await chainWriter.close();
  // The heads signed, as the service's first sweep would (same code: audit-checkpoints.ts).
  const sealer = await pool.connect();
  try {
    await sealer.query('BEGIN');
    const sealed = await sealCheckpoints(
      async (sql, params) => (await sealer.query(sql, params)).rows as Array<Record<string, unknown>>,
      true,
      keys.signer,
      { at: iso(ANCHOR) },
    );
    await sealer.query('COMMIT');
    console.log(`  ${sealed.length} signed checkpoints of ${heads.size} chain heads`);
  } finally {
    sealer.release();
  }
  console.log(
    `  ${auditWriter.rows} audit events in ${chainWriter.rows} chains, ${transitionWriter.rows} transitions (${formatDuration(Date.now() - started)}; database ${[auditWriter, transitionWriter].map((w) => formatDuration(w.dbMs)).join(' + ')})`,
  );

  // Sequences past the explicit ids, then statistics and the visibility map (autovacuum's job
  // in production) so the planner sees the real sizes.
  for (const t of [
    'departments',
    'users',
    'declarations',
    'indicators',
    'declaration_transitions',
    'declaration_versions',
    'audit_events',
  ])
    await pool.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
  const vacuumStarted = Date.now();
  await pool.query('VACUUM (ANALYZE)');
  console.log(`  VACUUM ANALYZE (${formatDuration(Date.now() - vacuumStarted)})`);

  const counts = (
    await pool.query(`SELECT
      (SELECT count(*) FROM departments)::int AS departments,
      (SELECT count(*) FROM users)::int AS users,
      (SELECT count(*) FROM declarations)::int AS declarations,
      (SELECT count(*) FROM indicators)::int AS indicators,
      (SELECT count(*) FROM declaration_transitions)::int AS transitions,
      (SELECT count(*) FROM declaration_versions)::int AS versions,
      (SELECT count(*) FROM audit_events)::int AS audit_events,
      (SELECT count(*) FROM audit_chains)::int AS audit_chains,
      pg_size_pretty(pg_database_size(current_database())) AS size`)
  ).rows[0] as Record<string, number | string>;
  const byState = (
    await pool.query('SELECT state, count(*)::int AS n FROM declarations GROUP BY state ORDER BY state')
  ).rows as Array<{ state: string; n: number }>;
  await pool.end();
  console.log('declarations by state:', byState.map((s) => `${s.state} ${s.n}`).join(', '));
  console.log('counts:', JSON.stringify(counts));
  console.log(`seeded in ${formatDuration(Date.now() - started)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
