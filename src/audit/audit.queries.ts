import type { SqlValues } from '../database/db.service';

/**
 * The audit module's hand-written SQL: the signed checkpoints and their heads (the event and
 * chain writes are the statement builder's, `Db.insertStatement`/`updateStatement`; the event
 * SELECTs derive from the column table, audit-columns.ts). Each function adds its parameters in
 * the order of the SQL text.
 */

/** A checkpoint row's columns under the names `toCheckpoint` reads. */
const CHECKPOINT_COLUMNS = `id AS "id", at AS "at", format AS "format", prev_digest AS "prevDigest",
  last_event_id AS "lastEventId", legacy_max_event_id AS "legacyMaxEventId", head_count AS "headCount",
  digest AS "digest", alg AS "alg", key_id AS "keyId", signature AS "signature"`;

export const LATEST_CHECKPOINT = `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY id DESC LIMIT 1`;

export const ALL_CHECKPOINTS = `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints ORDER BY id`;

export const checkpointById = (p: SqlValues, id: number) =>
  `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE id = ${p.add(id)}`;

/** The checkpoints after an id, oldest first (the auditors' export). */
export const checkpointsAfter = (p: SqlValues, after: number, limit: number) =>
  `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE id > ${p.add(after)} ORDER BY id LIMIT ${Number(limit)}`;

export const MAX_EVENT_ID = 'SELECT max(id) AS "id" FROM audit_events';

/** The last event of the unkeyed era (hash version 1). */
export const MAX_LEGACY_EVENT_ID = 'SELECT max(id) AS "id" FROM audit_events WHERE hash_version = 1';

/** The chain heads not yet recorded at their current seq, in one statement (a consistent set). */
export const UNSEALED_HEADS = `SELECT c.chain AS "chain", c.head_seq AS "seq", c.head_hash AS "hash" FROM audit_chains c
       WHERE c.head_seq > 0 AND NOT EXISTS (SELECT 1 FROM audit_checkpoint_heads h
         WHERE h.chain = c.chain AND h.seq = c.head_seq)`;

/** One checkpoint row, its columns in this order. */
export const insertCheckpoint = (
  p: SqlValues,
  c: {
    id: number;
    at: string;
    format: number;
    prevDigest: string;
    lastEventId: number;
    legacyMaxEventId: number;
    headCount: number;
    digest: string;
    alg: string;
    keyId: string;
    signature: string;
  },
) =>
  `INSERT INTO audit_checkpoints (id, at, format, prev_digest, last_event_id, legacy_max_event_id, head_count, digest, alg, key_id, signature)
       VALUES (${[c.id, c.at, c.format, c.prevDigest, c.lastEventId, c.legacyMaxEventId, c.headCount, c.digest, c.alg, c.keyId, c.signature].map((v) => p.add(v)).join(', ')})`;

/** The heads a checkpoint records, one multi-row INSERT: [chain, seq, hash] each. */
export const insertCheckpointHeads = (
  p: SqlValues,
  checkpointId: number,
  heads: ReadonlyArray<readonly [string, number, string]>,
) =>
  `INSERT INTO audit_checkpoint_heads (checkpoint_id, chain, seq, hash) VALUES ${heads
    .map(([chain, seq, h]) => `(${p.add(checkpointId)}, ${p.add(chain)}, ${p.add(seq)}, ${p.add(h)})`)
    .join(', ')}`;

/** The heads of the checkpoints `from`..`to`. */
export const headsOfCheckpoints = (p: SqlValues, from: number, to: number) =>
  `SELECT checkpoint_id AS "id", chain AS "chain", seq AS "seq", hash AS "hash" FROM audit_checkpoint_heads
     WHERE checkpoint_id >= ${p.add(from)} AND checkpoint_id <= ${p.add(to)}`;

/** The checkpoints that recorded a chain. */
export const checkpointsRecording = (p: SqlValues, chain: string) =>
  `SELECT checkpoint_id AS "id" FROM audit_checkpoint_heads WHERE chain = ${p.add(chain)}`;

/** Heads stored under a checkpoint that is gone. */
export const ORPHANED_HEADS = `SELECT h.checkpoint_id AS "id" FROM audit_checkpoint_heads h
     WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.id = h.checkpoint_id) LIMIT 1`;

/** PostgreSQL: the sweep's lock, taken only if free (`locked`), so one instance seals at a time. */
export const TRY_CHECKPOINT_LOCK = 'SELECT pg_try_advisory_xact_lock($1) AS "locked"';

/** PostgreSQL: the same lock, waited for (an auditor's checkpoint waits for a sweep in progress). */
export const CHECKPOINT_LOCK_WAIT = 'SELECT pg_advisory_xact_lock($1)';

/** Each chain's newest sealed head (`chain, seq, hash, id` of its checkpoint), or one chain's. */
export const latestSealedHeads = (p: SqlValues, only: string | undefined) =>
  `SELECT c.chain AS "chain", h.seq AS "seq", h.hash AS "hash", h.checkpoint_id AS "id"
     FROM audit_chains c JOIN audit_checkpoint_heads h ON h.chain = c.chain
       AND h.seq = (SELECT max(x.seq) FROM audit_checkpoint_heads x WHERE x.chain = c.chain)
     ${only ? `WHERE c.chain = ${p.add(only)}` : ''}`;

/** Some checkpoints, by id. */
export const checkpointsByIds = (p: SqlValues, ids: number[]) =>
  `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE id IN (${ids.map((id) => p.add(id)).join(', ')})`;

/** The heads of some checkpoints, by id. */
export const headsOfCheckpointIds = (p: SqlValues, ids: number[]) =>
  `SELECT checkpoint_id AS "id", chain AS "chain", seq AS "seq", hash AS "hash" FROM audit_checkpoint_heads
       WHERE checkpoint_id IN (${ids.map((id) => p.add(id)).join(', ')})`;
