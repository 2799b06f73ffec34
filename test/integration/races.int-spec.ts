import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuthService } from '../../src/auth/auth.service';
import { User } from '../../src/auth/user.entity';
import { UsersService } from '../../src/org/users.service';
import { PASSWORD } from '../support/test-app';
import {
  buildServiceWorld,
  startTestServices,
  type ServiceWorld,
  type TestServices,
} from '../support/test-services';

let s: TestServices;
let w: ServiceWorld;
const MAX_FAILURES = 30;

beforeAll(async () => {
  s = await startTestServices({ LOCKOUT_MAX_FAILURES: String(MAX_FAILURES) });
  w = await buildServiceWorld(s);
});
afterAll(async () => s?.close());

const user = (id: number) => s.db.read((em) => em.findOneByOrFail(User, { id }));
const auditedFor = (id: number, action: string) =>
  s.count('SELECT COUNT(*) AS n FROM audit_events WHERE entity_id = ? AND action = ?', String(id), action);

describe('concurrent wrong passwords', () => {
  it('each count once: the count is never read and written back', async () => {
    const id = w.deptReviewer.user.id;
    const attempts = 12;
    const results = await Promise.allSettled(
      Array.from({ length: attempts }, () =>
        s.get(AuthService).login(w.deptReviewer.user.username, 'wrong-Passw0rd!', 'race', null),
      ),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect((await user(id)).failedLogins).toBe(attempts);
    expect(await auditedFor(id, 'auth.login_failed')).toBe(attempts);
  });

  it('lock the account exactly once at the limit', async () => {
    const id = w.submitter.user.id;
    const auth = s.get(AuthService);
    const actor = { user: null, username: w.submitter.user.username, requestId: 'race', ip: null };
    const locks = await Promise.all(
      Array.from({ length: MAX_FAILURES }, () => auth.countWrongPassword(actor, id, 'auth.login_failed')),
    );
    const u = await user(id);
    expect(u.lockedUntil).not.toBeNull();
    expect(u.failedLogins).toBe(0);
    expect(locks.filter((l) => l !== null)).toHaveLength(1);
    expect(await auditedFor(id, 'auth.login_failed')).toBe(MAX_FAILURES);
    expect(await auditedFor(id, 'auth.locked_out')).toBe(1);
  });
});

describe('concurrent token revocations', () => {
  it('each increment the token version once', async () => {
    const id = w.deptReviewer.user.id;
    const before = (await user(id)).tokenVersion;
    const resets = 6;
    const users = s.get(UsersService);
    await Promise.all(
      Array.from({ length: resets }, (_, i) => users.update(w.admin, id, { password: `${PASSWORD}${i}` })),
    );
    expect((await user(id)).tokenVersion).toBe(before + resets);
  });

  it('an administrator reset and the user changing their own password both count', async () => {
    const id = w.submitter.user.id;
    const before = await user(id);
    // Unlocked, with a known password: the previous test locked this account.
    await s.get(UsersService).update(w.admin, id, { password: PASSWORD });
    const reset = before.tokenVersion + 1;
    await Promise.all([
      s.get(UsersService).update(w.admin, id, { disabled: true }),
      s.get(UsersService).changeOwnPassword(w.submitter, PASSWORD, `${PASSWORD}x`),
    ]);
    expect((await user(id)).tokenVersion).toBe(reset + 2);
  });
});
