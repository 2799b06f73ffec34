#!/usr/bin/env node
// Checks exported audit checkpoints offline, without the service or its database (docs/audit.md):
// each checkpoint's digest over its content, its link to the previous checkpoint, and its
// Ed25519 signature with a public key you kept yourself. Written apart from the service's code
// (src/audit/audit-checkpoints.ts) on purpose: two implementations of one format must agree.
//
//   node verify-checkpoints.mjs export-1.json [export-2.json …] --public-key audit-signing.pem
//
// The export is what GET /api/audit/checkpoints answers (pages may be given in any order).
// --public-key (repeatable) is the key you got when the service was set up and kept apart;
// --trust-export-keys uses the keys inside the export instead (only proves internal consistency).
// --heads prints the newest recorded head of each chain (chain, seq, hash, checkpoint), to compare
// with an archive of the events. Exit code 0: every checkpoint holds; 1: the first that does not.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const GENESIS = '0'.repeat(64);
const args = process.argv.slice(2);
const files = [];
const keyFiles = [];
let trustExport = false;
let printHeads = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--public-key') keyFiles.push(args[++i]);
  else if (args[i] === '--trust-export-keys') trustExport = true;
  else if (args[i] === '--heads') printHeads = true;
  else files.push(args[i]);
}
if (!files.length || (!keyFiles.length && !trustExport)) {
  console.error('usage: verify-checkpoints.mjs export.json … --public-key key.pem [--heads]');
  process.exit(2);
}

/** A signing key's id: the first 16 hex digits of SHA-256 over the public key (SPKI DER). */
const keyIdOf = (key) =>
  createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);

const keys = new Map();
for (const f of keyFiles) {
  const key = createPublicKey(readFileSync(f, 'utf8'));
  keys.set(keyIdOf(key), key);
}
const byId = new Map();
for (const f of files) {
  const doc = JSON.parse(readFileSync(f, 'utf8'));
  if (doc.format !== 1) fail(`${f}: export format ${doc.format} is not 1`);
  if (trustExport)
    for (const k of doc.keys?.signing ?? []) {
      const key = createPublicKey(k.publicKey);
      keys.set(keyIdOf(key), key);
    }
  for (const c of doc.checkpoints) byId.set(c.id, c);
}

function fail(message) {
  console.error(`FAILED: ${message}`);
  process.exit(1);
}

const ids = [...byId.keys()].sort((a, b) => a - b);
const newest = new Map();
let prev = null;
for (const id of ids) {
  const c = byId.get(id);
  if (prev && id !== prev.id + 1) fail(`checkpoint ${prev.id + 1} is missing (next is ${id})`);
  if (prev ? c.prevDigest !== prev.digest : id === 1 && c.prevDigest !== GENESIS)
    fail(`checkpoint ${id} does not link to checkpoint ${id - 1}`);
  const heads = [...c.heads].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const content = JSON.stringify([
    'pd-audit-checkpoint',
    c.format,
    c.id,
    c.at,
    c.prevDigest,
    c.lastEventId,
    c.legacyMaxEventId,
    c.alg,
    c.keyId,
    heads,
  ]);
  const digest = createHash('sha256').update(content).digest('hex');
  if (digest !== c.digest) fail(`checkpoint ${id}: the content does not match its digest`);
  const key = keys.get(c.keyId);
  if (!key) fail(`checkpoint ${id}: signed with key ${c.keyId}, which is not one of the keys given`);
  if (c.alg !== 'ed25519' || !verify(null, Buffer.from(digest, 'ascii'), key, Buffer.from(c.signature, 'base64')))
    fail(`checkpoint ${id}: the signature does not verify`);
  for (const [chain, seq, hash] of heads) newest.set(chain, [seq, hash, id]);
  prev = c;
}
if (ids.length && ids[0] !== 1)
  console.error(`note: starts at checkpoint ${ids[0]}; its link to checkpoint ${ids[0] - 1} is not checked`);
console.log(`OK: ${ids.length} checkpoints (${ids[0] ?? '-'}..${ids.at(-1) ?? '-'}), ${newest.size} chains`);
if (printHeads)
  for (const [chain, [seq, hash, id]] of [...newest].sort())
    console.log(`${chain}\t${seq}\t${hash}\tcheckpoint ${id}`);
