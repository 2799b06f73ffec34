#!/usr/bin/env node
// Offline check of a 绩效目标公开表 (docs/publication.md): rebuilds each project's canonical text
// from the cells of the table, hashes it with SHA-256 and compares the result with the table's own
// 内容哈希（SHA-256）. A self-contained file for the .html page (copy it out, Node 20, nothing to
// install); an .xlsx is read with exceljs when it can be imported (inside a checkout of the project).
//
//   node scripts/verify-published.mjs 2026年度绩效目标公开表.html [--canonical]
//
// Prints one line per project and exits 1 when any project's cells do not hash to its stated
// hash. --canonical also prints each canonical text (to pipe into sha256sum yourself). That the
// stated hash is the approved version's, and that the approval is on the audit chain, is what
// the service's verify answers (POST /api/public/targets/verify with the hashes, no login).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const FUNDS = ['total', 'annualRequest', 'currentAppropriation', 'carryover', 'other'];
const DECL = [
  ['declarationId', '申报编号'],
  ['versionNo', '批准版本'],
  ['approvedAt', '批准时间（UTC）'],
  ['year', '年度'],
  ['projectName', '项目名称'],
  ['projectNature', '项目性质'],
  ['projectCategory', '项目类别'],
  ['competentDepartment', '主管部门'],
  ['implementingUnit', '实施单位'],
  ['plannedStart', '计划开始日期'],
  ['plannedEnd', '计划完成日期'],
  ['funds.total', '项目资金总额（元）'],
  ['funds.annualRequest', '年度资金申请总额（元）'],
  ['funds.currentAppropriation', '当年财政拨款（元）'],
  ['funds.carryover', '上年结转资金（元）'],
  ['funds.other', '其他资金（元）'],
  ['overallGoal', '总体目标'],
  ['annualGoal', '年度目标'],
];
const IND = [
  ['level1', '一级指标'],
  ['level2', '二级指标'],
  ['costType', '成本类型'],
  ['name', '三级指标'],
  ['target', '年度指标值'],
  ['weight', '权重'],
];
const PROOF = [
  ['contentSha256', '内容哈希（SHA-256）'],
  ['chain', '审计链'],
  ['seq', '批准事件序号'],
  ['eventHash', '批准事件哈希（审批时链头）'],
];
const INTS = new Set(['declarationId', 'versionNo', 'year']);

/** The canonical list (src/declarations/approved-content.ts), format 1. */
function canonical(c) {
  return JSON.stringify([
    'pd-approved-content',
    1,
    c.declarationId,
    c.versionNo,
    c.approvedAt,
    c.year,
    c.projectName,
    c.projectNature,
    c.projectCategory,
    c.competentDepartment,
    c.implementingUnit,
    c.plannedStart,
    c.plannedEnd,
    FUNDS.map((f) => c.funds[f]),
    c.overallGoal,
    c.annualGoal,
    c.indicators.map((i) => [i.level1, i.level2, i.costType, i.name, i.target, i.weight]),
  ]);
}

/** "1,234.5" or 1234.5 → "1234.50"; blank → null. */
function money(v) {
  if (v === null || v === undefined || v === '') return null;
  const s = String(v).replace(/[,\s]/g, '');
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return s;
  return `${m[1]}${BigInt(m[2])}.${(m[3] ?? '').padEnd(2, '0')}`;
}

function put(c, key, v) {
  if (key.startsWith('funds.')) c.funds[key.slice(6)] = money(v);
  else if (INTS.has(key)) c[key] = v === null ? null : Number(v);
  else c[key] = v;
}

function empty() {
  const c = { funds: {}, indicators: [] };
  for (const [k] of DECL) if (!k.startsWith('funds.')) c[k] = null;
  for (const f of FUNDS) c.funds[f] = null;
  return c;
}

const unescape = (s) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

function readHtml(text) {
  const rows = [];
  for (const [, body] of text.matchAll(
    /<section class="project" data-declaration="[^"]*">([\s\S]*?)<\/section>/g,
  )) {
    const c = empty();
    const proof = {};
    let ind = null;
    for (const m of body.matchAll(/<(td|span|code)[^>]*\sdata-k="([\w.]+)"[^>]*>([\s\S]*?)<\/\1>/g)) {
      const key = m[2];
      const raw = unescape(m[3]);
      const v = raw === '' ? null : raw;
      if (IND.some(([k]) => k === key)) {
        if (key === 'level1') c.indicators.push((ind = {}));
        if (ind) ind[key] = v;
      } else if (PROOF.some(([k]) => k === key)) proof[key] = v;
      else put(c, key, v);
    }
    rows.push({ content: c, proof });
  }
  return rows;
}

async function readXlsx(buf) {
  let ExcelJS;
  try {
    ExcelJS = (await import('exceljs')).default;
  } catch {
    throw new Error('reading an .xlsx needs exceljs (npm install exceljs); the .html page needs nothing');
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf);
  const text = (cell) => {
    let v = cell.isMerged ? cell.master.value : cell.value;
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      if ('result' in v) v = v.result;
      else if ('richText' in v) v = v.richText.map((t) => t.text).join('');
      else if ('text' in v) v = v.text;
    }
    if (v === null || v === undefined || v === '') return null;
    return v instanceof Date ? v.toISOString() : String(v);
  };
  for (const ws of wb.worksheets) {
    for (let h = 1; h <= Math.min(10, ws.rowCount); h++) {
      const cols = new Map();
      for (let c = 1; c <= ws.columnCount; c++) {
        const t = text(ws.getCell(h, c));
        const def = [...DECL, ...IND, ...PROOF].find(([, header]) => header === t);
        if (def) cols.set(def[0], c);
      }
      if (!cols.has('declarationId')) continue;
      const rows = [];
      let cur = null;
      for (let r = h + 1; r <= ws.rowCount; r++) {
        const at = (k) => (cols.has(k) ? text(ws.getCell(r, cols.get(k))) : null);
        const idCell = ws.getCell(r, cols.get('declarationId'));
        const continuation = idCell.isMerged && idCell.master.address !== idCell.address;
        if (!continuation && at('declarationId') !== null) {
          const c = empty();
          for (const [k] of DECL) put(c, k, at(k));
          cur = { content: c, proof: Object.fromEntries(PROOF.map(([k]) => [k, at(k)])) };
          rows.push(cur);
        }
        if (!cur) continue;
        const ind = Object.fromEntries(IND.map(([k]) => [k, at(k)]));
        if (IND.some(([k]) => ind[k] !== null)) cur.content.indicators.push(ind);
      }
      return rows;
    }
  }
  throw new Error('no sheet with the public table header (申报编号 …)');
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/verify-published.mjs <table.html|table.xlsx> [--canonical]');
  process.exit(2);
}
const data = readFileSync(file);
const rows = data[0] === 0x50 && data[1] === 0x4b ? await readXlsx(data) : readHtml(data.toString('utf8'));
let bad = 0;
rows.forEach(({ content, proof }, i) => {
  const text = canonical(content);
  const sha = createHash('sha256').update(text, 'utf8').digest('hex');
  const ok = sha === proof.contentSha256;
  if (!ok) bad++;
  console.log(
    `第 ${i + 1} 项 申报编号 ${content.declarationId} ${content.projectName ?? ''}：${ok ? '一致' : '不一致'} ` +
      `计算值 ${sha} 表中值 ${proof.contentSha256 ?? '（空）'} 审计链 ${proof.chain ?? ''} 第 ${proof.seq ?? ''} 号事件 ${proof.eventHash ?? ''}`,
  );
  if (process.argv.includes('--canonical')) console.log(text);
});
console.log(bad ? `${bad} 个项目的内容与其哈希值不符` : `全部 ${rows.length} 个项目的内容与其哈希值相符`);
process.exit(bad ? 1 : 0);
