import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { auditHash, GENESIS_HASH, type HashedAuditFields } from '../../src/audit/audit-hash';
import { AuditCheckpoints } from '../../src/audit/audit-checkpoints.service';
import { signingKeyId } from '../../src/audit/audit-keys';
import { loadConfig } from '../../src/config/app-config';
import { buildDataSourceOptions, MIGRATIONS } from '../../src/data-source';
import { createValidDeclaration, fire } from '../support/factories';
import { Intruder } from '../support/intruder';
import { ADMIN_PASSWORD, AUDIT_ENV, PASSWORD, startTestApp, type TestApp } from '../support/test-app';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { buildWorld } from '../support/world';

/**
 * The audit keys over the life of a database: rotated (older events verify with the retired
 * key, and name the key when it is missing), and introduced on a trail written before keying
 * (those events keep their unkeyed hash, and the first checkpoint pins them). Each app here
 * runs alone and is stopped before the next starts on the same database.
 */

const K1 = 'first-audit-mac-key-0123456789abcdef012345';
const K2 = 'second-audit-mac-key-0123456789abcdef01234';
const S1 = generateKeyPairSync('ed25519');
const S2 = generateKeyPairSync('ed25519');
const pkcs8 = (k: typeof S1) => k.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
const spki = (k: typeof S1) => k.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

const databases: TestDatabase[] = [];
let running: TestApp | null = null;
afterAll(async () => {
  await running?.stop();
  for (const db of databases) await db.drop();
});

async function start(db: TestDatabase, env: Record<string, string>): Promise<TestApp> {
  await running?.stop();
  running = await startTestApp(env, db);
  return running;
}

describe('rotating the keys', () => {
  it('verifies older events with the retired key, and names the first one when that key is missing', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    // Year one: key k1, signing key S1.
    let t = await start(db, { AUDIT_KEY: K1, AUDIT_KEY_ID: 'k1', AUDIT_SIGNING_KEY: pkcs8(S1) });
    const w = await buildWorld(t);
    const { id } = await createValidDeclaration(t, w.users.submitter.token);
    expect((await t.post('/api/audit/checkpoints', {}, w.users.auditor.token)).status).toBe(201);

    // Rotated: k2 and S2 are current, k1 and S1's public key retired.
    const rotated = {
      AUDIT_KEY: K2,
      AUDIT_KEY_ID: 'k2',
      AUDIT_KEYS_RETIRED: `k1:${K1}`,
      AUDIT_SIGNING_KEY: pkcs8(S2),
      AUDIT_SIGNING_KEYS_RETIRED: spki(S1),
    };
    t = await start(db, rotated);
    const sub = await t.login('submitter');
    let aud = await t.login('auditor');
    await fire(t, id, 'SUBMIT', sub);
    expect((await t.post('/api/audit/checkpoints', {}, aud)).status).toBe(201);
    const verified = (await t.get('/api/audit/verify', aud)).body;
    expect(verified).toMatchObject({ ok: true, checkpoints: 2 });
    const intruder = await Intruder.connect(db);
    try {
      const keyIds = await intruder.query(
        'SELECT key_id, count(*) AS n FROM audit_events GROUP BY key_id ORDER BY key_id',
      );
      expect(keyIds.map((r) => r.key_id)).toEqual(['k1', 'k2']);
      const signers = await intruder.query('SELECT id, key_id FROM audit_checkpoints ORDER BY id');
      expect(signers.map((r) => r.key_id)).toEqual([signingKeyId(S1.publicKey), signingKeyId(S2.publicKey)]);
      expect((await t.get('/api/audit/keys', aud)).body.mac).toEqual({
        alg: 'hmac-sha256',
        current: 'k2',
        retired: ['k1'],
      });

      // k1 forgotten: its events cannot be checked, and verify says which key is missing.
      const [firstK1] = await intruder.query(
        `SELECT id, chain, seq FROM audit_events WHERE key_id = 'k1' ORDER BY chain, seq LIMIT 1`,
      );
      t = await start(db, { ...rotated, AUDIT_KEYS_RETIRED: '' });
      aud = await t.login('auditor');
      expect((await t.get('/api/audit/verify', aud)).body).toMatchObject({
        ok: false,
        brokenAt: {
          id: Number(firstK1.id),
          chain: firstK1.chain,
          seq: Number(firstK1.seq),
          code: 'AUDIT_KEY_UNKNOWN',
          reason:
            '该事件由「hmac-sha256」密钥「k1」计算，而该密钥既不是当前密钥（AUDIT_KEY_ID），也不在已停用的密钥（AUDIT_KEYS_RETIRED）之中',
        },
      });

      // S1's public key forgotten: the checkpoint it signed is named.
      t = await start(db, { ...rotated, AUDIT_SIGNING_KEYS_RETIRED: '' });
      aud = await t.login('auditor');
      expect((await t.get('/api/audit/verify', aud)).body).toMatchObject({
        ok: false,
        brokenAt: {
          chain: 'checkpoints',
          checkpointId: 1,
          code: 'CHECKPOINT_KEY_UNKNOWN',
          reason: expect.stringMatching(
            /^检查点 1：由密钥「[0-9a-f]{16}」签名，而该密钥既不是当前签名密钥（AUDIT_SIGNING_KEY）/,
          ),
        },
      });
    } finally {
      await intruder.close();
    }
  });
});

describe('keying a trail written before the keys', () => {
  /** An event as the service wrote it before keying: hash version 1, unkeyed SHA-256. */
  function legacy(chain: string, seq: number, prevHash: string, extra: Partial<HashedAuditFields>) {
    const e: HashedAuditFields = {
      chain,
      seq,
      prevHash,
      at: `2026-01-0${seq}T08:00:00.000Z`,
      actorId: null,
      actorUsername: 'someone',
      actorRoles: '',
      action: 'auth.login_failed',
      outcome: 'failure',
      entityType: 'user',
      entityId: null,
      declarationId: null,
      indicatorId: null,
      state: null,
      changes: '[]',
      comment: null,
      requestId: null,
      ip: '10.0.0.1',
      ...extra,
    };
    return { ...e, hash: auditHash(e) };
  }

  it('verifies the old events as unkeyed, pins them at the first checkpoint, and names a rewrite or an unkeyed newcomer', async () => {
    const db = await createTestDatabase();
    databases.push(db);
    // The database as the service left it before this release: the earlier migrations, and a
    // system chain and the chain of a draft deleted since, hashed without a key.
    const config = loadConfig({ ...AUDIT_ENV, ...db.env });
    const ds = new DataSource({ ...buildDataSourceOptions(config), migrations: MIGRATIONS.slice(0, 2) });
    await ds.initialize();
    await ds.runMigrations();
    const chains: Record<string, ReturnType<typeof legacy>[]> = { system: [], 'd:4242': [] };
    for (let seq = 1; seq <= 2; seq++)
      chains.system.push(legacy('system', seq, chains.system[seq - 2]?.hash ?? GENESIS_HASH, {}));
    const draft = { declarationId: 4242, entityType: 'declaration', entityId: '4242', outcome: 'success' };
    for (const [seq, action, comment] of [
      [1, 'declaration.created', null],
      [2, 'indicator.created', '新增指标'],
      [3, 'declaration.deleted', null],
    ] as const)
      chains['d:4242'].push(
        legacy('d:4242', seq, chains['d:4242'][seq - 2]?.hash ?? GENESIS_HASH, { ...draft, action, comment }),
      );
    const p = (n: number) => (db.url ? `$${n}` : '?');
    for (const e of [...chains.system, ...chains['d:4242']])
      await ds.query(
        `INSERT INTO audit_events (chain, seq, prev_hash, hash, at, actor_id, actor_username, actor_roles, action, outcome,
           entity_type, entity_id, declaration_id, indicator_id, state, changes, comment, request_id, ip)
         VALUES (${Array.from({ length: 19 }, (_, i) => p(i + 1)).join(', ')})`,
        [
          e.chain,
          e.seq,
          e.prevHash,
          e.hash,
          e.at,
          e.actorId,
          e.actorUsername,
          e.actorRoles,
          e.action,
          e.outcome,
          e.entityType,
          e.entityId,
          e.declarationId,
          e.indicatorId,
          e.state,
          e.changes,
          e.comment,
          e.requestId,
          e.ip,
        ],
      );
    for (const [chain, list] of Object.entries(chains))
      await ds.query(
        `INSERT INTO audit_chains (chain, head_seq, head_hash) VALUES (${p(1)}, ${p(2)}, ${p(3)})`,
        [chain, list.length, list[list.length - 1].hash],
      );
    await ds.destroy();

    // This release starts on it: the migration runs, the old events stay as they were.
    const t = await start(db, {});
    const intruder = await Intruder.connect(db);
    try {
      const stored = await intruder.query(
        'SELECT hash_version, hash_alg, key_id FROM audit_events WHERE id <= 5',
      );
      expect(stored).toEqual(Array(5).fill({ hash_version: 1, hash_alg: 'sha256', key_id: null }));
      const admin = await t.login('admin', ADMIN_PASSWORD);
      const auditor = await t.post(
        '/api/users',
        {
          username: 'auditor',
          displayName: '审计员',
          password: PASSWORD,
          roles: ['auditor'],
          departmentId: 1,
        },
        admin,
      );
      expect(auditor.status).toBe(201);
      const aud = await t.login('auditor');
      expect((await t.get('/api/audit/verify', aud)).body).toMatchObject({ ok: true });

      // The first sweep signs every head, the old ones included, and the end of the unkeyed era.
      const [first] = await t.app.get(AuditCheckpoints).sweep();
      expect(first).toMatchObject({ id: 1, legacyMaxEventId: 5 });

      // The deleted draft's first event rewritten, the later unkeyed hashes and the head
      // recomputed: all consistent, but not what checkpoint 1 signed.
      await intruder.triggersOff();
      const original = await intruder.rewriteChain('d:4242', 1, (row) => (row.comment = '伪造的创建记录'));
      expect((await t.get('/api/audit/verify', aud)).body).toMatchObject({
        ok: false,
        brokenAt: {
          chain: 'd:4242',
          seq: 3,
          checkpointId: 1,
          code: 'AUDIT_CHECKPOINT_REWRITTEN',
          reason: '该事件不是签名检查点 1 在序号 3 处记录的事件：此前的记录已被改写',
        },
      });
      await intruder.restoreChain('d:4242', original);
      expect((await t.get('/api/audit/verify', aud)).body).toMatchObject({ ok: true });

      // An unkeyed event appended after keying: the service writes none, so it is named.
      const last = original[original.length - 1];
      const forged = legacy('d:4242', 4, String(last.hash), { ...draft, action: 'declaration.created' });
      await intruder.query(
        `INSERT INTO audit_events (chain, seq, prev_hash, hash, at, actor_id, actor_username, actor_roles, action, outcome,
           entity_type, entity_id, declaration_id, indicator_id, state, changes, comment, request_id, ip)
         VALUES (${Array(19).fill('?').join(', ')})`,
        [
          forged.chain,
          forged.seq,
          forged.prevHash,
          forged.hash,
          forged.at,
          forged.actorId,
          forged.actorUsername,
          forged.actorRoles,
          forged.action,
          forged.outcome,
          forged.entityType,
          forged.entityId,
          forged.declarationId,
          forged.indicatorId,
          forged.state,
          forged.changes,
          forged.comment,
          forged.requestId,
          forged.ip,
        ],
      );
      await intruder.query(`UPDATE audit_chains SET head_seq = 4, head_hash = ? WHERE chain = 'd:4242'`, [
        forged.hash,
      ]);
      const [row] = await intruder.query(`SELECT id FROM audit_events WHERE chain = 'd:4242' AND seq = 4`);
      expect((await t.get('/api/audit/verify', aud)).body).toMatchObject({
        ok: false,
        brokenAt: {
          id: Number(row.id),
          chain: 'd:4242',
          seq: 4,
          code: 'AUDIT_UNKEYED_AFTER_KEYING',
          reason:
            '启用密钥之后出现了不带密钥（哈希版本 1）的事件（最后一个不带密钥的事件编号为 5）：不是本系统写入的',
        },
      });
    } finally {
      await intruder.triggersOn().catch(() => undefined);
      await intruder.close();
    }
  });
});
