import '../auth/auth.messages';
/**
 * The workflow's words: the one source of the lifecycle's vocabulary (states, events, ratings,
 * roles) with its labels in both languages, and the catalogue of every workflow refusal.
 * Pure (no Nest, no I/O): the machine imports its vocabulary from here, so this file imports
 * nothing of the machine but its types. It lives with the machine, below the modules that use
 * it (declarations, workflow); its catalogue keeps the name `workflow`, the module GET
 * /api/reference and the OpenAPI document publish for its codes.
 */
import { defineErrors, type L } from '../common/errors';
import {
  defineEnumeration,
  defineFieldLabels,
  defineMessages,
  valueLabel,
  type Bilingual,
  type Lang,
} from '../common/i18n';
import type { Relation } from './declaration.rules';

// ---------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------

/** The words of the state-node keys; a dotted state reads segment by segment. */
export const STATE_WORDS = {
  drafting: { zh: '编制中', en: 'drafting' },
  reporting: { zh: '填报中', en: 'reporting' },
  internalReview: { zh: '单位内部审核', en: 'internal review' },
  bureauReview: { zh: '数据局审核', en: 'data bureau review' },
  approved: { zh: '已批复', en: 'approved' },
  adjustment: { zh: '目标调整', en: 'target adjustment' },
  monitoring: { zh: '绩效监控', en: 'monitoring' },
  monitored: { zh: '已监控', en: 'monitored' },
  evaluation: { zh: '绩效自评', en: 'self-evaluation' },
  closed: { zh: '已完结', en: 'closed' },
} as const satisfies Record<string, Bilingual>;

type StateWord = keyof typeof STATE_WORDS;

/**
 * Every state a declaration can rest in, as the dotted strings the API exposes (the machine's
 * leaves, in definition order; the machine's tests check that they match).
 */
const STATES = [
  'drafting',
  'internalReview',
  'bureauReview',
  'approved',
  'adjustment.drafting',
  'adjustment.internalReview',
  'adjustment.bureauReview',
  'monitoring.reporting',
  'monitoring.internalReview',
  'monitoring.bureauReview',
  'monitored',
  'evaluation.reporting',
  'evaluation.internalReview',
  'evaluation.bureauReview',
  'closed',
] as const;

const SEPARATOR = ' · ';

function dottedWords(state: string, lang: Lang): string {
  return state
    .split('.')
    .map((key) => (STATE_WORDS as Record<string, Bilingual>)[key]?.[lang] ?? key)
    .join(SEPARATOR);
}

/** The enumeration `state`: each dotted state with its label (`绩效监控 · 单位内部审核`). */
defineEnumeration(
  'state',
  Object.fromEntries(
    STATES.map((s) => [s, { zh: dottedWords(s, 'zh'), en: dottedWords(s, 'en') }]),
  ) as Record<(typeof STATES)[number], Bilingual>,
);
export const DECLARATION_STATES = STATES;
export type DeclarationState = (typeof STATES)[number];

/**
 * The label of a state as a person reads it: `monitoring.internalReview` → `绩效监控 · 单位内部审核`
 * (`monitoring · internal review`). A state-node key (`adjustment`) gets its word too.
 */
export function stateLabel(state: string, lang: Lang = 'zh'): string {
  return dottedWords(state, lang);
}

/** The word of one state-node key (`adjustment` → 目标调整): the machine's node labels. */
export function stateWord(key: StateWord, lang: Lang = 'zh'): string {
  return STATE_WORDS[key][lang];
}

/** Separators people put between a phase and its stage: ` · `, `·`, `.`, `-`, `/`, `>` and their full-width forms. */
const LOOSE = /[\s·・.。\-－—/／>＞、，,]+/g;

/**
 * The state a person or a client named: the code (`monitoring.internalReview`), or its label
 * in either language, with or without the separator (`绩效监控 · 单位内部审核`,
 * `绩效监控·单位内部审核`, `绩效监控单位内部审核`). Null when it names no state, for the caller
 * to refuse listing the valid ones (`valueLabels(DECLARATION_STATES, 'state')`).
 */
export function stateFromLabel(input: unknown): DeclarationState | null {
  if (typeof input !== 'string') return null;
  const loose = (s: string) => s.replace(LOOSE, '').toLowerCase();
  const wanted = loose(input);
  if (!wanted) return null;
  return (
    STATES.find((s) => s === input.trim()) ??
    STATES.find(
      (s) =>
        loose(s) === wanted ||
        loose(dottedWords(s, 'zh')) === wanted ||
        loose(dottedWords(s, 'en')) === wanted,
    ) ??
    null
  );
}

/** The enumeration `event`: what a person does to a declaration, as its button reads. */
export const EVENT_TYPES = defineEnumeration('event', {
  SUBMIT: { zh: '提交', en: 'Submit' },
  WITHDRAW: { zh: '撤回', en: 'Withdraw' },
  APPROVE: { zh: '审核通过', en: 'Approve' },
  RETURN: { zh: '退回', en: 'Return' },
  REQUEST_ADJUSTMENT: { zh: '申请调整', en: 'Request adjustment' },
  CANCEL_ADJUSTMENT: { zh: '取消调整', en: 'Cancel adjustment' },
  OPEN_MONITORING: { zh: '开启绩效监控', en: 'Open monitoring' },
  OPEN_EVALUATION: { zh: '开启绩效自评', en: 'Open self-evaluation' },
});
export type WorkflowEventType = (typeof EVENT_TYPES)[number];

export function eventLabel(event: string, lang: Lang = 'zh'): string {
  return valueLabel(event, lang, 'event');
}

/** The enumeration `rating`: a reviewer's rating of a phase (优/良 with APPROVE, 中/差 with RETURN). */
export const RATINGS = defineEnumeration('rating', {
  优: { zh: '优', en: 'excellent' },
  良: { zh: '良', en: 'good' },
  中: { zh: '中', en: 'fair' },
  差: { zh: '差', en: 'poor' },
});
export type Rating = (typeof RATINGS)[number];

/** A role in words (the enumeration `role` is the auth module's). */
export function roleLabel(role: string, lang: Lang = 'zh'): string {
  return valueLabel(role, lang, 'role');
}

/** The enumeration `versionKind`: which approval made an approved version. */
export const VERSION_KINDS = defineEnumeration('versionKind', {
  declaration: { zh: '绩效目标申报', en: 'declaration' },
  adjustment: { zh: '目标调整', en: 'adjustment' },
});

/** The parts of a declaration that a write changes (editability.ts), as a refusal names them. */
export const EDITABLE_PART_WORDS = {
  header: { zh: '项目基本信息', en: 'project details' },
  funds: { zh: '项目资金', en: 'funds' },
  goals: { zh: '绩效目标', en: 'goals' },
  indicators: { zh: '三级指标', en: 'indicators' },
  preAssessment: { zh: '事前绩效评估', en: 'pre-assessment' },
  monitoring: { zh: '绩效监控表', en: 'monitoring report' },
  evaluation: { zh: '绩效自评表', en: 'self-evaluation' },
} as const satisfies Record<string, Bilingual>;
export type EditablePart = keyof typeof EDITABLE_PART_WORDS;

defineFieldLabels({
  event: { zh: '操作', en: 'event' },
  rating: { zh: '评级', en: 'rating' },
  // The 数据局's scored review (src/workflow/scored-review.ts).
  review: { zh: '审核评分', en: 'scored review' },
  'review.completeness': { zh: '完整性', en: 'completeness' },
  'review.completeness.score': { zh: '完整性评分', en: 'completeness score' },
  'review.completeness.opinion': { zh: '完整性意见', en: 'completeness opinion' },
  'review.relevance': { zh: '相关性', en: 'relevance' },
  'review.relevance.score': { zh: '相关性评分', en: 'relevance score' },
  'review.relevance.opinion': { zh: '相关性意见', en: 'relevance opinion' },
  'review.appropriateness': { zh: '适当性', en: 'appropriateness' },
  'review.appropriateness.score': { zh: '适当性评分', en: 'appropriateness score' },
  'review.appropriateness.opinion': { zh: '适当性意见', en: 'appropriateness opinion' },
  'review.feasibility': { zh: '可行性', en: 'feasibility' },
  'review.feasibility.score': { zh: '可行性评分', en: 'feasibility score' },
  'review.feasibility.opinion': { zh: '可行性意见', en: 'feasibility opinion' },
  'review.amendments': { zh: '修改意见', en: 'amendments' },
  items: { zh: '待办事项', en: 'items' },
  'items[]': { zh: '事项', en: 'item' },
});

// ---------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------

const st = (state: string, lang: Lang) => stateLabel(state, lang);
const ev = (event: string, lang: Lang) => eventLabel(event, lang);
const or = (words: string[], lang: Lang) => words.join(lang === 'zh' ? '或' : ' or ');
const and = (words: string[], lang: Lang) => words.join(lang === 'zh' ? '、' : ', ');
const quoted = (words: string[]) => words.map((w) => `"${w}"`);

/** Whose department may act: the owner's, the owner's or one above it, or any. */
export type ActorScope = 'owner' | 'ownerOrAbove' | 'any';

export function actorScope(relations: readonly Relation[]): ActorScope {
  if (relations.includes('other')) return 'any';
  return relations.includes('ancestor') ? 'ownerOrAbove' : 'owner';
}

const SCOPE_WORDS: Record<ActorScope, Bilingual> = {
  owner: { zh: '本单位的', en: ' of the owning department' },
  ownerOrAbove: { zh: '本单位或上级单位的', en: ' of the owning department or a department above it' },
  any: { zh: '', en: '' },
};

type EventInState = { event: string; state: string };

export const WorkflowErrors = defineErrors('workflow', {
  WORKFLOW_EVENT_NOT_ALLOWED: {
    status: 409,
    zh: (p: L<EventInState>) => `当前状态为「${st(p.state, 'zh')}」，不能进行「${ev(p.event, 'zh')}」操作`,
    en: (p: L<EventInState>) => `"${ev(p.event, 'en')}" is not possible in state "${st(p.state, 'en')}"`,
  },
  WORKFLOW_NON_ACTING_ROLE: {
    status: 403,
    zh: (p: L<{ roles: string[] }>) =>
      `具有${or(
        p.roles.map((r) => roleLabel(r, 'zh')),
        'zh',
      )}角色的用户不办理流程操作（审计保持独立，管理员不参与业务审核）；请使用另一个业务账号`,
    en: (p: L<{ roles: string[] }>) =>
      `users holding the ${or(
        p.roles.map((r) => roleLabel(r, 'en')),
        'en',
      )} role never fire workflow events; use a separate business account`,
  },
  WORKFLOW_ROLE_REQUIRED: {
    status: 403,
    zh: (p: L<EventInState & { roles: string[]; scope: ActorScope }>) =>
      `在「${st(p.state, 'zh')}」状态，「${ev(p.event, 'zh')}」只能由${SCOPE_WORDS[p.scope].zh}${or(
        p.roles.map((r) => roleLabel(r, 'zh')),
        'zh',
      )}办理`,
    en: (p: L<EventInState & { roles: string[]; scope: ActorScope }>) =>
      `"${ev(p.event, 'en')}" in state "${st(p.state, 'en')}" is for a ${or(
        p.roles.map((r) => roleLabel(r, 'en')),
        'en',
      )}${SCOPE_WORDS[p.scope].en}`,
  },
  WORKFLOW_SUBMITTER_ONLY: {
    status: 403,
    zh: (p: L<EventInState>) => `只有提交本阶段的用户本人可以「${ev(p.event, 'zh')}」`,
    en: (p: L<EventInState>) => `"${ev(p.event, 'en')}" is only for the user who submitted this phase`,
  },
  WORKFLOW_SEGREGATION: {
    status: 403,
    zh: (p: L<EventInState>) =>
      `本阶段由您提交，您不能对其「${ev(p.event, 'zh')}」（不相容职务分离：任何人不审核本人提交的内容）`,
    en: (p: L<EventInState>) =>
      `you submitted this phase, so you may not "${ev(p.event, 'en')}" it (segregation of duties)`,
  },
  WORKFLOW_COMMENT_REQUIRED: {
    status: 400,
    zh: (p: L<EventInState>) => `${p.label}：「${ev(p.event, 'zh')}」时必须填写原因`,
    en: (p: L<EventInState>) => `${p.label}: "${ev(p.event, 'en')}" needs a comment giving the reason`,
  },
  FINDINGS_BLOCK_SUBMIT: {
    status: 422,
    zh: (p: L<{ count: number }>) => `还有 ${p.count} 个错误需要修改，修改后才能提交`,
    en: (p: L<{ count: number }>) =>
      `${p.count} error${p.count === 1 ? '' : 's'} must be corrected before submitting`,
  },
  WORKFLOW_RATING_INVALID: {
    status: 400,
    zh: (p: L<{ event: string; allowed: string[] }>) =>
      p.allowed.length
        ? `${p.label}：「${ev(p.event, 'zh')}」时只能为 ${and(p.allowed, 'zh')}`
        : `${p.label}：「${ev(p.event, 'zh')}」不附带评级`,
    en: (p: L<{ event: string; allowed: string[] }>) =>
      p.allowed.length
        ? `${p.label}: with "${ev(p.event, 'en')}" a rating must be ${or(p.allowed, 'en')}`
        : `${p.label}: "${ev(p.event, 'en')}" takes no rating`,
  },
  WORKFLOW_REVIEW_REQUIRED: {
    status: 400,
    zh: (p: L<EventInState>) =>
      `${p.label}：数据局对绩效目标「${ev(p.event, 'zh')}」时，须按完整性、相关性、适当性、可行性四项逐项评分（0–100 分）并填写意见`,
    en: (p: L<EventInState>) =>
      `${p.label}: the data bureau's "${ev(p.event, 'en')}" of the targets needs a score (0–100) and an opinion for each of completeness, relevance, appropriateness and feasibility`,
  },
  WORKFLOW_REVIEW_NOT_TAKEN: {
    status: 400,
    zh: (p: L<EventInState>) =>
      `${p.label}：只有数据局审核绩效目标（申报或目标调整）时的「审核通过」「退回」附带评分；在「${st(p.state, 'zh')}」状态「${ev(p.event, 'zh')}」不附带评分`,
    en: (p: L<EventInState>) =>
      `${p.label}: only the data bureau's approval or return of the targets (a declaration or an adjustment) takes scores; "${ev(p.event, 'en')}" in state "${st(p.state, 'en')}" takes none`,
  },
  WORKFLOW_REVIEW_SCORE: {
    status: 400,
    zh: (p: L) => `${p.label}：须为 0 到 100 之间的数，最多两位小数，如 "92" 或 "87.5"`,
    en: (p: L) =>
      `${p.label}: must be a number from 0 to 100 with at most 2 decimals, such as "92" or "87.5"`,
  },
  WORKFLOW_REVIEW_GRADE_RETURN: {
    status: 422,
    zh: (p: L<{ total: string; grade: string }>) =>
      `${p.label}：加权合计 ${p.total} 分，评级为「${p.grade}」；评级为中或差的绩效目标须退回修改，不能审核通过`,
    en: (p: L<{ total: string; grade: string }>) =>
      `${p.label}: the weighted total is ${p.total}, graded ${p.grade}; targets graded 中 or 差 are returned, not approved`,
  },
  WORKFLOW_REVIEW_AMENDMENTS_REQUIRED: {
    status: 422,
    zh: (p: L<{ total: string }>) =>
      `${p.label}：加权合计 ${p.total} 分，评级为「良」；评级为良的绩效目标审核通过时，须写明需要修改完善的内容`,
    en: (p: L<{ total: string }>) =>
      `${p.label}: the weighted total is ${p.total}, graded 良; approving targets graded 良 needs the amendments named`,
  },
  WORKFLOW_REVIEW_RATING_MISMATCH: {
    status: 422,
    zh: (p: L<{ total: string; grade: string; rating: string }>) =>
      `${p.label}：评级由评分得出，加权合计 ${p.total} 分为「${p.grade}」，与所填的「${p.rating}」不一致（可不填评级）`,
    en: (p: L<{ total: string; grade: string; rating: string }>) =>
      `${p.label}: the rating follows from the scores: a weighted total of ${p.total} is ${p.grade}, not ${p.rating} (the rating may be left out)`,
  },
  VERSION_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ declarationId: number; versionNo: number }>) =>
      `申报表 ${p.declarationId} 没有批复版本 ${p.versionNo}`,
    en: (p: L<{ declarationId: number; versionNo: number }>) =>
      `declaration ${p.declarationId} has no approved version ${p.versionNo}`,
  },
  DECLARATION_STATE_NOT_EDITABLE: {
    status: 409,
    zh: (p: L<{ state: string; part: EditablePart; editableIn: string[] }>) =>
      `当前状态为「${st(p.state, 'zh')}」，不能修改${EDITABLE_PART_WORDS[p.part].zh}（只能在${and(
        p.editableIn.map((s) => `「${st(s, 'zh')}」`),
        'zh',
      )}状态修改）`,
    en: (p: L<{ state: string; part: EditablePart; editableIn: string[] }>) =>
      `the ${EDITABLE_PART_WORDS[p.part].en} cannot be changed in state "${st(p.state, 'en')}" (only in ${or(
        quoted(p.editableIn.map((s) => st(s, 'en'))),
        'en',
      )})`,
  },
  WORKFLOW_OPEN_YEAR_NOT_IN_STATE: {
    status: 409,
    zh: (p: L<EventInState & { from: string }>) =>
      `当前状态为「${st(p.state, 'zh')}」；只有「${st(p.from, 'zh')}」的申报表可以「${ev(p.event, 'zh')}」`,
    en: (p: L<EventInState & { from: string }>) =>
      `in state "${st(p.state, 'en')}": only a declaration in state "${st(p.from, 'en')}" can "${ev(p.event, 'en')}"`,
  },
});

// ---------------------------------------------------------------------------------------
// Texts that are not refusals: the published definition of the lifecycle
// ---------------------------------------------------------------------------------------

export const WorkflowMessages = defineMessages('workflow', {
  WORKFLOW_REQUIRES_OWN_SUBMISSION: {
    zh: () => '提交本阶段的用户本人',
    en: () => 'the user who submitted the phase',
  },
  WORKFLOW_REQUIRES_NOT_SUBMITTER: {
    zh: () => '不是提交本阶段的用户',
    en: () => 'not the user who submitted the phase',
  },
  WORKFLOW_REQUIRES_COMMENT: { zh: () => '填写原因（意见）', en: () => 'a comment' },
  WORKFLOW_REQUIRES_NO_ERRORS: { zh: () => '内容没有错误', en: () => 'no error findings' },
  WORKFLOW_WHEN_ORIGIN: {
    zh: (p: { origin: string }) => `调整申请自「${st(p.origin, 'zh')}」状态提出时`,
    en: (p: { origin: string }) => `the adjustment was requested in ${p.origin}`,
  },
  WORKFLOW_SEGREGATION_RULE: {
    zh: () => '任何人不能对本人提交的阶段审核通过或退回，无论其具有何种角色（不相容职务分离）',
    en: () => 'nobody approves or returns a phase they submitted, whatever roles they hold',
  },
});
