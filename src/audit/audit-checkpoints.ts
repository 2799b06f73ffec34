import { hash } from 'node:crypto';
import type { Problem } from '../common/errors';
import { SqlParams } from '../database/db.service';
import { GENESIS_HASH } from './audit-hash';
import type { AuditKeyring, CheckpointSigner } from './audit-keys';
import {
  ALL_CHECKPOINTS,
  checkpointById,
  checkpointsByIds,
  checkpointsAfter,
  checkpointsRecording,
  headsOfCheckpointIds,
  headsOfCheckpoints,
  latestSealedHeads,
  insertCheckpoint,
  insertCheckpointHeads,
  LATEST_CHECKPOINT,
  MAX_EVENT_ID,
  MAX_LEGACY_EVENT_ID,
  ORPHANED_HEADS,
  UNSEALED_HEADS,
} from './audit.queries';

/**
 * Signed checkpoints of the audit chain heads. A checkpoint records, for each chain whose head
 * moved since it was last recorded, the head's (seq, hash), and signs them with the Ed25519
 * key of AUDIT_SIGNING_KEY. Checkpoints form a chain of their own (each names the previous
 * one's digest), so together they hold every chain's recorded heads at each moment, and any
 * later change of a recorded event, or its removal, is detected by verify. An auditor keeps
 * the export outside the service and checks it offline (docs/audit.md).
 *
 * Written here with plain SQL over a `run` function, so the service (a TypeORM transaction)
 * and the bench seed (a pg client) seal alike.
 */
export const CHECKPOINT_FORMAT = 1;
/**
 * Heads per checkpoint: a declaration's verify reads whole checkpoints (every one that recorded
 * it), so they stay small; a first seal of 100,000 chains is 391 checkpoints.
 */
export const CHECKPOINT_MAX_HEADS = 256;
/** The signed message starts with this: a checkpoint's signature means nothing elsewhere. */
const DOMAIN = 'pd-audit-checkpoint';

export type SqlRun = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

export type HeadEntry = [chain: string, seq: number, hash: string];

export interface Checkpoint {
  id: number;
  at: string;
  format: number;
  /** The previous checkpoint's digest (GENESIS for the first). */
  prevDigest: string;
  /** The newest audit event id when it was taken (how many events came since: the sweep's trigger). */
  lastEventId: number;
  /** The newest unkeyed (hash version 1) event: no unkeyed event may come after it. */
  legacyMaxEventId: number;
  headCount: number;
  /** SHA-256 of `checkpointContent`. */
  digest: string;
  alg: string;
  /** The signing key's fingerprint (audit-keys.ts `signingKeyId`). */
  keyId: string;
  /** Base64 signature of the digest's 64 hex characters (ASCII). */
  signature: string;
}

/**
 * The signed content, as JSON: everything but the digest and signature, with the heads
 * sorted by chain (by UTF-16 code units, as JavaScript sorts). Plain ASCII, so `jq -cj` writes
 * the same bytes (the offline recipe in docs/audit.md).
 */
export function checkpointContent(
  c: Omit<Checkpoint, 'digest' | 'signature' | 'headCount'>,
  heads: HeadEntry[],
): string {
  return JSON.stringify([
    DOMAIN,
    c.format,
    c.id,
    c.at,
    c.prevDigest,
    c.lastEventId,
    c.legacyMaxEventId,
    c.alg,
    c.keyId,
    sortHeads(heads).map(([chain, seq, h]) => [chain, Number(seq), h]),
  ]);
}

function sortHeads(heads: HeadEntry[]): HeadEntry[] {
  return [...heads].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function checkpointDigest(content: string): string {
  return hash('sha256', content, 'hex');
}

function toCheckpoint(r: Record<string, unknown>): Checkpoint {
  return {
    id: Number(r.id),
    at: String(r.at),
    format: Number(r.format),
    prevDigest: String(r.prevDigest),
    lastEventId: Number(r.lastEventId),
    legacyMaxEventId: Number(r.legacyMaxEventId),
    headCount: Number(r.headCount),
    digest: String(r.digest),
    alg: String(r.alg),
    keyId: String(r.keyId),
    signature: String(r.signature),
  };
}

export async function latestCheckpoint(run: SqlRun): Promise<Checkpoint | null> {
  const [row] = await run(LATEST_CHECKPOINT, []);
  return row ? toCheckpoint(row) : null;
}

export async function maxEventId(run: SqlRun): Promise<number> {
  const [row] = await run(MAX_EVENT_ID, []);
  return row?.id === null || row?.id === undefined ? 0 : Number(row.id);
}

/**
 * Seals every chain head not yet recorded at its current seq: as many checkpoints as
 * CHECKPOINT_MAX_HEADS requires, each the previous id + 1, in the caller's transaction.
 * `always`: one checkpoint even when no head moved (an auditor's on-demand seal of "now").
 * Returns the new checkpoints (none when nothing moved).
 */
export async function sealCheckpoints(
  run: SqlRun,
  postgres: boolean,
  signer: CheckpointSigner,
  opts: { at: string; always?: boolean },
): Promise<Checkpoint[]> {
  const previous = await latestCheckpoint(run);
  const lastEventId = await maxEventId(run);
  // One statement: a consistent set of heads (each written with its event's transaction).
  const moved = (await run(UNSEALED_HEADS, [])).map((r): HeadEntry => [
    String(r.chain),
    Number(r.seq),
    String(r.hash),
  ]);
  if (!moved.length && !opts.always) return [];
  // The boundary of the unkeyed era, fixed by the first checkpoint and repeated by each next.
  let legacyMaxEventId = previous?.legacyMaxEventId;
  if (legacyMaxEventId === undefined) {
    const [row] = await run(MAX_LEGACY_EVENT_ID, []);
    legacyMaxEventId = row?.id === null || row?.id === undefined ? 0 : Number(row.id);
  }
  const sorted = sortHeads(moved);
  const pages: HeadEntry[][] = [];
  for (let i = 0; i < sorted.length; i += CHECKPOINT_MAX_HEADS)
    pages.push(sorted.slice(i, i + CHECKPOINT_MAX_HEADS));
  if (!pages.length) pages.push([]);

  const created: Checkpoint[] = [];
  let prev = previous;
  for (const heads of pages) {
    const base = {
      id: (prev?.id ?? 0) + 1,
      at: opts.at,
      format: CHECKPOINT_FORMAT,
      prevDigest: prev?.digest ?? GENESIS_HASH,
      lastEventId,
      legacyMaxEventId,
      alg: signer.alg,
      keyId: signer.keyId,
    };
    const digest = checkpointDigest(checkpointContent(base, heads));
    const c: Checkpoint = {
      ...base,
      headCount: heads.length,
      digest,
      signature: signer.sign(Buffer.from(digest, 'ascii')),
    };
    const p = new SqlParams(postgres);
    const insert = insertCheckpoint(p, c);
    await run(insert, p.values);
    // Rows of 4 values: 1,024 parameters at most, within SQLite's bound-parameter limit.
    if (heads.length) {
      const hp = new SqlParams(postgres);
      const insertHeads = insertCheckpointHeads(hp, c.id, heads);
      await run(insertHeads, hp.values);
    }
    created.push(c);
    prev = c;
  }
  return created;
}

/** What a checkpoint problem looks like to verify: the checkpoint chain is named `checkpoints`. */
export interface CheckpointProblem extends Problem {
  checkpointId: number;
}

/** The heads signed checkpoints recorded, per chain, oldest first: [seq, hash, checkpoint id]. */
export type SealedHeads = Map<string, Array<[number, string, number]>>;

export interface CheckpointLedger {
  problem: CheckpointProblem | null;
  sealed: SealedHeads;
  /** From the signed checkpoints; null when there is none yet. */
  legacyMaxEventId: number | null;
  checked: number;
}

/** Checks one checkpoint against its heads and the configured public keys (a code of audit.messages.ts). */
function checkpointProblem(c: Checkpoint, heads: HeadEntry[], keys: AuditKeyring): Problem | null {
  const checkpointId = c.id;
  if (c.format !== CHECKPOINT_FORMAT)
    return { code: 'CHECKPOINT_FORMAT_UNKNOWN', params: { checkpointId, format: c.format } };
  if (heads.length !== c.headCount)
    return {
      code: 'CHECKPOINT_HEAD_COUNT',
      params: { checkpointId, recorded: c.headCount, stored: heads.length },
    };
  if (checkpointDigest(checkpointContent(c, heads)) !== c.digest)
    return { code: 'CHECKPOINT_DIGEST_MISMATCH', params: { checkpointId } };
  const verifier = keys.verifier(c.keyId);
  if (!verifier) return { code: 'CHECKPOINT_KEY_UNKNOWN', params: { checkpointId, keyId: c.keyId } };
  if (verifier.alg !== c.alg)
    return {
      code: 'CHECKPOINT_ALG_MISMATCH',
      params: { checkpointId, alg: c.alg, keyId: c.keyId, keyAlg: verifier.alg },
    };
  let valid: boolean;
  try {
    valid = verifier.verify(Buffer.from(c.digest, 'ascii'), c.signature);
  } catch {
    // A signature that is not even well-formed base64 of the right length.
    valid = false;
  }
  return valid ? null : { code: 'CHECKPOINT_SIGNATURE_INVALID', params: { checkpointId, keyId: c.keyId } };
}

async function headsOf(
  run: SqlRun,
  postgres: boolean,
  from: number,
  to: number,
): Promise<Map<number, HeadEntry[]>> {
  const p = new SqlParams(postgres);
  const sql = headsOfCheckpoints(p, from, to);
  const rows = await run(sql, p.values);
  const out = new Map<number, HeadEntry[]>();
  for (const r of rows) {
    const id = Number(r.id);
    const list = out.get(id) ?? [];
    list.push([String(r.chain), Number(r.seq), String(r.hash)]);
    out.set(id, list);
  }
  return out;
}

/**
 * Reads and checks the checkpoints. Every one (`only` absent): ids 1, 2, 3 … without gaps,
 * each linked to the previous digest, its digest over the heads stored with it, its signature
 * by a configured key, one unkeyed-era boundary. One chain (`only`): the checkpoints that
 * recorded that chain (or the newest, for the boundary); the whole verify checks the rest.
 */
export async function loadCheckpoints(
  run: SqlRun,
  postgres: boolean,
  keys: AuditKeyring,
  only?: string,
): Promise<CheckpointLedger> {
  const sealed: SealedHeads = new Map();
  const ledger: CheckpointLedger = { problem: null, sealed, legacyMaxEventId: null, checked: 0 };
  const record = (c: Checkpoint, heads: HeadEntry[]) => {
    for (const [chain, seq, h] of heads) {
      if (only && chain !== only) continue;
      const list = sealed.get(chain) ?? [];
      list.push([seq, h, c.id]);
      sealed.set(chain, list);
    }
    ledger.checked++;
  };
  const fail = (checkpointId: number, problem: Problem): CheckpointLedger => ({
    ...ledger,
    problem: { checkpointId, ...problem },
  });

  if (only) {
    const p = new SqlParams(postgres);
    const recording = checkpointsRecording(p, only);
    let ids = (await run(recording, p.values)).map((r) => Number(r.id)).sort((a, b) => a - b);
    // None recorded this chain yet: the newest checkpoint still tells where keying began.
    if (!ids.length) {
      const newest = await latestCheckpoint(run);
      ids = newest ? [newest.id] : [];
    }
    for (const id of ids) {
      const q = new SqlParams(postgres);
      const byId = checkpointById(q, id);
      const [row] = await run(byId, q.values);
      if (!row) return fail(id, { code: 'CHECKPOINT_MISSING_WITH_HEADS', params: { checkpointId: id } });
      const c = toCheckpoint(row);
      const heads = (await headsOf(run, postgres, id, id)).get(id) ?? [];
      const problem = checkpointProblem(c, heads, keys);
      if (problem) return fail(id, problem);
      ledger.legacyMaxEventId = c.legacyMaxEventId;
      record(c, heads);
    }
    for (const list of sealed.values()) list.sort((a, b) => a[0] - b[0]);
    return ledger;
  }

  const all = (await run(ALL_CHECKPOINTS, [])).map(toCheckpoint);
  let prevDigest = GENESIS_HASH;
  const BATCH = 200;
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const heads = await headsOf(run, postgres, batch[0].id, batch[batch.length - 1].id);
    for (const [k, c] of batch.entries()) {
      const expected = i + k + 1;
      if (c.id !== expected)
        return fail(expected, { code: 'CHECKPOINT_MISSING', params: { checkpointId: expected, next: c.id } });
      if (c.prevDigest !== prevDigest)
        return fail(c.id, { code: 'CHECKPOINT_LINK_BROKEN', params: { checkpointId: c.id } });
      const problem = checkpointProblem(c, heads.get(c.id) ?? [], keys);
      if (problem) return fail(c.id, problem);
      if (ledger.legacyMaxEventId !== null && c.legacyMaxEventId !== ledger.legacyMaxEventId)
        return fail(c.id, { code: 'CHECKPOINT_LEGACY_BOUNDARY', params: { checkpointId: c.id } });
      ledger.legacyMaxEventId = c.legacyMaxEventId;
      record(c, heads.get(c.id) ?? []);
      prevDigest = c.digest;
    }
  }
  // Heads stored under a checkpoint that is gone (the newest deleted, its heads left behind).
  const [orphan] = await run(ORPHANED_HEADS, []);
  if (orphan)
    return fail(Number(orphan.id), {
      code: 'CHECKPOINT_HEADS_ORPHANED',
      params: { checkpointId: Number(orphan.id) },
    });
  for (const list of sealed.values()) list.sort((a, b) => a[0] - b[0]);
  return ledger;
}

/** The export for auditors: checkpoints after an id, with the heads each recorded. */
export async function exportCheckpoints(
  run: SqlRun,
  postgres: boolean,
  after: number,
  limit: number,
): Promise<Array<Checkpoint & { heads: HeadEntry[] }>> {
  const p = new SqlParams(postgres);
  const sql = checkpointsAfter(p, after, limit);
  const rows = (await run(sql, p.values)).map(toCheckpoint);
  if (!rows.length) return [];
  const heads = await headsOf(run, postgres, rows[0].id, rows[rows.length - 1].id);
  return rows.map((c) => ({ ...c, heads: sortHeads(heads.get(c.id) ?? []) }));
}

/** Each chain's newest signed head, for a routine verify (`loadLatestSeals`). */
export interface LatestSeals {
  problem: CheckpointProblem | null;
  /** chain → [seq, hash, checkpoint id] of the newest head a checkpoint recorded for it. */
  latest: Map<string, [number, string, number]>;
  /** From the checkpoints read; null when there is none yet. */
  legacyMaxEventId: number | null;
  checked: number;
}

/**
 * What a routine verify starts from: for each chain in audit_chains (or `only`), the newest head
 * a checkpoint recorded, and each checkpoint that recorded one of them checked whole (its digest
 * over every head stored with it, its signature). Looked up by the (chain, seq) index per chain,
 * so the work grows with the number of chains, not with the events or the checkpoints behind
 * them. The continuity of the checkpoint chain itself (ids without gaps, each linked to the
 * previous digest) is the full verify's (`loadCheckpoints`).
 */
export async function loadLatestSeals(
  run: SqlRun,
  postgres: boolean,
  keys: AuditKeyring,
  only?: string,
): Promise<LatestSeals> {
  const out: LatestSeals = { problem: null, latest: new Map(), legacyMaxEventId: null, checked: 0 };
  const p = new SqlParams(postgres);
  const latest = latestSealedHeads(p, only);
  const rows = await run(latest, p.values);
  for (const r of rows) out.latest.set(String(r.chain), [Number(r.seq), String(r.hash), Number(r.id)]);
  let ids = [...new Set([...out.latest.values()].map(([, , id]) => id))].sort((a, b) => a - b);
  // No chain sealed yet: the newest checkpoint still tells where keying began.
  if (!ids.length) {
    const newest = await latestCheckpoint(run);
    ids = newest ? [newest.id] : [];
  }
  const BATCH = 200;
  for (let i = 0; i < ids.length; i += BATCH) {
    const part = ids.slice(i, i + BATCH);
    const q = new SqlParams(postgres);
    const byIds = checkpointsByIds(q, part);
    const found = new Map((await run(byIds, q.values)).map((r) => [Number(r.id), toCheckpoint(r)] as const));
    const h = new SqlParams(postgres);
    const headsSql = headsOfCheckpointIds(h, part);
    const headRows = await run(headsSql, h.values);
    const heads = new Map<number, HeadEntry[]>();
    for (const r of headRows) {
      const list = heads.get(Number(r.id)) ?? [];
      list.push([String(r.chain), Number(r.seq), String(r.hash)]);
      heads.set(Number(r.id), list);
    }
    for (const id of part) {
      const c = found.get(id);
      const fail = (problem: Problem) => ({ ...out, problem: { checkpointId: id, ...problem } });
      if (!c) return fail({ code: 'CHECKPOINT_MISSING_WITH_HEADS', params: { checkpointId: id } });
      const problem = checkpointProblem(c, heads.get(id) ?? [], keys);
      if (problem) return fail(problem);
      if (out.legacyMaxEventId !== null && c.legacyMaxEventId !== out.legacyMaxEventId)
        return fail({ code: 'CHECKPOINT_LEGACY_BOUNDARY', params: { checkpointId: id } });
      out.legacyMaxEventId = c.legacyMaxEventId;
      out.checked++;
    }
  }
  return out;
}
