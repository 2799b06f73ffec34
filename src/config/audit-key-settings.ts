import { createHmac, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AppConfig } from '../../config/defaults';

type Env = Record<string, string | undefined>;

/**
 * What the AUDIT_* settings may hold, read and checked at start-up (loadConfig): key ids and
 * lengths, the key texts, and the algorithms by name. The keys themselves are used by
 * src/audit/audit-keys.ts; an SM3 HMAC or SM2 signatures would be one entry each here.
 */

/** MAC algorithm → the MAC of a text under a key, as 64 hex digits (the hash column's width). */
export const MAC_ALGS: Record<string, (key: Buffer) => (text: string) => string> = {
  'hmac-sha256': (key) => (text) => createHmac('sha256', key).update(text).digest('hex'),
};
export const CURRENT_MAC_ALG = 'hmac-sha256';

/** Signature algorithm (named by the key type) → sign and verify. */
export const SIGNATURE_ALGS: Record<
  string,
  { sign(key: KeyObject, m: Buffer): Buffer; verify(key: KeyObject, m: Buffer, s: Buffer): boolean }
> = {
  ed25519: { sign: (key, m) => sign(null, m, key), verify: (key, m, s) => verify(null, m, key, s) },
};

export const KEY_ID = /^[A-Za-z0-9._-]{1,32}$/;
export const MIN_KEY_LENGTH = 32;

/** PKCS8 PEM, or its DER as base64 (one line, convenient in an environment variable). */
export function parsePrivateKey(raw: string): KeyObject {
  const text = raw.trim();
  return text.startsWith('-----')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
}

function parsePublicKey(raw: string): KeyObject {
  const text = raw.trim();
  return text.startsWith('-----')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

export function parseRetiredMacKeys(raw: string, problems: string[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [i, entry] of raw.split(',').entries()) {
    if (!entry.trim()) continue;
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon).trim();
    const key = colon < 0 ? '' : entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id) || key.length < MIN_KEY_LENGTH)
      problems.push(
        `AUDIT_KEYS_RETIRED: entry ${i + 1} must be id:key, an id of letters, digits, . _ - and a key of at least ${MIN_KEY_LENGTH} characters`,
      );
    else if (keys.has(id)) problems.push(`AUDIT_KEYS_RETIRED: key id ${id} is given twice`);
    else keys.set(id, key);
  }
  return keys;
}

export function parseRetiredPublicKeys(raw: string, problems: string[]): KeyObject[] {
  const out: KeyObject[] = [];
  for (const [i, entry] of raw.split(',').entries()) {
    if (!entry.trim()) continue;
    try {
      const key = parsePublicKey(entry);
      if (!SIGNATURE_ALGS[key.asymmetricKeyType ?? ''])
        problems.push(`AUDIT_SIGNING_KEYS_RETIRED: entry ${i + 1} is not an Ed25519 public key`);
      else out.push(key);
    } catch {
      problems.push(`AUDIT_SIGNING_KEYS_RETIRED: entry ${i + 1} is not a base64 SPKI public key`);
    }
  }
  return out;
}

/**
 * Reads and checks the AUDIT_* settings into `cfg.audit` (called by loadConfig). Key values
 * are never repeated in a message.
 */
export function loadAuditConfig(
  env: Env,
  cfg: AppConfig,
  problems: string[],
  int: (name: string, fallback: number, min: number, max: number) => number,
): void {
  const a = cfg.audit;
  a.key = env.AUDIT_KEY ?? '';
  a.keyId = env.AUDIT_KEY_ID ?? '';
  a.keysRetired = env.AUDIT_KEYS_RETIRED ?? '';
  a.signingKey = env.AUDIT_SIGNING_KEY ?? '';
  a.signingKeysRetired = env.AUDIT_SIGNING_KEYS_RETIRED ?? '';
  a.keyFile = env.AUDIT_KEY_FILE ?? '';
  a.checkpointMinutes = int('AUDIT_CHECKPOINT_MINUTES', a.checkpointMinutes, 1, 7 * 24 * 60);
  a.checkpointEvents = int('AUDIT_CHECKPOINT_EVENTS', a.checkpointEvents, 1, 100_000_000);
  a.checkpointSweepSeconds = int('AUDIT_CHECKPOINT_SWEEP_SECONDS', a.checkpointSweepSeconds, 0, 86_400);

  if (a.key) {
    if (a.key.length < MIN_KEY_LENGTH)
      problems.push(`AUDIT_KEY must be at least ${MIN_KEY_LENGTH} characters`);
    if (!KEY_ID.test(a.keyId))
      problems.push(
        'AUDIT_KEY_ID is required with AUDIT_KEY: 1 to 32 letters, digits, . _ - (a new id for each new key)',
      );
  } else if (a.keyId) {
    problems.push('AUDIT_KEY_ID is set but AUDIT_KEY is not');
  }
  const retired = parseRetiredMacKeys(a.keysRetired, problems);
  if (a.keyId && retired.has(a.keyId))
    problems.push(`AUDIT_KEYS_RETIRED: key id ${a.keyId} is the current AUDIT_KEY_ID`);
  if (a.key && [...retired.values()].includes(a.key))
    problems.push(
      'AUDIT_KEYS_RETIRED holds the current AUDIT_KEY under another id: a new key needs a new value',
    );

  if (a.signingKey) {
    try {
      const key = parsePrivateKey(a.signingKey);
      if (!SIGNATURE_ALGS[key.asymmetricKeyType ?? ''])
        problems.push(`AUDIT_SIGNING_KEY must be an Ed25519 private key, not ${key.asymmetricKeyType}`);
    } catch {
      problems.push('AUDIT_SIGNING_KEY must be an Ed25519 private key in PKCS8, as PEM or base64 DER');
    }
  }
  parseRetiredPublicKeys(a.signingKeysRetired, problems);

  if (cfg.nodeEnv === 'production') {
    if (!a.key) problems.push('AUDIT_KEY (with AUDIT_KEY_ID) is required when NODE_ENV=production');
    if (!a.signingKey) problems.push('AUDIT_SIGNING_KEY is required when NODE_ENV=production');
  }
}
