import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, serveDocs } from './app.factory';
import { loadConfig } from './config/app-config';
import { serveConsole } from './console/serve-console';
import { WorkCalendars } from './calendar/calendar.service';
import { type WorkCalendar } from './calendar/working-days';
import { beijingDate } from './common/time';

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
    await carryIntoLaterPhases(call, login, sub, base);
    await publishSome(call, await login('bureau.reviewer'));
  }
  const workingDays = await deadlinesInWords(
    call,
    await login('dept.reviewer'),
    await app.get(WorkCalendars).current(),
    config.reviewDeadlineDays.internalReview,
  );
  const consoleUrl = `http://localhost:${config.port}/`;
  console.log(`
Console (绩效目标管理系统): ${consoleUrl}${consoleServed ? '' : ' (not built: run npm run build)'}  (log in with one of the users below)

performance-declarations demo is serving on http://localhost:${config.port}
  API docs (Swagger UI): http://localhost:${config.port}/api/docs
  Database: ${config.databaseUrl ? 'PostgreSQL' : config.databasePath}

Logins (password for all: ${DEMO_PASSWORD})
  admin            admin: departments and users; the holiday calendars (管理 → 节假日)
  submitter        submitter of 运营管理部 (owns the nine 2026 declarations)
  dept.reviewer    internal review of 上海市大数据中心 (单位内部审核)
  bureau.reviewer  review of 上海市数据局 (数据局审核); opens monitoring and evaluation
  bureau.reviewer2, bureau.reviewer3  数据局 too: the 指标库's 初审 and 复审 of what bureau.reviewer proposes
  auditor          reads everything, changes nothing; audit log and verification

${workingDays}

绩效目标公开 (no login): the 2026 public table http://localhost:${config.port}/api/public/targets/table.html?year=2026
  (Excel: http://localhost:${config.port}/api/public/targets/table.xlsx?year=2026); check a downloaded
  table at ${consoleUrl}public/verify, or offline: node scripts/verify-published.mjs <table.html>

整改: the closed project's items under 整改 (submitter: report done; bureau.reviewer: accept or
  reopen); its 2027 draft shows the ones still open.

Try: curl -s -X POST localhost:${config.port}/api/auth/login -H 'content-type: application/json' -d '{"username":"submitter","password":"${DEMO_PASSWORD}"}'
Stop with Ctrl+C.`);
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const withWeekday = (date: string) => `${date}（${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}）`;

/**
 * Review deadlines count working days (issue 18 item 6): the internal reviewer's queue item as
 * the 审核 page shows it, and what a stay entered on the last Monday of the year would be due
 * (元旦 and the weekend off, next year's calendar 暂定 until its notice is loaded).
 */
async function deadlinesInWords(
  call: Call,
  dept: string,
  calendar: WorkCalendar,
  days: number,
): Promise<string> {
  const queue = (await call('GET', '/queues/mine?sort=due', dept)) as {
    items: Array<{
      projectName: string | null;
      enteredAt: string;
      dueDate: string | null;
      dueProvisional: boolean;
    }>;
  };
  const item = queue.items.find((i) => i.dueDate);
  const year = Number(beijingDate(new Date().toISOString()).slice(0, 4));
  let monday = new Date(Date.UTC(year, 11, 31));
  while (monday.getUTCDay() !== 1) monday = new Date(monday.getTime() - 86_400_000);
  const entered = monday.toISOString().slice(0, 10);
  const example = calendar.due(`${entered}T02:00:00.000Z`, days);
  return [
    `Working days (审核期限按工作日计算: weekends and public holidays off, 调休 on; the calendars: 管理 → 节假日)`,
    item
      ? `  dept.reviewer's 审核 queue: 「${item.projectName}」 entered ${withWeekday(beijingDate(item.enteredAt))}, due ${withWeekday(item.dueDate!)}${item.dueProvisional ? ' 暂定' : ''} (${days} working days)`
      : '',
    `  entered ${withWeekday(entered)} it would be due ${withWeekday(example.dueDate)}${example.provisional ? ` (暂定: ${year + 1}'s notice not loaded yet)` : ''}`,
  ]
    .filter(Boolean)
    .join('\n');
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
 * review, one returned with two review comments, one approved with a scored review graded 良
 * (amendments, a flagged indicator), one in mid-year monitoring with a red light, one closed with
 * its self-evaluation scored (an indicator missed: its rectification items, one reported done, and
 * its 2027 draft showing them).
 */
async function carryIntoLaterPhases(
  call: Call,
  login: (u: string) => Promise<string>,
  sub: string,
  base: string,
): Promise<void> {
  const dept = await login('dept.reviewer');
  const bureau = await login('bureau.reviewer');
  const list = (await call('GET', '/declarations?year=2026', sub)).items as Array<{
    id: number;
    projectName: string;
  }>;
  let attached = false;
  const fire = async (id: number, event: string, token: string, extra: Record<string, unknown> = {}) => {
    // 事前绩效评估: a new project of 5,000,000.00 元 or more is assessed before it is submitted
    // (the first one with its report attached); the drafts left show PRE_ASSESSMENT_MISSING.
    if (event === 'SUBMIT') attached = (await assessIfNeeded(call, base, sub, id, !attached)) || attached;
    const d = await call('GET', `/declarations/${id}`, token);
    return call('POST', `/declarations/${id}/transitions`, token, { event, version: d.version, ...extra });
  };
  // The 数据局's approval of the targets is scored (绩效目标审核, 财预〔2015〕88号; issue 18 item 2).
  const scored = (scores: [string, string, string, string], amendments?: string) => ({
    completeness: { score: scores[0], opinion: '申报表各项内容填写完整，绩效目标表述清晰' },
    relevance: { score: scores[1], opinion: '绩效指标与项目立项依据、资金用途相符' },
    appropriateness: {
      score: scores[2],
      opinion:
        Number(scores[2]) < 80 ? '部分数量指标目标值偏低，与年度资金规模不够匹配' : '指标值与资金规模相匹配',
    },
    feasibility: { score: scores[3], opinion: '实施方案和资金安排可以支撑目标实现' },
    ...(amendments ? { amendments } : {}),
  });
  const approve = async (id: number, review = scored(['95', '92', '90', '93'])) => {
    await fire(id, 'SUBMIT', sub);
    await fire(id, 'APPROVE', dept);
    await fire(id, 'APPROVE', bureau, { review });
  };
  const candidates = list.filter((d) => d.projectName !== '数据运营服务费');
  const [waiting, approvedOne, monitored, evaluated] = candidates;
  await fire(waiting.id, 'SUBMIT', sub);
  // One returned with two review comments (an indicator, a header field) for the submitter to see.
  for (const d of candidates.slice(4)) {
    const findings = (await call('GET', `/declarations/${d.id}/findings`, sub)) as Array<{
      severity: string;
      code: string;
    }>;
    // The pre-assessment is recorded on SUBMIT (fire): any other error keeps it a draft.
    if (findings.some((f) => f.severity === 'error' && !f.code.startsWith('PRE_ASSESSMENT_'))) continue;
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
  // One approved graded 良 (83.75): the amendments named, and one indicator flagged by the 数据局
  // (a review comment on it, listed in the scored review and beside the indicator).
  await fire(approvedOne.id, 'SUBMIT', sub);
  await fire(approvedOne.id, 'APPROVE', dept);
  const flaggedOne = (await call('GET', `/declarations/${approvedOne.id}`, bureau)) as {
    indicators: Array<{ id: number }>;
  };
  await call('POST', `/declarations/${approvedOne.id}/comments`, bureau, {
    anchor: 'indicator',
    indicatorId: flaggedOne.indicators[0].id,
    comment: '目标值低于上年实际完成数，建议在执行中提高',
  });
  await fire(approvedOne.id, 'APPROVE', bureau, {
    review: scored(['90', '85', '78', '82'], '请按指标审核意见调高数量指标目标值，并补充成本指标'),
  });
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
  // Its 2027 draft, copied forward: the open items show there, and each library-linked indicator
  // shows its 2026 target, actual and score.
  await call('POST', `/declarations/${evaluated.id}/next-year`, sub);
  await libraryProposals(call, login, bureau, evaluated.id);
}

/**
 * 绩效目标公开: the bureau publishes the approved declarations but one, kept unpublished with its
 * reason; the public table then verifies (checked here through the public route).
 */
async function publishSome(call: Call, bureau: string): Promise<void> {
  const list = (await call('GET', '/publications?year=2026', bureau)) as {
    items: Array<{ declarationId: number; approvedVersion: number; contentSha256: string }>;
  };
  for (const [n, item] of list.items.entries())
    await call(
      'PUT',
      `/publications/${item.declarationId}`,
      bureau,
      n === 0
        ? { published: false, notPublishedReason: '涉及网络安全防护措施细节，依规不予公开' }
        : { published: true },
    );
  const published = list.items.slice(1);
  if (!published.length) return;
  const check = await call('POST', '/public/targets/verify', null, {
    rows: published.map((i) => ({
      declarationId: i.declarationId,
      versionNo: i.approvedVersion,
      contentSha256: i.contentSha256,
    })),
  });
  console.log(`绩效目标公开: ${published.length} published; ${check.summary}`);
}

/** A one-page PDF: the demo's assessment report (the service checks a PDF by its first bytes). */
const REPORT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/**
 * Records a passed pre-assessment (事前绩效评估) on a draft that needs one, with the report
 * attached when `attach`; answers whether it attached one.
 */
async function assessIfNeeded(
  call: Call,
  base: string,
  sub: string,
  id: number,
  attach: boolean,
): Promise<boolean> {
  const view = await call('GET', `/declarations/${id}/pre-assessment`, sub);
  if (!view.required || view.record) return false;
  const saved = await call('PUT', `/declarations/${id}/pre-assessment`, sub, {
    version: view.version,
    necessity: '项目为本市公共数据和政务信息化的基础支撑，属于部门履职的必要投入，立项依据充分',
    economy: '资金测算参照上年合同价、市场询价和同类项目单价，成本构成清晰，投入规模合理',
    goals: '产出、效益和满意度指标与资金规模和年度任务相匹配，指标值有历史完成情况支撑',
    feasibility: '实施方案明确了进度安排、采购方式和组织保障，技术路线成熟，风险可控',
    financing: '资金来源为当年财政拨款，未新增政府债务，符合预算管理和政府采购规定',
    conclusion: 'pass',
  });
  if (!attach) return false;
  const form = new FormData();
  form.append('file', new Blob([REPORT_PDF], { type: 'application/pdf' }), '事前绩效评估报告.pdf');
  const res = await fetch(`${base}/declarations/${id}/pre-assessment/attachment?version=${saved.version}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sub}` },
    body: form,
  });
  if (!res.ok) throw new Error(`pre-assessment attachment of ${id}: ${res.status} ${await res.text()}`);
  return true;
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
