/**
 * Signed audit checkpoints: the station's Ed25519 key vouches that the audit log's records 1..uptoSeq
 * end in the record whose hash is uptoHash. Pure (node:crypto only): the key files and the checkpoint
 * file are the adapters' business (electron/adapters/audit).
 *
 * What is signed is a fixed text, not JSON, so any other tool can rebuild it byte for byte:
 *
 *   evidence-station audit checkpoint v1\n<uptoSeq>\n<uptoHash>\n<at>\n<keyId>
 *
 * Every field is checked against a strict pattern before the text is built (no line ends, no spaces,
 * one spelling per number), so two different checkpoints can never share a statement.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditCheckpoint } from '../domain/audit.js';

/** The action of the audit record that carries a checkpoint in the log itself (its detail is the checkpoint). */
export const CHECKPOINT_ACTION = 'audit.checkpoint';
export const CHECKPOINT_STATEMENT_HEADER = 'evidence-station audit checkpoint v1';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
/** Date.prototype.toISOString's form: UTC, milliseconds, 'Z'. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** An Ed25519 signature is 64 bytes: 86 base64 characters and '=='. Strict, so one signature has one spelling. */
const ED25519_SIGNATURE_BASE64 = /^[A-Za-z0-9+/]{86}==$/;

export type CheckpointFields = Omit<AuditCheckpoint, 'signature'>;

/** A key the station signs with: the private half and the id of its public half. */
export interface CheckpointSigningKey {
  keyId: string;
  privateKey: KeyObject;
}

/** What is wrong with a value that should be a checkpoint, or undefined when it is one. */
export function checkpointShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const fields = value as Record<string, unknown>;
  const { uptoSeq, uptoHash, at, keyId, signature } = fields;
  if (typeof uptoSeq !== 'number' || !Number.isSafeInteger(uptoSeq) || uptoSeq < 1) return "field 'uptoSeq' missing or not a whole number from 1";
  if (typeof uptoHash !== 'string' || !SHA256_HEX.test(uptoHash)) return "field 'uptoHash' missing or not a SHA-256 hex digest";
  if (typeof at !== 'string' || !ISO_INSTANT.test(at) || Number.isNaN(Date.parse(at))) return "field 'at' missing or not an ISO 8601 UTC time";
  if (typeof keyId !== 'string' || !KEY_ID.test(keyId)) return "field 'keyId' missing or not 16 hex digits";
  if (typeof signature !== 'string' || !ED25519_SIGNATURE_BASE64.test(signature)) return "field 'signature' missing or not a base64 Ed25519 signature";
  return undefined;
}

/** Reads a checkpoint out of a parsed JSON value, keeping only its five fields (a record's detail may carry more). */
export function parseCheckpoint(value: unknown): { ok: true; checkpoint: AuditCheckpoint } | { ok: false; problem: string } {
  const problem = checkpointShapeProblem(value);
  if (problem !== undefined) return { ok: false, problem };
  const { uptoSeq, uptoHash, at, keyId, signature } = value as AuditCheckpoint;
  return { ok: true, checkpoint: { uptoSeq, uptoHash, at, keyId, signature } };
}

/** The exact text that is signed. Throws (TypeError) for fields that are not well formed. */
export function checkpointStatement(fields: CheckpointFields): string {
  const problem = checkpointShapeProblem({ ...fields, signature: 'A'.repeat(86) + '==' });
  if (problem !== undefined) throw new TypeError(`checkpoint: ${problem}`);
  return [CHECKPOINT_STATEMENT_HEADER, String(fields.uptoSeq), fields.uptoHash, fields.at, fields.keyId].join('\n');
}

/** The raw 32-byte Ed25519 public key. Throws for any other kind of key. */
export function rawEd25519PublicKey(key: KeyObject | string): Buffer {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new TypeError(`not an Ed25519 key (${String(publicKey.asymmetricKeyType)})`);
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TypeError('Ed25519 key without its public part');
  return Buffer.from(jwk.x, 'base64url');
}

/** keyId: the first 16 hex digits of the SHA-256 of the raw public key. Accepts a public key, a private key or a PEM. */
export function keyIdOf(key: KeyObject | string): string {
  return createHash('sha256').update(rawEd25519PublicKey(key)).digest('hex').slice(0, 16);
}

/** Signs "records 1..uptoSeq end in uptoHash" at `at` with the station key. */
export function signCheckpoint(upto: Pick<AuditCheckpoint, 'uptoSeq' | 'uptoHash' | 'at'>, key: CheckpointSigningKey): AuditCheckpoint {
  const fields: CheckpointFields = { uptoSeq: upto.uptoSeq, uptoHash: upto.uptoHash, at: upto.at, keyId: key.keyId };
  const signature = sign(null, Buffer.from(checkpointStatement(fields), 'utf8'), key.privateKey).toString('base64');
  return { ...fields, signature };
}

/** The public keys a verifier trusts, by keyId. The id is always computed from the key, never taken on trust. */
export class PublicKeyring {
  private readonly keys = new Map<string, KeyObject>();

  /** Throws (TypeError) for a PEM that is not an Ed25519 public key. */
  static fromPems(pems: Iterable<string>): PublicKeyring {
    const keyring = new PublicKeyring();
    for (const pem of pems) keyring.add(pem);
    return keyring;
  }

  /** Adds a key; returns its keyId. */
  add(key: KeyObject | string): string {
    const publicKey = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
    const keyId = keyIdOf(publicKey);
    this.keys.set(keyId, publicKey);
    return keyId;
  }

  get(keyId: string): KeyObject | undefined {
    return this.keys.get(keyId);
  }

  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  get size(): number {
    return this.keys.size;
  }
}

export type CheckpointSignatureCheck = { ok: true } | { ok: false; problem: 'unknown-key' | 'bad-signature' | 'unreadable'; reason: string };

/**
 * Checks a checkpoint's signature against the keyring. 'unknown-key': signed by a key the station never
 * had (a forger's, or the keyring lost one); 'bad-signature': the signature does not cover these fields.
 */
export function verifyCheckpointSignature(checkpoint: AuditCheckpoint, keyring: PublicKeyring): CheckpointSignatureCheck {
  const problem = checkpointShapeProblem(checkpoint);
  if (problem !== undefined) return { ok: false, problem: 'unreadable', reason: problem };
  const publicKey = keyring.get(checkpoint.keyId);
  if (publicKey === undefined) {
    return { ok: false, problem: 'unknown-key', reason: `signed by key ${checkpoint.keyId}, which is not in the station's keyring (forged, or the keyring lost a key)` };
  }
  const statement = Buffer.from(checkpointStatement(checkpoint), 'utf8');
  if (!verify(null, statement, publicKey, Buffer.from(checkpoint.signature, 'base64'))) {
    return { ok: false, problem: 'bad-signature', reason: `its signature does not verify under key ${checkpoint.keyId} (forged or edited)` };
  }
  return { ok: true };
}

/** When a checkpoint is due: every `everyRecords` records, and at least every `maxAgeMs` while records come in. */
export interface CheckpointPolicy {
  everyRecords: number;
  maxAgeMs: number;
}

export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyRecords: 500, maxAgeMs: 60 * 60 * 1000 };

/**
 * Whether a checkpoint is due now. `pendingRecords`: records appended after the last checkpoint's own record;
 * `lastCheckpointAtMs`: when the last one was made (undefined: never).
 */
export function checkpointDue(state: { pendingRecords: number; lastCheckpointAtMs: number | undefined; nowMs: number }, policy: CheckpointPolicy): 'records' | 'age' | undefined {
  if (state.pendingRecords <= 0) return undefined;
  if (state.pendingRecords >= policy.everyRecords) return 'records';
  if (state.lastCheckpointAtMs === undefined || state.nowMs - state.lastCheckpointAtMs >= policy.maxAgeMs) return 'age';
  return undefined;
}
