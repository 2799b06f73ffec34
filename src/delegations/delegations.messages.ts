import { defineErrors, type L } from '../common/errors';
import { defineEnumeration, defineFieldLabels } from '../common/i18n';

/**
 * The catalogue of substitutes (审核代理, issue 16 item 2): `GET/POST /api/delegations`,
 * `POST /api/delegations/:id/end`, `GET /api/delegations/candidates`.
 */
export const DelegationErrors = defineErrors('delegations', {
  DELEGATION_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `审核代理（编号 ${p.id}）不存在，或不在您的查看范围内`,
    en: (p: L<{ id: number }>) => `delegation ${p.id} not found`,
  },
  DELEGATION_USER_NOT_FOUND: {
    status: 404,
    zh: (p: L<{ id: number }>) => `${p.label}：没有编号为 ${p.id} 的用户`,
    en: (p: L<{ id: number }>) => `${p.label}: there is no user ${p.id}`,
  },
  DELEGATION_FOR_OTHERS: {
    status: 403,
    zh: () => '审核人只能为自己设置代理；为他人设置代理请联系系统管理员',
    en: () =>
      'a reviewer names a substitute for themselves only; ask an administrator to do it for someone else',
  },
  DELEGATION_OUT_OF_REACH: {
    status: 403,
    zh: () => '该审核人的审核范围超出了您所在部门的管理范围；请由上级部门的系统管理员办理',
    en: () => "this reviewer's review scope is beyond your department; ask an administrator above it",
  },
  DELEGATION_ROLE_NOT_HELD: {
    status: 400,
    zh: (p: L<{ role: string; roleZh: string }>) =>
      `${p.label}：被代理人没有“${p.roleZh}”角色，无需为其设置此角色的代理`,
    en: (p: L<{ role: string; roleZh: string }>) =>
      `${p.label}: the principal does not hold the role ${p.role}`,
  },
  DELEGATION_SELF: {
    status: 400,
    zh: (p: L) => `${p.label}：代理人不能是被代理人本人`,
    en: (p: L) => `${p.label}: the substitute cannot be the principal`,
  },
  DELEGATION_SUBSTITUTE_INELIGIBLE: {
    status: 400,
    zh: (p: L<{ role: string; roleZh: string }>) =>
      `${p.label}：代理人须为在用账户，拥有“${p.roleZh}”角色，且其审核范围覆盖被代理人的审核范围`,
    en: (p: L<{ role: string; roleZh: string }>) =>
      `${p.label}: the substitute must be an active user holding ${p.role} whose review scope covers the principal's`,
  },
  DELEGATION_DATES_ORDER: {
    status: 400,
    zh: (p: L<{ startsOn: string; endsOn: string }>) => `${p.label} ${p.endsOn} 早于开始日期 ${p.startsOn}`,
    en: (p: L<{ startsOn: string; endsOn: string }>) =>
      `${p.label} ${p.endsOn} is before the start ${p.startsOn}`,
  },
  DELEGATION_ENDS_IN_PAST: {
    status: 400,
    zh: (p: L<{ endsOn: string; today: string }>) =>
      `${p.label} ${p.endsOn} 早于今天（${p.today}），代理期间已过`,
    en: (p: L<{ endsOn: string; today: string }>) => `${p.label} ${p.endsOn} is before today (${p.today})`,
  },
  DELEGATION_OVERLAP: {
    status: 409,
    zh: (p: L<{ existingId: number; startsOn: string; endsOn: string }>) =>
      `被代理人在 ${p.startsOn} 至 ${p.endsOn} 已有同一角色的代理（编号 ${p.existingId}），期间不能重叠；请先结束原代理`,
    en: (p: L<{ existingId: number; startsOn: string; endsOn: string }>) =>
      `the principal already has a substitute for this role from ${p.startsOn} to ${p.endsOn} (${p.existingId}); end it first`,
  },
  DELEGATION_ALREADY_OVER: {
    status: 409,
    zh: (p: L<{ id: number }>) => `审核代理（编号 ${p.id}）已结束或已过期，无需再结束`,
    en: (p: L<{ id: number }>) => `delegation ${p.id} has already ended`,
  },
  DELEGATION_NOT_YOURS: {
    status: 403,
    zh: () => '只有被代理人、代理人本人或系统管理员可以结束此代理',
    en: () => 'only the principal, the substitute or an administrator may end this delegation',
  },
});

defineFieldLabels({
  principalId: { zh: '被代理人', en: 'principal' },
  substituteId: { zh: '代理人', en: 'substitute' },
  startsOn: { zh: '代理开始日期', en: 'start date' },
  endsOn: { zh: '代理结束日期', en: 'end date' },
});

/** Where a delegation stands today. */
export const DELEGATION_STATUSES = defineEnumeration('delegationStatus', {
  scheduled: { zh: '未开始', en: 'scheduled' },
  active: { zh: '代理中', en: 'active' },
  expired: { zh: '已到期', en: 'expired' },
  ended: { zh: '已提前结束', en: 'ended early' },
});
export type DelegationStatus = (typeof DELEGATION_STATUSES)[number];
