import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, serveDocs } from './app.factory';
import { loadConfig } from './config/app-config';
import { serveConsole } from './console/serve-console';

/**
 * `npm run demo`: the service on the embedded database with the demo organisation, one user
 * per role, the nine declarations of the 2026 summary table of 上海市大数据中心, and a few of
 * them carried into later phases, so a newcomer sees every screen's data. Idempotent: a
 * second run finds the data and only serves.
 */
const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'Demo-Passw0rd!';
const FIXTURE = join(__dirname, '..', '..', 'test', 'fixtures', 'shanghai-bdc-2026-performance-targets.txt');

const USERS = [
  { username: 'submitter', displayName: '运营管理部 填报人', roles: ['submitter'], dep: 'SHDSC-OPS' },
  { username: 'dept.reviewer', displayName: '大数据中心 内部审核', roles: ['dept_reviewer'], dep: 'SHDSC' },
  { username: 'bureau.reviewer', displayName: '数据局 审核', roles: ['bureau_reviewer'], dep: 'ROOT' },
  // The indicator library's two approvals need two reviewers besides the proposer.
  { username: 'bureau.reviewer2', displayName: '数据局 初审', roles: ['bureau_reviewer'], dep: 'ROOT' },
  { username: 'bureau.reviewer3', displayName: '数据局 复审', roles: ['bureau_reviewer'], dep: 'ROOT' },
  { username: 'auditor', displayName: '审计', roles: ['auditor'], dep: 'ROOT' },
];

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ADMIN_PASSWORD: DEMO_PASSWORD, ...process.env });
  const app = await createApp(config);
  if (config.docsEnabled) serveDocs(app);
  const consoleServed = await serveConsole(app);
  await app.listen({ port: config.port, host: config.host });
  const own = ['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : config.host;
  const base = `http://${own.includes(':') ? `[${own}]` : own}:${config.port}/api`;
  const call = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return json;
  };
  const login = async (username: string) =>
    (await call('POST', '/auth/login', null, { username, password: DEMO_PASSWORD })).accessToken as string;

  const admin = await login('admin');
  const deps = (await call('GET', '/departments', admin)) as Array<{ id: number; code: string }>;
  if (!deps.some((d) => d.code === 'SHDSC')) {
    console.log('Loading the demo data…');
    const root = deps[0];
    const unit = await call('POST', '/departments', admin, {
      code: 'SHDSC',
      name: '上海市大数据中心',
      kind: 'unit',
      parentId: root.id,
    });
    const ids: Record<string, number> = { ROOT: root.id, SHDSC: unit.id };
    for (const [code, name] of [
      ['SHDSC-OPS', '运营管理部'],
      ['SHDSC-APP', '应用开发部'],
      ['SHDSC-DATA', '数据资源部'],
    ]) {
      ids[code] = (
        await call('POST', '/departments', admin, { code, name, kind: 'department', parentId: unit.id })
      ).id;
    }
    for (const u of USERS)
      await call('POST', '/users', admin, {
        username: u.username,
        displayName: u.displayName,
        password: DEMO_PASSWORD,
        roles: u.roles,
        departmentId: ids[u.dep],
      });
    const sub = await login('submitter');
    await call(
      'POST',
      '/imports/declarations',
      sub,
      readFileSync(FIXTURE, 'utf8'),
      'text/plain; charset=utf-8',
    );
    await carryIntoLaterPhases(call, login, sub);
  }
  const consoleUrl = `http://localhost:${config.port}/`;
  console.log(`
Console (绩效目标管理系统): ${consoleUrl}${consoleServed ? '' : ' (not built: run npm run build)'}  (log in with one of the users below)

performance-declarations demo is serving on http://localhost:${config.port}
  API docs (Swagger UI): http://localhost:${config.port}/api/docs
  Database: ${config.databaseUrl ? 'PostgreSQL' : config.databasePath}

Logins (password for all: ${DEMO_PASSWORD})
  admin            admin: departments and users
  submitter        submitter of 运营管理部 (owns the nine 2026 declarations)
  dept.reviewer    internal review of 上海市大数据中心 (单位内部审核)
  bureau.reviewer  review of 上海市数据局 (数据局审核); opens monitoring and evaluation
  bureau.reviewer2, bureau.reviewer3  数据局 too: the 指标库's 初审 and 复审 of what bureau.reviewer proposes
  auditor          reads everything, changes nothing; audit log and verification

Try: curl -s -X POST localhost:${config.port}/api/auth/login -H 'content-type: application/json' -d '{"username":"submitter","password":"${DEMO_PASSWORD}"}'
Stop with Ctrl+C.`);
}

type Call = (
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  contentType?: string,
) => Promise<any>;

/**
 * Moves some fixture declarations along so every screen has data: one awaiting internal
 * review, one returned with two review comments, one approved, one in mid-year monitoring with
 * a red light, one closed with its self-evaluation scored.
 */
async function carryIntoLaterPhases(
  call: Call,
  login: (u: string) => Promise<string>,
  sub: string,
): Promise<void> {
  const dept = await login('dept.reviewer');
  const bureau = await login('bureau.reviewer');
  const list = (await call('GET', '/declarations?year=2026', sub)).items as Array<{
    id: number;
    projectName: string;
  }>;
  const fire = async (id: number, event: string, token: string, extra: Record<string, unknown> = {}) => {
    const d = await call('GET', `/declarations/${id}`, token);
    return call('POST', `/declarations/${id}/transitions`, token, { event, version: d.version, ...extra });
  };
  const approve = async (id: number) => {
    await fire(id, 'SUBMIT', sub);
    await fire(id, 'APPROVE', dept);
    await fire(id, 'APPROVE', bureau);
  };
  const candidates = list.filter((d) => d.projectName !== '数据运营服务费');
  const [waiting, approvedOne, monitored, evaluated] = candidates;
  await fire(waiting.id, 'SUBMIT', sub);
  // One returned with two review comments (an indicator, a header field) for the submitter to see.
  for (const d of candidates.slice(4)) {
    const findings = (await call('GET', `/declarations/${d.id}/findings`, sub)) as Array<{
      severity: string;
    }>;
    if (findings.some((f) => f.severity === 'error')) continue;
    await fire(d.id, 'SUBMIT', sub);
    const full = (await call('GET', `/declarations/${d.id}`, dept)) as { indicators: Array<{ id: number }> };
    await call('POST', `/declarations/${d.id}/comments`, dept, {
      anchor: 'indicator',
      indicatorId: full.indicators[0].id,
      comment: '该指标值低于上年实际完成值，请对照历史数据调整',
    });
    await call('POST', `/declarations/${d.id}/comments`, dept, {
      anchor: 'annualGoal',
      comment: '年度总体目标请写明可衡量的产出和效果',
    });
    await fire(d.id, 'RETURN', dept, { comment: '请按审核意见修改后重新提交', rating: '中' });
    break;
  }
  // The evaluated project picks its indicators from the 指标库 while still a draft.
  await linkToLibrary(call, sub, evaluated.id);
  for (const d of [monitored, evaluated]) await approve(d.id);
  await call('POST', '/workflow/open-monitoring', bureau, { year: 2026 });
  await approve(approvedOne.id);
  await fillMonitoring(call, sub, monitored.id, true);
  await fillMonitoring(call, sub, evaluated.id, false);
  await fire(evaluated.id, 'SUBMIT', sub);
  await fire(evaluated.id, 'APPROVE', dept);
  await fire(evaluated.id, 'APPROVE', bureau);
  await call('POST', '/workflow/open-evaluation', bureau, { year: 2026 });
  await fillEvaluation(call, sub, evaluated.id);
  await fire(evaluated.id, 'SUBMIT', sub);
  await fire(evaluated.id, 'APPROVE', dept);
  await fire(evaluated.id, 'APPROVE', bureau);
  // Its 2027 draft, copied forward: each library-linked indicator shows its 2026 target, actual and score.
  await call('POST', `/declarations/${evaluated.id}/next-year`, sub);
  await libraryProposals(call, login, bureau, evaluated.id);
}

/** Links each indicator of a draft to the library entry of the same levels and name (the seed has them all). */
async function linkToLibrary(call: Call, sub: string, id: number): Promise<void> {
  const d = await call('GET', `/declarations/${id}`, sub);
  let version = d.version as number;
  for (const i of d.indicators as Array<{ id: number; level1: string; level2: string; name: string }>) {
    const found = await call(
      'GET',
      `/library/entries?year=${d.year}&search=${encodeURIComponent(i.name)}`,
      sub,
    );
    const entry = (found.items as Array<{ id: number; level1: string; level2: string; name: string }>).find(
      (e) => e.name === i.name && e.level1 === i.level1 && e.level2 === i.level2,
    );
    if (!entry) continue;
    version = (
      await call('POST', `/declarations/${id}/indicators/${i.id}/library-link`, sub, {
        version,
        libraryEntryId: entry.id,
      })
    ).version;
  }
}

/**
 * The 指标库's two approvals: bureau.reviewer fills in the explanations of the evaluated project's
 * first indicator (修改), approved by bureau.reviewer2 (初审) and bureau.reviewer3 (复审); and a
 * new entry (入库) waiting for its 复审.
 */
async function libraryProposals(
  call: Call,
  login: (u: string) => Promise<string>,
  bureau: string,
  declarationId: number,
): Promise<void> {
  const first = await login('bureau.reviewer2');
  const second = await login('bureau.reviewer3');
  const d = await call('GET', `/declarations/${declarationId}`, bureau);
  const entryId = (d.indicators as Array<{ libraryEntryId: number | null }>).find(
    (i) => i.libraryEntryId,
  )?.libraryEntryId;
  const decide = async (id: number, token: string) => {
    const p = await call('GET', `/library/proposals/${id}`, token);
    await call('POST', `/library/proposals/${id}/transitions`, token, {
      event: 'APPROVE',
      version: p.version,
    });
  };
  if (entryId) {
    const entry = await call('GET', `/library/entries/${entryId}`, bureau);
    const change = await call('POST', '/library/proposals', bureau, {
      operation: 'change',
      entryId,
      entry: {
        definition: `衡量“${entry.name}”的年度完成情况，按年度指标值考核`,
        formula:
          entry.direction === 'qualitative'
            ? '按年度目标的达成情况定性评价'
            : `年度实际完成值（${entry.unit}），与年度指标值比较`,
        dataSource: '项目单位年度绩效自评材料及业务系统统计',
        scoringStandard:
          '达到年度指标值得满分；未达到的按完成比例计分（定性指标按达成、部分达成、未达成分档计分）',
      },
      reason: '补充指标解释、计算公式、数据来源和评分标准',
    });
    await decide(change.id, first);
    await decide(change.id, second);
  }
  const add = await call('POST', '/library/proposals', bureau, {
    operation: 'add',
    entry: {
      code: 'ZB0119',
      level1: 'output',
      level2: 'quantity',
      name: '公共数据开放数据集数量',
      definition: '年度内通过公共数据开放平台新增开放的数据集个数',
      formula: '年末开放数据集数 − 年初开放数据集数',
      dataSource: '上海市公共数据开放平台',
      scoringStandard: '达到目标值得满分，未达到按比例计分',
      direction: 'higher',
      unit: '个',
      validFrom: 2027,
    },
    reason: '2027 年起考核公共数据开放',
  });
  await decide(add.id, first);
}

async function fillMonitoring(call: Call, sub: string, id: number, withRisk: boolean): Promise<void> {
  const d = await call('GET', `/declarations/${id}`, sub);
  const entries = d.indicators.map(
    (i: { id: number; target: { kind: string; value: string } | null }, n: number) => {
      const risky = withRisk && n === 0;
      if (i.target?.kind === 'quantitative') {
        return risky
          ? {
              indicatorId: i.id,
              actualToDate: '40',
              forecast: '60',
              likelihood: 'impossible',
              deviationReasons: [{ category: 'funding', note: '资金下达滞后' }],
              correctiveMeasures: '加快资金拨付进度',
            }
          : {
              indicatorId: i.id,
              actualToDate: i.target.value,
              forecast: i.target.value,
              likelihood: 'certain',
              deviationReasons: [],
            };
      }
      return {
        indicatorId: i.id,
        actualToDate: '按计划推进',
        forecast: 'achieved',
        likelihood: 'certain',
        deviationReasons: [],
      };
    },
  );
  const total = d.funds.annualRequest as string;
  const executed = withRisk
    ? (BigInt(total.replace('.', '')) / 4n).toString()
    : (BigInt(total.replace('.', '')) / 2n).toString();
  const money = (fen: string) => `${fen.slice(0, -2) || '0'}.${fen.slice(-2).padStart(2, '0')}`;
  await call('PUT', `/declarations/${id}/monitoring`, sub, {
    version: d.version,
    periodEndMonth: 7,
    budget: {
      initialBudget: total,
      adjustedBudget: total,
      executedToDate: money(executed),
      forecastFullYear: total,
    },
    goalProgress: withRisk ? '部分工作进度滞后' : '按计划推进',
    entries,
  });
}

async function fillEvaluation(call: Call, sub: string, id: number): Promise<void> {
  const d = await call('GET', `/declarations/${id}`, sub);
  const entries = d.indicators.map((i: { id: number; target: { kind: string; value: string } | null }) =>
    i.target?.kind === 'quantitative'
      ? { indicatorId: i.id, actual: i.target.value }
      : { indicatorId: i.id, actual: '已完成', achievement: 'achieved' },
  );
  const total = d.funds.annualRequest as string;
  const executed = (BigInt(total.replace('.', '')) * 95n) / 100n;
  const s = executed.toString();
  await call('PUT', `/declarations/${id}/evaluation`, sub, {
    version: d.version,
    budget: { initialBudget: total, adjustedBudget: total, executed: `${s.slice(0, -2)}.${s.slice(-2)}` },
    goalAchievement: '年度目标基本完成',
    entries,
  });
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
