import type ExcelJS from 'exceljs';
import { formatMoney, parseMoney } from '../common/money';
import type { UploadLimits } from '../exports/xlsx-inspect';
import {
  addFormSheet,
  fitRows,
  FONT_NAME,
  loadWorkbook,
  moneyCellValue,
  MONEY_FORMAT,
  newWorkbook,
  put,
  rawValue,
  toBuffer,
} from '../exports/xlsx-layout';
import {
  canonicalText,
  type PublishedContent,
  type PublishedIndicator,
} from '../declarations/approved-content';
import { FUND_FIELDS } from '../declarations/declaration-mapper';
import { PublicationErrors } from './publication.messages';

/**
 * The public table of a year's published targets (绩效目标公开表), as a workbook and as a static
 * HTML page, and reading both back for the verification. Every cell a reader sees is part of the
 * declaration's canonical content (declarations/approved-content.ts), except the proof itself
 * (the content hash and the approval's place on the audit chain) and the running number, so a
 * changed cell is a changed hash. docs/publication.md explains the recipe.
 */

/** One published declaration of the table, with its proof. */
export interface PublicTableRow {
  item: number;
  content: PublishedContent;
  contentSha256: string;
  /** The approval's audit event: its chain, seq and hash (the chain head right after the approval). */
  chain: string | null;
  seq: number | null;
  eventHash: string | null;
}

/** A row read back from a table: the content as the cells give it, and the proof it claims. */
export interface ReadRow {
  item: number;
  /** Where it is in the file: `第 5–9 行` of the sheet, or `第 3 个项目` of the page. */
  place: string;
  content: PublishedContent;
  contentSha256: string | null;
  chain: string | null;
  seq: number | null;
  eventHash: string | null;
}

type DeclKey =
  | 'declarationId'
  | 'versionNo'
  | 'approvedAt'
  | 'year'
  | 'projectName'
  | 'projectNature'
  | 'projectCategory'
  | 'competentDepartment'
  | 'implementingUnit'
  | 'plannedStart'
  | 'plannedEnd'
  | `funds.${(typeof FUND_FIELDS)[number]}`
  | 'overallGoal'
  | 'annualGoal';
type IndKey = keyof PublishedIndicator;
type ProofKey = 'contentSha256' | 'chain' | 'seq' | 'eventHash';

interface ColumnDef<K> {
  key: K;
  header: string;
  width: number;
}

export const DECLARATION_COLUMNS: ColumnDef<DeclKey>[] = [
  { key: 'declarationId', header: '申报编号', width: 8 },
  { key: 'versionNo', header: '批准版本', width: 6 },
  { key: 'approvedAt', header: '批准时间（UTC）', width: 14 },
  { key: 'year', header: '年度', width: 6 },
  { key: 'projectName', header: '项目名称', width: 18 },
  { key: 'projectNature', header: '项目性质', width: 8 },
  { key: 'projectCategory', header: '项目类别', width: 8 },
  { key: 'competentDepartment', header: '主管部门', width: 12 },
  { key: 'implementingUnit', header: '实施单位', width: 12 },
  { key: 'plannedStart', header: '计划开始日期', width: 11 },
  { key: 'plannedEnd', header: '计划完成日期', width: 11 },
  { key: 'funds.total', header: '项目资金总额（元）', width: 15 },
  { key: 'funds.annualRequest', header: '年度资金申请总额（元）', width: 15 },
  { key: 'funds.currentAppropriation', header: '当年财政拨款（元）', width: 15 },
  { key: 'funds.carryover', header: '上年结转资金（元）', width: 13 },
  { key: 'funds.other', header: '其他资金（元）', width: 13 },
  { key: 'overallGoal', header: '总体目标', width: 30 },
  { key: 'annualGoal', header: '年度目标', width: 30 },
];
export const INDICATOR_COLUMNS: ColumnDef<IndKey>[] = [
  { key: 'level1', header: '一级指标', width: 9 },
  { key: 'level2', header: '二级指标', width: 9 },
  { key: 'costType', header: '成本类型', width: 8 },
  { key: 'name', header: '三级指标', width: 20 },
  { key: 'target', header: '年度指标值', width: 12 },
  { key: 'weight', header: '权重', width: 6 },
];
export const PROOF_COLUMNS: ColumnDef<ProofKey>[] = [
  { key: 'contentSha256', header: '内容哈希（SHA-256）', width: 24 },
  { key: 'chain', header: '审计链', width: 8 },
  { key: 'seq', header: '批准事件序号', width: 7 },
  { key: 'eventHash', header: '批准事件哈希（审批时链头）', width: 24 },
];

/** The words of a cell, for the verification's answers (`年度资金申请总额（元）`). */
export function headerOf(key: string): string {
  return (
    [...DECLARATION_COLUMNS, ...INDICATOR_COLUMNS, ...PROOF_COLUMNS].find((c) => c.key === key)?.header ?? key
  );
}

export const SHEET_NAME = '绩效目标公开表';
export const TITLE = (year: number) => `${year}年度绩效目标公开表`;
const NOTE = (generatedAt: string) =>
  `生成时间（UTC）：${generatedAt}。每个项目的“内容哈希（SHA-256）”是其批准版本规范文本的 SHA-256，` +
  '“批准事件哈希”是批准时审计链的链头；任何人可在本系统“公开表核验”页上传本表核验，' +
  '或按 docs/publication.md 自行计算核对。';

const declValue = (c: PublishedContent, key: DeclKey): string | number | null =>
  key.startsWith('funds.')
    ? c.funds[key.slice(6) as (typeof FUND_FIELDS)[number]]
    : (c[key as Exclude<DeclKey, `funds.${string}`>] as string | number | null);

// ---------------------------------------------------------------------------------------------
// The workbook.

export async function publicWorkbook(
  year: number,
  rows: PublicTableRow[],
  generatedAt: string,
): Promise<Buffer> {
  const wb = await newWorkbook();
  const columns = [
    { header: '序号', width: 5 },
    ...DECLARATION_COLUMNS,
    ...INDICATOR_COLUMNS,
    ...PROOF_COLUMNS,
  ];
  const ws = addFormSheet(
    wb,
    SHEET_NAME,
    columns.map((c) => c.width),
    true,
  );
  const last = columns.length;
  put(ws, 1, 1, 1, last, TITLE(year), { bold: true, size: 16, horizontal: 'center', border: false });
  put(ws, 2, 1, 2, last, NOTE(generatedAt), { size: 9, border: false });
  columns.forEach((c, i) => put(ws, 3, i + 1, 3, i + 1, c.header, { label: true }));
  ws.views = [{ state: 'frozen', ySplit: 3, showGridLines: false }];
  let r = 4;
  for (const row of rows) {
    const n = Math.max(1, row.content.indicators.length);
    const r2 = r + n - 1;
    let col = 1;
    put(ws, r, col, r2, col++, row.item, { horizontal: 'center', vertical: 'top' });
    for (const d of DECLARATION_COLUMNS) {
      const v = declValue(row.content, d.key);
      if (d.key.startsWith('funds.'))
        put(ws, r, col, r2, col++, v === null ? null : moneyCellValue(parseMoney(String(v), d.key)), {
          horizontal: 'right',
          vertical: 'top',
          numFmt: MONEY_FORMAT,
        });
      else put(ws, r, col, r2, col++, v, { vertical: 'top' });
    }
    const indStart = col;
    row.content.indicators.forEach((ind, k) => {
      INDICATOR_COLUMNS.forEach((c, j) => put(ws, r + k, indStart + j, r + k, indStart + j, ind[c.key]));
    });
    if (!row.content.indicators.length)
      INDICATOR_COLUMNS.forEach((_, j) => put(ws, r, indStart + j, r, indStart + j, null));
    col = indStart + INDICATOR_COLUMNS.length;
    const proof: Record<ProofKey, string | number | null> = {
      contentSha256: row.contentSha256,
      chain: row.chain,
      seq: row.seq,
      eventHash: row.eventHash,
    };
    for (const p of PROOF_COLUMNS) {
      const cell = put(ws, r, col, r2, col++, proof[p.key], { vertical: 'top' });
      cell.font = { name: 'Consolas', size: 8 };
    }
    r = r2 + 1;
  }
  ws.pageSetup.printTitlesRow = '3:3';
  ws.getRow(3).height = 30;
  ws.getCell(1, 1).font = { name: FONT_NAME, size: 16, bold: true };
  // Rows tall enough for the goals and long names (the title and note rows keep their own).
  fitRows(ws);
  return toBuffer(wb);
}

/** What a cell holds as the canonical content's text: money as a decimal string, empty as null. */
function cellString(cell: ExcelJS.Cell, money: boolean): string | null {
  const v = rawValue(cell);
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v.toISOString();
  if (money) {
    const text = typeof v === 'number' ? String(v) : String(v as string).replace(/[,\s]/g, '');
    try {
      return formatMoney(parseMoney(text, 'money', { allowNegative: true }));
    } catch {
      return String(v as string);
    }
  }
  return typeof v === 'string' ? v : String(v as number);
}

function intOrNull(s: string | null): number | null {
  if (s === null) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : NaN;
}

/** Reads a public workbook back (the first sheet that has the header row). */
export async function readPublicWorkbook(buf: Buffer, limits: UploadLimits): Promise<ReadRow[]> {
  const wb = await loadWorkbook(buf, limits);
  for (const ws of wb.worksheets) {
    const found = headerRow(ws);
    if (found) return readSheet(ws, found.row, found.columns);
  }
  throw PublicationErrors.PUBLIC_TABLE_UNREADABLE(
    { why: '工作簿中没有“申报编号”等表头的工作表' },
    { field: 'file' },
  );
}

function headerRow(ws: ExcelJS.Worksheet): { row: number; columns: Map<string, number> } | null {
  for (let r = 1; r <= Math.min(10, ws.rowCount); r++) {
    const columns = new Map<string, number>();
    for (let c = 1; c <= ws.columnCount; c++) {
      const text = cellString(ws.getCell(r, c), false);
      const def = [...DECLARATION_COLUMNS, ...INDICATOR_COLUMNS, ...PROOF_COLUMNS].find(
        (d) => d.header === text,
      );
      if (def) columns.set(def.key, c);
    }
    if (columns.has('declarationId')) return { row: r, columns };
  }
  return null;
}

function readSheet(ws: ExcelJS.Worksheet, header: number, columns: Map<string, number>): ReadRow[] {
  const rows: ReadRow[] = [];
  let current: { row: ReadRow; first: number } | null = null;
  const idCol = columns.get('declarationId')!;
  const close = (lastRow: number) => {
    if (current) current.row.place = `工作表“${ws.name}”第 ${current.first}–${lastRow} 行`;
  };
  for (let r = header + 1; r <= ws.rowCount; r++) {
    const idCell = ws.getCell(r, idCol);
    const continuation = idCell.isMerged && idCell.master.address !== idCell.address;
    const at = (key: string, money = false) => {
      const c = columns.get(key);
      return c === undefined ? null : cellString(ws.getCell(r, c), money);
    };
    if (!continuation && at('declarationId') !== null) {
      close(r - 1);
      const content = {
        funds: {},
        indicators: [] as PublishedIndicator[],
      } as unknown as PublishedContent;
      for (const d of DECLARATION_COLUMNS) {
        const isMoney = d.key.startsWith('funds.');
        const v = at(d.key, isMoney);
        if (isMoney) (content.funds as Record<string, string | null>)[d.key.slice(6)] = v;
        else if (d.key === 'declarationId' || d.key === 'versionNo' || d.key === 'year')
          (content as unknown as Record<string, unknown>)[d.key] = intOrNull(v);
        else (content as unknown as Record<string, unknown>)[d.key] = v;
      }
      current = {
        first: r,
        row: {
          item: rows.length + 1,
          place: '',
          content,
          contentSha256: at('contentSha256'),
          chain: at('chain'),
          seq: intOrNull(at('seq')),
          eventHash: at('eventHash'),
        },
      };
      rows.push(current.row);
    }
    if (!current) continue;
    const ind = Object.fromEntries(
      INDICATOR_COLUMNS.map((c) => [c.key, at(c.key)]),
    ) as unknown as PublishedIndicator;
    if (INDICATOR_COLUMNS.some((c) => ind[c.key] !== null)) current.row.content.indicators.push(ind);
  }
  close(ws.rowCount);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The HTML page: static, self-contained, printable, no script to run. Each value a reader sees
// carries `data-k` (its key in the canonical content) so a program reads it back exactly; the
// canonical texts are embedded as JSON (a data block, not a script) for `sha256sum`.

/** The ideographic space between the page's short facts. */
const SP = '\u3000';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function money(v: string | null): string {
  if (v === null) return '';
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(v);
  return m ? `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}` : v;
}

export function publicHtml(year: number, rows: PublicTableRow[], generatedAt: string): string {
  const cell = (key: string, v: string | number | null, tag = 'td', cls = '') =>
    `<${tag}${cls ? ` class="${cls}"` : ''} data-k="${key}">${v === null ? '' : esc(key.startsWith('funds.') ? money(String(v)) : String(v))}</${tag}>`;
  const projects = rows
    .map((row) => {
      const c = row.content;
      const info = DECLARATION_COLUMNS.filter(
        (d) => !['declarationId', 'versionNo', 'approvedAt', 'year'].includes(d.key),
      )
        .map(
          (d) =>
            `<tr><th>${esc(d.header)}</th>${cell(d.key, declValue(c, d.key), 'td', d.key.startsWith('funds.') ? 'money' : 'text')}</tr>`,
        )
        .join('\n');
      const indicators = c.indicators.length
        ? c.indicators
            .map(
              (i, k) =>
                `<tr><td class="n">${k + 1}</td>${INDICATOR_COLUMNS.map((ic) => cell(ic.key, i[ic.key])).join('')}</tr>`,
            )
            .join('\n')
        : `<tr><td colspan="${INDICATOR_COLUMNS.length + 1}">（无三级指标）</td></tr>`;
      return `<section class="project" data-declaration="${c.declarationId}">
<h2>${row.item}．${esc(c.projectName ?? '（未填项目名称）')}</h2>
<p class="meta">申报编号 ${cell('declarationId', c.declarationId, 'span')}${SP}批准版本 ${cell('versionNo', c.versionNo, 'span')}${SP}批准时间（UTC）${cell('approvedAt', c.approvedAt, 'span')}${SP}年度 ${cell('year', c.year, 'span')}</p>
<table class="info">
${info}
</table>
<table class="indicators">
<thead><tr><th>序号</th>${INDICATOR_COLUMNS.map((ic) => `<th>${esc(ic.header)}</th>`).join('')}</tr></thead>
<tbody>
${indicators}
</tbody>
</table>
<p class="proof">内容哈希（SHA-256）：<code data-k="contentSha256">${esc(row.contentSha256)}</code><br>
审计链 <code data-k="chain">${esc(row.chain ?? '')}</code>${SP}批准事件序号 <code data-k="seq">${row.seq ?? ''}</code>${SP}批准事件哈希（审批时链头）：<code data-k="eventHash">${esc(row.eventHash ?? '')}</code></p>
</section>`;
    })
    .join('\n');
  const canonical = JSON.stringify(
    rows.map((r) => ({
      declarationId: r.content.declarationId,
      versionNo: r.content.versionNo,
      contentSha256: r.contentSha256,
      canonical: canonicalText(r.content),
    })),
    null,
    1,
  ).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(TITLE(year))}</title>
<style>
body { font-family: "SimSun", "Songti SC", "WenQuanYi Micro Hei", serif; margin: 2em auto; max-width: 60em; color: #000; line-height: 1.5; }
h1 { text-align: center; font-size: 1.6em; }
h2 { font-size: 1.15em; margin: 1.5em 0 0.3em; }
.note, .meta, .proof { font-size: 0.85em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
th, td { border: 1px solid #000; padding: 0.25em 0.5em; vertical-align: top; }
th { background: #f2f2f2; font-weight: bold; white-space: nowrap; }
.info th { width: 12em; text-align: left; }
td.text, td[data-k] { white-space: pre-wrap; }
td.money { text-align: right; font-variant-numeric: tabular-nums; }
td.n { text-align: center; width: 3em; }
code { font-family: Consolas, "Courier New", monospace; font-size: 0.95em; word-break: break-all; }
section.project { page-break-inside: auto; border-top: 2px solid #000; margin-top: 1.5em; }
@media print { body { margin: 0; max-width: none; } section.project { page-break-before: always; } section.project:first-of-type { page-break-before: avoid; } }
@page { size: A4; margin: 15mm; }
</style>
</head>
<body>
<h1>${esc(TITLE(year))}</h1>
<p class="note">${esc(NOTE(generatedAt))}</p>
<p class="note">共 ${rows.length} 个项目。</p>
${projects}
<script type="application/json" id="pd-canonical">
${canonical}
</script>
</body>
</html>
`;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');

/** Reads a public page back: each project's `data-k` values in document order. */
export function readPublicHtml(text: string): ReadRow[] {
  const rows: ReadRow[] = [];
  const sections = text.matchAll(/<section class="project" data-declaration="[^"]*">([\s\S]*?)<\/section>/g);
  for (const [, body] of sections) {
    const content = { funds: {}, indicators: [] as PublishedIndicator[] } as unknown as PublishedContent;
    const proof: Record<string, string | null> = {};
    let ind: Record<string, string | null> | null = null;
    for (const m of body.matchAll(/<(td|span|code)[^>]*\sdata-k="([\w.]+)"[^>]*>([\s\S]*?)<\/\1>/g)) {
      const key = m[2];
      const raw = unescape(m[3]);
      const v = raw === '' ? null : raw;
      if (INDICATOR_COLUMNS.some((c) => c.key === key)) {
        if (key === 'level1') content.indicators.push((ind = {}) as unknown as PublishedIndicator);
        if (ind) ind[key] = v;
      } else if (PROOF_COLUMNS.some((c) => c.key === key)) proof[key] = v;
      else if (key.startsWith('funds.'))
        (content.funds as Record<string, string | null>)[key.slice(6)] =
          v === null ? null : v.replace(/,/g, '');
      else if (key === 'declarationId' || key === 'versionNo' || key === 'year')
        (content as unknown as Record<string, unknown>)[key] = intOrNull(v);
      else (content as unknown as Record<string, unknown>)[key] = v;
    }
    for (const d of DECLARATION_COLUMNS)
      if (!d.key.startsWith('funds.') && !(d.key in content))
        (content as unknown as Record<string, unknown>)[d.key] = null;
    for (const f of FUND_FIELDS) (content.funds as Record<string, string | null>)[f] ??= null;
    rows.push({
      item: rows.length + 1,
      place: `第 ${rows.length + 1} 个项目`,
      content,
      contentSha256: proof.contentSha256 ?? null,
      chain: proof.chain ?? null,
      seq: intOrNull(proof.seq ?? null),
      eventHash: proof.eventHash ?? null,
    });
  }
  return rows;
}
