import Database from 'better-sqlite3';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import { renderProblem, type Problem } from '../common/errors';
import './audit.messages';
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
    const cases: Array<[string, (db: Database.Database) => void, Problem, string]> = [
      [
        'a gap',
        (db) => db.exec('DELETE FROM audit_checkpoints WHERE id = 2'),
        { code: 'CHECKPOINT_MISSING', params: { checkpointId: 2, next: 3 } },
        '检查点 2 缺失（现存的下一个检查点为 3）',
      ],
      [
        'a broken link',
        (db) => db.exec(`UPDATE audit_checkpoints SET prev_digest = '${hex(9)}' WHERE id = 3`),
        { code: 'CHECKPOINT_LINK_BROKEN', params: { checkpointId: 3 } },
        '检查点 3：未链接到检查点 2 的摘要',
      ],
      [
        'a changed head',
        (db) => db.exec(`UPDATE audit_checkpoint_heads SET hash = '${hex(9)}' WHERE checkpoint_id = 1`),
        { code: 'CHECKPOINT_DIGEST_MISMATCH', params: { checkpointId: 1 } },
        '检查点 1：其内容（记录的链头）与摘要不符：已被篡改',
      ],
      [
        'a head added',
        (db) => db.exec(`INSERT INTO audit_checkpoint_heads VALUES (2, 'd:99', 1, '${hex(1)}')`),
        { code: 'CHECKPOINT_HEAD_COUNT', params: { checkpointId: 2, recorded: 1, stored: 2 } },
        '检查点 2：签名时记录了 1 个链头，现存 2 个',
      ],
      [
        'the newest gone, its heads left',
        (db) => db.exec('DELETE FROM audit_checkpoints WHERE id = 3'),
        { code: 'CHECKPOINT_HEADS_ORPHANED', params: { checkpointId: 3 } },
        '检查点 3：存有它的链头，但检查点本身已缺失',
      ],
    ];
    for (const [label, tamper, problem, words] of cases) {
      const { run, db } = database();
      const keys = keyring();
      for (const chain of ['d:1', 'd:2', 'd:3']) {
        db.prepare('INSERT INTO audit_chains VALUES (?, ?, ?)').run(chain, 1, hex(1));
        await sealCheckpoints(run, false, keys.signer, { at: '2026-03-01T00:00:00.000Z' });
      }
      tamper(db);
      const found = (await loadCheckpoints(run, false, keys)).problem;
      expect({ label, found }).toEqual({
        label,
        found: { checkpointId: problem.params!.checkpointId, ...problem },
      });
      expect(renderProblem(found!, 'zh')).toBe(words);
    }
    // Verified with other keys than the one that signed: named, not trusted.
    const { run, db } = database();
    db.prepare('INSERT INTO audit_chains VALUES (?, ?, ?)').run('d:1', 1, hex(1));
    await sealCheckpoints(run, false, keyring().signer, { at: '2026-03-01T00:00:00.000Z' });
    const unknown = (await loadCheckpoints(run, false, keyring())).problem!;
    expect(unknown).toMatchObject({ code: 'CHECKPOINT_KEY_UNKNOWN', params: { checkpointId: 1 } });
    expect(renderProblem(unknown, 'en')).toMatch(
      /signed with key [0-9a-f]{16}, which is neither AUDIT_SIGNING_KEY nor in AUDIT_SIGNING_KEYS_RETIRED/,
    );
    expect(renderProblem(unknown, 'zh')).toMatch(
      /^检查点 1：由密钥「[0-9a-f]{16}」签名，而该密钥既不是当前签名密钥（AUDIT_SIGNING_KEY）/,
    );
  });
});
