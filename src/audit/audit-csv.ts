import { CommonErrors } from '../common/common.messages';
import { fromLabel, valueLabels, type Lang } from '../common/i18n';
import { SHOWN_COLUMNS, type AuditColumnSpec, type EventRow } from './audit-columns';
import { single } from './audit-filter';
import { CSV_LANGS } from './audit.messages';
import {
  actionLabel,
  beijingStamp,
  changesText,
  commentLabel,
  entityLabel,
  outcomeLabel,
  rolesTextZh,
  sqlBeijingStamp,
  sqlCommentText,
  sqlEntityText,
  sqlRolesText,
  sqlWords,
  stateLabelOf,
} from './audit-text';

/**
 * The CSV of the audit export, in two implementations of one format: JavaScript (SQLite, keyset
 * batches) and the SQL of PostgreSQL's COPY. Both are derived from the same tables, the English
 * columns from audit-columns.ts and the Chinese cells below, so they write the same bytes (the
 * e2e suite checks the same expected lines on both databases).
 */

/** The CSV's languages: Chinese headers and words (the default), or the stored codes (`?lang=en`). */
export type CsvLang = 'zh' | 'en';

/**
 * A cell of the Chinese export, for a fiscal officer to file: the event's number (what verify
 * names), the time in Beijing time, who in which role did what with which outcome to which
 * object, the declaration and indicator, the state in words, the changes in one line, the comment.
 */
interface ZhCell {
  header: string;
  /** The cell's name in the COPY query. */
  alias: string;
  kind: AuditColumnSpec['kind'];
  /** Text cells get the formula guard (`csvCell`). */
  formulaGuard: boolean;
  /** The cell from a row, in JavaScript. */
  words(r: EventRow): unknown;
  /**
   * The same cell in SQL over `audit_events e`; for `fromStored` the stored column, put in words
   * by the service after COPY (in SQL, parsing `changes` cost three and a half times as much).
   */
  sql(): string;
  fromStored?: (stored: string) => string | null;
}

const changesInWords = (stored: string) => changesText(stored, 'zh');

// A table: one cell a line.
// prettier-ignore
const ZH_CELLS: ZhCell[] = [
  { header: '编号', alias: 'id', kind: 'int', formulaGuard: false, words: (r) => r.id, sql: () => 'e.id' },
  { header: '时间（北京时间）', alias: 'at', kind: 'text', formulaGuard: true, words: (r) => beijingStamp(r.at), sql: () => sqlBeijingStamp('e.at') },
  { header: '操作人', alias: 'actor', kind: 'text', formulaGuard: true, words: (r) => r.actorUsername, sql: () => 'e.actor_username' },
  { header: '角色', alias: 'roles', kind: 'text', formulaGuard: true, words: (r) => rolesTextZh(r.actorRoles), sql: () => sqlRolesText('e.actor_roles') },
  { header: '操作', alias: 'action', kind: 'text', formulaGuard: true, words: (r) => actionLabel(r.action, 'zh'), sql: () => sqlWords.action('e.action') },
  { header: '结果', alias: 'outcome', kind: 'text', formulaGuard: true, words: (r) => outcomeLabel(r.outcome, 'zh'), sql: () => sqlWords.outcome('e.outcome') },
  { header: '对象', alias: 'entity', kind: 'text', formulaGuard: true, words: (r) => entityLabel(r.entityType, r.entityId, 'zh'), sql: () => sqlEntityText('e.entity_type', 'e.entity_id') },
  { header: '申报表', alias: 'declaration_id', kind: 'int', formulaGuard: false, words: (r) => r.declarationId, sql: () => 'e.declaration_id' },
  { header: '指标', alias: 'indicator_id', kind: 'int', formulaGuard: false, words: (r) => r.indicatorId, sql: () => 'e.indicator_id' },
  { header: '状态', alias: 'state', kind: 'text', formulaGuard: true, words: (r) => stateLabelOf(r.state, 'zh'), sql: () => sqlWords.state('e.state') },
  { header: '变更内容', alias: 'changes', kind: 'text', formulaGuard: true, words: (r) => changesInWords(r.changes), sql: () => 'e.changes', fromStored: changesInWords },
  { header: '说明', alias: 'comment', kind: 'text', formulaGuard: true, words: (r) => commentLabel(r.action, r.comment, 'zh'), sql: () => sqlCommentText('e.action', 'e.comment') },
  { header: '请求编号', alias: 'request_id', kind: 'text', formulaGuard: true, words: (r) => r.requestId, sql: () => 'e.request_id' },
  { header: 'IP', alias: 'ip', kind: 'text', formulaGuard: true, words: (r) => r.ip, sql: () => 'e.ip' },
];

/** The one cell COPY passes as stored and the service puts in words (`zhRowsFromCopy`). */
const STORED_CELL = ZH_CELLS.findIndex((c) => c.fromStored);

/** The English export: every column an auditor reads, as stored (the format of before issue 13). */
const CSV_HEADERS: Record<CsvLang, string> = {
  en: `${SHOWN_COLUMNS.map((c) => c.csv).join(',')}\n`,
  zh: `${ZH_CELLS.map((c) => c.header).join(',')}\n`,
};

export function csvHeader(lang: CsvLang): string {
  return CSV_HEADERS[lang];
}

const EN_CELLS = SHOWN_COLUMNS.map((c) => ({
  property: c.property as keyof EventRow,
  cell: c.formulaGuard ? csvCell : csvPlain,
}));

function csvLine(r: EventRow): string {
  let line = '';
  for (const { property, cell } of EN_CELLS) line += `${line ? ',' : ''}${cell(r[property])}`;
  return `${line}\n`;
}

/** A row of the Chinese export; the same text as `csvCopyPg('zh', …)` makes PostgreSQL write. */
const ZH_LINE = ZH_CELLS.map((c) => ({ words: c.words, cell: c.formulaGuard ? csvCell : csvPlain }));

function csvLineZh(r: EventRow): string {
  let line = '';
  for (const { words, cell } of ZH_LINE) line += `${line ? ',' : ''}${cell(words(r))}`;
  return `${line}\n`;
}

export function csvLines(rows: EventRow[], lang: CsvLang): string {
  const line = lang === 'zh' ? csvLineZh : csvLine;
  let out = '';
  for (const r of rows) out += line(r);
  return out;
}

/**
 * CSV quoting as PostgreSQL's COPY writes it (the SQLite export must match `csvCopyPg`):
 * quoted when it holds a quote, comma or line break, an empty text as `""` (a missing value
 * is nothing), lines ending in LF. A text cell that Excel would run as a formula
 * (`=100.00(%)` is a target notation) gets a leading apostrophe, as OWASP advises against CSV
 * injection; Excel shows the text as written.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  if (v === '') return '""';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A cell without the formula guard (the integer columns). */
function csvPlain(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  if (s === '') return '""';
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The same formula guard for COPY. */
const unformula = (c: string) =>
  `CASE WHEN left(${c}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || ${c} ELSE ${c} END`;

const CSV_SELECT_PG_EN = SHOWN_COLUMNS.map((c) =>
  c.formulaGuard ? unformula(`e.${c.column}`) : `e.${c.column}`,
).join(', ');

/**
 * A CSV cell in SQL from a guarded value (`unformula`), as `csvCell` writes it (and COPY's CSV
 * format): quoted when it holds a quote, comma or line break; NULL is nothing, an empty text `""`.
 */
const sqlQuoted = (c: string) =>
  `CASE WHEN ${c} IS NULL THEN '' WHEN ${c} = '' THEN '""' WHEN strpos(${c}, '"') > 0 OR strpos(${c}, ',') > 0 OR strpos(${c}, E'\\n') > 0 OR strpos(${c}, E'\\r') > 0 THEN '"' || replace(${c}, '"', '""') || '"' ELSE ${c} END`;

/** A finished cell of the COPY query's last step, from the guarded value `g.<alias>`. */
const sqlCell = (c: ZhCell) =>
  c.kind === 'int' ? `COALESCE(g.${c.alias}::text, '')` : sqlQuoted(`g.${c.alias}`);

const guardedInSql = (c: ZhCell) => c.formulaGuard && !c.fromStored;

let csvSelectZh: { labels: string; guarded: string; before: string; after: string } | null = null;

/**
 * The Chinese export's query for COPY … TO STDOUT (text format), newest first. Each row is
 * three columns: the CSV cells before the stored cell (变更内容), in words, guarded and quoted;
 * the stored `changes`; the cells after it. The service puts `changes` in words between them
 * (`zhRowsFromCopy`). Three steps, each a subquery that is not merged into the next (OFFSET
 * 0), so that each value is computed once: the words, the formula guard, the quoting. Built at
 * the first export, when every module has registered its words.
 */
function csvSelectZhPg(where: string): string {
  csvSelectZh ??= {
    labels: ZH_CELLS.map((c) => `${c.sql()} AS ${c.alias}`).join(', '),
    // The stored cell is guarded by the service, with its words; the cells without a guard first.
    guarded: [
      ...ZH_CELLS.filter((c) => !guardedInSql(c)).map((c) => `w.${c.alias}`),
      ...ZH_CELLS.filter(guardedInSql).map((c) => `${unformula(`w.${c.alias}`)} AS ${c.alias}`),
    ].join(', '),
    before: ZH_CELLS.slice(0, STORED_CELL).map(sqlCell).join(` || ',' || `),
    after: ZH_CELLS.slice(STORED_CELL + 1)
      .map(sqlCell)
      .join(` || ',' || `),
  };
  const q = csvSelectZh;
  const stored = ZH_CELLS[STORED_CELL].alias;
  const words = `SELECT ${q.labels} FROM audit_events e WHERE ${where} ORDER BY e.id DESC OFFSET 0`;
  const guarded = `SELECT ${q.guarded} FROM (${words}) w ORDER BY w.id DESC OFFSET 0`;
  return `SELECT ${q.before}, g.${stored}, ${q.after} FROM (${guarded}) g ORDER BY g.id DESC`;
}

/** The export's COPY statement, newest first: CSV in English; three text columns in Chinese. */
export function csvCopyPg(lang: CsvLang, where: string): string {
  return lang === 'en'
    ? `COPY (SELECT ${CSV_SELECT_PG_EN} FROM audit_events e WHERE ${where} ORDER BY e.id DESC) TO STDOUT WITH (FORMAT csv)`
    : `COPY (${csvSelectZhPg(where)}) TO STDOUT`;
}

/** The characters COPY's text format writes escaped (`\n` for a line break …). */
const COPY_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/** A value of COPY's text format as it was. */
function unescapeCopyText(v: string): string {
  if (!v.includes('\\')) return v;
  return v.replace(/\\(.)/gs, (_, c: string) => COPY_ESCAPES[c] ?? c);
}

/**
 * Complete rows of the Chinese COPY (`csvCopyPg('zh', …)`) as CSV lines: the stored cell put
 * in words between the two prepared parts. In COPY's text format a raw line break ends a row
 * and a raw tab a column (those in values are escaped).
 */
export function zhRowsFromCopy(block: string): string {
  const inWords = ZH_CELLS[STORED_CELL].fromStored!;
  let out = '';
  let start = 0;
  for (let nl = block.indexOf('\n'); nl !== -1; nl = block.indexOf('\n', start)) {
    const t1 = block.indexOf('\t', start);
    const t2 = block.indexOf('\t', t1 + 1);
    const cell = inWords(unescapeCopyText(block.slice(t1 + 1, t2)));
    out += `${unescapeCopyText(block.slice(start, t1))},${csvCell(cell)},${unescapeCopyText(block.slice(t2 + 1, nl))}\n`;
    start = nl + 1;
  }
  return out;
}

/** `?lang=` of the export (zh, en, or their words), else the request's language. */
export function parseCsvLang(query: Record<string, unknown>, fallback: Lang): CsvLang {
  if (query.lang === undefined) return fallback;
  const v = fromLabel('csvLang', single(query, 'lang'));
  if (v !== 'zh' && v !== 'en')
    throw CommonErrors.FIELD_ONE_OF({ values: valueLabels(CSV_LANGS, 'csvLang') }, { field: 'lang' });
  return v;
}
