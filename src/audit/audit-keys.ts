import { createHash, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/defaults';
import {
  CURRENT_MAC_ALG,
  KEY_ID,
  MAC_ALGS,
  MIN_KEY_LENGTH,
  parsePrivateKey,
  parseRetiredMacKeys,
  parseRetiredPublicKeys,
  SIGNATURE_ALGS,
} from '../config/audit-key-settings';
import {
  KEYED_HASH_VERSION,
  keyedContent,
  type EventSeal,
  type HashedAuditFields,
  type MacLookup,
} from './audit-hash';

/**
 * The keys of the audit trail. None of them is in the database: someone who can write the
 * database can still not compute an event's MAC or a checkpoint's signature.
 *
 * - MAC keys (AUDIT_KEY with AUDIT_KEY_ID; AUDIT_KEYS_RETIRED as `id:key,…`): every new
 *   event is an HMAC under the current key, and stores the key's id. Rotation: give the new
 *   key a new id and move the old one to AUDIT_KEYS_RETIRED, so older events still verify.
 * - Signing keys (AUDIT_SIGNING_KEY, Ed25519; AUDIT_SIGNING_KEYS_RETIRED, public keys only):
 *   each checkpoint is signed with the current key and names it by its fingerprint.
 *
 * Algorithms are looked up by name (`hmac-sha256`, `ed25519`) in MAC_ALGS and SIGNATURE_ALGS
 * (src/config/audit-key-settings.ts, which also checks the settings at start-up).
 */
export interface AuditHasher {
  readonly alg: string;
  readonly keyId: string;
  mac(text: string): string;
}

export interface CheckpointSigner {
  readonly alg: string;
  readonly keyId: string;
  sign(message: Buffer): string;
}

export interface CheckpointVerifier {
  readonly alg: string;
  readonly keyId: string;
  /** SPKI PEM: what an auditor keeps to check exported checkpoints offline. */
  readonly publicKey: string;
  readonly current: boolean;
  verify(message: Buffer, signature: string): boolean;
}

/** A signing key's id: the first 16 hex digits of SHA-256 over its public key (SPKI DER). */
export function signingKeyId(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

/** The development keys kept in a file: one MAC key and one signing key, created once. */
interface KeyFile {
  keyId: string;
  key: string;
  signingKey: string;
}

function generateKeyFile(): KeyFile {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    // A random id: a database re-created with a fresh file never mistakes one key for another.
    keyId: `dev-${randomBytes(3).toString('hex')}`,
    key: randomBytes(48).toString('base64'),
    signingKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

/**
 * The key file (development, demo): read it, or create it with mode 0600 beside the SQLite
 * file, never in the database. Two processes creating it at once: the second reads the first's.
 */
function readOrCreateKeyFile(path: string): KeyFile {
  const read = (): KeyFile => {
    const f = JSON.parse(readFileSync(path, 'utf8')) as Partial<KeyFile>;
    if (
      !KEY_ID.test(f.keyId ?? '') ||
      (f.key ?? '').length < MIN_KEY_LENGTH ||
      typeof f.signingKey !== 'string'
    )
      throw new Error(`${path}: not an audit key file (keyId, key, signingKey)`);
    return f as KeyFile;
  };
  try {
    return read();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new Error(`${path}: not a readable audit key file`, { cause: e });
  }
  mkdirSync(dirname(path), { recursive: true });
  const fresh = generateKeyFile();
  try {
    writeFileSync(path, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return read();
    throw e;
  }
}

/** The keys in use: the current ones to write with, every configured one to verify with. */
export class AuditKeyring {
  private readonly macs = new Map<string, Buffer>();
  private readonly verifiers = new Map<string, CheckpointVerifier>();
  readonly hasher: AuditHasher;
  readonly signer: CheckpointSigner;

  constructor(
    current: { keyId: string; key: string },
    retired: Map<string, string>,
    signingKey: KeyObject,
    retiredPublicKeys: KeyObject[],
    /** Where the keys came from, for the start-up log: never the keys themselves. */
    readonly source: string,
  ) {
    this.macs.set(current.keyId, Buffer.from(current.key, 'utf8'));
    for (const [id, key] of retired) this.macs.set(id, Buffer.from(key, 'utf8'));
    const mac = MAC_ALGS[CURRENT_MAC_ALG](this.macs.get(current.keyId)!);
    this.hasher = { alg: CURRENT_MAC_ALG, keyId: current.keyId, mac };

    const alg = signingKey.asymmetricKeyType!;
    const publicKey = createPublicKey(signingKey);
    const keyId = signingKeyId(publicKey);
    this.signer = {
      alg,
      keyId,
      sign: (m) => SIGNATURE_ALGS[alg].sign(signingKey, m).toString('base64'),
    };
    for (const [key, isCurrent] of [
      [publicKey, true],
      ...retiredPublicKeys.map((k) => [k, false] as const),
    ] as Array<[KeyObject, boolean]>) {
      const id = signingKeyId(key);
      if (this.verifiers.has(id)) continue;
      const kAlg = key.asymmetricKeyType!;
      this.verifiers.set(id, {
        alg: kAlg,
        keyId: id,
        publicKey: key.export({ format: 'pem', type: 'spki' }).toString(),
        current: isCurrent,
        verify: (m, s) => SIGNATURE_ALGS[kAlg].verify(key, m, Buffer.from(s, 'base64')),
      });
    }
  }

  /** A new event's seal and hash: hash version 2, a MAC under the current key. */
  sealEvent(e: HashedAuditFields): EventSeal & { hash: string } {
    const { alg, keyId } = this.hasher;
    return {
      hashVersion: KEYED_HASH_VERSION,
      hashAlg: alg,
      keyId,
      hash: this.hasher.mac(keyedContent(e, alg, keyId)),
    };
  }

  readonly macFor: MacLookup = (alg, keyId) => {
    const key = this.macs.get(keyId);
    const make = MAC_ALGS[alg];
    if (!key || !make) return undefined;
    if (alg === this.hasher.alg && keyId === this.hasher.keyId) return this.hasher.mac;
    return make(key);
  };

  verifier(keyId: string): CheckpointVerifier | undefined {
    return this.verifiers.get(keyId);
  }

  /** What auditors may see: MAC key ids (never keys) and the signing public keys. */
  describe() {
    return {
      mac: {
        alg: this.hasher.alg,
        current: this.hasher.keyId,
        retired: [...this.macs.keys()].filter((id) => id !== this.hasher.keyId),
      },
      signing: [...this.verifiers.values()].map((v) => ({
        keyId: v.keyId,
        alg: v.alg,
        current: v.current,
        publicKey: v.publicKey,
      })),
    };
  }

  /**
   * From the configuration (already checked by loadAuditConfig). Outside production a missing
   * key is taken from the key file (AUDIT_KEY_FILE, default beside the SQLite file), which is
   * created on first use; an in-memory database gets keys that live as long as the process.
   */
  static fromConfig(cfg: Pick<AppConfig, 'audit' | 'databasePath' | 'nodeEnv'>): AuditKeyring {
    const a = cfg.audit;
    let file: KeyFile | null = null;
    let source = 'environment';
    if (!a.key || !a.signingKey) {
      if (cfg.nodeEnv === 'production')
        throw new Error('AUDIT_KEY and AUDIT_SIGNING_KEY are required in production');
      const path =
        a.keyFile ||
        (cfg.databasePath === ':memory:' ? '' : join(dirname(cfg.databasePath), 'audit-keys.json'));
      file = path ? readOrCreateKeyFile(path) : generateKeyFile();
      source = path
        ? `the development key file ${path}`
        : 'keys generated for this process (in-memory database)';
      new Logger('audit').warn(
        `AUDIT_KEY or AUDIT_SIGNING_KEY is not set: using ${source}. Set both in production (docs/audit.md).`,
      );
    }
    const problems: string[] = [];
    const retired = parseRetiredMacKeys(a.keysRetired, problems);
    const retiredPublic = parseRetiredPublicKeys(a.signingKeysRetired, problems);
    if (problems.length) throw new Error(problems.join('; '));
    return new AuditKeyring(
      a.key ? { keyId: a.keyId, key: a.key } : { keyId: file!.keyId, key: file!.key },
      retired,
      parsePrivateKey(a.signingKey || file!.signingKey),
      retiredPublic,
      source,
    );
  }
}
