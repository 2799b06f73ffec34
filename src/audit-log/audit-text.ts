import {
  allEnumerations,
  enumeration,
  fieldLabel,
  valueLabel,
  type Bilingual,
  type Lang,
} from '../common/i18n';
import { DECLARATION_FIELD_LABELS } from '../declarations/declarations.messages';
// The workflow's enumerations (states, events) are registered with its catalogue.
import '../lifecycle/lifecycle.messages';
// The enumerations this module reads: roles, permissions, department kinds, audit words.
import '../auth/auth.messages';
import '../org/org.messages';
// The review comments' words (anchors, statuses).
import '../comments/comments.messages';
import { EVALUATION_FIELDS } from '../evaluation/evaluation-fields';
import { MONITORING_FIELDS } from '../monitoring/monitoring-fields';
import { reportFieldWords } from '../reports/report-fields';
import type { ScoredReview } from '../workflow/scored-review';
// The scored review's dimensions (完整性 …) register with this import.
import '../workflow/scored-review';
import { SYSTEM_COMMENT_ACTION_PREFIX, SYSTEM_COMMENTS } from '../audit/audit.messages';

/**
 * The audit log in words: the labels of its codes, and its `changes` (a JSON list of
 * `{field, before, after}`) as one line a person reads (`年度指标值：≥95.00(%) → ≥98.00(%)；名称：A → B`).
 *
 * The labels have two implementations of one definition: JavaScript (the event list, the SQLite
 * CSV) and SQL (the PostgreSQL CSV, where COPY writes the rows); both are generated from the
 * same tables below, so they write the same text, and the e2e suite checks the same expected
 * lines on both databases. `changes` is put in words by JavaScript only (`changesText`), for
 * both databases: in SQL, parsing it made the export three and a half times as costly for
 * PostgreSQL (docs/audit.md).
 */

/**
 * The words of the fields that events record, by the name they carry in `changes`. The most
 * frequent first (a transition's, an indicator's): SQL's CASE compares them in this order.
 */
const FIELD_WORDS: Record<string, Bilingual> = {
  // The workflow.
  state: { zh: '状态', en: 'state' },
  event: { zh: '流转操作', en: 'event' },
  role: { zh: '角色', en: 'role' },
  rating: { zh: '评级', en: 'rating' },
  // An approval's version and content hash; a publication decision (src/publication).
  approvedVersion: { zh: '批准版本', en: 'approved version' },
  contentSha256: { zh: '内容哈希（SHA-256）', en: 'content SHA-256' },
  published: { zh: '是否公开', en: 'published' },
  notPublishedReason: { zh: '非公开原因', en: 'reason not published' },
  scoredReview: { zh: '审核评分', en: 'scored review' },
  // Declarations (申报表) and their indicators: the form's own labels (DECLARATION_FIELD_LABELS).
  year: { zh: '年度', en: 'year' },
  content: { zh: '内容', en: 'content' },
  // Monitoring (监控表) and self-evaluation (自评表): their fields are named by the reports'
  // field lists (reportFields below); these are what a SUBMIT computes and records.
  budgetLight: { zh: '预算执行预警', en: 'budget light' },
  redCount: { zh: '红灯数', en: 'red lights' },
  yellowCount: { zh: '黄灯数', en: 'yellow lights' },
  totalScore: { zh: '总分', en: 'total score' },
  grade: { zh: '评价等级', en: 'grade' },
  // Review comments (src/comments).
  anchor: { zh: '意见位置', en: 'anchor' },
  indicatorId: { zh: '指标编号', en: 'indicator id' },
  thread: { zh: '审核意见编号', en: 'comment thread' },
  threads: { zh: '带回的审核意见', en: 'comment threads carried' },
  status: { zh: '意见状态', en: 'comment status' },
  // Users and departments.
  username: { zh: '用户名', en: 'username' },
  displayName: { zh: '姓名', en: 'display name' },
  roles: { zh: '角色', en: 'roles' },
  departmentId: { zh: '所属部门', en: 'department' },
  disabled: { zh: '停用', en: 'disabled' },
  password: { zh: '密码', en: 'password' },
  code: { zh: '部门代码', en: 'code' },
  kind: { zh: '机构类型', en: 'kind' },
  parentId: { zh: '上级部门', en: 'parent' },
  failedLogins: { zh: '连续密码错误次数', en: 'failed logins' },
  lockedUntil: { zh: '锁定至', en: 'locked until' },
  // The audit log itself.
  checkpoints: { zh: '检查点', en: 'checkpoints' },
  heads: { zh: '链头数', en: 'chain heads' },
  method: { zh: '请求方法', en: 'method' },
  path: { zh: '请求路径', en: 'path' },
  permission: { zh: '所需权限', en: 'permission' },
  errorCode: { zh: '错误代码', en: 'error code' },
  count: { zh: '次数', en: 'count' },
  from: { zh: '开始时间', en: 'from' },
  to: { zh: '结束时间', en: 'to' },
  routes: { zh: '接口', en: 'routes' },
};

/**
 * The reports' fields, by the name the audit record gives them: one label each, the one their
 * catalogue gives them (the printed form's words), read from their field lists.
 */
const reportFields = () => [MONITORING_FIELDS, EVALUATION_FIELDS].map(reportFieldWords);
const ENTRY = /^entries\[([0-9]+)\]\.(.*)$/s;

/**
 * The values put in words, by field: an enumeration of its module (the first of the names that
 * is registered), or a fixed table. Other values are shown as recorded.
 */
const VALUE_ENUMERATIONS: Record<string, string[]> = {
  role: ['role'],
  roles: ['role'],
  kind: ['departmentKind'],
  permission: ['permission'],
  level1: ['level1'],
  level2: ['level2'],
  likelihood: ['likelihood'],
  budgetLight: ['light', 'lights'],
  grade: ['grade'],
  anchor: ['commentAnchor'],
  status: ['commentStatus'],
};
const FIXED_VALUES: Record<string, Record<string, Bilingual>> = {
  // users.service.ts PASSWORD_RESET: the audit never holds a password.
  password: { '(reset by administrator)': { zh: '由管理员重置', en: '(reset by administrator)' } },
};

/** The words of an enumeration's values, by code (the workflow's `state` and `event`). */
function wordsOf(name: string): Map<string, Bilingual> {
  return new Map(enumeration(name).map((e) => [e.value, { zh: e.zh, en: e.en }]));
}

function enumerationWords(names: string[]): Map<string, Bilingual> {
  const all = allEnumerations();
  const found = names.map((n) => all[n]).find(Boolean) ?? [];
  return new Map(found.map((e) => [e.value, { zh: e.zh, en: e.en }]));
}

/** Every table of words, built once (after every module registered its enumerations). */
export interface AuditWords {
  fields: Map<string, Bilingual>;
  entries: Map<string, Bilingual>;
  values: Map<string, Map<string, Bilingual>>;
  states: Map<string, Bilingual>;
  actions: Map<string, Bilingual>;
  outcomes: Map<string, Bilingual>;
  entityTypes: Map<string, Bilingual>;
  roles: Map<string, Bilingual>;
  comments: Map<string, Bilingual>;
}

let built: AuditWords | null = null;

export function auditWords(): AuditWords {
  if (built) return built;
  const reports = reportFields();
  const states = wordsOf('state');
  const values = new Map<string, Map<string, Bilingual>>([
    ['state', states],
    ['event', wordsOf('event')],
  ]);
  for (const [field, names] of Object.entries(VALUE_ENUMERATIONS)) {
    const words = enumerationWords(names);
    if (words.size) values.set(field, words);
  }
  for (const [field, table] of Object.entries(FIXED_VALUES))
    values.set(field, new Map(Object.entries(table)));
  built = {
    fields: new Map([...Object.entries(FIELD_WORDS), ...reports.flatMap((r) => r.report)]),
    entries: new Map(reports.flatMap((r) => r.entries)),
    values,
    states,
    actions: enumerationWords(['auditAction']),
    outcomes: enumerationWords(['auditOutcome']),
    entityTypes: enumerationWords(['auditEntityType']),
    roles: enumerationWords(['role']),
    comments: new Map(Object.entries(SYSTEM_COMMENTS)),
  };
  return built;
}

const word = (table: Map<string, Bilingual>, code: string, lang: Lang) => table.get(code)?.[lang] ?? code;

// ---------------------------------------------------------------------------------------
// The labels of one event (JavaScript).

export function actionLabel(action: string, lang: Lang): string {
  return word(auditWords().actions, action, lang);
}
export function outcomeLabel(outcome: string, lang: Lang): string {
  return word(auditWords().outcomes, outcome, lang);
}
export function stateLabelOf(state: string | null, lang: Lang): string | null {
  return state === null ? null : word(auditWords().states, state, lang);
}
/** `submitter,dept_reviewer` → `填报人、单位审核人`. */
export function rolesLabel(actorRoles: string, lang: Lang): string {
  if (!actorRoles) return '';
  return actorRoles
    .split(',')
    .map((r) => valueLabel(r, lang, 'role'))
    .join(lang === 'zh' ? '、' : ', ');
}
/** The comment, in words when it is one of the service's fixed texts on a sign-in event. */
export function commentLabel(action: string, comment: string | null, lang: Lang): string | null {
  if (comment === null || !action.startsWith(SYSTEM_COMMENT_ACTION_PREFIX)) return comment;
  return auditWords().comments.get(comment)?.[lang] ?? comment;
}
/** `用户 12`, `审计日志`. */
export function entityLabel(entityType: string, entityId: string | null, lang: Lang): string {
  const type = word(auditWords().entityTypes, entityType, lang);
  return entityId === null ? type : `${type} ${entityId}`;
}

function fieldWord(field: string, lang: Lang): string {
  // The form's fields in the form's own terms, as its messages name them.
  if (Object.hasOwn(DECLARATION_FIELD_LABELS, field)) return fieldLabel(field, lang);
  const w = auditWords();
  const exact = w.fields.get(field);
  if (exact) return exact[lang];
  const m = ENTRY.exec(field);
  if (!m) return field;
  const what = word(w.entries, m[2], lang);
  return lang === 'zh' ? `指标 ${m[1]} 的${what}` : `indicator ${m[1]}, ${what}`;
}

/** A value with no words of its own, as JSON. */
const jsonText = (v: unknown): string => JSON.stringify(v) ?? 'null';

const EMPTY: Bilingual = { zh: '（空）', en: '(empty)' };
const YES: Bilingual = { zh: '是', en: 'yes' };
const NO: Bilingual = { zh: '否', en: 'no' };

/** A scored review (src/workflow/scored-review.ts) in one line: `完整性 92.00、… 合计 88.25（良）`. */
function reviewText(v: unknown, lang: Lang): string {
  const r = v as Partial<ScoredReview>;
  if (!Array.isArray(r?.dimensions)) return jsonText(v);
  const sep = lang === 'zh' ? '、' : ', ';
  const scores = r.dimensions
    .map((d) => `${valueLabel(d.dimension, lang, 'reviewDimension')} ${d.score}`)
    .join(sep);
  const grade = r.grade ? valueLabel(r.grade, lang, 'rating') : '';
  const flagged = r.flagged?.length
    ? lang === 'zh'
      ? `，指标意见 ${r.flagged.length} 条`
      : `, ${r.flagged.length} indicator opinion(s)`
    : '';
  return lang === 'zh'
    ? `${scores}，合计 ${r.total}（${grade}）${flagged}`
    : `${scores}, total ${r.total} (${grade})${flagged}`;
}

function valueText(field: string, v: unknown, lang: Lang): string {
  if (field === 'scoredReview' && v !== null && typeof v === 'object') return reviewText(v, lang);
  const labels = auditWords().values.get(field);
  const str = (s: string) => labels?.get(s)?.[lang] ?? s;
  if (v === null || v === undefined) return EMPTY[lang];
  if (typeof v === 'string') return str(v);
  if (typeof v === 'boolean') return (v ? YES : NO)[lang];
  if (typeof v === 'number') return jsonText(v);
  if (Array.isArray(v)) {
    if (!v.length) return EMPTY[lang];
    return v.map((x) => (typeof x === 'string' ? str(x) : jsonText(x))).join(lang === 'zh' ? '、' : ', ');
  }
  const display = (v as { display?: unknown }).display;
  if (display === undefined || display === null) return jsonText(v);
  return typeof display === 'string' ? display : jsonText(display);
}

/**
 * `changes` as one line: `label：before → after` per field, `；` between; `label：after` when
 * there was nothing before. Null for an event that records no change.
 */
export function changesText(changes: string, lang: Lang): string | null {
  let list: unknown;
  try {
    list = JSON.parse(changes);
  } catch {
    return changes;
  }
  if (!Array.isArray(list)) return changes;
  const parts: string[] = [];
  for (const c of list as Array<Record<string, unknown>>) {
    const f = c?.field;
    if (f === null || f === undefined) continue;
    const field = typeof f === 'string' ? f : jsonText(f);
    const before =
      c.before === null || c.before === undefined ? '' : `${valueText(field, c.before, lang)} → `;
    parts.push(
      `${fieldWord(field, lang)}${lang === 'zh' ? '：' : ': '}${before}${valueText(field, c.after, lang)}`,
    );
  }
  return parts.length ? parts.join(lang === 'zh' ? '；' : '; ') : null;
}

/** `2026-03-01T06:00:00.000Z` → `2026-03-01 14:00:00.000`, Beijing time (UTC+8, no daylight saving). */
export function beijingStamp(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23).replace('T', ' ');
}

// ---------------------------------------------------------------------------------------
// The labels in SQL, for PostgreSQL's COPY (no bind parameters: every text is a literal).

export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `CASE <expr> WHEN 'code' THEN 'word' … ELSE <expr> END`; the expression is evaluated once. */
function sqlCase(expr: string, table: Map<string, Bilingual>, elseExpr = expr): string {
  if (!table.size) return elseExpr;
  const whens = [...table].map(([code, w]) => `WHEN ${lit(code)} THEN ${lit(w.zh)}`).join(' ');
  return `CASE ${expr} ${whens} ELSE ${elseExpr} END`;
}

export function sqlRolesText(col: string): string {
  let expr = col;
  for (const [code, w] of auditWords().roles) expr = `replace(${expr}, ${lit(code)}, ${lit(w.zh)})`;
  return `replace(${expr}, ',', '、')`;
}

/** The same replacements in JavaScript (the CSV of SQLite must match the SQL above). */
export function rolesTextZh(actorRoles: string): string {
  let out = actorRoles;
  for (const [code, w] of auditWords().roles) out = out.split(code).join(w.zh);
  return out.split(',').join('、');
}

export function sqlCommentText(action: string, comment: string): string {
  return `CASE WHEN ${action} LIKE ${lit(`${SYSTEM_COMMENT_ACTION_PREFIX}%`)} THEN ${sqlCase(comment, auditWords().comments)} ELSE ${comment} END`;
}

export function sqlEntityText(type: string, id: string): string {
  return `${sqlCase(type, auditWords().entityTypes)} || COALESCE(' ' || ${id}, '')`;
}

export function sqlBeijingStamp(col: string): string {
  return `to_char(${col}::timestamp + interval '8 hours', 'YYYY-MM-DD HH24:MI:SS.MS')`;
}

export const sqlWords = {
  action: (col: string) => sqlCase(col, auditWords().actions),
  outcome: (col: string) => sqlCase(col, auditWords().outcomes),
  state: (col: string) => sqlCase(col, auditWords().states),
};
