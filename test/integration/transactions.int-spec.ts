import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AuditService } from '../../src/audit/audit.service';
import { Declaration } from '../../src/declarations/declaration.entity';
import { DeclarationsService } from '../../src/declarations/declarations.service';
import { WorkflowService } from '../../src/workflow/workflow.service';
import { FAILING_AUDIT, failingAudit } from '../support/failing-audit';
import {
  buildServiceWorld,
  createValidDeclaration,
  startTestServices,
  type ServiceWorld,
  type TestServices,
} from '../support/test-services';

let s: TestServices;
let w: ServiceWorld;

beforeAll(async () => {
  s = await startTestServices({}, [FAILING_AUDIT]);
  w = await buildServiceWorld(s);
});
afterAll(async () => s?.close());

const events = (id: number) => s.count('SELECT COUNT(*) AS n FROM audit_events WHERE declaration_id = ?', id);
const transitions = (id: number) =>
  s.count('SELECT COUNT(*) AS n FROM declaration_transitions WHERE declaration_id = ?', id);
const stored = async (id: number) => (await s.get(DeclarationsService).get(w.submitter, id)).declaration;
const submit = (id: number, version: number) =>
  s.get(WorkflowService).fire(w.submitter, id, { event: 'SUBMIT', version });

describe('a transition and its audit record', () => {
  it('roll back together when the audit write fails', async () => {
    const { id, version } = await createValidDeclaration(s, w.submitter);
    const before = await events(id);
    failingAudit(s.app).failNextWrite(new Error('forced failure of the audit write'));
    await expect(submit(id, version)).rejects.toThrow('forced failure of the audit write');
    expect(await stored(id)).toMatchObject({ state: 'drafting', version });
    expect(await transitions(id)).toBe(0);
    expect(await events(id)).toBe(before);
  });

  it('commit together', async () => {
    const { id, version } = await createValidDeclaration(s, w.submitter);
    const before = await events(id);
    expect(await submit(id, version)).toMatchObject({ state: 'internalReview', version: version + 1 });
    expect(await stored(id)).toMatchObject({ state: 'internalReview', version: version + 1 });
    expect(await transitions(id)).toBe(1);
    expect(await events(id)).toBe(before + 1);
  });
});

describe('a service called inside an open unit of work', () => {
  it('joins it: the transition rolls back with the outer transaction', async () => {
    const { id, version } = await createValidDeclaration(s, w.submitter);
    const before = await events(id);
    const outer = s.db.write(async (tx) => {
      await submit(id, version);
      // Inside, the transition is there to see: it was written in this transaction.
      expect((await tx.findOneByOrFail(Declaration, { id })).state).toBe('internalReview');
      throw new Error('the outer work fails after the transition');
    });
    await expect(outer).rejects.toThrow('the outer work fails after the transition');
    expect(await stored(id)).toMatchObject({ state: 'drafting', version });
    expect(await transitions(id)).toBe(0);
    expect(await events(id)).toBe(before);
  });

  it('joins it: both commit when it commits, their events one chain in order', async () => {
    const { id, version } = await createValidDeclaration(s, w.submitter);
    const before = await events(id);
    await s.db.write(async () => {
      await s.get(AuditService).record(w.submitter, {
        action: 'declaration.updated',
        entityType: 'declaration',
        entityId: id,
        declarationId: id,
        comment: 'recorded in the outer transaction',
      });
      await submit(id, version);
    });
    expect(await stored(id)).toMatchObject({ state: 'internalReview' });
    expect(await events(id)).toBe(before + 2);
    const seqs = (await s.db.dataSource.query(
      s.db.isPostgres
        ? 'SELECT seq, action FROM audit_events WHERE declaration_id = $1 ORDER BY seq'
        : 'SELECT seq, action FROM audit_events WHERE declaration_id = ? ORDER BY seq',
      [id],
    )) as Array<{ seq: number; action: string }>;
    expect(seqs.map((r) => Number(r.seq))).toEqual(seqs.map((_, i) => i + 1));
    expect(seqs.slice(-2).map((r) => r.action)).toEqual(['declaration.updated', 'workflow.transitioned']);
  });

  it('a failed audit write inside it rolls the whole unit back', async () => {
    const { id, version } = await createValidDeclaration(s, w.submitter);
    const before = await events(id);
    const outer = s.db.write(async () => {
      await submit(id, version);
      failingAudit(s.app).failNextWrite(new Error('forced failure of the second record'));
      await s.get(AuditService).record(w.submitter, {
        action: 'declaration.updated',
        entityType: 'declaration',
        entityId: id,
        declarationId: id,
      });
    });
    await expect(outer).rejects.toThrow('forced failure of the second record');
    expect(await stored(id)).toMatchObject({ state: 'drafting', version });
    expect(await events(id)).toBe(before);
  });
});

describe('units of work nested', () => {
  it('a read inside a write joins it and sees its uncommitted rows (on SQLite it waited for ever)', async () => {
    const { id } = await createValidDeclaration(s, w.submitter);
    const seen = await s.db.write(async (tx) => {
      await tx.update(Declaration, { id }, { projectName: 'changed in the write' });
      return s.db.read((em) => em.findOneByOrFail(Declaration, { id }));
    });
    expect(seen.projectName).toBe('changed in the write');
  });

  it('a read inside a read joins it', async () => {
    const n = await s.db.read(() => s.db.read((em) => em.count(Declaration)));
    expect(n).toBeGreaterThan(0);
  });

  it('a write inside a read is refused as a programming error, and the database goes on', async () => {
    await expect(s.db.read(() => s.db.write(async () => 1))).rejects.toThrow(
      'Db.write inside Db.read: open the write first',
    );
    expect(await s.db.write(async () => 2)).toBe(2);
  });

  it('work that outlives its unit does not join the finished one', async () => {
    let later: Promise<number> | undefined;
    await s.db.write(async () => {
      // Started inside, not awaited: it must run in a unit of its own once this one ends.
      later = new Promise((resolve) => setTimeout(resolve, 0)).then(() => s.db.write(async () => 3));
    });
    expect(await later).toBe(3);
  });
});
