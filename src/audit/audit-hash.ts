import { hash } from 'node:crypto';
import type { Problem } from '../common/errors';
import { hashedColumns, readValue, type HashedAuditFields } from './audit-columns';

export type { HashedAuditFields } from './audit-columns';

/** How an event's hash was made: stored on the event, so the form can change without breaking old events. */
export interface EventSeal {
  /**
   * The canonical form. 1: SHA-256 of the content, no key (events written before keying;
   * anyone with database access can recompute it). 2: a keyed MAC of the content together
   * with the version, algorithm and key id.
   */
  hashVersion: number;
  /** `sha256` for version 1; `hmac-sha256` for version 2 (room for `hmac-sm3`). */
  hashAlg: string;
  /** The MAC key's id (AUDIT_KEY_ID when written); null for version 1. */
  keyId: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);
export const KEYED_HASH_VERSION = 2;
export const UNKEYED = { hashVersion: 1, hashAlg: 'sha256', keyId: null } as const satisfies EventSeal;

/**
 * The hashed columns of each hash version, in their frozen order (audit-columns.ts): version 1
 * is the unkeyed content; version 2 embeds the same content in its keyed form.
 */
const CONTENT_COLUMNS = new Map(
  Array.from({ length: KEYED_HASH_VERSION }, (_, i) => i + 1).map((v) => [v, hashedColumns(v)]),
);

/** The content as a list, in the frozen order of the hash version, integers as numbers. */
function content(e: HashedAuditFields, version: number): unknown[] {
  const fields = e as unknown as Record<string, unknown>;
  return CONTENT_COLUMNS.get(version)!.map((c) => readValue(c, fields[c.property]));
}

/**
 * Hash version 1: SHA-256 over the canonical JSON array, no key. Kept to verify the events
 * written before the chain was keyed; new events are version 2 (`keyedContent`).
 */
export function auditHash(e: HashedAuditFields): string {
  // The one-shot hash: half the time of createHash().update().digest() (verify hashes millions).
  return hash('sha256', unkeyedContent(e), 'hex');
}

/** Hash version 1's input: the canonical JSON array of the content. */
export function unkeyedContent(e: HashedAuditFields): string {
  return canonicalJson(content(e, 1));
}

/**
 * The canonical form of everything this service hashes: a list of values in a frozen order
 * (strings, integers as numbers, null kept, nested lists), written as JSON with no whitespace.
 * The audit events' content (above) and an approved version's published content
 * (declarations/approved-content.ts) are both this form; anyone can rebuild it with a JSON
 * library (`JSON.stringify`, `jq -cj`) and hash it with `sha256sum`.
 */
export function canonicalJson(list: readonly unknown[]): string {
  return JSON.stringify(list);
}

/** SHA-256 of a canonical text (UTF-8), lower-case hex. */
export function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/**
 * A keyed hash version's MAC input (2, the current one, unless another is given): the version,
 * algorithm and key id are part of what is keyed, so none of them can be swapped on a stored
 * event without the key.
 */
export function keyedContent(
  e: HashedAuditFields,
  alg: string,
  keyId: string,
  version: number = KEYED_HASH_VERSION,
): string {
  return canonicalJson([version, alg, keyId, ...content(e, version)]);
}

/** A MAC function by algorithm and key id; undefined when that key or algorithm is not configured. */
export type MacLookup = (alg: string, keyId: string) => ((text: string) => string) | undefined;

/**
 * Why a stored event's hash does not hold (a code of audit.messages.ts with its parameters), or
 * null when it does. The reasons name what an auditor acts on: altered content, a key that is
 * not configured, a form this code does not know.
 */
export function eventHashProblem(
  e: HashedAuditFields,
  seal: EventSeal,
  stored: string,
  macFor: MacLookup,
): Problem | null {
  if (seal.hashVersion === 1) {
    if (seal.hashAlg !== UNKEYED.hashAlg || seal.keyId !== null)
      return { code: 'AUDIT_HASH_FORM_MISMATCH', params: { alg: seal.hashAlg, keyId: String(seal.keyId) } };
    return auditHash(e) === stored ? null : { code: 'AUDIT_EVENT_ALTERED', params: { keyed: false } };
  }
  // Every keyed version up to the current one is verified with its own frozen content.
  if (!Number.isInteger(seal.hashVersion) || seal.hashVersion < 2 || seal.hashVersion > KEYED_HASH_VERSION)
    return { code: 'AUDIT_HASH_VERSION_UNKNOWN', params: { version: seal.hashVersion } };
  if (seal.keyId === null) return { code: 'AUDIT_KEY_ID_MISSING' };
  const mac = macFor(seal.hashAlg, seal.keyId);
  if (!mac) return { code: 'AUDIT_KEY_UNKNOWN', params: { alg: seal.hashAlg, keyId: seal.keyId } };
  return mac(keyedContent(e, seal.hashAlg, seal.keyId, seal.hashVersion)) === stored
    ? null
    : { code: 'AUDIT_EVENT_ALTERED', params: { keyed: true } };
}
