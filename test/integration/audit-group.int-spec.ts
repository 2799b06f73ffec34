import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../src/audit/audit.service';
import { AuditQueryService } from '../../src/audit-log/audit-query.service';
import { AuditVerifier } from '../../src/audit-log/audit-verify.service';
import { Db } from '../../src/database/db.service';
import type { RequestContext } from '../../src/common/request-context';
import { UsersService } from '../../src/org/users.service';
import { FAILING_AUDIT, failingAudit } from '../support/failing-audit';
import { PASSWORD } from '../support/test-app';
import { buildServiceWorld, contextOf, startTestServices, type TestServices } from '../support/test-services';

/**
 * Issue 17 item 2: an auditor's read of the log is recorded on the system chain with the other
 * reads that arrive meanwhile, in one transaction (group commit), so concurrent readers do not
 * queue on the chain head's lock one by one. Each read still has its own event, committed before
 * it is answered, and the chain stays whole.
 */

let s: TestServices;
let auditor: RequestContext;

beforeAll(async () => {
  s = await startTestServices({}, [FAILING_AUDIT]);
  const w = await buildServiceWorld(s);
  const created = await s.get(UsersService).create(w.admin, {
    username: 'auditor',
    displayName: '陈审计',
    password: PASSWORD,
    roles: ['auditor'],
    departmentId: w.admin.user!.departmentId,
  });
  auditor = await contextOf(s, created.id);
});
afterAll(async () => s?.close());

const viewed = () => s.count("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'audit.viewed'");

describe('concurrent reads of the audit log', () => {
  it('each record their own event before answering, and the chain verifies', async () => {
    const before = await viewed();
    const reads = 24;
    const pages = await Promise.all(
      Array.from({ length: reads }, () => s.get(AuditQueryService).list(auditor, { limit: '5' })),
    );
    expect(await viewed()).toBe(before + reads);
    // Each page was read after its own record: the newest event it shows is older than that record.
    const records = await s.db.read((em) =>
      em.query(`SELECT id FROM audit_events WHERE action = 'audit.viewed' ORDER BY id DESC LIMIT ${reads}`),
    );
    expect(new Set(records.map((r: { id: number }) => Number(r.id))).size).toBe(reads);
    for (const page of pages) expect(page.items.length).toBe(5);
    const result = await s.get(AuditVerifier).verify(auditor, {});
    expect(result).toMatchObject({ ok: true });
  });

  it('fail together when their write fails, recording nothing, and the next reads succeed', async () => {
    const before = await viewed();
    failingAudit(s.app).failNextWrite(new Error('forced failure of the read record'));
    const results = await Promise.allSettled([s.get(AuditQueryService).list(auditor, {})]);
    expect(results[0]).toMatchObject({ status: 'rejected' });
    expect(await viewed()).toBe(before);
    await s.get(AuditQueryService).list(auditor, {});
    expect(await viewed()).toBe(before + 1);
  });

  it('join an open unit of work instead, and roll back with it', async () => {
    const before = await viewed();
    await expect(
      s.get(Db).write(async () => {
        await s.get(AuditService).recordGrouped(auditor, { action: 'audit.viewed', entityType: 'audit_log' });
        throw new Error('the work around it fails');
      }),
    ).rejects.toThrow('the work around it fails');
    expect(await viewed()).toBe(before);
  });
});
