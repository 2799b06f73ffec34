import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import { renderProblem } from '../common/errors';
import './audit.messages';
import { auditHash, eventHashProblem, keyedContent, UNKEYED, type HashedAuditFields } from './audit-hash';
import { AuditKeyring, signingKeyId } from './audit-keys';

const EVENT: HashedAuditFields = {
  chain: 'system',
  seq: 1,
  prevHash: '0'.repeat(64),
  at: '2026-03-01T08:00:00.000Z',
  actorId: 7,
  actorUsername: '审计员',
  actorRoles: 'auditor',
  action: 'audit.viewed',
  outcome: 'success',
  entityType: 'audit_log',
  entityId: null,
  declarationId: null,
  indicatorId: null,
  state: null,
  changes: '[]',
  comment: '查看',
  requestId: null,
  ip: '127.0.0.1',
};
const MAC_KEY = 'unit-test-mac-key-0123456789abcdef0123';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function keyring(audit: Partial<typeof defaults.audit>, databasePath = ':memory:', nodeEnv = 'test') {
  return AuditKeyring.fromConfig({ audit: { ...defaults.audit, ...audit }, databasePath, nodeEnv });
}

const SIGNING = generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'der', type: 'pkcs8' })
  .toString('base64');

describe('the canonical forms', () => {
  it('keeps hash version 1 exactly as the events before keying were hashed', () => {
    // A fixed vector: changing the order or the form of version 1 would break every old event.
    expect(auditHash(EVENT)).toBe('67794f482fbb715881166f221fad2f81a3f9fe44ddba241145ee835cbe692ddb');
    expect(eventHashProblem(EVENT, UNKEYED, auditHash(EVENT), () => undefined)).toBeNull();
  });

  it('keys version 2 with the version, algorithm and key id inside the MAC', () => {
    const keys = keyring({ key: MAC_KEY, keyId: 'k1', signingKey: SIGNING });
    const sealed = keys.sealEvent(EVENT);
    expect(sealed).toEqual({
      hashVersion: 2,
      hashAlg: 'hmac-sha256',
      keyId: 'k1',
      hash: 'fd71a234c09348de97a7202c0c20d487e87aaa6d5ed36fcf90e6552b540e4442',
    });
    expect(keyedContent(EVENT, 'hmac-sha256', 'k1')).toMatch(/^\[2,"hmac-sha256","k1","system",1,/);
    const seal = { hashVersion: 2, hashAlg: 'hmac-sha256', keyId: 'k1' };
    expect(eventHashProblem(EVENT, seal, sealed.hash, keys.macFor)).toBeNull();
    const altered = eventHashProblem({ ...EVENT, comment: '改过' }, seal, sealed.hash, keys.macFor)!;
    expect(altered).toEqual({ code: 'AUDIT_EVENT_ALTERED', params: { keyed: true } });
    expect(renderProblem(altered, 'zh')).toBe('该事件的内容与其密钥哈希值不符：事件已被篡改');
    expect(renderProblem(altered, 'en')).toBe(
      'the content does not match its keyed hash: the event was altered',
    );
    // The seal itself is keyed: another key id, or claiming to be unkeyed, does not hold.
    const otherKey = eventHashProblem(EVENT, { ...seal, keyId: 'k2' }, sealed.hash, keys.macFor)!;
    expect(otherKey).toEqual({ code: 'AUDIT_KEY_UNKNOWN', params: { alg: 'hmac-sha256', keyId: 'k2' } });
    expect(renderProblem(otherKey, 'zh')).toMatch(/密钥「k2」计算，而该密钥既不是当前密钥/);
    expect(eventHashProblem(EVENT, UNKEYED, sealed.hash, keys.macFor)).toEqual({
      code: 'AUDIT_EVENT_ALTERED',
      params: { keyed: false },
    });
    expect(eventHashProblem(EVENT, { ...seal, hashAlg: 'hmac-sm3' }, sealed.hash, keys.macFor)).toMatchObject(
      {
        code: 'AUDIT_KEY_UNKNOWN',
      },
    );
    const version = eventHashProblem(EVENT, { ...seal, hashVersion: 3 }, sealed.hash, keys.macFor)!;
    expect(version).toEqual({ code: 'AUDIT_HASH_VERSION_UNKNOWN', params: { version: 3 } });
    expect(renderProblem(version, 'zh')).toBe('未知的哈希版本 3');
  });
});

describe('the keyring', () => {
  it('verifies events of a retired key and writes with the current one', () => {
    const old = keyring({ key: MAC_KEY, keyId: 'k1', signingKey: SIGNING });
    const rotated = keyring({
      key: 'the-next-mac-key-0123456789abcdef01234',
      keyId: 'k2',
      keysRetired: `k1:${MAC_KEY}`,
      signingKey: SIGNING,
    });
    const before = old.sealEvent(EVENT);
    expect(eventHashProblem(EVENT, before, before.hash, rotated.macFor)).toBeNull();
    expect(rotated.sealEvent(EVENT).keyId).toBe('k2');
    expect(rotated.describe().mac).toEqual({ alg: 'hmac-sha256', current: 'k2', retired: ['k1'] });
  });

  it('names signing keys by their fingerprint and accepts retired public keys', () => {
    const previous = generateKeyPairSync('ed25519');
    const spki = previous.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const keys = keyring({ key: MAC_KEY, keyId: 'k1', signingKey: SIGNING, signingKeysRetired: spki });
    const current = signingKeyId(createPublicKey(keys.describe().signing[0].publicKey));
    expect(keys.signer.keyId).toBe(current);
    expect(keys.describe().signing.map((k) => [k.current, k.alg])).toEqual([
      [true, 'ed25519'],
      [false, 'ed25519'],
    ]);
    const message = Buffer.from('a'.repeat(64), 'ascii');
    expect(keys.verifier(current)!.verify(message, keys.signer.sign(message))).toBe(true);
    expect(keys.verifier(signingKeyId(previous.publicKey))).toBeDefined();
    expect(keys.verifier('0123456789abcdef')).toBeUndefined();
  });

  it('outside production keeps missing keys in a file beside the database, mode 0600, the same at every start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pd-keys-'));
    dirs.push(dir);
    const db = join(dir, 'data', 'app.sqlite');
    const first = keyring({}, db);
    const file = join(dir, 'data', 'audit-keys.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8'))).sort()).toEqual([
      'key',
      'keyId',
      'signingKey',
    ]);
    const again = keyring({}, db);
    expect(again.hasher.keyId).toBe(first.hasher.keyId);
    expect(again.sealEvent(EVENT).hash).toBe(first.sealEvent(EVENT).hash);
    expect(again.signer.keyId).toBe(first.signer.keyId);
    // A key given in the environment wins; the file gives only what is missing.
    expect(keyring({ key: MAC_KEY, keyId: 'env-1' }, db).hasher.keyId).toBe('env-1');
    expect(() => keyring({}, db, 'production')).toThrow(/required in production/);
  });
});
