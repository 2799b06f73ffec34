import type { RequestContext } from '../common/request-context';

/**
 * Changing one's own password (POST /auth/password) is done by the account administration
 * (UsersService in src/org, which owns the password rules for every account); org builds on
 * auth, so auth names what it needs here and the composition root (app.module.ts) binds it.
 */
export const OWN_PASSWORD = Symbol('OwnPasswordChange');

export interface OwnPasswordChange {
  changeOwnPassword(ctx: RequestContext, current: string, next: string): Promise<void>;
}
