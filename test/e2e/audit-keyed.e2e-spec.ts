import { execFileSync } from 'node:child_process';
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { checkpointContent, checkpointDigest, type Checkpoint } from '../../src/audit/audit-checkpoints';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints.service';
import { auditHash, keyedContent } from '../../src/audit/audit-hash';
import { AuditKeyring, signingKeyId } from '../../src/audit/audit-keys';
import { AuditService } from '../../src/audit/audit.service';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions } from '../../src/data-source';
import { Db } from '../../src/database/db.service';
import { createValidDeclaration, fire } from '../support/factories';
import { fieldsOf, Intruder } from '../support/intruder';
import {
  AUDIT_ENV,
  AUDIT_KEY,
  AUDIT_KEY_ID,
  AUDIT_SIGNING_KEY,
  startTestApp,
  type TestApp,
} from '../support/test-app';
import { onPostgres } from '../support/test-db';
import { buildWorld, type World } from '../support/world';

/**
 * Issue 12 item 8: an audit trail that someone with write access to the database cannot
 * rewrite. Events are keyed (HMAC under AUDIT_KEY, kept outside the database), the chain heads
 * are signed in checkpoints (Ed25519, AUDIT_SIGNING_KEY), and the transition rows are checked
 * against their keyed events. Each attack below is made on a connection of the intruder's own,
 * with raw SQL, after turning the append-only triggers off.
 */

let t: TestApp;
let w: World;
let sub: string;
let aud: string;
let intruder: Intruder;

const EVERY = 5;

beforeAll(async () => {
  t = await startTestApp({ AUDIT_CHECKPOINT_EVENTS: String(EVERY), AUDIT_CHECKPOINT_MINUTES: '60' });
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

/** A declaration submitted and returned with a comment: three kinds of events and two transition rows. */
async function returnedDeclaration(comment = '请补充绩效指标的计算口径') {
  const { id } = await createValidDeclaration(t, sub);
  await fire(t, id, 'SUBMIT', sub);
  await fire(t, id, 'RETURN', w.users.deptReviewer.token, { comment, rating: '中' });
  const events = await intruder.events(`d:${id}`);
  const returned = events.find((e) => e.action === 'workflow.transitioned' && e.comment === comment)!;
  const transitions = await intruder.query(
    'SELECT * FROM declaration_transitions WHERE declaration_id = ? ORDER BY id',
    [id],
  );
  return { id, chain: `d:${id}`, events, returned, transitions };
}

async function checkpointNow(note?: string) {
  const res = await t.post('/api/audit/checkpoints', note === undefined ? {} : { note }, aud);
  expect(res.status).toBe(201);
  return res.body.checkpoints as Checkpoint[];
}

describe('keyed events', () => {
  it('stores each new event as an HMAC under AUDIT_KEY with its key id, not a hash anyone can recompute', async () => {
    const { events } = await returnedDeclaration();
    for (const e of events) {
      expect(e).toMatchObject({ hash_version: 2, hash_alg: 'hmac-sha256', key_id: AUDIT_KEY_ID });
      const expected = createHmac('sha256', AUDIT_KEY)
        .update(keyedContent(fieldsOf(e), 'hmac-sha256', AUDIT_KEY_ID))
        .digest('hex');
      expect(e.hash).toBe(expected);
      expect(e.hash).not.toBe(auditHash(fieldsOf(e)));
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  for (const downgrade of [false, true])
    it(`names the event an intruder rewrote with every unkeyed hash and the head recomputed${downgrade ? ', marked as unkeyed' : ''}`, async () => {
      const d = await returnedDeclaration();
      await intruder.triggersOff();
      let original: Array<Record<string, unknown>> = [];
      try {
        // The comment of the return, in the event and in the transition row alike.
        original = await intruder.rewriteChain(
          d.chain,
          Number(d.returned.seq),
          (row) => (row.comment = '同意'),
          {
            downgrade,
          },
        );
        await intruder.query('UPDATE declaration_transitions SET comment = ? WHERE id = ?', [
          '同意',
          d.transitions[1].id,
        ]);
        // What the intruder left is a consistent chain by the unkeyed rules, which is all the
        // verify of before the keys checked: every rewritten hash recomputes, every link and
        // the head hold.
        const rewritten = await intruder.events(d.chain);
        for (const [i, r] of rewritten.entries()) {
          if (i > 0) expect(r.prev_hash).toBe(rewritten[i - 1].hash);
          if (Number(r.seq) >= Number(d.returned.seq)) expect(auditHash(fieldsOf(r))).toBe(r.hash);
        }
        const [head] = await intruder.query('SELECT head_seq, head_hash FROM audit_chains WHERE chain = ?', [
          d.chain,
        ]);
        expect(head.head_hash).toBe(rewritten[rewritten.length - 1].hash);

        for (const query of ['', `?declarationId=${d.id}`])
          expect(await verify(query)).toMatchObject({
            ok: false,
            brokenAt: {
              id: Number(d.returned.id),
              chain: d.chain,
              seq: Number(d.returned.seq),
              ...(downgrade
                ? {
                    code: 'AUDIT_UNKEYED_AFTER_KEYING',
                    reason: expect.stringMatching(/^启用密钥之后出现了不带密钥（哈希版本 1）的事件/),
                  }
                : { code: 'AUDIT_EVENT_ALTERED', reason: '该事件的内容与其密钥哈希值不符：事件已被篡改' }),
            },
          });
      } finally {
        if (original.length) await intruder.restoreChain(d.chain, original);
        await intruder.query('UPDATE declaration_transitions SET comment = ? WHERE id = ?', [
          d.transitions[1].comment,
          d.transitions[1].id,
        ]);
        await intruder.triggersOn();
      }
      expect(await verify()).toMatchObject({ ok: true });
    });
});

describe('the transition rows', () => {
  it('are append-only in the database', async () => {
    const [row] = await intruder.query('SELECT id FROM declaration_transitions ORDER BY id LIMIT 1');
    await expect(
      t.dataSource.query(`UPDATE declaration_transitions SET comment = 'x' WHERE id = ${Number(row.id)}`),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.dataSource.query(`DELETE FROM declaration_transitions WHERE id = ${Number(row.id)}`),
    ).rejects.toThrow(/append-only/);
  });

  const edits: Array<[string, string, unknown, RegExp]> = [
    ['a rating changed', 'rating', '良', /：评级在流转记录中为 "良"，而其审计事件记录的是 "中"$/],
    ['the time moved', 'at', '2026-01-05T09:00:00.000Z', /：时间在流转记录中为 "2026-01-05T09:00:00.000Z"，/],
    [
      'the role changed',
      'role',
      'bureau_reviewer',
      /：角色在流转记录中为 "bureau_reviewer"，而其审计事件记录的是 "dept_reviewer"$/,
    ],
    ['the actor changed', 'actor_username', 'bureaureviewer', /：操作人在流转记录中为 "bureaureviewer"，/],
    [
      'the target state changed',
      'to_state',
      'approved',
      /：流转后状态在流转记录中为 "approved"，而其审计事件记录的是 "drafting"$/,
    ],
  ];
  for (const [label, column, value, reason] of edits)
    it(`names the row and its event when ${label}`, async () => {
      const d = await returnedDeclaration();
      const row = d.transitions[1];
      await intruder.triggersOff();
      try {
        await intruder.query(`UPDATE declaration_transitions SET ${column} = ? WHERE id = ?`, [
          value,
          row.id,
        ]);
        for (const query of ['', `?declarationId=${d.id}`])
          expect(await verify(query)).toMatchObject({
            ok: false,
            brokenAt: {
              id: Number(d.returned.id),
              chain: d.chain,
              transitionId: Number(row.id),
              code: 'AUDIT_TRANSITION_MISMATCH',
              reason: expect.stringMatching(new RegExp(`^流转记录第 ${row.id} 行${reason.source}`)),
            },
          });
      } finally {
        await intruder.query(`UPDATE declaration_transitions SET ${column} = ? WHERE id = ?`, [
          row[column],
          row.id,
        ]);
        await intruder.triggersOn();
      }
      expect(await verify(`?declarationId=${d.id}`)).toMatchObject({ ok: true, transitions: 2 });
    });

  it('names a row deleted, and a row added that no event records', async () => {
    const d = await returnedDeclaration();
    const [submitted, returned] = d.transitions;
    const cols = Object.keys(returned);
    const insert = (row: Record<string, unknown>) =>
      intruder.query(
        `INSERT INTO declaration_transitions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        cols.map((c) => row[c]),
      );
    await intruder.triggersOff();
    try {
      await intruder.query('DELETE FROM declaration_transitions WHERE id = ?', [returned.id]);
      expect(await verify(`?declarationId=${d.id}`)).toMatchObject({
        ok: false,
        brokenAt: {
          id: Number(d.returned.id),
          code: 'AUDIT_TRANSITION_ROW_MISSING',
          reason: '该事件记录的流转在流转记录（declaration_transitions）中不存在',
        },
      });
      await insert(returned);
      // An approval nobody gave, in the history only.
      const [{ id: forged }] = await intruder.query(
        'SELECT max(id) + 1000 AS id FROM declaration_transitions',
      );
      await insert({
        ...submitted,
        id: forged,
        event: 'APPROVE',
        from_state: 'internalReview',
        to_state: 'bureauReview',
      });
      expect(await verify(`?declarationId=${d.id}`)).toMatchObject({
        ok: false,
        brokenAt: {
          id: null,
          chain: d.chain,
          transitionId: Number(forged),
          code: 'AUDIT_TRANSITION_UNRECORDED',
          reason: `流转记录第 ${forged} 行在该链中没有对应的流程流转事件：不是本系统写入的`,
        },
      });
      await intruder.query('DELETE FROM declaration_transitions WHERE id = ?', [forged]);
      // The same for a declaration without any audit event.
      await insert({ ...submitted, id: forged, declaration_id: 999_999 });
      expect(await verify()).toMatchObject({
        ok: false,
        brokenAt: {
          chain: 'd:999999',
          transitionId: Number(forged),
          code: 'AUDIT_TRANSITION_WITHOUT_EVENTS',
          reason: `流转记录第 ${forged} 行所属的申报表没有任何审计事件：不是本系统写入的`,
        },
      });
      await intruder.query('DELETE FROM declaration_transitions WHERE id = ?', [forged]);
    } finally {
      await intruder.triggersOn();
    }
    expect(await verify()).toMatchObject({ ok: true });
  });
});

describe('signed checkpoints', () => {
  it('pin each chain: removing the newest events and moving the head back is named', async () => {
    const d = await returnedDeclaration();
    const [cp] = await checkpointNow('封存');
    // The newest event (the return) removed, the head moved back: a consistent, shorter chain.
    const before = d.events[d.events.length - 2];
    const newest = d.events[d.events.length - 1];
    await intruder.triggersOff();
    try {
      await intruder.query('DELETE FROM audit_events WHERE id = ?', [newest.id]);
      await intruder.query('DELETE FROM declaration_transitions WHERE id = ?', [d.transitions[1].id]);
      await intruder.query('UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?', [
        Number(before.seq),
        before.hash,
        d.chain,
      ]);
      for (const query of ['', `?declarationId=${d.id}`])
        expect(await verify(query)).toMatchObject({
          ok: false,
          brokenAt: {
            id: null,
            chain: d.chain,
            seq: Number(newest.seq),
            checkpointId: cp.id,
            code: 'AUDIT_CHECKPOINTED_EVENT_MISSING',
            reason: `序号为 ${newest.seq} 的事件缺失：签名检查点 ${cp.id} 记录该链已到序号 ${newest.seq}，而现存最新的事件序号为 ${before.seq}`,
          },
        });
    } finally {
      const put = async (table: string, row: Record<string, unknown>) => {
        const cols = Object.keys(row);
        await intruder.query(
          `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
          cols.map((c) => row[c]),
        );
      };
      await put('audit_events', newest);
      await put('declaration_transitions', d.transitions[1]);
      await intruder.query('UPDATE audit_chains SET head_seq = ?, head_hash = ? WHERE chain = ?', [
        Number(newest.seq),
        newest.hash,
        d.chain,
      ]);
      await intruder.triggersOn();
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('name a checkpoint whose signature, key or recorded heads were forged', async () => {
    const d = await returnedDeclaration();
    const [cp] = await checkpointNow();
    const [row] = await intruder.query('SELECT * FROM audit_checkpoints WHERE id = ?', [cp.id]);
    const [head] = await intruder.query(
      'SELECT * FROM audit_checkpoint_heads WHERE checkpoint_id = ? AND chain = ?',
      [cp.id, d.chain],
    );
    const { privateKey } = generateKeyPairSync('ed25519');
    const forgedSignature = sign(null, Buffer.from(String(row.digest), 'ascii'), privateKey).toString(
      'base64',
    );
    const forgedKeyId = signingKeyId(createPublicKey(privateKey));
    // The other key named as the signer, with a digest and signature that hold for that key: a
    // checkpoint a forger could make, refused only because the key is not one of ours.
    const heads = (
      await intruder.query('SELECT chain, seq, hash FROM audit_checkpoint_heads WHERE checkpoint_id = ?', [
        cp.id,
      ])
    ).map((h): [string, number, string] => [String(h.chain), Number(h.seq), String(h.hash)]);
    const forgedDigest = checkpointDigest(checkpointContent({ ...cp, keyId: forgedKeyId }, heads));
    const forgedKeySignature = sign(null, Buffer.from(forgedDigest, 'ascii'), privateKey).toString('base64');
    const attempts: Array<[string, () => Promise<unknown>, () => Promise<unknown>, string, string]> = [
      [
        'a signature of another key',
        () =>
          intruder.query('UPDATE audit_checkpoints SET signature = ? WHERE id = ?', [forgedSignature, cp.id]),
        () =>
          intruder.query('UPDATE audit_checkpoints SET signature = ? WHERE id = ?', [row.signature, cp.id]),
        'CHECKPOINT_SIGNATURE_INVALID',
        `检查点 ${cp.id}：签名无法用密钥「${row.key_id}」验证：签名系伪造`,
      ],
      [
        'the other key named as the signer',
        () =>
          intruder.query('UPDATE audit_checkpoints SET digest = ?, signature = ?, key_id = ? WHERE id = ?', [
            forgedDigest,
            forgedKeySignature,
            forgedKeyId,
            cp.id,
          ]),
        () =>
          intruder.query('UPDATE audit_checkpoints SET digest = ?, signature = ?, key_id = ? WHERE id = ?', [
            row.digest,
            row.signature,
            row.key_id,
            cp.id,
          ]),
        'CHECKPOINT_KEY_UNKNOWN',
        `检查点 ${cp.id}：由密钥「${forgedKeyId}」签名，而该密钥既不是当前签名密钥（AUDIT_SIGNING_KEY），也不在已停用的签名密钥（AUDIT_SIGNING_KEYS_RETIRED）之中`,
      ],
      [
        'a recorded head changed',
        () =>
          intruder.query('UPDATE audit_checkpoint_heads SET seq = ? WHERE checkpoint_id = ? AND chain = ?', [
            Number(head.seq) - 1,
            cp.id,
            d.chain,
          ]),
        () =>
          intruder.query('UPDATE audit_checkpoint_heads SET seq = ? WHERE checkpoint_id = ? AND chain = ?', [
            head.seq,
            cp.id,
            d.chain,
          ]),
        'CHECKPOINT_DIGEST_MISMATCH',
        `检查点 ${cp.id}：其内容（记录的链头）与摘要不符：已被篡改`,
      ],
    ];
    await intruder.triggersOff();
    try {
      for (const [label, forge, undo, code, reason] of attempts) {
        await forge();
        for (const query of ['', `?declarationId=${d.id}`]) {
          const body = await verify(query);
          expect({ label, body }).toMatchObject({
            label,
            body: {
              ok: false,
              brokenAt: { chain: 'checkpoints', seq: cp.id, checkpointId: cp.id, code, reason },
            },
          });
        }
        await undo();
      }
    } finally {
      await intruder.triggersOn();
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('are taken when AUDIT_CHECKPOINT_EVENTS events were written or AUDIT_CHECKPOINT_MINUTES passed, and not otherwise', async () => {
    const sweeper = t.app.get(AuditCheckpoints);
    await checkpointNow();
    const now = Date.now();
    expect(await sweeper.sweep(now)).toEqual([]);
    // One event (a login): neither enough events nor enough time.
    await t.login('submitter2');
    expect(await sweeper.sweep(now)).toEqual([]);
    expect(await sweeper.sweep(now + 59 * 60_000)).toEqual([]);
    const byTime = await sweeper.sweep(now + 61 * 60_000);
    expect(byTime).toHaveLength(1);
    const [systemHead] = await intruder.query(
      `SELECT head_seq, head_hash FROM audit_chains WHERE chain = 'system'`,
    );
    const sealed = await intruder.query(
      'SELECT chain, seq, hash FROM audit_checkpoint_heads WHERE checkpoint_id = ?',
      [byTime[0].id],
    );
    expect(sealed.map((h) => [h.chain, Number(h.seq), h.hash])).toEqual([
      ['system', Number(systemHead.head_seq), systemHead.head_hash],
    ]);
    expect(await sweeper.sweep(now + 61 * 60_000)).toEqual([]);
    // Nothing written since: nothing to sign, however much later.
    expect(await sweeper.sweep(now + 10 * 86_400_000)).toEqual([]);
    // EVERY events: due at once. A new declaration is created, edited and submitted.
    const { id } = await createValidDeclaration(t, sub);
    await fire(t, id, 'SUBMIT', sub);
    const [{ n }] = await intruder.query('SELECT count(*) AS n FROM audit_events WHERE id > ?', [
      byTime[0].lastEventId,
    ]);
    expect(Number(n)).toBeGreaterThanOrEqual(EVERY);
    const byCount = await sweeper.sweep(now + 61 * 60_000);
    expect(byCount).toHaveLength(1);
    const [declHead] = await intruder.query('SELECT head_seq FROM audit_chains WHERE chain = ?', [`d:${id}`]);
    expect(
      await intruder.query('SELECT seq FROM audit_checkpoint_heads WHERE checkpoint_id = ? AND chain = ?', [
        byCount[0].id,
        `d:${id}`,
      ]),
    ).toEqual([{ seq: declHead.head_seq }]);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('are each written once when two instances sweep at the same time', async () => {
    // A second instance on the same database: its own connections, keys and sweep (on SQLite,
    // where one process serves a file, the same instance sweeping twice at once).
    let second: { sweeper: AuditCheckpoints; close(): Promise<unknown> };
    if (onPostgres) {
      const config = loadConfig({ ...AUDIT_ENV, ...t.db.env, AUDIT_CHECKPOINT_EVENTS: String(EVERY) });
      const ds = await new DataSource(buildDataSourceOptions(config)).initialize();
      const db = new Db(ds);
      const keys = AuditKeyring.fromConfig(config);
      second = {
        sweeper: new AuditCheckpoints(db, keys, config, new AuditService(db, keys)),
        close: () => ds.destroy(),
      };
    } else second = { sweeper: t.app.get(AuditCheckpoints), close: async () => undefined };
    const first = t.app.get(AuditCheckpoints);
    try {
      const [{ before }] = await intruder.query('SELECT count(*) AS before FROM audit_checkpoints');
      for (let round = 0; round < 4; round++) {
        const { id } = await createValidDeclaration(t, sub);
        await fire(t, id, 'SUBMIT', sub);
        // Far ahead, so each round is due by time whatever the clock of the tests before.
        const at = Date.now() + (round + 1) * 86_400_000;
        const made = (
          await Promise.all([
            first.sweep(at),
            second.sweeper.sweep(at),
            first.sweep(at),
            second.sweeper.sweep(at),
          ])
        ).flat();
        // The heads that moved are sealed in one checkpoint, by whichever instance got there first.
        expect(made).toHaveLength(1);
      }
      const [{ after }] = await intruder.query('SELECT count(*) AS after FROM audit_checkpoints');
      expect(Number(after) - Number(before)).toBe(4);
      expect(
        await intruder.query(
          'SELECT chain, seq, count(*) AS n FROM audit_checkpoint_heads GROUP BY chain, seq HAVING count(*) > 1',
        ),
      ).toEqual([]);
      expect(await verify()).toMatchObject({ ok: true });
    } finally {
      await second.close();
    }
  });

  it('are exported with the public key, record the auditor’s note, and check offline', async () => {
    await returnedDeclaration();
    const [cp] = await checkpointNow('归档2025年度审计记录前');
    const mine = (
      await t.get(`/api/audit/events?actorId=${w.users.auditor.id}&action=audit.checkpointed&limit=1`, aud)
    ).body.items[0];
    expect(mine).toMatchObject({
      comment: '归档2025年度审计记录前',
      entityType: 'audit_checkpoint',
      entityId: String(cp.id),
    });

    const keys = (await t.get('/api/audit/keys', aud)).body;
    const publicKey = createPublicKey(
      createPrivateKey({ key: Buffer.from(AUDIT_SIGNING_KEY, 'base64'), format: 'der', type: 'pkcs8' }),
    );
    expect(keys).toEqual({
      mac: { alg: 'hmac-sha256', current: AUDIT_KEY_ID, retired: [] },
      signing: [
        {
          keyId: signingKeyId(publicKey),
          alg: 'ed25519',
          current: true,
          publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        },
      ],
    });
    expect(JSON.stringify(keys)).not.toContain(AUDIT_KEY);

    const pages: unknown[] = [];
    let after = 0;
    for (;;) {
      const res = await t.get(`/api/audit/checkpoints?after=${after}&limit=3`, aud);
      expect(res.status).toBe(200);
      pages.push(res.body);
      if (res.body.nextAfter === null) break;
      after = res.body.nextAfter;
    }
    const last = pages[pages.length - 1] as { checkpoints: Array<{ id: number; heads: unknown[][] }> };
    expect(last.checkpoints[last.checkpoints.length - 1].id).toBe(cp.id);
    expect((await t.get('/api/audit/checkpoints?limit=0', aud)).body).toMatchObject({
      code: 'AUDIT_CHECKPOINTS_BAD_NUMBER',
      field: 'limit',
      message: '每页条数（limit）：须为 1 到 100 的整数，而不是「0」',
    });
    expect((await t.get('/api/audit/checkpoints?from=1', aud)).body).toMatchObject({
      code: 'AUDIT_CHECKPOINTS_UNKNOWN_PARAMETER',
      field: 'from',
      message: '查询参数「from」不能用于此处；可用：起始检查点编号（after）、每页条数（limit）',
    });

    // The auditor's copy, outside the service: checked with the public key they kept.
    const dir = mkdtempSync(join(tmpdir(), 'pd-checkpoints-'));
    try {
      const keyFile = join(dir, 'audit-signing.pem');
      writeFileSync(keyFile, keys.signing[0].publicKey);
      const files = pages.map((p, i) => {
        const f = join(dir, `checkpoints-${i}.json`);
        writeFileSync(f, JSON.stringify(p));
        return f;
      });
      const script = join(process.cwd(), 'scripts', 'verify-checkpoints.mjs');
      const run = (args: string[]) => {
        try {
          return {
            code: 0,
            out: execFileSync(process.execPath, [script, ...args], { encoding: 'utf8', stdio: 'pipe' }),
          };
        } catch (e) {
          const err = e as { status: number; stderr: string };
          return { code: err.status, out: err.stderr };
        }
      };
      const ok = run([...files, '--public-key', keyFile]);
      expect(ok).toMatchObject({
        code: 0,
        out: expect.stringMatching(new RegExp(`^OK: ${cp.id} checkpoints \\(1\\.\\.${cp.id}\\)`)),
      });
      // A head changed in the copy (or in the database, then exported): named.
      const tampered = last.checkpoints.find((c) => c.heads.length)!;
      tampered.heads[0][1] = Number(tampered.heads[0][1]) + 1;
      writeFileSync(files[files.length - 1], JSON.stringify(last));
      expect(run([...files, '--public-key', keyFile])).toMatchObject({
        code: 1,
        out: expect.stringContaining(`checkpoint ${tampered.id}: the content does not match its digest`),
      });
      // Another key than the one kept: refused.
      const other = join(dir, 'other.pem');
      writeFileSync(
        other,
        createPublicKey(generateKeyPairSync('ed25519').privateKey).export({ format: 'pem', type: 'spki' }),
      );
      expect(run([files[0], '--public-key', other])).toMatchObject({
        code: 1,
        out: expect.stringMatching(/not one of the keys given/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
