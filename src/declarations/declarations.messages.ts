import { defaults } from '../../config/defaults';
import { defineErrors, type L } from '../common/errors';
import {
  defineEnumeration,
  defineFieldLabels,
  defineMessages,
  fieldLabel,
  valueLabel,
  type Bilingual,
  type Lang,
} from '../common/i18n';

/**
 * The declarations module's catalogue (issue 13): its refusals, the texts and hints of the
 * findings of the form (docs/spec/domain.md §3), the labels of the form's fields and its enumerations
 * (一级/二级指标, 项目性质, 项目类别). Pure: the importer's worker thread loads it too.
 */

const list = (values: readonly string[], lang: Lang) => values.join(lang === 'zh' ? '、' : ', ');

// ---------------------------------------------------------------------------------------------
// Enumerations

/** 一级指标: the one source of the codes and their words (LEVEL1_LABEL is derived from it). */
export const LEVEL1_VALUES = defineEnumeration('level1', {
  output: { zh: '产出指标', en: 'output' },
  benefit: { zh: '效益指标', en: 'benefit' },
  satisfaction: { zh: '满意度指标', en: 'satisfaction' },
});

/** 二级指标, grouped under their 一级 in declaration-content.ts (LEVEL2_OF). */
export const LEVEL2_VALUES = defineEnumeration('level2', {
  quantity: { zh: '数量指标', en: 'quantity' },
  quality: { zh: '质量指标', en: 'quality' },
  timeliness: { zh: '时效指标', en: 'timeliness' },
  cost: { zh: '成本指标', en: 'cost' },
  economic: { zh: '经济效益指标', en: 'economic benefit' },
  social: { zh: '社会效益指标', en: 'social benefit' },
  ecological: { zh: '生态效益指标', en: 'ecological benefit' },
  sustainability: { zh: '可持续影响指标', en: 'sustainable impact' },
  serviceSatisfaction: { zh: '服务对象满意度指标', en: 'service recipients’ satisfaction' },
});

/** The English words of the reference lists' usual entries (the lists themselves are config). */
const REFERENCE_WORDS: Record<string, string> = {
  经常性专项业务费: 'recurring special operating expenses',
  其他经常性项目: 'other recurring project',
  其他一次性项目: 'other one-off project',
  特定目标类: 'specific purpose',
  其他运转类: 'other operating',
};

/**
 * 项目性质 and 项目类别 as enumerations (`projectNature`, `projectCategory`), so the
 * reference-data route lists them with the other enumerations. The value is the Chinese word
 * the form holds (it is what a declaration stores); an entry the config adds without an
 * English word is shown in Chinese in both languages.
 */
export function registerReferenceLists(lists: {
  projectNatures: string[];
  projectCategories: string[];
}): void {
  const entries = (values: string[]) =>
    Object.fromEntries(values.map((v) => [v, { zh: v, en: REFERENCE_WORDS[v] ?? v }]));
  defineEnumeration('projectNature', entries(lists.projectNatures), { fromConfig: true });
  defineEnumeration('projectCategory', entries(lists.projectCategories), { fromConfig: true });
}

// The default lists, until the service registers the configured ones (DeclarationsService).
registerReferenceLists(defaults.referenceData);

// ---------------------------------------------------------------------------------------------
// Field labels: the form's terms

/** The form's field labels (the audit log names the fields of its changes with them too). */
export const DECLARATION_FIELD_LABELS: Record<string, Bilingual> = {
  projectName: { zh: '项目名称', en: 'project name' },
  projectNature: { zh: '项目性质', en: 'project nature' },
  projectCategory: { zh: '项目类别', en: 'project category' },
  competentDepartment: { zh: '主管部门', en: 'competent department' },
  implementingUnit: { zh: '实施单位', en: 'implementing unit' },
  plannedStart: { zh: '计划开始日期', en: 'planned start' },
  plannedEnd: { zh: '计划完成日期', en: 'planned end' },
  funds: { zh: '项目资金', en: 'funds' },
  'funds.total': { zh: '项目资金总额', en: 'total project funds' },
  'funds.annualRequest': { zh: '年度资金申请总额', en: 'annual funding request' },
  'funds.currentAppropriation': { zh: '当年财政拨款', en: 'current-year appropriation' },
  'funds.carryover': { zh: '上年结转资金', en: 'carry-over from last year' },
  'funds.other': { zh: '其他资金', en: 'other funds' },
  /** The project-total side's 其中：财政资金 of the summary table (read, not kept). */
  'funds.totalFiscal': { zh: '财政资金', en: 'fiscal funds' },
  overallGoal: { zh: '项目总目标', en: 'overall goal' },
  annualGoal: { zh: '年度总体目标', en: 'annual goal' },
  indicators: { zh: '三级指标', en: 'indicators' },
  'indicators[]': { zh: '三级指标', en: 'indicator' },
  'indicators.name': { zh: '三级指标（指标名称）', en: 'indicator name' },
  'indicators.target': { zh: '年度指标值', en: 'target' },
  'indicators.weight': { zh: '分值', en: 'weight' },
  'indicators.costType': { zh: '成本类型', en: 'cost type' },
  'indicators.level1': { zh: '一级指标', en: 'level-1 category' },
  'indicators.level2': { zh: '二级指标', en: 'level-2 category' },
  // The indicator routes' bodies (POST/PATCH …/indicators): their fields at the top level.
  // `name` is shared with other modules' bodies, so its label is the neutral 名称.
  name: { zh: '名称', en: 'name' },
  target: { zh: '年度指标值', en: 'target' },
  weight: { zh: '分值', en: 'weight' },
  costType: { zh: '成本类型', en: 'cost type' },
  level1: { zh: '一级指标', en: 'level-1 category' },
  level2: { zh: '二级指标', en: 'level-2 category' },
  position: { zh: '排列位置', en: 'position' },
};
defineFieldLabels(DECLARATION_FIELD_LABELS);

// ---------------------------------------------------------------------------------------------
// Helpers of the templates

/** A state in words: the workflow's enumeration (`state`) when registered, else the label given. */
function stateName(p: { state: string; stateZh?: string }, lang: Lang): string {
  const word = valueLabel(p.state, lang, 'state');
  if (word !== p.state) return word;
  return lang === 'zh' && p.stateZh ? p.stateZh : p.state;
}

/**
 * Where a refusal of the form's content is: a line of the summary table (第 N 行), a place in a
 * workbook given in both languages, or the field of the request (its label).
 */
export interface Place {
  line?: number;
  at?: Bilingual;
}
export function placeOf(p: Place & { label: string }, lang: Lang): string {
  if (p.line !== undefined) return lang === 'zh' ? `第 ${p.line} 行` : `line ${p.line}`;
  if (p.at) return p.at[lang];
  return p.label;
}

const q = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);

/** The parameters of a target notation refusal: where, the target as written, whether `field` names it. */
type T<P extends object = object> = L<Place & { target: string; named?: boolean } & P>;

/**
 * The target a refusal is about, with its place: 第 13 行的年度指标值“≥9x(个)”, or the field's
 * label (第4条三级指标的年度指标值“≥9x(%)”), or the workbook cell.
 */
function subject(p: T, lang: Lang): string {
  const t = lang === 'zh' ? `年度指标值“${q(p.target)}”` : `target "${q(p.target)}"`;
  if (p.line !== undefined) return lang === 'zh' ? `第 ${p.line} 行的${t}` : `line ${p.line}: ${t}`;
  if (p.at) return lang === 'zh' ? `${p.at.zh}的${t}` : `${p.at.en}: ${t}`;
  if (!p.named) return t;
  if (lang === 'en') return `${p.label}: ${t}`;
  return p.label.endsWith('年度指标值') ? `${p.label}“${q(p.target)}”` : `${p.label}的${t}`;
}
const n = (value: number, lang: Lang) => value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

// ---------------------------------------------------------------------------------------------
// Refusals

export const DeclarationErrors = defineErrors('declarations', {
  DECLARATION_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `申报（编号 ${p.id}）不存在，或不在您的查看范围内`,
    en: (p: L<{ id: number }>) => `declaration ${p.id} not found`,
  },
  INDICATOR_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number; indicatorId: number }>) =>
      `申报（编号 ${p.id}）中没有编号为 ${p.indicatorId} 的三级指标`,
    en: (p: L<{ id: number; indicatorId: number }>) =>
      `indicator ${p.indicatorId} of declaration ${p.id} not found`,
  },
  DECLARATION_NOT_OWNER: {
    status: 403,
    zh: () => '只有申报单位的填报人可以修改此申报',
    en: () => 'only submitters of the owning department may change this declaration',
  },
  DECLARATION_VERSION_STALE: {
    status: 409,
    zh: (p: L<{ given: number; current: number }>) =>
      `版本号 ${p.given} 已过期：该申报已被修改，当前版本为 ${p.current}；请刷新后再修改`,
    en: (p: L<{ given: number; current: number }>) =>
      `version ${p.given} is stale: the declaration is now at version ${p.current}; reload and try again`,
  },
  DECLARATION_NOT_DELETABLE: {
    status: 409,
    zh: (p: L<{ state: string; stateZh?: string }>) =>
      `只能删除从未提交过的编制中申报；此申报处于“${stateName(p, 'zh')}”状态或曾经提交`,
    en: (p: L<{ state: string; stateZh?: string }>) =>
      `only a draft that was never submitted can be deleted; this one is in state ${stateName(p, 'en')} or was submitted before`,
  },
  DECLARATION_DATES_ORDER: {
    status: 400,
    zh: (p: L<{ start: string; end: string }>) => `计划完成日期 ${p.end} 早于计划开始日期 ${p.start}`,
    en: (p: L<{ start: string; end: string }>) => `planned end ${p.end} is before planned start ${p.start}`,
  },
  INDICATOR_LEVEL2_MISMATCH: {
    status: 400,
    zh: (p: L<{ level1: string; level2: string; allowed: string[] }>) =>
      `二级指标“${valueLabel(p.level2, 'zh', 'level2')}”不属于一级指标“${valueLabel(p.level1, 'zh', 'level1')}”；${valueLabel(p.level1, 'zh', 'level1')}下可选：${list(
        p.allowed.map((v) => valueLabel(v, 'zh', 'level2')),
        'zh',
      )}`,
    en: (p: L<{ level1: string; level2: string; allowed: string[] }>) =>
      `level-2 category ${valueLabel(p.level2, 'en', 'level2')} does not belong to ${valueLabel(p.level1, 'en', 'level1')}; under it use one of ${list(
        p.allowed.map((v) => valueLabel(v, 'en', 'level2')),
        'en',
      )}`,
  },
  INDICATOR_WEIGHT_FORMAT: {
    status: 400,
    zh: (p: L) => `${p.label}：须为 0 到 999 之间、最多两位小数的数字文本，例如 "12.50"`,
    en: (p: L) => `${p.label}: must be a decimal string with at most 2 decimals, such as "12.50"`,
  },
  TOO_MANY_INDICATORS: {
    status: 400,
    zh: (p: L<Place & { max: number; count?: number; project?: string; startLine?: number }>) =>
      `${placeOf(p, 'zh')}：${p.project !== undefined ? `项目“${q(p.project)}”的申报表` : '一份申报表'}${p.startLine !== undefined ? `（自第 ${p.startLine} 行起）` : ''}最多可有 ${p.max} 条三级指标${p.count !== undefined ? `，此申报已有 ${p.count} 条` : '，此处超出'}`,
    en: (p: L<Place & { max: number; count?: number; project?: string; startLine?: number }>) =>
      `${placeOf(p, 'en')}: ${p.project !== undefined ? `the table of "${q(p.project)}"` : 'a declaration'}${p.startLine !== undefined ? ` from line ${p.startLine}` : ''} holds at most ${p.max} indicators${p.count !== undefined ? `; this one already has ${p.count}` : '; this one has more'}`,
  },
  FORM_TEXT_TOO_LONG: {
    status: 400,
    zh: (p: L<Place & { item: string; length: number; max: number }>) =>
      `${placeOf(p, 'zh')}：${fieldLabel(p.item, 'zh')}有 ${n(p.length, 'zh')} 个字符，最多 ${n(p.max, 'zh')} 个`,
    en: (p: L<Place & { item: string; length: number; max: number }>) =>
      `${placeOf(p, 'en')}: ${fieldLabel(p.item, 'en')} is ${n(p.length, 'en')} characters long; at most ${n(p.max, 'en')} are accepted`,
  },

  // The target notation (target-notation.ts): `<comparator><number>(<unit>)` or a text.
  TARGET_NOTATION_TOO_LONG: {
    status: 400,
    zh: (p: T<{ length: number; max: number }>) =>
      `${subject(p, 'zh')}：有 ${p.length} 个字符，最多 ${p.max} 个`,
    en: (p: T<{ length: number; max: number }>) =>
      `${subject(p, 'en')} is ${p.length} characters long; at most ${p.max} are accepted`,
  },
  TARGET_NOTATION_NUMBER_EXPECTED: {
    status: 400,
    zh: (p: T<{ comparator: string; found?: string }>) =>
      `${subject(p, 'zh')}：比较符号 ${p.comparator} 后应为数值${p.found !== undefined ? `（此处为“${p.found}”；数值只能由数字和小数点组成）` : ''}，例如 ${p.comparator}95.00(%)`,
    en: (p: T<{ comparator: string; found?: string }>) =>
      p.found !== undefined
        ? `${subject(p, 'en')}: expected a number after ${p.comparator} (found "${p.found}"; write digits with an optional decimal point)`
        : `${subject(p, 'en')}: expected a number after ${p.comparator}, e.g. ${p.comparator}95.00(%)`,
  },
  TARGET_NOTATION_NUMBER_TOO_LONG: {
    status: 400,
    zh: (p: T<{ length: number; max: number }>) =>
      `${subject(p, 'zh')}：数值有 ${p.length} 个字符，最多 ${p.max} 个`,
    en: (p: T<{ length: number; max: number }>) =>
      `${subject(p, 'en')}: the number has ${p.length} characters; at most ${p.max} are accepted`,
  },
  TARGET_NOTATION_UNIT_MISSING: {
    status: 400,
    zh: (p: T<{ proposed: string }>) => `${subject(p, 'zh')}：缺少括号中的计量单位，例如 ${p.proposed}`,
    en: (p: T<{ proposed: string }>) =>
      `${subject(p, 'en')}: missing the unit in parentheses, e.g. ${p.proposed}`,
  },
  TARGET_NOTATION_UNIT_EXPECTED: {
    status: 400,
    zh: (p: T<{ found: string; proposed: string; exact?: boolean }>) =>
      `${subject(p, 'zh')}：计量单位须写在括号中（此处为“${p.found}”），${p.exact ? '应写作' : '例如'} ${p.proposed}`,
    en: (p: T<{ found: string; proposed: string; exact?: boolean }>) =>
      `${subject(p, 'en')}: expected the unit in parentheses (found "${p.found}"), ${p.exact ? 'write' : 'e.g.'} ${p.proposed}`,
  },
  TARGET_NOTATION_UNCLOSED: {
    status: 400,
    zh: (p: T) => `${subject(p, 'zh')}：括号未闭合，计量单位后缺少“)”`,
    en: (p: T) => `${subject(p, 'en')}: unclosed parenthesis: ")" missing after the unit`,
  },
  TARGET_NOTATION_UNIT_PARENTHESES: {
    status: 400,
    zh: (p: T) => `${subject(p, 'zh')}：计量单位中不能再有括号`,
    en: (p: T) => `${subject(p, 'en')}: a unit cannot contain parentheses`,
  },
  TARGET_NOTATION_UNIT_EMPTY: {
    status: 400,
    zh: (p: T) => `${subject(p, 'zh')}：括号中的计量单位为空`,
    en: (p: T) => `${subject(p, 'en')}: the unit in parentheses is empty`,
  },
  TARGET_NOTATION_UNIT_TOO_LONG: {
    status: 400,
    zh: (p: T<{ length: number; max: number }>) =>
      `${subject(p, 'zh')}：计量单位有 ${p.length} 个字符，最多 ${p.max} 个`,
    en: (p: T<{ length: number; max: number }>) =>
      `${subject(p, 'en')}: the unit has ${p.length} characters; at most ${p.max} are accepted`,
  },
  TARGET_NOTATION_TRAILING_TEXT: {
    status: 400,
    zh: (p: T<{ trailing: string }>) => `${subject(p, 'zh')}：计量单位后有多余的文字“${q(p.trailing)}”`,
    en: (p: T<{ trailing: string }>) =>
      `${subject(p, 'en')}: unexpected text "${q(p.trailing)}" after the unit`,
  },
});

/**
 * The refusals of the work-list filters (list-filters.ts: the declarations list and the caller's
 * queue). Their catalogue name stays `queues`, as GET /api/reference and the OpenAPI document
 * have always published it: a code's module is part of the API, not the folder its file is in.
 */
export const WorkListErrors = defineErrors('queues', {
  DECLARATION_STATE_UNKNOWN: {
    status: 400,
    zh: (p: L<{ value: string; values: Record<Lang, string[]> }>) =>
      `${p.label}：「${p.value}」不是申报表的状态；可选的状态：${list(p.values.zh, 'zh')}`,
    en: (p: L<{ value: string; values: Record<Lang, string[]> }>) =>
      `${p.label}: "${p.value}" is not a state of a declaration; use one of: ${list(p.values.en, 'en')}`,
  },
  FILTER_DEPARTMENT_UNKNOWN: {
    status: 400,
    zh: (p: L<{ id: number }>) => `${p.label}：没有编号为 ${p.id} 的部门`,
    en: (p: L<{ id: number }>) => `${p.label}: there is no department ${p.id}`,
  },
});

/** The work lists' query parameters, in the form's terms (the queue's own: queues.messages.ts). */
defineFieldLabels({
  state: { zh: '状态', en: 'state' },
  q: { zh: '项目名称关键词', en: 'words of the project name' },
});

// ---------------------------------------------------------------------------------------------
// Texts that are not refusals: audit comments the service writes (kept in Chinese, the record's
// language), and the words of a finding's place.

const COMPARATOR_WORDS: Record<string, Bilingual> = {
  '≥': { zh: '不低于', en: 'at least' },
  '>': { zh: '高于', en: 'above' },
  '≤': { zh: '不高于', en: 'at most' },
  '<': { zh: '低于', en: 'below' },
  '=': { zh: '等于', en: 'equal to' },
};
const DIRECTION_WORDS: Record<string, Bilingual> = {
  higher: { zh: '越高越好', en: 'higher is better' },
  lower: { zh: '越低越好', en: 'lower is better' },
  exact: { zh: '须恰好达到', en: 'to be met exactly' },
};

export const DeclarationMessages = defineMessages('declarations', {
  INDICATOR_MOVED_DOWN_COMMENT: {
    zh: (p: { indicatorId: number }) => `因在其前插入三级指标（编号 ${p.indicatorId}）而后移一位`,
    en: (p: { indicatorId: number }) => `moved down by indicator ${p.indicatorId} inserted before it`,
  },
  INDICATOR_DELETED_WITH_DECLARATION_COMMENT: {
    zh: (p: { id: number }) => `随申报（编号 ${p.id}）一并删除`,
    en: (p: { id: number }) => `declaration ${p.id} deleted with its indicators`,
  },
  INDICATOR_MOVED_COMMENT: {
    zh: (p: { indicatorId: number }) => `因三级指标（编号 ${p.indicatorId}）调整顺序而移位`,
    en: (p: { indicatorId: number }) => `moved as indicator ${p.indicatorId} was reordered`,
  },
  // How the service reads a 年度指标值 (POST /api/reference/targets/parse): the editor shows it as the user types.
  TARGET_READING_EMPTY: {
    zh: () => '尚未填写年度指标值（提交前须填写）',
    en: () => 'no target yet (one is needed before submitting)',
  },
  TARGET_READING_QUALITATIVE: {
    zh: (p: { text: string }) => `定性指标：“${p.text}”，自评时按达成程度评分`,
    en: (p: { text: string }) => `qualitative target "${p.text}", graded by achievement at evaluation`,
  },
  TARGET_READING_QUANTITATIVE: {
    zh: (p: { comparator: string; value: string; unit: string; direction: string }) =>
      `定量指标：${COMPARATOR_WORDS[p.comparator]?.zh ?? p.comparator} ${p.value}，计量单位“${p.unit}”，${DIRECTION_WORDS[p.direction]?.zh ?? ''}`,
    en: (p: { comparator: string; value: string; unit: string; direction: string }) =>
      `quantitative target: ${COMPARATOR_WORDS[p.comparator]?.en ?? p.comparator} ${p.value}, unit "${p.unit}", ${DIRECTION_WORDS[p.direction]?.en ?? ''}`,
  },
  TARGET_READING_PROPOSAL: {
    zh: (p: { proposed: string }) => `看似定量指标，若是请写作 ${p.proposed}`,
    en: (p: { proposed: string }) => `looks quantitative: if so, write ${p.proposed}`,
  },
});

// ---------------------------------------------------------------------------------------------
// Findings (findings.ts): each code's message and the hint that says what to do, in words.

/** A finding's text: its message, its hint, and a short title (the reference-data route). */
export interface FindingText<P> {
  title: Bilingual;
  zh: (p: P) => string;
  en: (p: P) => string;
  hint: { zh: (p: P) => string; en: (p: P) => string };
}

const level1Word = (v: string, lang: Lang) => valueLabel(v, lang, 'level1');
const level2Word = (v: string, lang: Lang) => valueLabel(v, lang, 'level2');

type Name = { name: string };
type LastActual = {
  target: string;
  actual: string;
  unit: string;
  year: number;
  source: 'evaluation' | 'monitoring';
  direction: 'higher' | 'lower';
};
type Change =
  | { change: 'indicatorRemoved'; before: string | null }
  | { change: 'targetRemoved'; before: string }
  | { change: 'replaced' | 'lowered' | 'raised'; before: string; after: string };

type PreAssessmentWhy = {
  reason: 'threshold' | 'growth';
  annualRequest: string;
  threshold: string;
  limitPercent: string;
  previousYear?: number;
  previousAnnualRequest?: string;
  growthPercent?: string | null;
};

/** Why this project needs a pre-assessment (pre-assessment-need.ts), with the amounts. */
function whyZh(p: PreAssessmentWhy): string {
  if (p.reason === 'threshold')
    return `本项目为新增项目，年度资金申请总额 ${p.annualRequest} 元，达到事前绩效评估标准 ${p.threshold} 元`;
  const growth =
    p.growthPercent === null || p.growthPercent === undefined ? '（上年为 0）' : ` ${p.growthPercent}%`;
  return `本项目为延续项目，年度资金申请总额 ${p.annualRequest} 元较${p.previousYear}年度 ${p.previousAnnualRequest} 元增长${growth}，超过 ${p.limitPercent}%`;
}

/** Why a pre-assessment is needed, in a language (the pre-assessment view's `reason`). */
export function preAssessmentReason(p: PreAssessmentWhy, lang: Lang): string {
  return lang === 'zh' ? whyZh(p) : whyEn(p);
}

function whyEn(p: PreAssessmentWhy): string {
  if (p.reason === 'threshold')
    return `a new project with an annual request of ${p.annualRequest}, at or above the pre-assessment threshold of ${p.threshold}`;
  const growth =
    p.growthPercent === null || p.growthPercent === undefined ? '(from 0)' : `by ${p.growthPercent}%`;
  return `a recurring project whose annual request ${p.annualRequest} grew ${growth} over ${p.previousYear}'s ${p.previousAnnualRequest}, more than ${p.limitPercent}%`;
}

const findingRegistry = new Map<string, FindingText<any>>();

/**
 * A module's findings: each code's message (registered with the other messages, so codes stay
 * unique) and its hint and title, which `findingText` finds by code (the rule engine renders
 * every finding it returns, the importer's too, in the reader's language).
 */
export function defineFindings<C extends Record<string, FindingText<any>>>(module: string, defs: C): C {
  defineMessages(module, defs);
  for (const [code, def] of Object.entries(defs)) findingRegistry.set(code, def);
  return defs;
}

export function findingText(code: string): FindingText<any> | undefined {
  return findingRegistry.get(code);
}

export const FINDING_TEXTS = defineFindings('declarations', {
  HEADER_FIELD_REQUIRED: {
    title: { zh: '表头必填项未填', en: 'required header field blank' },
    zh: (p: { field: string }) => `未填${fieldLabel(p.field, 'zh')}`,
    en: (p: { field: string }) => `${fieldLabel(p.field, 'en')} is required`,
    hint: {
      zh: (p: { field: string }) => `请填写${fieldLabel(p.field, 'zh')}；提交前必须填写。`,
      en: (p: { field: string }) => `Fill in the ${fieldLabel(p.field, 'en')}; it is required to submit.`,
    },
  },
  DATES_ORDER: {
    title: { zh: '计划日期顺序颠倒', en: 'planned dates out of order' },
    zh: (p: { start: string; end: string }) => `计划完成日期 ${p.end} 早于计划开始日期 ${p.start}`,
    en: (p: { start: string; end: string }) => `planned end ${p.end} is before planned start ${p.start}`,
    hint: {
      zh: () => '请核对计划开始日期和计划完成日期：完成日期不能早于开始日期。',
      en: () => 'Check the planned dates: the end cannot be before the start.',
    },
  },
  DATES_OUTSIDE_YEAR: {
    title: { zh: '计划期间不在申报年度内', en: 'planned period outside the year' },
    zh: (p: { field: string; date: string; year: number }) =>
      p.field === 'plannedStart'
        ? `计划开始日期 ${p.date} 晚于 ${p.year} 年度，计划期间与申报年度不重叠`
        : `计划完成日期 ${p.date} 早于 ${p.year} 年度，计划期间与申报年度不重叠`,
    en: (p: { field: string; date: string; year: number }) =>
      p.field === 'plannedStart'
        ? `planned start ${p.date} is after the year ${p.year}: the planned period does not touch it`
        : `planned end ${p.date} is before the year ${p.year}: the planned period does not touch it`,
    hint: {
      zh: (p: { year: number }) => `请核对计划日期是否属于 ${p.year} 年度，或申报年度是否填写正确。`,
      en: (p: { year: number }) =>
        `Check that the planned dates fall in ${p.year}, or that the year is right.`,
    },
  },
  FUNDS_ANNUAL_SUM: {
    title: { zh: '年度资金申请总额与来源之和不符', en: 'annual request differs from its sources' },
    zh: (p: { annualRequest: string; sum: string }) =>
      `年度资金申请总额 ${p.annualRequest} 元不等于当年财政拨款、上年结转资金与其他资金之和 ${p.sum} 元`,
    en: (p: { annualRequest: string; sum: string }) =>
      `the annual funding request ${p.annualRequest} differs from current-year appropriation + carry-over + other funds = ${p.sum}`,
    hint: {
      zh: () => '请核对年度资金申请总额及当年财政拨款、上年结转资金、其他资金，使三项之和等于申请总额。',
      en: () =>
        'Check the annual request and its three sources (appropriation, carry-over, other): they must add up to it.',
    },
  },
  FUNDS_TOTAL_MISSING: {
    title: { zh: '未填项目资金总额', en: 'total project funds blank' },
    zh: () => '未填项目资金总额',
    en: () => 'the total project funds are blank',
    hint: {
      zh: () => '请填写项目资金总额（项目整个实施期的资金总额）。',
      en: () => 'Fill in the total project funds (for the whole life of the project).',
    },
  },
  FUNDS_TOTAL_BELOW_ANNUAL: {
    title: { zh: '项目资金总额小于年度申请', en: 'total funds below the annual request' },
    zh: (p: { total: string; annualRequest: string }) =>
      `项目资金总额 ${p.total} 元小于年度资金申请总额 ${p.annualRequest} 元`,
    en: (p: { total: string; annualRequest: string }) =>
      `the total project funds ${p.total} are below the annual funding request ${p.annualRequest}`,
    hint: {
      zh: () => '项目资金总额应不小于年度资金申请总额；请核对两项金额。',
      en: () => 'The total project funds cannot be less than the annual request; check both amounts.',
    },
  },
  ...(Object.fromEntries(
    (
      [
        ['NO_OUTPUT_INDICATOR', 'output', '缺少产出指标', 'no output indicator'],
        ['NO_BENEFIT_INDICATOR', 'benefit', '缺少效益指标', 'no benefit indicator'],
        ['NO_SATISFACTION_INDICATOR', 'satisfaction', '缺少满意度指标', 'no satisfaction indicator'],
      ] as const
    ).map(([code, , zh, en]) => [
      code,
      {
        title: { zh, en },
        zh: (p: { level1: string }) => `缺少${level1Word(p.level1, 'zh')}`,
        en: (p: { level1: string }) => `no ${level1Word(p.level1, 'en')} indicator`,
        hint: {
          zh: (p: { level1: string }) => `请在${level1Word(p.level1, 'zh')}下至少添加一条三级指标。`,
          en: (p: { level1: string }) =>
            `Add at least one indicator under ${level1Word(p.level1, 'en')} (${level1Word(p.level1, 'zh')}).`,
        },
      } satisfies FindingText<{ level1: string }>,
    ]),
  ) as Record<
    'NO_OUTPUT_INDICATOR' | 'NO_BENEFIT_INDICATOR' | 'NO_SATISFACTION_INDICATOR',
    FindingText<{ level1: string }>
  >),
  ...(Object.fromEntries(
    (
      [
        ['NO_QUANTITY_INDICATOR', '缺少数量指标', 'no quantity indicator'],
        ['NO_QUALITY_INDICATOR', '缺少质量指标', 'no quality indicator'],
        ['NO_TIMELINESS_INDICATOR', '缺少时效指标', 'no timeliness indicator'],
        ['NO_COST_INDICATOR', '缺少成本指标', 'no cost indicator'],
      ] as const
    ).map(([code, zh, en]) => [
      code,
      {
        title: { zh, en },
        zh: (p: { level1: string; level2: string }) =>
          `${level1Word(p.level1, 'zh')}下缺少${level2Word(p.level2, 'zh')}`,
        en: (p: { level1: string; level2: string }) =>
          `no ${level2Word(p.level2, 'en')} indicator under ${level1Word(p.level1, 'en')}`,
        hint: {
          zh: (p: { level1: string; level2: string }) =>
            `建议在${level1Word(p.level1, 'zh')}下添加${level2Word(p.level2, 'zh')}。`,
          en: (p: { level1: string; level2: string }) =>
            `Consider adding a ${level2Word(p.level2, 'en')} indicator (${level2Word(p.level2, 'zh')}).`,
        },
      } satisfies FindingText<{ level1: string; level2: string }>,
    ]),
  ) as Record<
    'NO_QUANTITY_INDICATOR' | 'NO_QUALITY_INDICATOR' | 'NO_TIMELINESS_INDICATOR' | 'NO_COST_INDICATOR',
    FindingText<{ level1: string; level2: string }>
  >),
  TARGET_MISSING: {
    title: { zh: '缺少年度指标值', en: 'target missing' },
    zh: (p: Name) => `三级指标“${p.name}”缺少年度指标值`,
    en: (p: Name) => `indicator "${p.name}" has no target`,
    hint: {
      zh: () =>
        '请填写年度指标值：定量指标写作“比较符号 数值(单位)”，例如 ≥95(%)；定性指标写文字，例如“及时”。',
      en: () =>
        'Fill in the target: a quantitative one as comparator, number and unit, e.g. ≥95(%); a qualitative one in words, e.g. 及时.',
    },
  },
  TARGET_LOOKS_QUANTITATIVE: {
    title: { zh: '年度指标值疑似定量却按文字保存', en: 'target looks quantitative but is text' },
    zh: (p: Name & { text: string }) =>
      `三级指标“${p.name}”的年度指标值“${p.text}”看起来是定量指标，却按文字（定性指标）保存`,
    en: (p: Name & { text: string }) =>
      `indicator "${p.name}": the target "${p.text}" looks quantitative but is stored as text (qualitative)`,
    hint: {
      zh: (p: { proposed: string | null; comparatorGiven: boolean; example: string }) =>
        p.proposed
          ? `如为定量指标，请写作 ${p.proposed}（比较符号、数值、括号中的计量单位），以便监控和自评按数值比较${p.comparatorGiven ? '' : '；原文没有比较符号，此处按下限“≥”写出，如为上限请用 ≤，须恰好等于请用 ='}；如确为定性描述，可忽略此提示。`
          : `如为定量指标，请补上计量单位，写作“比较符号 数值(单位)”，例如 ${p.example}；如确为定性描述，可忽略此提示。`,
      en: (p: { proposed: string | null; comparatorGiven: boolean; example: string }) =>
        p.proposed
          ? `If it is quantitative, write it as ${p.proposed} (comparator, number, unit in parentheses) so that monitoring and evaluation compare numbers${p.comparatorGiven ? '' : '; the text gives no comparator, so ≥ (a floor) is proposed: use ≤ for a ceiling, = for an exact value'}; if it is meant as words, leave it.`
          : `If it is quantitative, add the unit: comparator, number and unit in parentheses, e.g. ${p.example}; if it is meant as words, leave it.`,
    },
  },
  TARGET_PERCENT_OVER_100: {
    title: { zh: '百分比指标值超过100%', en: 'percentage over 100%' },
    zh: (p: Name & { target: string }) => `三级指标“${p.name}”的年度指标值 ${p.target} 超过 100%`,
    en: (p: Name & { target: string }) => `indicator "${p.name}": target ${p.target} is over 100%`,
    hint: {
      zh: () => '百分比一般不超过 100%；请核对数值或计量单位。',
      en: () => 'A percentage is rarely over 100%; check the number or the unit.',
    },
  },
  REVERSE_ON_QUANTITY: {
    title: { zh: '数量指标为反向指标', en: 'lower-is-better quantity' },
    zh: (p: Name & { target: string }) =>
      `数量指标“${p.name}”的年度指标值 ${p.target} 为反向指标（越低越好）`,
    en: (p: Name & { target: string }) =>
      `quantity indicator "${p.name}" has a lower-is-better target ${p.target}`,
    hint: {
      zh: () => '数量指标一般为正向（≥ 或 >）；请核对比较符号，如确为越低越好可保留。',
      en: () =>
        'A quantity is usually higher-is-better (≥ or >); check the comparator, or keep it if intended.',
    },
  },
  INDICATOR_NAME_DUPLICATE: {
    title: { zh: '三级指标名称重复', en: 'indicator name repeated' },
    zh: (p: Name & { first: number }) => `三级指标名称“${p.name}”与第 ${p.first} 条三级指标重复`,
    en: (p: Name & { first: number }) => `indicator name "${p.name}" repeats indicator ${p.first}`,
    hint: {
      zh: () => '请修改其中一条的名称，或删除重复的指标。',
      en: () => 'Rename one of them, or delete the repeated indicator.',
    },
  },
  INDICATOR_NOT_IN_LIBRARY: {
    title: { zh: '指标未选自指标库', en: 'indicator not from the library' },
    zh: (p: Name) => `三级指标“${p.name}”未选自指标库，为单位自行设置的指标`,
    en: (p: Name) => `indicator "${p.name}" is not from the indicator library (the unit's own)`,
    hint: {
      zh: () =>
        '如指标库中有相同含义的指标，请点击“从指标库选择”关联，以便逐年对照目标值、实际值和得分；确无对应指标可保留自定义指标。',
      en: () =>
        'If the library has an indicator of the same meaning, link it ("从指标库选择") so its targets, actuals and scores can be compared year by year; otherwise keep your own.',
    },
  },
  ADJUSTMENT_WEAKENS_TARGET: {
    title: { zh: '调整降低了已批复的目标', en: 'adjustment weakens an approved target' },
    zh: (p: Name & { level2: string } & Change) => {
      switch (p.change) {
        case 'indicatorRemoved':
          return `调整删除了${level2Word(p.level2, 'zh')}“${p.name}”（原年度指标值${p.before ?? '无'}）`;
        case 'targetRemoved':
          return `三级指标“${p.name}”的年度指标值 ${p.before} 被删除`;
        case 'lowered':
          return `三级指标“${p.name}”的年度指标值由 ${p.before} 降低为 ${p.after}`;
        case 'raised':
          return `三级指标“${p.name}”的年度指标值由 ${p.before} 提高为 ${p.after}`;
        default:
          return `三级指标“${p.name}”的年度指标值由 ${p.before} 改为 ${p.after}`;
      }
    },
    en: (p: Name & { level2: string } & Change) => {
      switch (p.change) {
        case 'indicatorRemoved':
          return `indicator "${p.name}" (${level2Word(p.level2, 'en')}) was removed by the adjustment`;
        case 'targetRemoved':
          return `indicator "${p.name}": target ${p.before} removed`;
        case 'lowered':
          return `indicator "${p.name}": target lowered from ${p.before} to ${p.after}`;
        case 'raised':
          return `indicator "${p.name}": target raised from ${p.before} to ${p.after}`;
        default:
          return `indicator "${p.name}": target replaced: ${p.before} → ${p.after}`;
      }
    },
    hint: {
      zh: () => '调整不宜降低已批复的目标；如确需调整，请在调整原因中说明理由。',
      en: () => 'An adjustment should not weaken an approved target; if it must, say why in the reason.',
    },
  },
  TARGET_BELOW_LAST_ACTUAL: {
    title: { zh: '指标值低于上年实际完成值', en: "target below last year's actual" },
    zh: (p: Name & LastActual) =>
      p.direction === 'lower'
        ? `三级指标“${p.name}”的年度指标值 ${p.target} 宽于${p.year}年实际完成值 ${p.actual}${p.unit}（越低越好的指标，目标不应高于已达到的水平）`
        : `三级指标“${p.name}”的年度指标值 ${p.target} 低于${p.year}年实际完成值 ${p.actual}${p.unit}`,
    en: (p: Name & LastActual) =>
      p.direction === 'lower'
        ? `indicator "${p.name}": the target ${p.target} allows more than the ${p.actual}${p.unit} reached in ${p.year} (lower is better)`
        : `indicator "${p.name}": the target ${p.target} is below the ${p.actual}${p.unit} reached in ${p.year}`,
    hint: {
      zh: (p: LastActual) =>
        `${p.year}年的实际完成值取自${p.source === 'evaluation' ? '绩效自评' : '绩效运行监控'}。绩效目标应参考历史完成情况设定，一般不低于上年实际水平；如确需降低，请在年度总体目标中说明理由。`,
      en: (p: LastActual) =>
        `The ${p.year} actual comes from the ${p.source === 'evaluation' ? 'self-evaluation' : 'mid-year monitoring'}. Targets are set against what was achieved and are usually not below it; if this one must be, explain why in the annual goal.`,
    },
  },
  TARGET_UNCHANGED: {
    title: { zh: '指标值连续多年未变', en: 'target unchanged for years' },
    zh: (p: Name & { target: string; years: number; since: number }) =>
      `三级指标“${p.name}”的年度指标值 ${p.target} 已连续 ${p.years} 年未变（自${p.since}年起）`,
    en: (p: Name & { target: string; years: number; since: number }) =>
      `indicator "${p.name}": the target ${p.target} has not changed for ${p.years} years (since ${p.since})`,
    hint: {
      zh: () =>
        '绩效目标应结合历年完成情况动态调整；请考虑是否提高目标，或在年度总体目标中说明保持不变的理由。',
      en: () =>
        'Targets should follow what was achieved in earlier years; consider raising it, or explain in the annual goal why it stays.',
    },
  },
  PRE_ASSESSMENT_MISSING: {
    title: { zh: '未录入事前绩效评估', en: 'pre-assessment missing' },
    zh: (p: PreAssessmentWhy) => `${whyZh(p)}，提交前须录入事前绩效评估（中发〔2018〕34号）`,
    en: (p: PreAssessmentWhy) => `${whyEn(p)}: record a pre-assessment before submitting`,
    hint: {
      zh: () =>
        '请在“事前绩效评估”中就立项必要性、投入经济性、绩效目标合理性、实施方案可行性、筹资合规性逐项填写评估意见，给出评估结论，可附评估报告。',
      en: () =>
        'Open the pre-assessment: give an opinion on each of the five dimensions and a conclusion; the report may be attached.',
    },
  },
  PRE_ASSESSMENT_REJECTED: {
    title: { zh: '事前绩效评估结论为不通过', en: 'pre-assessment not passed' },
    zh: (p: PreAssessmentWhy) => `${whyZh(p)}，须经事前绩效评估；已录入的评估结论为“不通过”，不能提交`,
    en: (p: PreAssessmentWhy) =>
      `${whyEn(p)}; the recorded pre-assessment concluded "not passed": it cannot be submitted`,
    hint: {
      zh: () => '请按评估意见完善项目后重新评估，评估结论为“通过”或“部分通过”后方可提交。',
      en: () =>
        'Improve the project as the assessment says and assess it again; it can be submitted once passed or partly passed.',
    },
  },
});

export type DeclarationFindingCode = keyof typeof FINDING_TEXTS;

/**
 * The declaration's finding codes with their short titles, for the reference-data route. The
 * monitoring and evaluation reports register their own (`monitoringFinding`, `evaluationFinding`).
 */
defineEnumeration(
  'declarationFinding',
  Object.fromEntries(Object.entries(FINDING_TEXTS).map(([code, t]) => [code, t.title])) as Record<
    DeclarationFindingCode,
    Bilingual
  >,
);
