import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createValidDeclaration, fire } from '../support/factories';
import { Intruder } from '../support/intruder';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 17 item 3: a routine verify (`?mode=routine`) re-checks only what came after each chain's
 * last signed checkpoint, so its work follows the events since the last seal, not the history;
 * the full verify (the default) still re-checks everything. Attacks are made as in
 * audit-keyed.e2e-spec.ts, by an intruder with raw SQL and the triggers off.
 */

let t: TestApp;
let w: World;
let sub: string;
let aud: string;
let intruder: Intruder;

beforeAll(async () => {
  // Checkpoints only when the test takes them.
  t = await startTestApp({ AUDIT_CHECKPOINT_EVENTS: '100000', AUDIT_CHECKPOINT_MINUTES: '600' });
  w = await buildWorld(t);
  sub = w.users.submitter.token;
  aud = w.users.auditor.token;
  intruder = await Intruder.connect(t.db);
});
afterAll(async () => {
  await intruder?.close();
  await t?.close();
});

const verify = async (query = '') => {
  const res = await t.get(`/api/audit/verify${query}`, aud);
  expect(res.status).toBe(200);
  return res.body;
};

async function checkpointNow() {
  const res = await t.post('/api/audit/checkpoints', {}, aud);
  expect(res.status).toBe(201);
  return res.body.checkpoints as Array<{ id: number }>;
}

/** Events a routine verify has to read now: per chain, those after its newest sealed head. */
async function eventsSinceSeals(): Promise<number> {
  const [row] = await intruder.query(
    `SELECT coalesce(sum(c.head_seq - coalesce((SELECT max(h.seq) FROM audit_checkpoint_heads h WHERE h.chain = c.chain), 0)), 0) AS n
     FROM audit_chains c`,
  );
  return Number(row.n);
}

describe('the routine verify', () => {
  it('reads only the events after each chain’s last checkpoint, and finds the log intact', async () => {
    const a = await createValidDeclaration(t, sub);
    await fire(t, a.id, 'SUBMIT', sub);
    await checkpointNow();
    const full = await verify();
    expect(full).toMatchObject({ ok: true, mode: 'full' });

    // After the seal: the return of A, and a new declaration B.
    await fire(t, a.id, 'RETURN', w.users.deptReviewer.token, { comment: '请补充指标口径', rating: '中' });
    const b = await createValidDeclaration(t, sub);
    const since = await eventsSinceSeals();
    const routine = await verify('?mode=routine');
    expect(routine).toMatchObject({ ok: true, mode: 'routine', checked: since });
    // The return's transition row is matched to its event; everything sealed before is not re-read.
    expect(routine.transitions).toBe(1);
    expect(routine.checked).toBeLessThan(full.checked);

    // One declaration: its events since the seal; a declaration sealed whole has none to read.
    expect(await verify(`?declarationId=${a.id}&mode=routine`)).toMatchObject({ ok: true, checked: 1 });
    await checkpointNow();
    expect(await verify(`?declarationId=${b.id}&mode=routine`)).toMatchObject({
      ok: true,
      mode: 'routine',
      checked: 0,
    });
    // In words too, as the console sends it.
    expect(await verify(`?mode=${encodeURIComponent('例行校验（自最近检查点）')}`)).toMatchObject({
      ok: true,
      mode: 'routine',
    });
  });

  it('names an event rewritten after the last checkpoint', async () => {
    const { id } = await createValidDeclaration(t, sub);
    await checkpointNow();
    await fire(t, id, 'SUBMIT', sub);
    const chain = `d:${id}`;
    const events = await intruder.events(chain);
    const submitted = events[events.length - 1];
    await intruder.triggersOff();
    let original: Array<Record<string, unknown>> = [];
    try {
      original = await intruder.rewriteChain(chain, Number(submitted.seq), (row) => (row.comment = '伪造'));
      expect(await verify('?mode=routine')).toMatchObject({
        ok: false,
        mode: 'routine',
        brokenAt: {
          id: Number(submitted.id),
          chain,
          seq: Number(submitted.seq),
          code: 'AUDIT_EVENT_ALTERED',
        },
      });
    } finally {
      if (original.length) await intruder.restoreChain(chain, original);
      await intruder.triggersOn();
    }
    expect(await verify('?mode=routine')).toMatchObject({ ok: true });
  });

  it('leaves an event before the checkpoint to the full verify, which still names it', async () => {
    const { id } = await createValidDeclaration(t, sub);
    await fire(t, id, 'SUBMIT', sub);
    await checkpointNow();
    const chain = `d:${id}`;
    const [first] = await intruder.events(chain);
    await intruder.triggersOff();
    try {
      // The content of a sealed event changed, its hash left as it was.
      await intruder.query('UPDATE audit_events SET comment = ? WHERE id = ?', ['伪造', first.id]);
      expect(await verify('?mode=routine')).toMatchObject({ ok: true, mode: 'routine' });
      expect(await verify()).toMatchObject({
        ok: false,
        mode: 'full',
        brokenAt: { id: Number(first.id), chain, seq: 1, code: 'AUDIT_EVENT_ALTERED' },
      });
    } finally {
      await intruder.query('UPDATE audit_events SET comment = ? WHERE id = ?', [first.comment, first.id]);
      await intruder.triggersOn();
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('names a chain cut back below its checkpoint, and a sealed head rewritten', async () => {
    const { id } = await createValidDeclaration(t, sub);
    await fire(t, id, 'SUBMIT', sub);
    const [cp] = await checkpointNow();
    const chain = `d:${id}`;
    const events = await intruder.events(chain);
    const newest = events[events.length - 1];
    const before = events[events.length - 2];
    const [row] = await intruder.query('SELECT * FROM declaration_transitions WHERE declaration_id = ?', [
      id,
    ]);
    await intruder.triggersOff();
    try {
      await intruder.query('UPDATE audit_chains SET head_hash = ? WHERE chain = ?', ['f'.repeat(64), chain]);
      expect(await verify('?mode=routine')).toMatchObject({
        ok: false,
        brokenAt: { chain, seq: Number(newest.seq), checkpointId: cp.id, code: 'AUDIT_CHECKPOINT_REWRITTEN' },
      });
      await intruder.query('DELETE FROM audit_events WHERE id = ?', [newest.id]);
      await intruder.query('DELETE FROM declaration_transitions WHERE id = ?', [row.id]);
      await intruder.query('UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?', [
        Number(before.seq),
        before.hash,
        chain,
      ]);
      expect(await verify(`?mode=routine&declarationId=${id}`)).toMatchObject({
        ok: false,
        brokenAt: { chain, checkpointId: cp.id, code: 'AUDIT_CHECKPOINTED_EVENT_MISSING' },
      });
    } finally {
      const put = async (table: string, values: Record<string, unknown>) => {
        const cols = Object.keys(values);
        await intruder.query(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
          cols.map((c) => values[c]),
        );
      };
      await put('audit_events', newest);
      await put('declaration_transitions', row);
      await intruder.query('UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?', [
        Number(newest.seq),
        newest.hash,
        chain,
      ]);
      await intruder.triggersOn();
    }
    expect(await verify('?mode=routine')).toMatchObject({ ok: true });
  });

  it('names a transition row altered after the checkpoint, and a forged checkpoint it relies on', async () => {
    const { id } = await createValidDeclaration(t, sub);
    await fire(t, id, 'SUBMIT', sub);
    const [cp] = await checkpointNow();
    await fire(t, id, 'RETURN', w.users.deptReviewer.token, { comment: '请补充', rating: '中' });
    const rows = await intruder.query(
      'SELECT * FROM declaration_transitions WHERE declaration_id = ? ORDER BY id',
      [id],
    );
    const returned = rows[rows.length - 1];
    await intruder.triggersOff();
    try {
      await intruder.query('UPDATE declaration_transitions SET comment = ? WHERE id = ?', [
        '同意',
        returned.id,
      ]);
      expect(await verify('?mode=routine')).toMatchObject({
        ok: false,
        brokenAt: { chain: `d:${id}`, transitionId: Number(returned.id), code: 'AUDIT_TRANSITION_MISMATCH' },
      });
      await intruder.query('UPDATE declaration_transitions SET comment = ? WHERE id = ?', [
        returned.comment,
        returned.id,
      ]);
      const [stored] = await intruder.query('SELECT signature FROM audit_checkpoints WHERE id = ?', [cp.id]);
      const forged = Buffer.alloc(64, 7).toString('base64');
      await intruder.query('UPDATE audit_checkpoints SET signature = ? WHERE id = ?', [forged, cp.id]);
      try {
        expect(await verify(`?mode=routine&declarationId=${id}`)).toMatchObject({
          ok: false,
          brokenAt: { chain: 'checkpoints', checkpointId: cp.id, code: 'CHECKPOINT_SIGNATURE_INVALID' },
        });
      } finally {
        await intruder.query('UPDATE audit_checkpoints SET signature = ? WHERE id = ?', [
          stored.signature,
          cp.id,
        ]);
      }
    } finally {
      await intruder.query('UPDATE declaration_transitions SET comment = ? WHERE id = ?', [
        returned.comment,
        returned.id,
      ]);
      await intruder.triggersOn();
    }
    expect(await verify('?mode=routine')).toMatchObject({ ok: true });
  });

  it('refuses a mode it does not know, in words, and changes nothing', async () => {
    const res = await t.get('/api/audit/verify?mode=quick', aud);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^校验方式：须为以下之一：完整校验/);
    expect(res.body.field).toBe('mode');
    const missing = await t.get('/api/audit/verify?mode=routine&declarationId=999999', aud);
    expect(missing.status).toBe(404);
  });
});
