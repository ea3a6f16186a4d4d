/**
 * Signed audit checkpoints on real files in a temp data folder: the real JsonlAuditLog, the station key
 * files, checkpoints.jsonl, and the trail verifier over all of them. Every tamper is done the way someone
 * with a text editor (or a script that knows the format but not the key) would do it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditCheckpoint, AuditRecord } from '../../electron/core/domain/audit.js';
import { CHECKPOINT_ACTION, keyIdOf, PublicKeyring, signCheckpoint, verifyCheckpointSignature } from '../../electron/core/audit/checkpoint.js';
import { GENESIS_PREV_HASH, formatRecordLine, sealRecord } from '../../electron/core/audit/chain.js';
import { CheckpointFile } from '../../electron/adapters/audit/checkpoint-file.js';
import {
  CHECKPOINT_CONFLICT_ACTION,
  CHECKPOINT_FILE_RECOVERED_ACTION,
  CheckpointingAuditLog,
  KEY_CREATED_ACTION,
  KEY_ROTATED_ACTION,
  KEY_UNAVAILABLE_ACTION,
} from '../../electron/adapters/audit/checkpointing-audit-log.js';
import { JsonlAuditLog } from '../../electron/adapters/audit/jsonl-audit-log.js';
import { StationKeyError, StationKeyStore } from '../../electron/adapters/audit/station-key.js';
import { openStationFromDataDir } from '../../electron/adapters/compose.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { staffCall } from '../fakes/actors.js';

let dataDir: string;
let logPath: string;
let checkpointsPath: string;
let keysDir: string;
const openLogs: CheckpointingAuditLog[] = [];
let notes: string[];

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'audit-checkpoints-'));
  logPath = join(dataDir, 'audit', 'audit.jsonl');
  checkpointsPath = join(dataDir, 'audit', 'checkpoints.jsonl');
  keysDir = join(dataDir, 'keys');
  notes = [];
});

afterEach(async () => {
  for (const log of openLogs.splice(0)) await log.close();
  await rm(dataDir, { recursive: true, force: true });
});

function trail(policy: { everyRecords?: number; maxAgeMs?: number } = {}): CheckpointingAuditLog {
  return new CheckpointingAuditLog(new JsonlAuditLog(logPath), {
    checkpointsPath,
    keys: new StationKeyStore(keysDir, { checkpointsPath }),
    policy: { everyRecords: 10, ...policy },
    log: (message) => notes.push(message),
  });
}

async function openTrail(policy: { everyRecords?: number; maxAgeMs?: number } = {}): Promise<CheckpointingAuditLog> {
  const log = trail(policy);
  await log.open();
  openLogs.push(log);
  return log;
}

async function close(log: CheckpointingAuditLog): Promise<void> {
  await log.close();
  openLogs.splice(openLogs.indexOf(log), 1);
}

/** Appends one record at a time (as a station does over a day), letting background checkpoints run. */
async function appendRecords(log: CheckpointingAuditLog, count: number, from = 1): Promise<void> {
  for (let n = from; n < from + count; n += 1) {
    await log.append({ actor: `officer-${String(n).padStart(4, '0')}`, action: 'clip.labelled', target: `clip:${n}`, after: { n } });
    await log.idle();
  }
}

/** A closed trail: 45 officer records, checkpoints every 10, the closing checkpoint last. */
async function writeClosedTrail(): Promise<void> {
  const log = await openTrail();
  await appendRecords(log, 45);
  await close(log);
}

async function logLines(): Promise<string[]> {
  return (await readFile(logPath, 'utf8')).slice(0, -1).split('\n');
}

async function writeLogLines(lines: string[]): Promise<void> {
  await writeFile(logPath, lines.length === 0 ? '' : `${lines.join('\n')}\n`);
}

async function fileCheckpoints(): Promise<AuditCheckpoint[]> {
  const text = await readFile(checkpointsPath, 'utf8');
  return text === '' ? [] : text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as AuditCheckpoint);
}

const parse = (line: string) => JSON.parse(line) as AuditRecord;

/** Re-seals lines from index `from` on: what a tamperer who knows the format (but has no key) would do. */
function rechain(lines: string[], from: number): string[] {
  const records = lines.map(parse);
  const out: AuditRecord[] = records.slice(0, from);
  for (const record of records.slice(from)) {
    const { seq: _seq, at, hash: _hash, prevHash: _prev, ...entry } = record;
    out.push(sealRecord(entry, out.length + 1, at, out.at(-1)?.hash ?? GENESIS_PREV_HASH));
  }
  return out.map((record) => formatRecordLine(record).slice(0, -1));
}

function failed<T extends { ok: boolean }>(result: T): Extract<T, { ok: false }> {
  if (result.ok) throw new Error(`expected verification to fail, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: false }>;
}

describe('station key', () => {
  it('is made once at first start: private key 0600, public key and keyring beside it, creation audited', async () => {
    const log = await openTrail();
    const status = log.status();
    expect(status.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect((await stat(join(keysDir, 'station-key.pem'))).mode & 0o777).toBe(0o600);
    const publicPem = await readFile(join(keysDir, 'station-key.pub.pem'), 'utf8');
    expect(keyIdOf(publicPem)).toBe(status.keyId);
    expect(await log.publicKeyPem()).toBe(publicPem);
    expect(await log.keyring()).toEqual([expect.objectContaining({ keyId: status.keyId, publicKeyPem: publicPem })]);
    expect(await log.forTarget('audit-log')).toEqual(expect.arrayContaining([expect.objectContaining({ action: KEY_CREATED_ACTION, detail: { keyId: status.keyId, publicKeyPem: publicPem } })]));
    await close(log);

    // Reopening uses the same key.
    const again = await openTrail();
    expect(again.status().keyId).toBe(status.keyId);
    expect(await readdir(keysDir)).toEqual(['keyring.json', 'station-key.pem', 'station-key.pub.pem']);
  });

  it('refuses, clearly and without making a new key, when the private key is gone but checkpoints exist', async () => {
    await writeClosedTrail();
    const [oldKey] = await new StationKeyStore(keysDir).keyring();
    await unlink(join(keysDir, 'station-key.pem'));

    const refusal = await new StationKeyStore(keysDir, { checkpointsPath }).open().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(StationKeyError);
    expect(refusal).toMatchObject({ code: 'AUDIT_KEY_MISSING', params: { keyIds: oldKey?.keyId } });
    expect((refusal as Error).message).toMatch(/no new key is made silently.*audit rotate-key/);
    // Even with the keyring gone too, the checkpoint file shows a key existed.
    await rm(join(keysDir, 'keyring.json'));
    await expect(new StationKeyStore(keysDir, { checkpointsPath }).open()).rejects.toMatchObject({ code: 'AUDIT_KEY_MISSING' });
    await writeFile(join(keysDir, 'keyring.json'), `${JSON.stringify({ format: 'evidence-station-keyring/1', keys: [oldKey] })}\n`);

    // The station still opens (evidence keeps coming in), signs nothing, and says so in the log.
    const log = await openTrail();
    expect(log.status()).toMatchObject({ keyProblem: { code: 'AUDIT_KEY_MISSING' } });
    expect(log.status().keyId).toBeUndefined();
    expect(notes.join('\n')).toMatch(/NOT being signed/);
    await expect(log.create('张伟(3201008)')).rejects.toMatchObject({ code: 'AUDIT_KEY_MISSING' });
    await expect(log.publicKeyPem()).rejects.toBeInstanceOf(StationKeyError);
    expect((await log.forTarget('audit-log', 1))[0]).toMatchObject({ action: KEY_UNAVAILABLE_ACTION, detail: { code: 'AUDIT_KEY_MISSING' } });
    expect(await readdir(keysDir)).not.toContain('station-key.pem');
    // What was signed before still verifies.
    expect(await log.verify()).toMatchObject({ ok: true, checkpointsVerified: 6 });
  });

  it('refuses a private key the keyring does not know (the key file was replaced)', async () => {
    await writeClosedTrail();
    const foreign = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await writeFile(join(keysDir, 'station-key.pem'), foreign, { mode: 0o600 });
    await expect(new StationKeyStore(keysDir, { checkpointsPath }).open()).rejects.toMatchObject({ code: 'AUDIT_KEY_NOT_IN_KEYRING' });
  });

  it('rotates on purpose: audited, old key kept in the keyring, old and new checkpoints all verify', async () => {
    await writeClosedTrail();
    const before = await fileCheckpoints();
    await unlink(join(keysDir, 'station-key.pem'));
    const log = await openTrail();
    await appendRecords(log, 3, 100);
    await expect(log.rotateKey('admin(0001)', '  ')).rejects.toThrow(/reason/);

    const rotated = await log.rotateKey('admin(0001)', 'key file lost with the old system disk');
    expect(rotated.previousKeyId).toBe(before[0]?.keyId);
    expect(rotated.keyId).not.toBe(rotated.previousKeyId);
    expect(rotated.checkpoint.keyId).toBe(rotated.keyId);
    const keyring = await log.keyring();
    expect(keyring).toEqual([
      expect.objectContaining({ keyId: rotated.previousKeyId, retiredReason: 'key file lost with the old system disk' }),
      expect.objectContaining({ keyId: rotated.keyId, rotatedBy: 'admin(0001)' }),
    ]);
    const [rotation] = (await log.forTarget('audit-log')).filter((record) => record.action === KEY_ROTATED_ACTION);
    expect(rotation).toMatchObject({ actor: 'admin(0001)', detail: { keyId: rotated.keyId, previousKeyId: rotated.previousKeyId, previousKeyAvailable: false, reason: 'key file lost with the old system disk' } });
    expect(keyIdOf(await readFile(join(keysDir, 'station-key.pub.pem'), 'utf8'))).toBe(rotated.keyId);

    await appendRecords(log, 3, 200);
    await close(log);
    const result = await trail().verify();
    expect(result).toMatchObject({ ok: true });
    expect(result.checkpointsVerified).toBe(before.length + 2);
    expect(result.lastCheckpoint?.keyId).toBe(rotated.keyId);

    // A second rotation with the key present seals everything with the old key first.
    const again = await openTrail();
    await appendRecords(again, 2, 300);
    const count = (await fileCheckpoints()).length;
    const retiredPem = await readFile(join(keysDir, 'station-key.pem'), 'utf8');
    await again.rotateKey('admin(0001)', 'yearly rotation');
    const after = await fileCheckpoints();
    expect(after.slice(count).map((checkpoint) => checkpoint.keyId)).toEqual([rotated.keyId, expect.not.stringMatching(rotated.keyId)]);
    expect(await again.verify()).toMatchObject({ ok: true });
    await close(again);

    // Putting the retired key file back is refused too.
    await writeFile(join(keysDir, 'station-key.pem'), retiredPem, { mode: 0o600 });
    await expect(new StationKeyStore(keysDir, { checkpointsPath }).open()).rejects.toMatchObject({ code: 'AUDIT_KEY_RETIRED' });
  });
});

describe('checkpoints', () => {
  it('are made every N records, in the log and in checkpoints.jsonl, and at close; the trail verifies', async () => {
    const log = await openTrail();
    await appendRecords(log, 35);
    const made = await fileCheckpoints();
    expect(made.length).toBeGreaterThanOrEqual(3);
    // The first vouches for the key's creation record (made at open), then one per 10 officer records.
    made.slice(1).forEach((checkpoint, index) => expect(checkpoint.uptoSeq - (made[index] as AuditCheckpoint).uptoSeq).toBeGreaterThanOrEqual(10));
    const inLog = (await log.forTarget('audit-log')).filter((record) => record.action === CHECKPOINT_ACTION).reverse();
    expect(inLog.map((record) => (record.detail as AuditCheckpoint).signature)).toEqual(made.map((checkpoint) => checkpoint.signature));
    // Each checkpoint record vouches for the record just before it.
    for (const record of inLog) expect(record.detail).toMatchObject({ uptoSeq: record.seq - 1, uptoHash: record.prevHash });
    expect(await log.verify()).toMatchObject({ ok: true, checkpointsVerified: made.length });

    await close(log);
    const lines = await logLines();
    const last = parse(lines.at(-1) as string);
    expect(last).toMatchObject({ action: CHECKPOINT_ACTION, detail: { reason: 'stop', uptoSeq: lines.length - 1 } });
    expect((await fileCheckpoints()).at(-1)?.signature).toBe((last.detail as AuditCheckpoint).signature);
    expect(await trail().verify()).toMatchObject({ ok: true, records: lines.length, recordsAfterLastCheckpoint: 1, checkpointsVerified: made.length + 1 });
  });

  it('are made at least every maxAge while records come in, even if no more follow', async () => {
    const log = await openTrail({ everyRecords: 1000, maxAgeMs: 150 });
    const first = (await fileCheckpoints()).length;
    await log.append({ actor: 'a', action: 'x', target: 't' });
    await vi.waitFor(async () => expect((await fileCheckpoints()).length).toBe(first + 1), { timeout: 3000, interval: 50 });
    // The file line is durable first; the log record follows.
    await log.idle();
    const [checkpoint] = (await log.forTarget('audit-log', 1)).map((record) => record.detail as { reason: string; uptoSeq: number });
    expect(checkpoint).toMatchObject({ reason: 'age' });
    // Nothing new, nothing more.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await fileCheckpoints()).length).toBe(first + 1);
  });

  it('are made on demand and exported for disc packages, verifiable with the public key alone', async () => {
    const log = await openTrail();
    await appendRecords(log, 3);
    const made = await log.create('张伟(3201008)');
    expect((await log.forTarget('audit-log', 1))[0]).toMatchObject({ actor: '张伟(3201008)', action: CHECKPOINT_ACTION, detail: { reason: 'demand' } });
    expect(await log.latest()).toEqual(made);

    await log.append({ actor: 'clerk', action: 'archive.started', target: 'archive-set:1' });
    const exported = await log.latestAuditCheckpoint();
    // Made fresh so it covers the record that started the disc set.
    expect(exported).toMatchObject({ seq: (await log.forTarget('archive-set:1', 1))[0]?.seq, keyId: made.keyId });
    const onDisc: AuditCheckpoint = { uptoSeq: exported?.seq ?? 0, uptoHash: exported?.hash ?? '', at: exported?.at ?? '', keyId: exported?.keyId ?? '', signature: exported?.signature ?? '' };
    expect(verifyCheckpointSignature(onDisc, PublicKeyring.fromPems([await log.publicKeyPem()]))).toEqual({ ok: true });
    // Nothing new since: the same one again, no new checkpoint.
    expect(await log.latestAuditCheckpoint()).toEqual(exported);
  });

  it('writes nothing to the log when the checkpoint file cannot be written', async () => {
    const log = await openTrail();
    await appendRecords(log, 3);
    const linesBefore = await logLines();
    const spy = vi.spyOn(CheckpointFile.prototype, 'append').mockRejectedValueOnce(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }));
    try {
      await expect(log.create('clerk')).rejects.toThrow(/ENOSPC/);
    } finally {
      spy.mockRestore();
    }
    expect(await logLines()).toEqual(linesBefore);
    await log.append({ actor: 'a', action: 'x', target: 't' });
    await log.create('clerk');
    expect(await log.verify()).toMatchObject({ ok: true });
  });

  it('sets a checkpoint line cut off by a crash aside, records it, and carries on', async () => {
    await writeClosedTrail();
    await appendFile(checkpointsPath, '{"uptoSeq":99,"uptoHash":"ab');
    const log = await openTrail();
    const asides = (await readdir(join(dataDir, 'audit'))).filter((name) => name.startsWith('checkpoints.jsonl.partial-'));
    expect(asides).toHaveLength(1);
    expect(await readFile(join(dataDir, 'audit', asides[0] as string), 'utf8')).toBe('{"uptoSeq":99,"uptoHash":"ab');
    expect((await log.forTarget('audit-log')).some((record) => record.action === CHECKPOINT_FILE_RECOVERED_ACTION)).toBe(true);
    expect(await log.verify()).toMatchObject({ ok: true });
  });
});

describe('at start', () => {
  it('notices a log cut short behind its newest checkpoint, records it, and signs what is there now', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    const newest = (await fileCheckpoints()).at(-1) as AuditCheckpoint;
    await writeLogLines(lines.slice(0, -5));
    const log = await openTrail();
    expect(notes.join('\n')).toMatch(/TAMPERING SUSPECTED: the audit log ends at record \d+ but the newest checkpoint vouches for record/);
    const [conflict] = (await log.forTarget('audit-log')).filter((record) => record.action === CHECKPOINT_CONFLICT_ACTION);
    expect(conflict).toMatchObject({ detail: { problem: 'truncated', logHead: { seq: lines.length - 5 }, checkpoint: newest } });
    // The conflict and the new checkpoint (2 records) do not reach the record the old closing checkpoint vouches for.
    expect(newest.uptoSeq).toBe(lines.length - 1);
    expect(failed(await log.verify())).toMatchObject({ problem: 'truncated', records: lines.length - 3, firstBadLine: lines.length - 2 });
    // No storm of checkpoints afterwards: the next ones follow the usual rhythm.
    const count = (await fileCheckpoints()).length;
    await appendRecords(log, 5, 500);
    expect((await fileCheckpoints()).length).toBe(count);
  });
});

describe('verification finds', () => {
  it('an edited record', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    lines[19] = (lines[19] as string).replace('officer-', 'forger--');
    await writeLogLines(lines);
    expect(failed(await trail().verify())).toMatchObject({ problem: 'hash-mismatch', firstBadLine: 20, firstBadSeq: 20 });
  });

  it('an inserted, well-formed forged record', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    const before = parse(lines[14] as string);
    const forged = sealRecord({ actor: 'forger', action: 'clip.deleted', target: 'clip:1' }, before.seq + 1, before.at, before.hash);
    lines.splice(15, 0, formatRecordLine(forged).slice(0, -1));
    await writeLogLines(lines);
    expect(failed(await trail().verify())).toMatchObject({ problem: 'seq-out-of-order', firstBadLine: 17, firstBadSeq: 16 });
  });

  it('a deleted record', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    lines.splice(24, 1);
    await writeLogLines(lines);
    expect(failed(await trail().verify())).toMatchObject({ problem: 'seq-gap', firstBadLine: 25, firstBadSeq: 26 });
  });

  it('reordered records', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    [lines[5], lines[6]] = [lines[6] as string, lines[5] as string];
    await writeLogLines(lines);
    // Record 7 now follows 5: named where the order first breaks.
    const result = failed(await trail().verify());
    expect(result).toMatchObject({ problem: 'seq-gap', firstBadLine: 6, firstBadSeq: 7 });
    expect(result.reason).toMatch(/reordered/);
  });

  it('a cut-off tail, through checkpoints.jsonl, even with the checkpoint records removed from the log', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    const checkpoints = await fileCheckpoints();
    const newest = checkpoints.at(-1) as AuditCheckpoint;
    // The last 8 whole lines go, the closing checkpoint record among them: the chain that is left is intact.
    const kept = lines.slice(0, -8);
    await writeLogLines(kept);
    const result = failed(await trail().verify());
    expect(result).toMatchObject({ problem: 'truncated', firstBadLine: kept.length + 1, checkpointLine: checkpoints.length });
    expect(result.reason).toContain(`log truncated: checkpoint ${checkpoints.length} vouches for record ${newest.uptoSeq} but the log ends at record ${kept.length}`);
  });

  it('a log rewritten from some record to the end by someone without the key', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    lines[9] = (lines[9] as string).replace('"officer-', '"forger--');
    await writeLogLines(rechain(lines, 9));
    const result = failed(await trail().verify());
    expect(result.problem).toBe('checkpoint-mismatch');
    expect(result.firstBadLine).toBeGreaterThanOrEqual(10);
    expect(result.reason).toMatch(/rewritten/);
  });

  it('a checkpoint line forged with a self-made key', async () => {
    await writeClosedTrail();
    const lines = await logLines();
    const tip = parse(lines.at(-1) as string);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const forged = signCheckpoint({ uptoSeq: tip.seq, uptoHash: tip.hash, at: tip.at }, { privateKey, keyId: keyIdOf(publicKey) });
    await appendFile(checkpointsPath, `${JSON.stringify(forged)}\n`);
    const count = (await fileCheckpoints()).length;
    const result = failed(await trail().verify());
    expect(result).toMatchObject({ problem: 'checkpoint-forged', checkpointLine: count, firstBadLine: tip.seq });
    expect(result.reason).toMatch(/not in the station's keyring/);

    // A genuine line with one field edited fails its signature just the same.
    const genuine = (await fileCheckpoints()).slice(0, -1);
    genuine[0] = { ...(genuine[0] as AuditCheckpoint), uptoSeq: 3 };
    await writeFile(checkpointsPath, `${genuine.map((checkpoint) => JSON.stringify(checkpoint)).join('\n')}\n`);
    expect(failed(await trail().verify())).toMatchObject({ problem: 'checkpoint-forged', checkpointLine: 1 });
  });

  it('checkpoint lines deleted from checkpoints.jsonl while their records remain in the log', async () => {
    await writeClosedTrail();
    const text = (await readFile(checkpointsPath, 'utf8')).slice(0, -1).split('\n');
    await writeFile(checkpointsPath, `${text.slice(0, 2).join('\n')}\n`);
    expect(failed(await trail().verify())).toMatchObject({ problem: 'checkpoint-missing' });
  });
});

describe('the composed station', () => {
  it('signs checkpoints, verifies them through audit.verify and exports them', async () => {
    const opened = await openStationFromDataDir({ dataDir: join(dataDir, 'station') });
    try {
      const call: CallContext = { via: 'cli' };
      Object.assign(call, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
      const made = await opened.auditCheckpoints.create(call.operator ?? '');
      expect(made.keyId).toBe(keyIdOf(await opened.auditCheckpoints.publicKeyPem()));
      const verified = await opened.station.execute('audit.verify', {}, call);
      expect(verified).toMatchObject({ ok: true, value: { ok: true, lastCheckpoint: made } });
      expect(verified.ok && verified.value.checkpointsVerified).toBeGreaterThanOrEqual(2);
      expect(await opened.auditCheckpoints.latestAuditCheckpoint()).toMatchObject({ keyId: made.keyId });
    } finally {
      await opened.dispose();
    }
    const reopened = await openStationFromDataDir({ dataDir: join(dataDir, 'station') });
    try {
      const verified = await reopened.station.execute('audit.verify', {}, staffCall({ displayName: '陈静', badgeNumber: '1002', roles: ['clerk'] }));
      expect(verified).toMatchObject({ ok: true, value: { ok: true } });
    } finally {
      await reopened.dispose();
    }
  });
});
