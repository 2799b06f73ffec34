import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels } from '../common/i18n';

/**
 * The catalogue of rectification (整改, issue 18 item 5; docs/spec/domain.md §12): the items an
 * evaluation graded 中/差 or with missed indicators opens, their states and steps, and every
 * refusal of the `/api/rectifications` routes.
 */

/** Where an item stands: 整改中 (the department works on it), 待验收 (closed with evidence), 已验收. */
export const RECTIFICATION_STATUSES = defineEnumeration('rectificationStatus', {
  open: { zh: '整改中', en: 'open' },
  closed: { zh: '待验收', en: 'closed, awaiting acceptance' },
  accepted: { zh: '已验收', en: 'accepted' },
});
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

/** The steps of an item (its small statechart, rectification.machine.ts). */
export const RECTIFICATION_EVENTS = defineEnumeration('rectificationEvent', {
  EDIT: { zh: '修改整改要求', en: 'edit' },
  CLOSE: { zh: '提交整改情况', en: 'close with evidence' },
  ACCEPT: { zh: '验收通过', en: 'accept' },
  REOPEN: { zh: '退回重新整改', en: 'reopen' },
});
export type RectificationEvent = (typeof RECTIFICATION_EVENTS)[number];

/** Why an item exists: an indicator not met, the grade below 良, or added by the bureau. */
export const RECTIFICATION_SOURCES = defineEnumeration('rectificationSource', {
  indicator: { zh: '指标未完成', en: 'indicator missed' },
  grade: { zh: '自评等级偏低', en: 'grade below 良' },
  manual: { zh: '数据局补充', en: 'added by the bureau' },
});
export type RectificationSource = (typeof RECTIFICATION_SOURCES)[number];

defineFieldLabels({
  problem: { zh: '存在问题', en: 'problem' },
  requiredAction: { zh: '整改要求', en: 'required action' },
  responsible: { zh: '责任单位（人）', en: 'responsible' },
  dueOn: { zh: '整改期限', en: 'due date' },
  evidence: { zh: '整改情况说明', en: 'evidence' },
  status: { zh: '整改状态', en: 'status' },
});

/** The words the opening writes into an item (in Chinese: they are the item's text, not a label). */
export const OPENING_TEXT = {
  indicatorProblem: (p: { name: string; target: string; actual: string; score: string; weight: string }) =>
    `指标“${p.name}”未完成年度目标：目标值 ${p.target}，实际完成值 ${p.actual}，得分 ${p.score}/${p.weight}`,
  indicatorAction: (name: string) => `分析“${name}”未完成的原因，落实改进措施，确保下一年度完成目标`,
  gradeProblem: (p: { grade: string; total: string }) =>
    `年度绩效自评等级为“${p.grade}”（总分 ${p.total}），低于“良”`,
  gradeAction: '全面梳理项目实施和资金使用中的问题，制定整改方案并落实，提升项目绩效',
  actionFromAnalysis: (analysis: string) => `落实自评报告提出的改进措施：${analysis}`,
};

export const RectificationErrors = defineErrors('rectification', {
  RECTIFICATION_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `整改事项（编号 ${p.id}）不存在，或不在您的查看范围内`,
    en: (p: L<{ id: number }>) => `rectification item ${p.id} not found`,
  },
  RECTIFICATION_VERSION_STALE: {
    status: 409,
    zh: (p: L<{ sent: number; current: number }>) =>
      `整改事项已被他人修改（您提交的版本 ${p.sent}，当前版本 ${p.current}），请刷新后重试`,
    en: (p: L<{ sent: number; current: number }>) =>
      `the item has changed (you sent version ${p.sent}, it is at ${p.current}); reload and try again`,
  },
  RECTIFICATION_STEP_STATE: {
    status: 409,
    zh: (p: L<{ event: string; eventZh: string; status: string; statusZh: string }>) =>
      `整改事项当前为“${p.statusZh}”，不能${p.eventZh}`,
    en: (p: L<{ event: string; eventZh: string; status: string; statusZh: string }>) =>
      `the item is ${p.status}: ${p.event} is not possible`,
  },
  RECTIFICATION_STEP_ROLE: {
    status: 403,
    zh: (p: L<{ event: string; eventZh: string; who: string; whoEn: string }>) =>
      `只有${p.who}可以${p.eventZh}`,
    en: (p: L<{ event: string; eventZh: string; who: string; whoEn: string }>) =>
      `only ${p.whoEn} may ${p.event}`,
  },
  RECTIFICATION_REASON_REQUIRED: {
    status: 400,
    zh: (p: L) => `${p.label}：退回重新整改必须说明理由`,
    en: (p: L) => `${p.label}: a reopened item needs a reason`,
  },
  RECTIFICATION_EVIDENCE_REQUIRED: {
    status: 400,
    zh: (p: L) => `${p.label}：提交整改情况必须说明已采取的整改措施及成效`,
    en: (p: L) => `${p.label}: closing an item needs the evidence of what was done`,
  },
  RECTIFICATION_NOT_EVALUATED: {
    status: 409,
    zh: (p: L<{ state: string; stateZh: string }>) =>
      `该申报的年度绩效自评尚未经数据局审核通过（当前状态：${p.stateZh}），不能添加整改事项`,
    en: (p: L<{ state: string; stateZh: string }>) =>
      `the declaration's self-evaluation is not approved by the bureau yet (state ${p.state})`,
  },
  RECTIFICATION_DUE_IN_PAST: {
    status: 400,
    zh: (p: L<{ dueOn: string; today: string }>) => `${p.label} ${p.dueOn} 早于今天（${p.today}）`,
    en: (p: L<{ dueOn: string; today: string }>) => `${p.label} ${p.dueOn} is before today (${p.today})`,
  },
  RECTIFICATION_NOTHING_TO_EDIT: {
    status: 400,
    zh: () => '请至少修改一项：存在问题、整改要求、责任单位（人）或整改期限',
    en: () => 'send at least one of problem, requiredAction, responsible, dueOn',
  },
  RECTIFICATION_ATTACHMENT_MISSING: {
    status: 404,
    zh: (p: L<{ id: number }>) => `整改事项（编号 ${p.id}）没有附件`,
    en: (p: L<{ id: number }>) => `rectification item ${p.id} has no attachment`,
  },
  RECTIFICATION_ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: (p: L<{ maxMb: string }>) => `${p.label}：附件不能超过 ${p.maxMb} MB`,
    en: (p: L<{ maxMb: string }>) => `${p.label}: the attachment may be at most ${p.maxMb} MB`,
  },
  RECTIFICATION_ATTACHMENT_EMPTY: {
    status: 400,
    zh: (p: L) => `${p.label}：附件为空文件`,
    en: (p: L) => `${p.label}: the file is empty`,
  },
  RECTIFICATION_ATTACHMENT_TYPE: {
    status: 415,
    zh: (p: L<{ allowed: string }>) =>
      `${p.label}：附件类型不支持，或文件内容与扩展名不符，请上传以下格式的文件：「${p.allowed}」`,
    en: (p: L<{ allowed: string }>) =>
      `${p.label}: unsupported file type, or its content does not match its extension; allowed: ${p.allowed}`,
  },
  RECTIFICATION_UPLOAD_NOT_MULTIPART: {
    status: 415,
    zh: () => '附件须以 multipart/form-data 方式上传，文件放在「file」字段',
    en: () => 'upload the attachment as the multipart/form-data field `file`',
  },
});
