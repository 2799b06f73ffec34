import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels, valueLabel, type Bilingual, type Lang } from '../common/i18n';
import type { Permission } from './permissions';
import type { Reach } from './role-grants';

/**
 * The catalogue of signing in, tokens, permissions, the password policy and the role-grant
 * policy (三员分立). Roles are named in words (填报人, not submitter), a lock by the time it
 * ends in Beijing time, a weak password by the rule it breaks.
 */

/**
 * The levels of the organisation (users' departments, src/org administers them): the bureau
 * (数据局) → units (单位) → departments (部门), which may nest; the role-grant messages below name
 * them.
 */
export const DEPARTMENT_KINDS = defineEnumeration('departmentKind', {
  bureau: { zh: '数据局', en: 'bureau' },
  unit: { zh: '单位', en: 'unit' },
  department: { zh: '部门', en: 'department' },
});

/**
 * The roles, as the agency calls them. 三员分立 names the administrator 系统管理员 and the
 * auditor 安全审计员 (等保 2.0); the reviewers are named by the review they do (单位内部审核,
 * 数据局审核).
 */
export const ROLE_VALUES = defineEnumeration('role', {
  submitter: { zh: '填报人', en: 'submitter' },
  dept_reviewer: { zh: '单位审核人', en: 'unit reviewer' },
  bureau_reviewer: { zh: '数据局审核人', en: 'bureau reviewer' },
  auditor: { zh: '安全审计员', en: 'auditor' },
  admin: { zh: '系统管理员', en: 'administrator' },
});

/** What each permission (permissions.ts) lets a role do, in words. */
export const PERMISSION_VALUES = defineEnumeration('permission', {
  'org.read': { zh: '查看组织机构', en: 'view the organisation' },
  'org.manage': { zh: '管理用户和部门', en: 'manage users and departments' },
  'declaration.read': { zh: '查看申报表', en: 'view declarations' },
  'declaration.write': { zh: '编辑申报表', en: 'edit declarations' },
  'declaration.import': { zh: '导入申报表', en: 'import declarations' },
  'workflow.read': { zh: '查看审核流程', en: 'view the workflow' },
  'workflow.transition': {
    zh: '办理流程（提交、审核、退回等）',
    en: 'move declarations through the workflow',
  },
  'workflow.openYear': { zh: '开启年度绩效监控和绩效自评', en: 'open monitoring and evaluation for a year' },
  'queue.read': { zh: '查看待办事项', en: 'view work queues' },
  'queue.decide': { zh: '作出审核决定', en: 'decide on reviews' },
  'report.write': { zh: '填报监控表和自评表', en: 'fill in monitoring and evaluation reports' },
  'comment.read': { zh: '查看审核意见', en: 'read review comments' },
  'comment.write': { zh: '提出、回复和解决审核意见', en: 'write, reply to and resolve review comments' },
  'delegation.read': { zh: '查看审核代理', en: 'view substitutes' },
  'delegation.manage': { zh: '设置审核代理', en: 'name substitutes' },
  'rectification.read': { zh: '查看整改事项', en: 'read rectification items' },
  'rectification.close': { zh: '提交整改情况', en: 'close rectification items with evidence' },
  'rectification.manage': {
    zh: '管理和验收整改事项',
    en: 'add, edit, accept and reopen rectification items',
  },
  'monitoring.summary': { zh: '查看绩效监控汇总', en: 'view the monitoring summary' },
  'publication.read': { zh: '查看绩效目标公开决定', en: 'read the publication decisions' },
  'publication.manage': { zh: '决定绩效目标是否公开', en: 'decide what is published' },
  'dashboard.read': { zh: '查看年度看板', en: 'view the year dashboard' },
  'audit.read': { zh: '查阅审计日志', en: 'read the audit log' },
  'audit.checkpoint': { zh: '签署审计检查点', en: 'sign audit checkpoints' },
  'notification.read': { zh: '查看本人通知', en: 'read your notifications' },
  'notification.write': { zh: '处理本人通知', en: 'mark your notifications read, set your email' },
  'notification.deliveries': { zh: '查看通知邮件投递情况', en: 'see the delivery of notification emails' },
  'self.read': { zh: '查看本人信息', en: 'view your own account' },
  'reference.read': { zh: '查看代码表', en: 'read the reference data' },
  'library.read': { zh: '查阅指标库', en: 'read the indicator library' },
  'library.propose': { zh: '提出指标库变更申请', en: 'propose library changes' },
  'library.decide': { zh: '审批指标库变更申请', en: 'approve library proposals' },
  'calendar.read': { zh: '查看节假日安排', en: 'read the working-day calendar' },
  'calendar.manage': { zh: '上传节假日安排', en: 'load the working-day calendar' },
} satisfies Record<Permission, Bilingual>);

const sep = (lang: Lang) => (lang === 'zh' ? '、' : ', ');

/** Roles in words: `填报人、单位审核人`. */
export function roleWords(roles: readonly string[], lang: Lang): string {
  return roles.map((r) => valueLabel(r, lang, 'role')).join(sep(lang));
}

/** How far a role reaches, in words. */
const REACH_WORDS: Record<Reach, { zh: string; en: string }> = {
  department: { zh: '本部门', en: 'its department' },
  subtree: { zh: '本部门及其下属部门', en: 'its department and everything below' },
  bureau: { zh: '整个数据局', en: 'the whole bureau' },
};

/**
 * An instant in words, in Beijing time (the users' clock): `2026年3月1日 14:35` /
 * `2026-03-01 14:35`. Shanghai has kept UTC+8 without daylight saving since 1991.
 */
export function beijingTime(iso: string, lang: Lang): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const t = new Date(ms + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
  return lang === 'zh'
    ? `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${hm}（北京时间）`
    : `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${hm} (Beijing time)`;
}

/** What a user may not change about themselves through the admin route. */
export type SelfChange = 'roles' | 'departmentId' | 'disabled' | 'password';

const SELF_CHANGE_WORDS: Record<SelfChange, { zh: string; en: string }> = {
  roles: {
    zh: '不能修改自己的角色，请由其他管理员办理',
    en: 'nobody changes their own roles; ask another administrator',
  },
  departmentId: {
    zh: '不能调整自己所属的部门，请由其他管理员办理',
    en: 'nobody changes their own department; ask another administrator',
  },
  disabled: {
    zh: '不能停用或启用自己的账户，请由其他管理员办理',
    en: 'nobody changes their own disabled state; ask another administrator',
  },
  password: {
    zh: '请通过"修改密码"修改自己的密码（需输入当前密码），不能在用户管理中重置',
    en: 'change your own password with POST /api/auth/password, which asks for the current one',
  },
};

const kindWord = (kind: string, lang: Lang) => valueLabel(kind, lang, 'departmentKind');

export const AuthErrors = defineErrors('auth', {
  // Signing in (POST /api/auth/login).
  AUTH_BAD_CREDENTIALS: {
    status: 401,
    zh: () => '用户名或密码错误',
    en: () => 'invalid username or password',
  },
  AUTH_CREDENTIALS_REQUIRED: {
    status: 401,
    zh: () => '请输入用户名和密码',
    en: () => 'username and password are required',
  },
  LOGIN_BODY_INVALID: {
    status: 400,
    zh: () => '请求正文须为 {"username": "…", "password": "…"}',
    en: () => 'body: send {"username": "...", "password": "..."}',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: (p: L<{ until: string }>) =>
      `登录失败次数过多，账户已锁定至 ${beijingTime(p.until, 'zh')}，请届时再试或联系管理员`,
    en: (p: L<{ until: string }>) =>
      `too many failed logins: the account is locked until ${beijingTime(p.until, 'en')}`,
  },
  ACCOUNT_DISABLED: {
    status: 401,
    zh: () => '该账户已停用，请联系管理员',
    en: () => 'this account is disabled; ask an administrator',
  },
  LOGIN_RATE_LIMITED: {
    status: 429,
    zh: (p: L<{ seconds: number }>) => `登录尝试过于频繁，请 ${p.seconds} 秒后再试`,
    en: (p: L<{ seconds: number }>) => `too many login attempts from your address; retry in ${p.seconds} s`,
  },

  // Tokens (every request but login, health and docs).
  TOKEN_MISSING: {
    status: 401,
    zh: () => '请先登录',
    en: () => 'a valid bearer token is required',
  },
  TOKEN_INVALID: {
    status: 401,
    zh: () => '登录凭证无效，请重新登录',
    en: () => 'invalid token; log in again',
  },
  TOKEN_EXPIRED: {
    status: 401,
    zh: () => '登录已过期，请重新登录',
    en: () => 'the token has expired; log in again',
  },
  TOKEN_LIFETIME: {
    status: 401,
    zh: () => '登录凭证无效：没有有效期，或有效期长于本系统签发的凭证；请重新登录',
    en: () => 'invalid token: it has no expiry, or a longer life than this service gives; log in again',
  },
  SESSION_ENDED: {
    status: 401,
    zh: () => '登录已失效（账户已停用、密码已修改或账户已变更），请重新登录',
    en: () => 'this session is no longer valid; log in again',
  },

  // The permission guard: which roles a route needs, in words.
  PERMISSION_DENIED: {
    status: 403,
    zh: (p: L<{ roles: string[]; allowed: string[]; permission?: string }>) =>
      `${p.roles.length ? `您的角色（${roleWords(p.roles, 'zh')}）` : '您的账户没有任何角色，'}无权${
        p.permission ? valueLabel(p.permission, 'zh', 'permission') : '进行此操作'
      }；${p.allowed.length ? `需要以下角色之一：${roleWords(p.allowed, 'zh')}` : '此接口不向任何角色开放'}`,
    en: (p: L<{ roles: string[]; allowed: string[]; permission?: string }>) =>
      `your role (${roleWords(p.roles, 'en') || 'none'}) may not ${
        p.permission ? valueLabel(p.permission, 'en', 'permission') : 'do this'
      }; ${p.allowed.length ? `it needs one of: ${roleWords(p.allowed, 'en')}` : 'no role may use this route'}`,
  },

  // Changing one's own password (POST /api/auth/password).
  WRONG_CURRENT_PASSWORD: {
    status: 400,
    zh: (p: L) => `${p.label}：不正确`,
    en: (p: L) => `${p.label}: does not match your current password`,
  },
  PASSWORD_CHANGED_MEANWHILE: {
    status: 409,
    zh: (p: L) => `${p.label}：您的密码刚刚已被修改，请用新密码重新登录`,
    en: (p: L) => `${p.label}: your password was changed meanwhile; log in again with the new one`,
  },

  // The password policy (password-policy.ts), each rule in words.
  PASSWORD_TOO_SHORT: {
    status: 400,
    zh: (p: L<{ min: number }>) => `${p.label}：至少需要 ${p.min} 个字符`,
    en: (p: L<{ min: number }>) => `${p.label}: must be at least ${p.min} characters long`,
  },
  PASSWORD_TOO_LONG: {
    status: 400,
    zh: (p: L<{ max: number }>) => `${p.label}：不能超过 ${p.max} 个字符`,
    en: (p: L<{ max: number }>) => `${p.label}: must be at most ${p.max} characters long`,
  },
  PASSWORD_TOO_SIMPLE: {
    status: 400,
    zh: (p: L<{ minClasses: number }>) =>
      `${p.label}：须包含小写字母、大写字母、数字、符号这四类中的至少 ${p.minClasses} 类`,
    en: (p: L<{ minClasses: number }>) =>
      `${p.label}: must mix at least ${p.minClasses} of lower-case letters, upper-case letters, digits and symbols`,
  },
  PASSWORD_CONTAINS_USERNAME: {
    status: 400,
    zh: (p: L) => `${p.label}：不能包含用户名`,
    en: (p: L) => `${p.label}: must not contain the username`,
  },

  // The role-grant policy (role-grants.ts).
  SELF_CHANGE: {
    status: 403,
    zh: (p: L<{ what: SelfChange }>) => `${p.label}：${SELF_CHANGE_WORDS[p.what].zh}`,
    en: (p: L<{ what: SelfChange }>) => `${p.label}: ${SELF_CHANGE_WORDS[p.what].en}`,
  },
  USER_OUT_OF_REACH: {
    status: 403,
    zh: (p: L<{ role: string; reach: Reach }>) =>
      `该用户拥有“${roleWords([p.role], 'zh')}”角色，其管辖范围为${REACH_WORDS[p.reach].zh}，超出了您所在部门的范围；请由数据局的系统管理员办理`,
    en: (p: L<{ role: string; reach: Reach }>) =>
      `${p.label}: this user holds the role ${roleWords([p.role], 'en')}, which reaches ${REACH_WORDS[p.reach].en}, beyond your department; ask an administrator of the bureau`,
  },
  ROLE_COMBINATION: {
    status: 400,
    zh: (p: L<{ role: string; other: string }>) =>
      `${p.label}：“${roleWords([p.role], 'zh')}”不能与“${roleWords([p.other], 'zh')}”由同一人兼任：系统管理、安全审计和申报审核业务须由不同人员担任（三员分立）`,
    en: (p: L<{ role: string; other: string }>) =>
      `${p.label}: ${roleWords([p.role], 'en')} cannot be combined with ${roleWords([p.other], 'en')}: administration, audit and declaration work are held by different people (三员分立)`,
  },
  ROLE_DEPARTMENT_KIND: {
    status: 400,
    zh: (p: L<{ role: string; kinds: string[]; departmentId: number; kind: string }>) =>
      `${p.label}：“${roleWords([p.role], 'zh')}”仅限${p.kinds.map((k) => kindWord(k, 'zh')).join('或')}的用户；所选部门（编号 ${p.departmentId}）是${kindWord(p.kind, 'zh')}`,
    en: (p: L<{ role: string; kinds: string[]; departmentId: number; kind: string }>) =>
      `${p.label}: ${roleWords([p.role], 'en')} is only for users of a ${p.kinds.map((k) => kindWord(k, 'en')).join(' or ')}; department ${p.departmentId} is a ${kindWord(p.kind, 'en')}`,
  },
  ROLE_OUT_OF_REACH: {
    status: 403,
    zh: (p: L<{ role: string; reach: Reach }>) =>
      `${p.label}：“${roleWords([p.role], 'zh')}”的管辖范围为${REACH_WORDS[p.reach].zh}，超出了您所在部门的范围；只有数据局的系统管理员可以授予`,
    en: (p: L<{ role: string; reach: Reach }>) =>
      `${p.label}: ${roleWords([p.role], 'en')} reaches ${REACH_WORDS[p.reach].en}, beyond your department; only an administrator of the bureau grants it`,
  },
  BUREAU_CREATION_RESERVED: {
    status: 403,
    zh: (p: L<{ kind: string }>) =>
      `${p.label}：数据局只在系统安装时创建，或由数据局的系统管理员创建；您所在的是${kindWord(p.kind, 'zh')}`,
    en: (p: L<{ kind: string }>) =>
      `${p.label}: a bureau is created at installation or by an administrator of a bureau, not of a ${kindWord(p.kind, 'en')}`,
  },
});

defineFieldLabels({
  username: { zh: '用户名', en: 'username' },
  password: { zh: '密码', en: 'password' },
  currentPassword: { zh: '当前密码', en: 'currentPassword' },
  newPassword: { zh: '新密码', en: 'newPassword' },
});
