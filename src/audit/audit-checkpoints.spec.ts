import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import {
  CHECKPOINT_MAX_HEADS,
  checkpointContent,
  checkpointDigest,
  loadCheckpoints,
  sealCheckpoints,
  type SqlRun,
} from './audit-checkpoints';
import { GENESIS_HASH } from './audit-hash';
import { AuditKeyring } from './audit-keys';

/** The four tables sealing reads and writes, in an in-memory SQLite database. */
function database(): { run: SqlRun; db: Database.Database } {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE audit_events (id integer primary key, hash_version integer not null);
    CREATE TABLE audit_chains (chain varchar primary key, head_seq integer, head_hash varchar);
    CREATE TABLE audit_checkpoints (id integer primary key, at varchar, format integer, prev_digest varchar,
      last_event_id integer, legacy_max_event_id integer, head_count integer, digest varchar, alg varchar,
      key_id varchar, signature varchar);
    CREATE TABLE audit_checkpoint_heads (checkpoint_id integer, chain varchar, seq integer, hash varchar,
      PRIMARY KEY (checkpoint_id, chain));`);
  const run: SqlRun = async (sql, params) => {
    const st = db.prepare(sql);
    return st.reader ? (st.all(...params) as Array<Record<string, unknown>>) : (st.run(...params), []);
  };
  return { run, db };
}

function keyring(signing = generateKeyPairSync('ed25519').privateKey) {
  return AuditKeyring.fromConfig({
    audit: {
      ...defaults.audit,
      key: 'unit-test-mac-key-0123456789abcdef0123',
      keyId: 'k1',
      signingKey: signing.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    },
    databasePath: ':memory:',
    nodeEnv: 'test',
  });
}

const hex = (n: number) => n.toString(16).padStart(64, '0');

describe('sealing the chain heads', () => {
  it('splits many moved heads into linked checkpoints, and seals only what moved since', async () => {
    const { run, db } = database();
    const keys = keyring();
    db.exec('INSERT INTO audit_events (id, hash_version) VALUES (1, 1), (2, 1), (3, 2)');
    const insert = db.prepare('INSERT INTO audit_chains VALUES (?, ?, ?)');
    const chains = CHECKPOINT_MAX_HEADS * 2 + 10;
    for (let i = 1; i <= chains; i++) insert.run(`d:${i}`, (i % 7) + 1, hex(i));
    insert.run('d:0', 0, GENESIS_HASH); // created, no event yet: nothing to seal

    const first = await sealCheckpoints(run, false, keys.signer, { at: '2026-03-01T00:00:00.000Z' });
    expect(first.map((c) => [c.id, c.headCount])).toEqual([
      [1, CHECKPOINT_MAX_HEADS],
      [2, CHECKPOINT_MAX_HEADS],
      [3, 10],
    ]);
    expect(first.map((c) => c.prevDigest)).toEqual([GENESIS_HASH, first[0].digest, first[1].digest]);
    expect(first.every((c) => c.lastEventId === 3 && c.legacyMaxEventId === 2)).toBe(true);

    expect(await sealCheckpoints(run, false, keys.signer, { at: '2026-03-01T01:00:00.000Z' })).toEqual([]);
    db.prepare('UPDATE audit_chains SET head_seq = head_seq + 1 WHERE chain = ?').run('d:5');
    const next = await sealCheckpoints(run, false, keys.signer, { at: '2026-03-01T02:00:00.000Z' });
    expect(next.map((c) => [c.id, c.headCount, c.prevDigest])).toEqual([[4, 1, first[2].digest]]);
    const forced = await sealCheckpoints(run, false, keys.signer, {
      at: '2026-03-01T03:00:00.000Z',
      always: true,
    });
    expect(forced.map((c) => [c.id, c.headCount])).toEqual([[5, 0]]);

    const ledger = await loadCheckpoints(run, false, keys);
    expect(ledger).toMatchObject({ problem: null, checked: 5, legacyMaxEventId: 2 });
    // Heads are sorted by chain name before they are split: d:5 comes after d:499.
    const names = Array.from({ length: chains }, (_, i) => `d:${i + 1}`).sort();
    const page = Math.floor(names.indexOf('d:5') / CHECKPOINT_MAX_HEADS) + 1;
    expect(ledger.sealed.get('d:5')!.map(([seq, , cp]) => [seq, cp])).toEqual([
      [6, page],
      [7, 4],
    ]);
    const only = await loadCheckpoints(run, false, keys, 'd:5');
    expect(only).toMatchObject({ problem: null, checked: 2 });
  });

  it('signs a digest anyone can recompute from the exported fields', async () => {
    const { run, db } = database();
    const keys = keyring();
    db.prepare('INSERT INTO audit_chains VALUES (?, ?, ?)').run('system', 3, hex(3));
    const [c] = await sealCheckpoints(run, false, keys.signer, { at: '2026-03-01T00:00:00.000Z' });
    const content = checkpointContent(c, [['system', 3, hex(3)]]);
    expect(content).toBe(
      JSON.stringify([
        'pd-audit-checkpoint',
        1,
        1,
        '2026-03-01T00:00:00.000Z',
        GENESIS_HASH,
        0,
        0,
        'ed25519',
        keys.signer.keyId,
        [['system', 3, hex(3)]],
      ]),
    );
    expect(checkpointDigest(content)).toBe(c.digest);
    expect(keys.verifier(c.keyId)!.verify(Buffer.from(c.digest, 'ascii'), c.signature)).toBe(true);
  });

  it('names a gap, a broken link, a changed head, an unknown signer and a missing checkpoint', async () => {
    const cases: Array<[string, (db: Database.Database) => void, RegExp]> = [
      ['a gap', (db) => db.exec('DELETE FROM audit_checkpoints WHERE id = 2'), /checkpoint 2 is missing/],
      [
        'a broken link',
        (db) => db.exec(`UPDATE audit_checkpoints SET prev_digest = '${hex(9)}' WHERE id = 3`),
        /checkpoint 3: does not link/,
      ],
      [
        'a changed head',
        (db) => db.exec(`UPDATE audit_checkpoint_heads SET hash = '${hex(9)}' WHERE checkpoint_id = 1`),
        /checkpoint 1: its content .* does not match its digest/,
      ],
      [
        'a head added',
        (db) => db.exec(`INSERT INTO audit_checkpoint_heads VALUES (2, 'd:99', 1, '${hex(1)}')`),
        /checkpoint 2: it recorded 1 chain heads, 2 are stored/,
      ],
      [
        'the newest gone, its heads left',
        (db) => db.exec('DELETE FROM audit_checkpoints WHERE id = 3'),
        /checkpoint 3: heads are stored for it, but it is missing/,
      ],
    ];
    for (const [label, tamper, reason] of cases) {
      const { run, db } = database();
      const keys = keyring();
      for (const chain of ['d:1', 'd:2', 'd:3']) {
        db.prepare('INSERT INTO audit_chains VALUES (?, ?, ?)').run(chain, 1, hex(1));
        await sealCheckpoints(run, false, keys.signer, { at: '2026-03-01T00:00:00.000Z' });
      }
      tamper(db);
      const ledger = await loadCheckpoints(run, false, keys);
      expect({ label, reason: ledger.problem?.reason }).toEqual({
        label,
        reason: expect.stringMatching(reason),
      });
    }
    // Verified with other keys than the one that signed: named, not trusted.
    const { run, db } = database();
    db.prepare('INSERT INTO audit_chains VALUES (?, ?, ?)').run('d:1', 1, hex(1));
    await sealCheckpoints(run, false, keyring().signer, { at: '2026-03-01T00:00:00.000Z' });
    expect((await loadCheckpoints(run, false, keyring())).problem?.reason).toMatch(
      /signed with key [0-9a-f]{16}, which is neither AUDIT_SIGNING_KEY nor in AUDIT_SIGNING_KEYS_RETIRED/,
    );
  });
});
