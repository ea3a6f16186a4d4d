/** Signed audit checkpoints, pure: the statement, signing and verifying, the policy, and the trail verifier. */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditCheckpoint, AuditRecord } from '../../electron/core/domain/audit.js';
import { GENESIS_PREV_HASH, formatRecordLine, sealRecord, verifyLines } from '../../electron/core/audit/chain.js';
import {
  CHECKPOINT_ACTION,
  checkpointDue,
  checkpointStatement,
  keyIdOf,
  parseCheckpoint,
  PublicKeyring,
  signCheckpoint,
  verifyCheckpointSignature,
  type CheckpointSigningKey,
} from '../../electron/core/audit/checkpoint.js';
import { verifyTrailLines } from '../../electron/core/audit/trail.js';
import { describeVerification } from '../../electron/core/audit/describe.js';

const AT = '2026-03-01T08:00:00.000Z';
const HASH = 'ab'.repeat(32);

function newKey(): CheckpointSigningKey & { publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, keyId: keyIdOf(publicKey), publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString() };
}

const station = newKey();
const stationRing = PublicKeyring.fromPems([station.publicKeyPem]);

function failure<T extends { ok: boolean }>(result: T): Extract<T, { ok: false }> {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: false }>;
}

describe('checkpoint statement and signature', () => {
  it('signs a fixed, line-based statement any tool can rebuild', () => {
    expect(checkpointStatement({ uptoSeq: 42, uptoHash: HASH, at: AT, keyId: station.keyId })).toBe(`evidence-station audit checkpoint v1\n42\n${HASH}\n${AT}\n${station.keyId}`);
    const checkpoint = signCheckpoint({ uptoSeq: 42, uptoHash: HASH, at: AT }, station);
    expect(checkpoint).toMatchObject({ uptoSeq: 42, uptoHash: HASH, at: AT, keyId: station.keyId });
    expect(checkpoint.signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(verifyCheckpointSignature(checkpoint, stationRing)).toEqual({ ok: true });
  });

  it('derives one keyId from the public key, the private key or the PEM', () => {
    expect(station.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(station.privateKey)).toBe(station.keyId);
    expect(keyIdOf(station.publicKeyPem)).toBe(station.keyId);
    expect(keyIdOf(newKey().privateKey)).not.toBe(station.keyId);
    expect(() => keyIdOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey)).toThrow(/Ed25519/);
  });

  it('refuses fields that could make two checkpoints share a statement', () => {
    expect(() => checkpointStatement({ uptoSeq: 1, uptoHash: HASH, at: `${AT}\nextra`, keyId: station.keyId })).toThrow(TypeError);
    expect(() => checkpointStatement({ uptoSeq: 1.5, uptoHash: HASH, at: AT, keyId: station.keyId })).toThrow(/uptoSeq/);
    expect(() => checkpointStatement({ uptoSeq: 1, uptoHash: HASH.toUpperCase(), at: AT, keyId: station.keyId })).toThrow(/uptoHash/);
    expect(() => checkpointStatement({ uptoSeq: 1, uptoHash: HASH, at: AT, keyId: 'station' })).toThrow(/keyId/);
  });

  it('finds a forged signature', () => {
    const checkpoint = signCheckpoint({ uptoSeq: 7, uptoHash: HASH, at: AT }, station);
    const forged = { ...checkpoint, signature: Buffer.alloc(64, 7).toString('base64') };
    expect(verifyCheckpointSignature(forged, stationRing)).toMatchObject({ ok: false, problem: 'bad-signature' });
  });

  it("finds a checkpoint signed by someone else's key, under its own id or the station's", () => {
    const forger = newKey();
    const ownId = signCheckpoint({ uptoSeq: 7, uptoHash: HASH, at: AT }, forger);
    expect(verifyCheckpointSignature(ownId, stationRing)).toMatchObject({ ok: false, problem: 'unknown-key' });
    const claimsStation = signCheckpoint({ uptoSeq: 7, uptoHash: HASH, at: AT }, { privateKey: forger.privateKey, keyId: station.keyId });
    expect(verifyCheckpointSignature(claimsStation, stationRing)).toMatchObject({ ok: false, problem: 'bad-signature' });
  });

  it('finds every field of the statement changed after signing', () => {
    const checkpoint = signCheckpoint({ uptoSeq: 7, uptoHash: HASH, at: AT }, station);
    const second = newKey();
    const ring = PublicKeyring.fromPems([station.publicKeyPem, second.publicKeyPem]);
    for (const tampered of [
      { ...checkpoint, uptoSeq: 8 },
      { ...checkpoint, uptoHash: 'cd'.repeat(32) },
      { ...checkpoint, at: '2026-03-01T08:00:00.001Z' },
      { ...checkpoint, keyId: second.keyId },
    ]) {
      expect(verifyCheckpointSignature(tampered, ring)).toMatchObject({ ok: false, problem: 'bad-signature' });
    }
  });

  it('signs nothing but the statement: the same bytes signed directly verify, a second header does not', () => {
    const fields = { uptoSeq: 3, uptoHash: HASH, at: AT, keyId: station.keyId };
    const direct = sign(null, Buffer.from(checkpointStatement(fields)), station.privateKey).toString('base64');
    expect(verifyCheckpointSignature({ ...fields, signature: direct }, stationRing)).toEqual({ ok: true });
    const otherText = sign(null, Buffer.from(`evidence-station audit checkpoint v2\n3\n${HASH}\n${AT}\n${station.keyId}`), station.privateKey).toString('base64');
    expect(verifyCheckpointSignature({ ...fields, signature: otherText }, stationRing)).toMatchObject({ ok: false });
  });

  it('reads a checkpoint out of a record detail, dropping extra fields, and says what is wrong otherwise', () => {
    const checkpoint = signCheckpoint({ uptoSeq: 7, uptoHash: HASH, at: AT }, station);
    expect(parseCheckpoint({ ...checkpoint, reason: 'records' })).toEqual({ ok: true, checkpoint });
    expect(parseCheckpoint({ ...checkpoint, signature: 'not base64!' })).toMatchObject({ ok: false, problem: expect.stringMatching(/signature/) });
    expect(parseCheckpoint(null)).toMatchObject({ ok: false });
  });
});

describe('checkpoint policy', () => {
  const policy = { everyRecords: 500, maxAgeMs: 3_600_000 };
  it('is due every N records, and hourly while records come in, never with nothing new', () => {
    expect(checkpointDue({ pendingRecords: 0, lastCheckpointAtMs: 0, nowMs: 10 * 3_600_000 }, policy)).toBeUndefined();
    expect(checkpointDue({ pendingRecords: 499, lastCheckpointAtMs: 0, nowMs: 1000 }, policy)).toBeUndefined();
    expect(checkpointDue({ pendingRecords: 500, lastCheckpointAtMs: 0, nowMs: 1000 }, policy)).toBe('records');
    expect(checkpointDue({ pendingRecords: 1, lastCheckpointAtMs: 0, nowMs: 3_600_000 }, policy)).toBe('age');
    expect(checkpointDue({ pendingRecords: 1, lastCheckpointAtMs: undefined, nowMs: 0 }, policy)).toBe('age');
  });
});

// ---- the trail: chain + checkpoints -------------------------------------------------------------

interface Trail {
  records: AuditRecord[];
  file: AuditCheckpoint[];
}

/** A log of `count` records with a checkpoint record after every `every`-th, each also in the file (as the station writes them). */
function buildTrail(count: number, every: number, key = station): Trail {
  const records: AuditRecord[] = [];
  const file: AuditCheckpoint[] = [];
  const add = (entry: Parameters<typeof sealRecord>[0]) => {
    const previous = records.at(-1);
    records.push(sealRecord(entry, records.length + 1, AT, previous?.hash ?? GENESIS_PREV_HASH));
  };
  for (let n = 1; n <= count; n += 1) {
    add({ actor: 'officer', action: 'clip.labelled', target: `clip:${n}`, after: { n } });
    if (n % every === 0) {
      const head = records.at(-1) as AuditRecord;
      const checkpoint = signCheckpoint({ uptoSeq: head.seq, uptoHash: head.hash, at: AT }, key);
      file.push(checkpoint);
      add({ actor: 'system', action: CHECKPOINT_ACTION, target: 'audit-log', detail: { ...checkpoint, reason: 'records' } });
    }
  }
  return { records, file };
}

const lines = (records: AuditRecord[]) => records.map((record) => formatRecordLine(record).slice(0, -1));
const fileLines = (file: AuditCheckpoint[]) => file.map((checkpoint) => JSON.stringify(checkpoint));

function verify(trail: { records: AuditRecord[]; file: AuditCheckpoint[] | string[] | undefined }, keyring = stationRing, extra: { checkpointFileTerminated?: boolean } = {}) {
  const checkpointLines = trail.file === undefined ? undefined : trail.file.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  return verifyTrailLines(lines(trail.records), { keyring, checkpointLines, ...extra });
}

/** Re-seals records from index `from` on, as someone without the key but with the format would. */
function rechain(records: AuditRecord[], from: number): AuditRecord[] {
  const out = records.slice(0, from);
  for (const record of records.slice(from)) {
    const { seq: _seq, at, hash: _hash, prevHash: _prev, ...entry } = record;
    out.push(sealRecord(entry, out.length + 1, at, out.at(-1)?.hash ?? GENESIS_PREV_HASH));
  }
  return out;
}

describe('trail verifier', () => {
  it('verifies an intact trail and reports its checkpoints', () => {
    const trail = buildTrail(25, 10);
    const result = verify(trail);
    expect(result).toMatchObject({ ok: true, records: 27, checkpointsVerified: 2, lastCheckpoint: trail.file[1], recordsAfterLastCheckpoint: 6 });
    // The plain chain verifier still agrees on the chain.
    expect(verifyLines(lines(trail.records))).toEqual({ ok: true, records: 27, lastHash: trail.records.at(-1)?.hash });
    expect(describeVerification(result)).toMatch(/2 signed checkpoints verified, the newest vouches for record 21/);
  });

  it('finds a cut-off tail through the checkpoint file', () => {
    const trail = buildTrail(25, 10);
    // Drop the last 8 records: the second checkpoint (vouching for record 21) and its record go with them.
    const result = failure(verify({ records: trail.records.slice(0, 19), file: trail.file }));
    expect(result).toMatchObject({ problem: 'truncated', firstBadLine: 20, firstBadSeq: 20, checkpointLine: 2, records: 19 });
    expect(result.reason).toMatch(/^log truncated: checkpoint 2 vouches for record 21 but the log ends at record 19/);
  });

  it('finds a log rewritten from some record on by someone without the key', () => {
    const trail = buildTrail(25, 10);
    const rewritten = trail.records.slice();
    rewritten[4] = { ...(rewritten[4] as AuditRecord), actor: 'forger' };
    const result = failure(verify({ records: rechain(rewritten, 4), file: trail.file }));
    // The chain itself is consistent again; the first checkpoint (record 10) exposes it.
    expect(verifyLines(lines(rechain(rewritten, 4))).ok).toBe(true);
    expect(result).toMatchObject({ problem: 'checkpoint-mismatch', firstBadLine: 10, firstBadSeq: 10, checkpointLine: 1 });
    expect(result.reason).toMatch(/rewritten/);
  });

  it('finds a rewrite even when the checkpoint file is gone, through the checkpoint records in the log', () => {
    const trail = buildTrail(25, 10);
    const rewritten = trail.records.slice();
    rewritten[4] = { ...(rewritten[4] as AuditRecord), actor: 'forger' };
    const result = failure(verify({ records: rechain(rewritten, 4), file: undefined }));
    expect(result).toMatchObject({ problem: 'checkpoint-mismatch', firstBadLine: 11, firstBadSeq: 11 });
  });

  it('finds a forged line in the checkpoint file, and a forged checkpoint record in the log', () => {
    const trail = buildTrail(25, 10);
    const head = trail.records[19] as AuditRecord;
    const forged = signCheckpoint({ uptoSeq: head.seq, uptoHash: head.hash, at: AT }, newKey());
    const inFile = failure(verify({ records: trail.records, file: [...trail.file, forged] }));
    expect(inFile).toMatchObject({ problem: 'checkpoint-forged', checkpointLine: 3, firstBadLine: 20 });
    expect(inFile.reason).toMatch(/checkpoints\.jsonl line 3.*not in the station's keyring/);

    // A checkpoint record whose signature was edited, then re-sealed so the chain itself is fine.
    const records = trail.records.slice();
    const original = records[10] as AuditRecord;
    records[10] = { ...original, detail: { ...(original.detail as object), signature: Buffer.alloc(64, 1).toString('base64') } };
    const inLog = failure(verify({ records: rechain(records, 10), file: trail.file }));
    expect(inLog).toMatchObject({ problem: 'checkpoint-forged', firstBadLine: 11 });
  });

  it('finds a checkpoint record missing from the checkpoint file (its lines deleted)', () => {
    const trail = buildTrail(25, 10);
    const result = failure(verify({ records: trail.records, file: trail.file.slice(1) }));
    expect(result).toMatchObject({ problem: 'checkpoint-missing', firstBadLine: 11 });
    expect(failure(verify({ records: trail.records, file: undefined }))).toMatchObject({ problem: 'checkpoint-missing', reason: expect.stringMatching(/checkpoints\.jsonl is missing/) });
  });

  it('finds a checkpoint record copied to where it does not belong', () => {
    const trail = buildTrail(25, 10);
    const records = trail.records.slice();
    // The first checkpoint record moved after record 15, the chain re-sealed around it.
    const [moved] = records.splice(10, 1);
    records.splice(15, 0, moved as AuditRecord);
    const result = failure(verify({ records: rechain(records, 10), file: trail.file }));
    expect(result).toMatchObject({ problem: 'checkpoint-mismatch' });
  });

  it('reports the chain first: an edited record is named as before, checkpoints or not', () => {
    const trail = buildTrail(25, 10);
    const records = trail.records.slice();
    records[4] = { ...(records[4] as AuditRecord), actor: 'forger' };
    expect(failure(verify({ records, file: trail.file }))).toMatchObject({ problem: 'hash-mismatch', firstBadLine: 5, firstBadSeq: 5 });
  });

  it('ignores a last checkpoint line cut off by a crash, but names an unreadable line elsewhere', () => {
    const trail = buildTrail(25, 10);
    const cut = [...fileLines(trail.file), '{"uptoSeq":27,"upto'];
    expect(verify({ records: trail.records, file: cut }, stationRing, { checkpointFileTerminated: false })).toMatchObject({ ok: true, checkpointsVerified: 2 });
    const damaged = [fileLines(trail.file)[0] as string, 'garbage', fileLines(trail.file)[1] as string];
    expect(failure(verify({ records: trail.records, file: damaged }))).toMatchObject({ problem: 'checkpoint-unreadable', firstBadLine: 0, checkpointLine: 2 });
  });

  it('keeps old checkpoints valid after a key rotation, as long as the keyring keeps the old key', () => {
    const first = buildTrail(10, 10, station);
    const next = newKey();
    const ring = PublicKeyring.fromPems([station.publicKeyPem, next.publicKeyPem]);
    const records = first.records.slice();
    const head = records.at(-1) as AuditRecord;
    records.push(sealRecord({ actor: 'a', action: 'x', target: 't' }, head.seq + 1, AT, head.hash));
    const tip = records.at(-1) as AuditRecord;
    const second = signCheckpoint({ uptoSeq: tip.seq, uptoHash: tip.hash, at: AT }, next);
    records.push(sealRecord({ actor: 'system', action: CHECKPOINT_ACTION, target: 'audit-log', detail: second }, tip.seq + 1, AT, tip.hash));
    expect(verify({ records, file: [...first.file, second] }, ring)).toMatchObject({ ok: true, checkpointsVerified: 2 });
    expect(failure(verify({ records, file: [...first.file, second] }, PublicKeyring.fromPems([next.publicKeyPem])))).toMatchObject({ problem: 'checkpoint-forged' });
  });
});
