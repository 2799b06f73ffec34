import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, type Lang } from '../common/i18n';
import { beijingDate } from '../common/time';
import { stateLabel } from '../lifecycle/lifecycle.messages';
// The email address's code (EMAIL_FORMAT) and field label.
import '../org/org.messages';

/**
 * The catalogue of notifications: what each kind of message says (a title and a body, from the
 * parameters stored with it), the words of the kinds and delivery states, and the refusals.
 */

export const NOTIFICATION_KINDS = defineEnumeration('notificationKind', {
  'review.awaiting': { zh: '待审核', en: 'awaiting review' },
  'declaration.returned': { zh: '已退回', en: 'returned' },
  'declaration.approved': { zh: '审核通过', en: 'approved' },
  'report.opened': { zh: '开始填报', en: 'report opened' },
  'review.dueSoon': { zh: '即将到期', en: 'due soon' },
  // Rectification (src/rectification): items opened, closed with evidence, reopened.
  'rectification.opened': { zh: '整改事项', en: 'rectification opened' },
  'rectification.closed': { zh: '整改待验收', en: 'rectification to accept' },
  'rectification.reopened': { zh: '整改退回', en: 'rectification reopened' },
  'review.overdue': { zh: '已逾期', en: 'overdue' },
  'review.escalated': { zh: '逾期督办', en: 'escalated' },
});
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_STATUSES = defineEnumeration('deliveryStatus', {
  pending: { zh: '待发送', en: 'pending' },
  sent: { zh: '已发送', en: 'sent' },
  dead: { zh: '发送失败', en: 'dead letter' },
});

/** What a message is made of (stored as JSON with it). */
export interface NotificationParams {
  projectName?: string | null;
  year?: number;
  event?: string;
  from?: string;
  to?: string;
  state?: string;
  comment?: string | null;
  actorName?: string;
  departmentName?: string;
  dueAt?: string;
  /** Working days over (escalation). */
  workingDays?: number;
  /** Calendar days over: what escalations written before working days were counted said. */
  days?: number;
  /** How many items (rectification). */
  count?: number;
}

/** A date in Shanghai time (UTC+8, no daylight saving), as people there read the deadline. */
export function localDate(iso: string | undefined): string {
  if (!iso) return '';
  return beijingDate(iso);
}

const project = (p: NotificationParams, lang: Lang) =>
  p.projectName
    ? lang === 'zh'
      ? `「${p.projectName}」`
      : `"${p.projectName}"`
    : lang === 'zh'
      ? '申报'
      : 'a declaration';
const label = (s: string | undefined, lang: Lang) => (s ? stateLabel(s, lang) : '');
const phaseWord = (state: string | undefined, lang: Lang) =>
  state?.startsWith('evaluation')
    ? lang === 'zh'
      ? '绩效自评'
      : 'self-evaluation'
    : lang === 'zh'
      ? '绩效运行监控'
      : 'mid-year monitoring';

type Texts = Record<Lang, (p: NotificationParams) => { title: string; body: string }>;

/** Each kind's title and body, in each language. */
export const NOTIFICATION_TEXTS: Record<NotificationKind, Texts> = {
  'review.awaiting': {
    zh: (p) => ({
      title: `待审核：${p.projectName ?? '申报'}`,
      body:
        p.event === 'SUBMIT'
          ? `${p.actorName ?? ''}提交了${project(p, 'zh')}（${p.year}年度），已进入${label(p.to, 'zh')}，请审核。`
          : `${project(p, 'zh')}（${p.year}年度）已通过${label(p.from, 'zh')}，进入${label(p.to, 'zh')}，请审核。`,
    }),
    en: (p) => ({
      title: `To review: ${p.projectName ?? 'a declaration'}`,
      body:
        p.event === 'SUBMIT'
          ? `${p.actorName ?? ''} submitted ${project(p, 'en')} (${p.year}); it is now in ${label(p.to, 'en')} and awaits your review.`
          : `${project(p, 'en')} (${p.year}) passed ${label(p.from, 'en')} and awaits your review in ${label(p.to, 'en')}.`,
    }),
  },
  'declaration.returned': {
    zh: (p) => ({
      title: `已退回：${p.projectName ?? '申报'}`,
      body: `${project(p, 'zh')}在${label(p.from, 'zh')}被${p.actorName ?? '审核人'}退回，退回原因：${p.comment ?? ''}。请修改后重新提交。`,
    }),
    en: (p) => ({
      title: `Returned: ${p.projectName ?? 'a declaration'}`,
      body: `${project(p, 'en')} was returned in ${label(p.from, 'en')} by ${p.actorName ?? 'the reviewer'}. Reason: ${p.comment ?? ''}. Please revise and submit again.`,
    }),
  },
  'declaration.approved': {
    zh: (p) => ({
      title: `审核通过：${p.projectName ?? '申报'}`,
      body: `${project(p, 'zh')}已通过${label(p.from, 'zh')}，当前状态：${label(p.to, 'zh')}。`,
    }),
    en: (p) => ({
      title: `Approved: ${p.projectName ?? 'a declaration'}`,
      body: `${project(p, 'en')} passed ${label(p.from, 'en')}; it is now ${label(p.to, 'en')}.`,
    }),
  },
  'report.opened': {
    zh: (p) => ({
      title: `请填报${phaseWord(p.to, 'zh')}：${p.projectName ?? '申报'}`,
      body: `数据局已开启${project(p, 'zh')}${p.year}年度的${phaseWord(p.to, 'zh')}，请填报后提交。`,
    }),
    en: (p) => ({
      title: `Report due: ${p.projectName ?? 'a declaration'}`,
      body: `The data bureau opened the ${phaseWord(p.to, 'en')} of ${project(p, 'en')} for ${p.year}; please fill it in and submit it.`,
    }),
  },
  'review.dueSoon': {
    zh: (p) => ({
      title: `即将到期：${p.projectName ?? '申报'}`,
      body: `${project(p, 'zh')}的${label(p.state, 'zh')}将于 ${localDate(p.dueAt)} 到期，请及时审核。`,
    }),
    en: (p) => ({
      title: `Due soon: ${p.projectName ?? 'a declaration'}`,
      body: `The ${label(p.state, 'en')} of ${project(p, 'en')} is due on ${localDate(p.dueAt)}.`,
    }),
  },
  'rectification.opened': {
    zh: (p) => ({
      title: `整改事项：${p.projectName ?? '申报'}`,
      body: `${project(p, 'zh')}${p.year}年度绩效自评经数据局审核，生成整改事项 ${p.count ?? 1} 项，请于 ${localDate(p.dueAt)} 前完成整改并提交整改情况。`,
    }),
    en: (p) => ({
      title: `Rectification: ${p.projectName ?? 'a declaration'}`,
      body: `The ${p.year} self-evaluation of ${project(p, 'en')} opened ${p.count ?? 1} rectification item(s), due ${localDate(p.dueAt)}.`,
    }),
  },
  'rectification.closed': {
    zh: (p) => ({
      title: `整改待验收：${p.projectName ?? '申报'}`,
      body: `${p.actorName ?? '填报人'}已提交${project(p, 'zh')}的整改情况，请验收。`,
    }),
    en: (p) => ({
      title: `Rectification to accept: ${p.projectName ?? 'a declaration'}`,
      body: `${p.actorName ?? 'The submitter'} reported a rectification item of ${project(p, 'en')} done; please accept or reopen it.`,
    }),
  },
  'rectification.reopened': {
    zh: (p) => ({
      title: `整改退回：${p.projectName ?? '申报'}`,
      body: `${project(p, 'zh')}的整改事项被${p.actorName ?? '数据局'}退回重新整改，理由：${p.comment ?? ''}。`,
    }),
    en: (p) => ({
      title: `Rectification reopened: ${p.projectName ?? 'a declaration'}`,
      body: `A rectification item of ${project(p, 'en')} was reopened by ${p.actorName ?? 'the bureau'}: ${p.comment ?? ''}.`,
    }),
  },
  'review.overdue': {
    zh: (p) => ({
      title: `已逾期：${p.projectName ?? '申报'}`,
      body: `${project(p, 'zh')}的${label(p.state, 'zh')}已于 ${localDate(p.dueAt)} 到期，请尽快审核。`,
    }),
    en: (p) => ({
      title: `Overdue: ${p.projectName ?? 'a declaration'}`,
      body: `The ${label(p.state, 'en')} of ${project(p, 'en')} was due on ${localDate(p.dueAt)}; please review it now.`,
    }),
  },
  'review.escalated': {
    zh: (p) => ({
      title: `逾期督办：${p.projectName ?? '申报'}`,
      body: `${p.departmentName ?? ''}${project(p, 'zh')}的${label(p.state, 'zh')}已逾期 ${overdueBy(p, 'zh')}（${localDate(p.dueAt)} 到期），请数据局督办。`,
    }),
    en: (p) => ({
      title: `Escalated: ${p.projectName ?? 'a declaration'}`,
      body: `The ${label(p.state, 'en')} of ${project(p, 'en')}${p.departmentName ? ` (${p.departmentName})` : ''} is ${overdueBy(p, 'en')} overdue (due ${localDate(p.dueAt)}); escalated to the data bureau.`,
    }),
  },
};

/** How long an escalated item is overdue: in working days, or in calendar days as older escalations counted. */
function overdueBy(p: NotificationParams, lang: Lang): string {
  if (p.workingDays !== undefined)
    return lang === 'zh' ? `${p.workingDays} 个工作日` : `${p.workingDays} working days`;
  return lang === 'zh' ? `${p.days} 天` : `${p.days} days`;
}

/** A message's title and body in a language. */
export function renderNotification(kind: string, params: NotificationParams, lang: Lang) {
  const texts = NOTIFICATION_TEXTS[kind as NotificationKind];
  if (!texts) return { title: kind, body: '' };
  return texts[lang](params);
}

export const NotificationErrors = defineErrors('notifications', {
  NOTIFICATION_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `通知 ${p.id} 不存在`,
    en: (p: L<{ id: number }>) => `notification ${p.id} not found`,
  },
  DELIVERY_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `邮件 ${p.id} 不存在，或不是发送失败的邮件`,
    en: (p: L<{ id: number }>) => `email ${p.id} not found, or not a dead letter`,
  },
});

defineFieldLabels({
  unread: { zh: '仅未读', en: 'unread' },
});
