import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, type Bilingual, type Lang } from '../common/i18n';
import { DECLARATION_FIELD_LABELS } from '../declarations/declarations.messages';

/**
 * The catalogue of the review comments (审核意见): where a comment may be anchored, the words
 * of a thread's status and of its entries, and every refusal of the comment routes.
 */

/**
 * The closed list of header anchors: the form's fields a reviewer may comment on, in the
 * form's order, labelled with the form's own words. `indicators` is the indicator tree as a
 * whole (a missing 满意度指标); one indicator is the anchor `indicator` with its id.
 */
export const HEADER_ANCHORS = [
  'projectName',
  'projectNature',
  'projectCategory',
  'competentDepartment',
  'implementingUnit',
  'plannedStart',
  'plannedEnd',
  'funds.total',
  'funds.annualRequest',
  'funds.currentAppropriation',
  'funds.carryover',
  'funds.other',
  'overallGoal',
  'annualGoal',
  'indicators',
] as const;
export type HeaderAnchor = (typeof HEADER_ANCHORS)[number];

export const COMMENT_ANCHORS = defineEnumeration('commentAnchor', {
  ...(Object.fromEntries(HEADER_ANCHORS.map((a) => [a, DECLARATION_FIELD_LABELS[a]])) as Record<
    HeaderAnchor,
    Bilingual
  >),
  indicator: { zh: '三级指标（单条）', en: 'one indicator' },
});
export type CommentAnchor = (typeof COMMENT_ANCHORS)[number];

export const THREAD_STATUSES = defineEnumeration('commentStatus', {
  open: { zh: '待解决', en: 'open' },
  resolved: { zh: '已解决', en: 'resolved' },
});
export type ThreadStatus = (typeof THREAD_STATUSES)[number];

/**
 * What a thread is: a comment of the review. Issue 18's per-indicator opinions of the scored
 * review will be threads of kind `opinion` on the same anchors.
 */
export const THREAD_KINDS = defineEnumeration('commentThreadKind', {
  comment: { zh: '审核意见', en: 'review comment' },
});

/** The entries of a thread: what was said, and when it was resolved or reopened (and by whom). */
export const ENTRY_KINDS = defineEnumeration('commentEntryKind', {
  comment: { zh: '意见', en: 'comment' },
  reply: { zh: '回复', en: 'reply' },
  resolved: { zh: '标记已解决', en: 'resolved' },
  reopened: { zh: '重新打开', en: 'reopened' },
});
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** `三级指标“需求响应及时率”` / `项目名称`. */
export function anchorLabel(anchor: string, indicatorName: string | null, lang: Lang): string {
  if (anchor === 'indicator')
    return lang === 'zh' ? `三级指标“${indicatorName ?? ''}”` : `indicator "${indicatorName ?? ''}"`;
  return DECLARATION_FIELD_LABELS[anchor]?.[lang] ?? anchor;
}

const list = (items: string[], lang: Lang) => items.join(lang === 'zh' ? '；' : '; ');

export const CommentErrors = defineErrors('comments', {
  COMMENT_THREAD_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ threadId: number }>) => `该申报表没有编号为 ${p.threadId} 的审核意见`,
    en: (p: L<{ threadId: number }>) => `this declaration has no comment thread ${p.threadId}`,
  },
  COMMENT_NOT_IN_REVIEW: {
    status: 409,
    zh: (p: L<{ stateZh: string; stateEn: string }>) =>
      `当前状态为「${p.stateZh}」，不在审核环节，不能提出新的审核意见（可在审核环节提出，或回复已有的意见）`,
    en: (p: L<{ stateZh: string; stateEn: string }>) =>
      `in state "${p.stateEn}" the declaration is not under review: no new comment threads (reply to an existing one instead)`,
  },
  COMMENT_REVIEWER_ONLY: {
    status: 403,
    zh: () => '只有当前审核环节可以审核（退回）该申报表的审核人可以提出审核意见或重新打开意见',
    en: () =>
      'only the reviewer who may review (return) the declaration now opens or reopens comment threads',
  },
  COMMENT_NOT_PARTICIPANT: {
    status: 403,
    zh: () => '只有本申报表所属部门的填报人，或当前审核环节的审核人，可以回复审核意见或标记已解决',
    en: () =>
      "only a submitter of the declaration's department, or the reviewer who may review it now, replies to or resolves a comment",
  },
  COMMENT_ANCHOR_INDICATOR_REQUIRED: {
    status: 400,
    zh: (p: L) => `${p.label}：针对单条三级指标的意见须给出该指标的编号（indicatorId）`,
    en: (p: L) => `${p.label}: a comment on one indicator needs its indicatorId`,
  },
  COMMENT_ANCHOR_NO_INDICATOR: {
    status: 400,
    zh: (p: L) => `${p.label}：只有针对单条三级指标（indicator）的意见才给出指标编号`,
    en: (p: L) => `${p.label}: only a comment on one indicator (anchor "indicator") names an indicator`,
  },
  COMMENT_INDICATOR_UNKNOWN: {
    status: 400,
    zh: (p: L<{ indicatorId: number }>) => `${p.label}：该申报表没有编号为 ${p.indicatorId} 的三级指标`,
    en: (p: L<{ indicatorId: number }>) => `${p.label}: this declaration has no indicator ${p.indicatorId}`,
  },
  COMMENT_THREAD_OPEN: {
    status: 409,
    zh: (p: L<{ anchorZh: string; anchorEn: string; threadId: number }>) =>
      `「${p.anchorZh}」已有待解决的审核意见（编号 ${p.threadId}），请在该意见下回复`,
    en: (p: L<{ anchorZh: string; anchorEn: string; threadId: number }>) =>
      `"${p.anchorEn}" already has an open comment thread (${p.threadId}): reply to it`,
  },
  COMMENT_ALREADY_RESOLVED: {
    status: 409,
    zh: (p: L<{ threadId: number }>) => `审核意见 ${p.threadId} 已标记为已解决`,
    en: (p: L<{ threadId: number }>) => `comment thread ${p.threadId} is already resolved`,
  },
  COMMENT_NOT_RESOLVED: {
    status: 409,
    zh: (p: L<{ threadId: number }>) => `审核意见 ${p.threadId} 尚未解决，无需重新打开`,
    en: (p: L<{ threadId: number }>) => `comment thread ${p.threadId} is open: nothing to reopen`,
  },
  COMMENTS_OPEN_BLOCK_SUBMIT: {
    status: 422,
    zh: (p: L<{ count: number; anchors: Record<Lang, string[]> }>) =>
      `还有 ${p.count} 条审核意见未解决（${list(p.anchors.zh, 'zh')}），全部标记为已解决后才能提交`,
    en: (p: L<{ count: number; anchors: Record<Lang, string[]> }>) =>
      `${p.count} review comment${p.count === 1 ? ' is' : 's are'} still open (${list(p.anchors.en, 'en')}): resolve them before submitting`,
  },
});

defineFieldLabels({
  anchor: { zh: '意见位置', en: 'anchor' },
  indicatorId: { zh: '指标编号', en: 'indicator id' },
  threadId: { zh: '意见编号', en: 'comment thread' },
});
