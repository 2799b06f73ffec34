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
  auditor          reads everything, changes nothing; audit log and verification

整改: the closed project's items under 整改 (submitter: report done; bureau.reviewer: accept or
  reopen); its 2027 draft shows the ones still open.

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
 * a red light, one closed with its self-evaluation scored (an indicator missed: its rectification
 * items, one reported done, and its 2027 draft showing them).
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
  // 整改: the approval opened an item for the missed indicator; the bureau adds one of its own,
  // the submitter reports the first done (待验收), and the project's 2027 draft shows what is open.
  await call('POST', '/rectifications', bureau, {
    declarationId: evaluated.id,
    problem: '项目验收资料归档不及时，部分子项目缺少验收报告',
    requiredAction: '建立验收资料归档台账，补齐 2026 年度子项目验收报告',
    responsible: '运营管理部 项目管理组',
  });
  const [first] = (await call('GET', `/rectifications?declarationId=${evaluated.id}`, sub)).items as Array<{
    id: number;
    version: number;
  }>;
  if (first)
    await call('POST', `/rectifications/${first.id}/close`, sub, {
      version: first.version,
      evidence: '已调整实施计划，延期子项目已完成招标，预计次年一季度完成建设',
    });
  await call('POST', `/declarations/${evaluated.id}/next-year`, sub);
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
  // One higher-is-better indicator missed (80 % of its target), so the bureau's approval opens a
  // rectification item (整改) for it; the others met.
  type Ind = { id: number; target: { kind: string; comparator: string | null; value: string } | null };
  const missed = (d.indicators as Ind[]).find(
    (i) =>
      i.target?.kind === 'quantitative' &&
      i.target.comparator === '≥' &&
      /^[1-9]\d*\.\d{2}$/.test(i.target.value),
  );
  const eighty = (v: string) => {
    const c = (BigInt(v.replace('.', '')) * 80n) / 100n;
    const t = c.toString().padStart(3, '0');
    return `${t.slice(0, -2)}.${t.slice(-2)}`;
  };
  const entries = (d.indicators as Ind[]).map((i) =>
    i === missed
      ? {
          indicatorId: i.id,
          actual: eighty(i.target!.value),
          deviationAnalysis: '部分子项目受招标延期影响，已调整实施计划，下一年度优先完成',
        }
      : i.target?.kind === 'quantitative'
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
