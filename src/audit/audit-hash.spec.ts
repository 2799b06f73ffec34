import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { defaults } from '../../config/defaults';
import { auditHash, keyedContent, type HashedAuditFields } from './audit-hash';
import { AuditKeyring } from './audit-keys';

/**
 * Golden vectors of the stored hash forms, computed before the audit columns were declared in
 * one table: every field set (unicode, quotes, line breaks, ids as PostgreSQL returns them, as
 * strings), so a change of the order, the coercions or the form of any hash version fails here
 * before it fails every stored event.
 */
const EVENT = {
  chain: 'd:42',
  seq: '7',
  prevHash: 'ab'.repeat(32),
  at: '2026-04-05T06:07:08.009Z',
  actorId: '13',
  actorUsername: '张三"\n,=x',
  actorRoles: 'submitter,dept_reviewer',
  action: 'indicator.updated',
  outcome: 'success',
  entityType: 'indicator',
  entityId: '99',
  declarationId: '42',
  indicatorId: 99,
  state: 'draft',
  changes: JSON.stringify([{ field: 'targetDisplay', before: '≥95.00(%)', after: '≥98.00(%)' }]),
  comment: '理由\u2028',
  requestId: 'req-1',
  ip: '::1',
} as unknown as HashedAuditFields;

const MAC_KEY = 'golden-mac-key-0123456789abcdef0123456789';
const SIGNING = generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'der', type: 'pkcs8' })
  .toString('base64');

describe('the hash forms of stored events', () => {
  it('hash version 1 (unkeyed SHA-256) of a full event', () => {
    expect(auditHash(EVENT)).toBe('9bdd2c88d6f9e63a8f7c7c54428da49428f9220979a01118c6a9a412e7434d19');
  });

  it('hash version 2 (HMAC-SHA256) input and MAC of a full event', () => {
    expect(keyedContent(EVENT, 'hmac-sha256', 'k-golden')).toBe(
      '[2,"hmac-sha256","k-golden","d:42",7,"abababababababababababababababababababababababababababababababab",' +
        '"2026-04-05T06:07:08.009Z",13,"张三\\"\\n,=x","submitter,dept_reviewer","indicator.updated","success",' +
        '"indicator","99",42,99,"draft","[{\\"field\\":\\"targetDisplay\\",\\"before\\":\\"≥95.00(%)\\",' +
        '\\"after\\":\\"≥98.00(%)\\"}]","理由\u2028","req-1","::1"]',
    );
    const keys = AuditKeyring.fromConfig({
      audit: { ...defaults.audit, key: MAC_KEY, keyId: 'k-golden', signingKey: SIGNING },
      databasePath: ':memory:',
      nodeEnv: 'test',
    });
    expect(keys.sealEvent(EVENT)).toEqual({
      hashVersion: 2,
      hashAlg: 'hmac-sha256',
      keyId: 'k-golden',
      hash: 'c8086db17fcb0f4700e5a5b33374f122b6c7010abd98956dd8513419ceddda8f',
    });
  });
});
