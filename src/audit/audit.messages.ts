import { defineErrors, type L } from '../common/errors';
import {
  defineEnumeration,
  defineFieldLabels,
  defineMessages,
  fieldLabel,
  type Bilingual,
  type Lang,
} from '../common/i18n';
import type { AuditAction } from './audit-actions';

/**
 * The catalogue of the audit log: the words of its codes (actions, outcomes, kinds of object),
 * the refusals of its routes (filters, paging, checkpoints), and why a verification failed.
 */

/** Each action of audit-actions.ts in words. */
export const AUDIT_ACTION_VALUES = defineEnumeration('auditAction', {
  'auth.login_succeeded': { zh: '登录成功', en: 'logged in' },
  'auth.login_failed': { zh: '登录失败', en: 'login failed' },
  'auth.locked_out': { zh: '账户被锁定', en: 'account locked' },
  'auth.password_changed': { zh: '修改本人密码', en: 'password changed' },
  'auth.password_change_failed': { zh: '修改本人密码失败', en: 'password change failed' },
  'user.created': { zh: '新建用户', en: 'user created' },
  'user.updated': { zh: '修改用户', en: 'user updated' },
  'department.created': { zh: '新建部门', en: 'department created' },
  'declaration.created': { zh: '新建申报表', en: 'declaration created' },
  'declaration.updated': { zh: '修改申报表', en: 'declaration updated' },
  'declaration.deleted': { zh: '删除申报表', en: 'declaration deleted' },
  'declaration.imported': { zh: '导入申报表', en: 'declaration imported' },
  'declaration.carried_forward': { zh: '由上年度申报生成', en: 'declaration carried forward' },
  'indicator.created': { zh: '新增指标', en: 'indicator created' },
  'indicator.updated': { zh: '修改指标', en: 'indicator updated' },
  'indicator.deleted': { zh: '删除指标', en: 'indicator deleted' },
  'workflow.transitioned': { zh: '流程流转', en: 'workflow transition' },
  'delegation.created': { zh: '设置审核代理', en: 'substitute named' },
  'delegation.ended': { zh: '结束审核代理', en: 'delegation ended' },
  'calendar.replaced': { zh: '上传节假日安排', en: 'working-day calendar loaded' },
  'adjustment.cancelled': { zh: '取消目标调整', en: 'adjustment cancelled' },
  'publication.decided': { zh: '绩效目标公开决定', en: 'publication decided' },
  'monitoring.saved': { zh: '保存监控表', en: 'monitoring report saved' },
  'evaluation.saved': { zh: '保存自评表', en: 'evaluation report saved' },
  'comment.opened': { zh: '提出审核意见', en: 'review comment opened' },
  'comment.replied': { zh: '回复审核意见', en: 'review comment replied to' },
  'comment.resolved': { zh: '审核意见标记已解决', en: 'review comment resolved' },
  'comment.reopened': { zh: '重新打开审核意见', en: 'review comment reopened' },
  'comment.carried': { zh: '退回时带回未解决的审核意见', en: 'open review comments carried by a return' },
  'rectification.opened': { zh: '生成整改事项', en: 'rectification item opened' },
  'rectification.edited': { zh: '修改整改要求', en: 'rectification item edited' },
  'rectification.attached': { zh: '上传整改佐证材料', en: 'rectification evidence attached' },
  'rectification.closed': { zh: '提交整改情况', en: 'rectification item closed' },
  'rectification.accepted': { zh: '整改验收通过', en: 'rectification item accepted' },
  'rectification.reopened': { zh: '退回重新整改', en: 'rectification item reopened' },
  'pre_assessment.saved': { zh: '保存事前绩效评估', en: 'pre-assessment saved' },
  'pre_assessment.attachment_uploaded': {
    zh: '上传事前绩效评估附件',
    en: 'pre-assessment attachment uploaded',
  },
  'audit.viewed': { zh: '查阅审计日志', en: 'audit log viewed' },
  'audit.exported': { zh: '导出审计日志', en: 'audit log exported' },
  'audit.verified': { zh: '校验审计日志', en: 'audit log verified' },
  'audit.checkpointed': { zh: '签署审计检查点', en: 'audit checkpoint signed' },
  'notification.requeued': { zh: '重新发送通知邮件', en: 'notification email requeued' },
  'library.proposed': { zh: '提出指标库变更申请', en: 'library change proposed' },
  'library.approved': { zh: '审批通过指标库变更申请', en: 'library proposal approved' },
  'library.returned': { zh: '退回指标库变更申请', en: 'library proposal returned' },
  'library.entry_added': { zh: '指标入库', en: 'library entry added' },
  'library.entry_changed': { zh: '修改指标库指标', en: 'library entry changed' },
  'library.entry_retired': { zh: '指标出库', en: 'library entry retired' },
  'access.denied': { zh: '越权操作被拒绝', en: 'write refused' },
  'access.denials_summarised': { zh: '越权操作被拒绝（汇总）', en: 'refused writes, summarised' },
} satisfies Record<AuditAction, Bilingual>);

export const AUDIT_OUTCOMES = defineEnumeration('auditOutcome', {
  success: { zh: '成功', en: 'success' },
  failure: { zh: '失败', en: 'failure' },
  denied: { zh: '拒绝', en: 'denied' },
});

/** What an event is about (its `entityType`). */
export const AUDIT_ENTITY_TYPES = defineEnumeration('auditEntityType', {
  user: { zh: '用户', en: 'user' },
  department: { zh: '部门', en: 'department' },
  declaration: { zh: '申报表', en: 'declaration' },
  indicator: { zh: '指标', en: 'indicator' },
  monitoring_report: { zh: '监控表', en: 'monitoring report' },
  evaluation_report: { zh: '自评表', en: 'evaluation report' },
  comment_thread: { zh: '审核意见', en: 'review comment' },
  rectification_item: { zh: '整改事项', en: 'rectification item' },
  pre_assessment: { zh: '事前绩效评估', en: 'pre-assessment' },
  audit_log: { zh: '审计日志', en: 'audit log' },
  audit_checkpoint: { zh: '审计检查点', en: 'audit checkpoint' },
  route: { zh: '接口', en: 'route' },
  library_proposal: { zh: '指标库变更申请', en: 'library proposal' },
  library_entry: { zh: '指标库指标', en: 'library entry' },
  work_calendar: { zh: '节假日安排', en: 'working-day calendar' },
});

/**
 * The fixed comments the service writes on sign-in events, in words. They are stored as
 * written (the record does not change; older events carry the same texts) and put in words
 * where people read them: the CSV export and `commentLabel` of the event list.
 */
export const SYSTEM_COMMENTS: Readonly<Record<string, Bilingual>> = {
  'unknown user': { zh: '用户名不存在', en: 'unknown user' },
  'wrong password': { zh: '密码错误', en: 'wrong password' },
  'wrong current password': { zh: '当前密码错误', en: 'wrong current password' },
  'account locked': { zh: '账户已锁定', en: 'account locked' },
  'account disabled': { zh: '账户已停用', en: 'account disabled' },
  'password changed meanwhile': { zh: '密码已被同时修改', en: 'password changed meanwhile' },
  'too many wrong passwords': {
    zh: '密码错误次数过多（登录或修改密码）',
    en: 'too many wrong passwords (login or password change)',
  },
};
/** The actions whose comments are the service's fixed texts (never a person's words). */
export const SYSTEM_COMMENT_ACTION_PREFIX = 'auth.';

/** A query parameter in words, with its name as it is sent: `开始时间（from）`. */
function named(param: string): string {
  const word = fieldLabel(param, 'zh');
  return word.includes(param) ? word : `${word}（${param}）`;
}

const n = (v: number, lang: Lang) => v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US');

export const AuditErrors = defineErrors('audit', {
  AUDIT_QUERY_UNKNOWN: {
    status: 400,
    zh: (p: L<{ name: string; allowed: string[] }>) =>
      `查询参数「${p.name}」不能用于此处；可用：${p.allowed.map(named).join('、')}`,
    en: (p: L<{ name: string; allowed: string[] }>) =>
      `${p.label}: unknown parameter; use ${p.allowed.join(', ')}`,
  },
  AUDIT_INSTANT_INVALID: {
    status: 400,
    zh: (p: L<{ value: string }>) =>
      `${p.label}：须为日期（YYYY-MM-DD）或带时区的时间（如 2026-03-01T08:00:00Z），而不是「${p.value}」`,
    en: (p: L<{ value: string }>) =>
      `${p.label}: must be a date YYYY-MM-DD or an ISO 8601 timestamp such as 2026-03-01T08:00:00Z, not "${p.value}"`,
  },
  AUDIT_RANGE_REVERSED: {
    status: 400,
    zh: (p: L<{ from: string; to: string }>) => `${p.label}：${p.to} 早于开始时间 ${p.from}`,
    en: (p: L<{ from: string; to: string }>) => `${p.label}: ${p.to} is before from ${p.from}`,
  },
  AUDIT_CURSOR_FOREIGN: {
    status: 400,
    zh: (p: L) => `${p.label}：不是此列表的翻页标记；请从第一页开始`,
    en: (p: L) => `${p.label}: not a cursor of this list; start from the first page`,
  },
  AUDIT_DECLARATION_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `申报表 ${p.id} 不存在`,
    en: (p: L<{ id: number }>) => `declaration ${p.id} not found`,
  },
  AUDIT_INDICATOR_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `指标 ${p.id} 不存在`,
    en: (p: L<{ id: number }>) => `indicator ${p.id} not found`,
  },
  AUDIT_CHECKPOINTS_UNKNOWN_PARAMETER: {
    status: 400,
    zh: (p: L<{ name: string }>) =>
      `查询参数「${p.name}」不能用于此处；可用：${['after', 'limit'].map(named).join('、')}`,
    en: (p: L<{ name: string }>) => `${p.label}: unknown parameter; use after, limit`,
  },
  AUDIT_CHECKPOINTS_BAD_NUMBER: {
    status: 400,
    zh: (p: L<{ min: number; max: number; value: string }>) =>
      `${p.label}：须为 ${p.min} 到 ${n(p.max, 'zh')} 的整数，而不是「${p.value}」`,
    en: (p: L<{ min: number; max: number; value: string }>) =>
      `${p.label}: must be a whole number from ${p.min} to ${p.max}, not "${p.value}"`,
  },
});

defineFieldLabels({
  actorId: { zh: '操作人编号', en: 'actorId' },
  action: { zh: '操作', en: 'action' },
  from: { zh: '开始时间', en: 'from' },
  to: { zh: '截止时间', en: 'to' },
  after: { zh: '起始检查点编号', en: 'after' },
  lang: { zh: '语言', en: 'lang' },
  note: { zh: '说明', en: 'note' },
  mode: { zh: '校验方式', en: 'mode' },
});

/**
 * How much a verify re-checks: everything from each chain's first event, or (routine) only what
 * came after each chain's last signed checkpoint, trusting the checkpoint's signature.
 */
export const VERIFY_MODES = defineEnumeration('verifyMode', {
  full: { zh: '完整校验', en: 'full' },
  routine: { zh: '例行校验（自最近检查点）', en: 'routine (since the last checkpoint)' },
});
export type VerifyMode = (typeof VERIFY_MODES)[number];

/** The languages of the CSV export: Chinese headers and labels, or the English codes as stored. */
export const CSV_LANGS = defineEnumeration('csvLang', {
  zh: { zh: '中文', en: 'Chinese' },
  en: { zh: '英文（代码）', en: 'English (codes)' },
});

/** Columns of declaration_transitions, as verify names them. */
const COLUMNS: Record<string, Bilingual> = {
  event: { zh: '流转操作', en: 'event' },
  from_state: { zh: '流转前状态', en: 'from_state' },
  to_state: { zh: '流转后状态', en: 'to_state' },
  actor_id: { zh: '操作人编号', en: 'actor_id' },
  actor_username: { zh: '操作人', en: 'actor_username' },
  comment: { zh: '意见', en: 'comment' },
  rating: { zh: '评级', en: 'rating' },
  role: { zh: '角色', en: 'role' },
  at: { zh: '时间', en: 'at' },
  on_behalf_of: { zh: '被代理审核人', en: 'on_behalf_of' },
  scored_review: { zh: '审核评分', en: 'scored_review' },
};
const column = (c: string, lang: Lang) => COLUMNS[c]?.[lang] ?? c;
const json = (v: unknown) => JSON.stringify(v);

type P<T extends object = object> = T;

/**
 * Why a verification failed (`brokenAt.code`, and `reason` in words). The parameters name the
 * event, checkpoint or row an auditor looks at next.
 */
export const VerifyMessages = defineMessages('audit', {
  AUDIT_EVENT_ALTERED: {
    zh: (p: P<{ keyed: boolean }>) => `该事件的内容与其${p.keyed ? '密钥' : ''}哈希值不符：事件已被篡改`,
    en: (p: P<{ keyed: boolean }>) =>
      `the content does not match its ${p.keyed ? 'keyed ' : ''}hash: the event was altered`,
  },
  AUDIT_HASH_FORM_MISMATCH: {
    zh: (p: P<{ alg: string; keyId: string }>) =>
      `哈希版本 1 是不带密钥的 SHA-256，但该事件声明的算法为「${p.alg}」、密钥为「${p.keyId}」`,
    en: (p: P<{ alg: string; keyId: string }>) =>
      `hash version 1 is unkeyed SHA-256, but the event names ${p.alg} with key ${p.keyId}`,
  },
  AUDIT_HASH_VERSION_UNKNOWN: {
    zh: (p: P<{ version: number }>) => `未知的哈希版本 ${p.version}`,
    en: (p: P<{ version: number }>) => `unknown hash version ${p.version}`,
  },
  AUDIT_KEY_ID_MISSING: {
    zh: () => '带密钥的事件（哈希版本 2）缺少密钥编号',
    en: () => 'a keyed event (hash version 2) without a key id',
  },
  AUDIT_KEY_UNKNOWN: {
    zh: (p: P<{ alg: string; keyId: string }>) =>
      `该事件由「${p.alg}」密钥「${p.keyId}」计算，而该密钥既不是当前密钥（AUDIT_KEY_ID），也不在已停用的密钥（AUDIT_KEYS_RETIRED）之中`,
    en: (p: P<{ alg: string; keyId: string }>) =>
      `unknown key: the event is keyed with ${p.alg} key "${p.keyId}", which is neither AUDIT_KEY_ID nor in AUDIT_KEYS_RETIRED`,
  },
  AUDIT_SEQ_GAP: {
    zh: (p: P<{ from: number; to: number }>) =>
      `此事件之前缺少序号为 ${p.from === p.to ? p.from : `${p.from} 至 ${p.to}`} 的事件`,
    en: (p: P<{ from: number; to: number }>) =>
      `seq ${p.from}${p.to > p.from ? `..${p.to}` : ''} is missing before this event`,
  },
  AUDIT_PREV_HASH_MISMATCH: {
    zh: () => '该事件记录的前一哈希值与上一事件的哈希值不符',
    en: () => 'prevHash does not match the hash of the previous event',
  },
  AUDIT_UNKEYED_AFTER_KEYING: {
    zh: (p: P<{ lastUnkeyed: number }>) =>
      `启用密钥之后出现了不带密钥（哈希版本 1）的事件（最后一个不带密钥的事件编号为 ${p.lastUnkeyed}）：不是本系统写入的`,
    en: (p: P<{ lastUnkeyed: number }>) =>
      `an unkeyed (hash version 1) event written after the chain was keyed (the last unkeyed event is id ${p.lastUnkeyed}): not written by the service`,
  },
  AUDIT_CHECKPOINT_REWRITTEN: {
    zh: (p: P<{ checkpointId: number; seq: number }>) =>
      `该事件不是签名检查点 ${p.checkpointId} 在序号 ${p.seq} 处记录的事件：此前的记录已被改写`,
    en: (p: P<{ checkpointId: number; seq: number }>) =>
      `the event is not the one signed checkpoint ${p.checkpointId} recorded at seq ${p.seq}: the chain was rewritten up to here`,
  },
  AUDIT_TRANSITION_ROW_MISSING: {
    zh: () => '该事件记录的流转在流转记录（declaration_transitions）中不存在',
    en: () => 'the transition this event records is missing from declaration_transitions',
  },
  AUDIT_TRANSITION_MISMATCH: {
    zh: (p: P<{ transitionId: number; column: string; stored: unknown; recorded: unknown }>) =>
      `流转记录第 ${p.transitionId} 行：${column(p.column, 'zh')}在流转记录中为 ${json(p.stored)}，而其审计事件记录的是 ${json(p.recorded)}`,
    en: (p: P<{ transitionId: number; column: string; stored: unknown; recorded: unknown }>) =>
      `declaration_transitions row ${p.transitionId}: ${p.column} is ${json(p.stored)} in the row but ${json(p.recorded)} in its audit event`,
  },
  AUDIT_TRANSITION_EVENT_UNREADABLE: {
    zh: (p: P<{ transitionId: number }>) => `流转记录第 ${p.transitionId} 行：其审计事件的变更内容无法读取`,
    en: (p: P<{ transitionId: number }>) =>
      `declaration_transitions row ${p.transitionId}: its audit event has no readable changes`,
  },
  AUDIT_CHECKPOINTED_EVENT_MISSING: {
    zh: (p: P<{ seq: number; checkpointId: number; lastSeq: number }>) =>
      `序号为 ${p.seq} 的事件缺失：签名检查点 ${p.checkpointId} 记录该链已到序号 ${p.seq}，而现存最新的事件序号为 ${p.lastSeq}`,
    en: (p: P<{ seq: number; checkpointId: number; lastSeq: number }>) =>
      `event ${p.seq} is missing: signed checkpoint ${p.checkpointId} recorded the chain at seq ${p.seq}, the newest stored event is seq ${p.lastSeq}`,
  },
  AUDIT_HEAD_EVENT_MISSING: {
    zh: (p: P<{ seq: number; headSeq: number; lastSeq: number }>) =>
      `序号为 ${p.seq} 的事件缺失（共 ${p.headSeq} 个）：链头记录为序号 ${p.headSeq}，而现存最新的事件序号为 ${p.lastSeq}`,
    en: (p: P<{ seq: number; headSeq: number; lastSeq: number }>) =>
      `event ${p.seq} of ${p.headSeq} is missing: the chain head is at seq ${p.headSeq} but the newest stored event is seq ${p.lastSeq}`,
  },
  AUDIT_BEYOND_HEAD: {
    zh: (p: P<{ headSeq: number }>) => `该事件超出了链头（序号 ${p.headSeq}）：不是本系统写入的`,
    en: (p: P<{ headSeq: number }>) =>
      `the event is beyond the chain head (seq ${p.headSeq}): not written by the service`,
  },
  AUDIT_HEAD_HASH_MISMATCH: {
    zh: () => '最新的事件与链头记录的哈希值不符',
    en: () => 'the newest event does not match the chain head hash',
  },
  AUDIT_TRANSITION_UNRECORDED: {
    zh: (p: P<{ transitionId: number }>) =>
      `流转记录第 ${p.transitionId} 行在该链中没有对应的流程流转事件：不是本系统写入的`,
    en: (p: P<{ transitionId: number }>) =>
      `declaration_transitions row ${p.transitionId} has no workflow.transitioned event in the chain: it was not written by the service`,
  },
  AUDIT_HEAD_ROW_MISSING: {
    zh: () => '该链有事件，但没有链头记录（audit_chains）',
    en: () => 'the chain has events but no head row in audit_chains',
  },
  AUDIT_CHAIN_EVENTS_MISSING: {
    zh: (p: P<{ headSeq: number }>) => `该链的全部 ${p.headSeq} 个事件均已缺失`,
    en: (p: P<{ headSeq: number }>) => `all ${p.headSeq} events of the chain are missing`,
  },
  AUDIT_CHAIN_EVENTS_MISSING_CHECKPOINTED: {
    zh: (p: P<{ checkpointId: number; seq: number }>) =>
      `该链的全部事件均已缺失：签名检查点 ${p.checkpointId} 记录该链已到序号 ${p.seq}`,
    en: (p: P<{ checkpointId: number; seq: number }>) =>
      `all events of the chain are missing: signed checkpoint ${p.checkpointId} recorded it at seq ${p.seq}`,
  },
  AUDIT_CHAIN_MISSING: {
    zh: () => '申报表存在，但其审计链缺失',
    en: () => 'the declaration exists but its audit chain is missing',
  },
  AUDIT_TRANSITION_WITHOUT_EVENTS: {
    zh: (p: P<{ transitionId: number }>) =>
      `流转记录第 ${p.transitionId} 行所属的申报表没有任何审计事件：不是本系统写入的`,
    en: (p: P<{ transitionId: number }>) =>
      `declaration_transitions row ${p.transitionId} has no audit event at all: it was not written by the service`,
  },

  // The signed checkpoints (audit-checkpoints.ts).
  CHECKPOINT_FORMAT_UNKNOWN: {
    zh: (p: P<{ checkpointId: number; format: number }>) =>
      `检查点 ${p.checkpointId}：未知的格式 ${p.format}`,
    en: (p: P<{ checkpointId: number; format: number }>) =>
      `checkpoint ${p.checkpointId}: unknown format ${p.format}`,
  },
  CHECKPOINT_HEAD_COUNT: {
    zh: (p: P<{ checkpointId: number; recorded: number; stored: number }>) =>
      `检查点 ${p.checkpointId}：签名时记录了 ${p.recorded} 个链头，现存 ${p.stored} 个`,
    en: (p: P<{ checkpointId: number; recorded: number; stored: number }>) =>
      `checkpoint ${p.checkpointId}: it recorded ${p.recorded} chain heads, ${p.stored} are stored`,
  },
  CHECKPOINT_DIGEST_MISMATCH: {
    zh: (p: P<{ checkpointId: number }>) =>
      `检查点 ${p.checkpointId}：其内容（记录的链头）与摘要不符：已被篡改`,
    en: (p: P<{ checkpointId: number }>) =>
      `checkpoint ${p.checkpointId}: its content (the chain heads it recorded) does not match its digest: it was altered`,
  },
  CHECKPOINT_KEY_UNKNOWN: {
    zh: (p: P<{ checkpointId: number; keyId: string }>) =>
      `检查点 ${p.checkpointId}：由密钥「${p.keyId}」签名，而该密钥既不是当前签名密钥（AUDIT_SIGNING_KEY），也不在已停用的签名密钥（AUDIT_SIGNING_KEYS_RETIRED）之中`,
    en: (p: P<{ checkpointId: number; keyId: string }>) =>
      `checkpoint ${p.checkpointId}: signed with key ${p.keyId}, which is neither AUDIT_SIGNING_KEY nor in AUDIT_SIGNING_KEYS_RETIRED`,
  },
  CHECKPOINT_ALG_MISMATCH: {
    zh: (p: P<{ checkpointId: number; alg: string; keyId: string; keyAlg: string }>) =>
      `检查点 ${p.checkpointId}：声明的算法为「${p.alg}」，但密钥「${p.keyId}」的算法为「${p.keyAlg}」`,
    en: (p: P<{ checkpointId: number; alg: string; keyId: string; keyAlg: string }>) =>
      `checkpoint ${p.checkpointId}: names ${p.alg}, but key ${p.keyId} is ${p.keyAlg}`,
  },
  CHECKPOINT_SIGNATURE_INVALID: {
    zh: (p: P<{ checkpointId: number; keyId: string }>) =>
      `检查点 ${p.checkpointId}：签名无法用密钥「${p.keyId}」验证：签名系伪造`,
    en: (p: P<{ checkpointId: number; keyId: string }>) =>
      `checkpoint ${p.checkpointId}: the signature does not verify with key ${p.keyId}: it was forged`,
  },
  CHECKPOINT_MISSING_WITH_HEADS: {
    zh: (p: P<{ checkpointId: number }>) => `检查点 ${p.checkpointId}：存有它记录的链头，但检查点本身已缺失`,
    en: (p: P<{ checkpointId: number }>) =>
      `checkpoint ${p.checkpointId}: it recorded heads, but the checkpoint itself is missing`,
  },
  CHECKPOINT_MISSING: {
    zh: (p: P<{ checkpointId: number; next: number }>) =>
      `检查点 ${p.checkpointId} 缺失（现存的下一个检查点为 ${p.next}）`,
    en: (p: P<{ checkpointId: number; next: number }>) =>
      `checkpoint ${p.checkpointId} is missing (the next stored checkpoint is ${p.next})`,
  },
  CHECKPOINT_LINK_BROKEN: {
    zh: (p: P<{ checkpointId: number }>) =>
      `检查点 ${p.checkpointId}：未链接到检查点 ${p.checkpointId - 1} 的摘要`,
    en: (p: P<{ checkpointId: number }>) =>
      `checkpoint ${p.checkpointId}: does not link to the digest of checkpoint ${p.checkpointId - 1}`,
  },
  CHECKPOINT_LEGACY_BOUNDARY: {
    zh: (p: P<{ checkpointId: number }>) =>
      `检查点 ${p.checkpointId}：记录的最后一个不带密钥事件与检查点 1 不同`,
    en: (p: P<{ checkpointId: number }>) =>
      `checkpoint ${p.checkpointId}: names another last unkeyed event than checkpoint 1`,
  },
  CHECKPOINT_HEADS_ORPHANED: {
    zh: (p: P<{ checkpointId: number }>) => `检查点 ${p.checkpointId}：存有它的链头，但检查点本身已缺失`,
    en: (p: P<{ checkpointId: number }>) =>
      `checkpoint ${p.checkpointId}: heads are stored for it, but it is missing`,
  },
});
