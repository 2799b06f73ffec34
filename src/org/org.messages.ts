import { defineErrors, type L } from '../common/errors';
import { defineFieldLabels, fieldLabel, valueLabel, type Lang } from '../common/i18n';
// The enumeration `departmentKind`: the words of `kinds` below.
import '../auth/auth.messages';

/** The catalogue of users and departments (the organisation an administrator manages). */

const kinds = (list: readonly string[], lang: Lang) =>
  list.map((k) => valueLabel(k, lang, 'departmentKind')).join(lang === 'zh' ? '或' : ' or ');

export const OrgErrors = defineErrors('org', {
  USERNAME_FORMAT: {
    status: 400,
    zh: (p: L) => `${p.label}：须为 3 到 64 个小写字母、数字或 "."、"_"、"-"`,
    en: (p: L) => `${p.label}: 3 to 64 lower-case letters, digits, ".", "_" or "-"`,
  },
  DEPARTMENT_CODE_FORMAT: {
    status: 400,
    zh: (p: L) => `${p.label}：须为 1 到 50 个字母、数字或 "-"、"_"`,
    en: (p: L) => `${p.label}: 1 to 50 letters, digits, - or _`,
  },
  EMAIL_FORMAT: {
    status: 400,
    zh: (p: L) => `${p.label}：须为有效的电子邮箱地址（形如“用户名@单位域名”），不超过 254 个字符`,
    en: (p: L) => `${p.label}: must be an email address (zhang.wei@example.gov.cn) of at most 254 characters`,
  },
  USER_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `用户 ${p.id} 不存在`,
    en: (p: L<{ id: number }>) => `user ${p.id} not found`,
  },
  USERNAME_TAKEN: {
    status: 409,
    zh: (p: L<{ username: string }>) => `${p.label}：「${p.username}」已被使用`,
    en: (p: L<{ username: string }>) => `${p.label}: ${p.username} is taken`,
  },
  /** A department named in a body that does not exist, or lies outside the administrator's subtree. */
  DEPARTMENT_UNKNOWN: {
    status: 400,
    zh: (p: L<{ id: number }>) => `${p.label}：部门 ${p.id} 不存在`,
    en: (p: L<{ id: number }>) => `${p.label}: department ${p.id} does not exist`,
  },
  DEPARTMENT_CODE_TAKEN: {
    status: 409,
    zh: (p: L<{ code: string }>) => `${p.label}：已有代码为「${p.code}」的部门`,
    en: (p: L<{ code: string }>) => `${p.label}: a department with code ${p.code} already exists`,
  },
  BUREAU_HAS_NO_PARENT: {
    status: 400,
    zh: (p: L) => `${p.label}：数据局是组织机构的最高一级，不能有上级部门`,
    en: (p: L) => `${p.label}: a bureau is the top of the tree and has no parent`,
  },
  DEPARTMENT_PARENT_REQUIRED: {
    status: 400,
    zh: (p: L<{ kind: string; parentKinds: string[] }>) =>
      `${p.label}：${kinds([p.kind], 'zh')}须指定上级（${kinds(p.parentKinds, 'zh')}）`,
    en: (p: L<{ kind: string; parentKinds: string[] }>) =>
      `${p.label}: a ${kinds([p.kind], 'en')} needs a parent (${kinds(p.parentKinds, 'en')})`,
  },
  DEPARTMENT_PARENT_KIND: {
    status: 400,
    zh: (p: L<{ kind: string; parentKinds: string[]; parentKind: string }>) =>
      `${p.label}：${kinds([p.kind], 'zh')}只能设在${kinds(p.parentKinds, 'zh')}之下，不能设在${kinds([p.parentKind], 'zh')}之下`,
    en: (p: L<{ kind: string; parentKinds: string[]; parentKind: string }>) =>
      `${p.label}: a ${kinds([p.kind], 'en')} must sit under a ${kinds(p.parentKinds, 'en')}, not a ${kinds([p.parentKind], 'en')}`,
  },
  DEPARTMENT_TOO_DEEP: {
    status: 400,
    zh: (p: L<{ id: number; level: number; max: number }>) =>
      `${p.label}：部门 ${p.id} 已是第 ${p.level} 级，组织机构最多 ${p.max} 级，不能再设下级`,
    en: (p: L<{ id: number; level: number; max: number }>) =>
      `${p.label}: department ${p.id} is at level ${p.level}; the tree has at most ${p.max} levels`,
  },
});

defineFieldLabels({
  displayName: { zh: '姓名', en: 'displayName' },
  roles: { zh: '角色', en: 'roles' },
  'roles[]': { zh: '角色', en: 'role' },
  disabled: { zh: '停用', en: 'disabled' },
  email: { zh: '电子邮箱', en: 'email' },
  parentId: { zh: '上级部门', en: 'parentId' },
  kind: { zh: '机构类型', en: 'kind' },
  code: { zh: '部门代码', en: 'code' },
});
// `name` is also an indicator's (指标名称, the declarations' catalogue): the generic word only
// where no module gave a more precise one.
if (fieldLabel('name', 'zh') === 'name') defineFieldLabels({ name: { zh: '名称', en: 'name' } });
