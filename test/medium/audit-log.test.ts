import { mkdtemp, open, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditRecord } from '../../electron/core/domain/audit.js';
import { AuditLogUnavailableError, JsonlAuditLog, RECOVERED_PARTIAL_LINE_ACTION } from '../../electron/adapters/audit/jsonl-audit-log.js';

let directory: string;
let logPath: string;
const openLogs: JsonlAuditLog[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'audit-log-'));
  logPath = join(directory, 'audit', 'audit.jsonl');
});

afterEach(async () => {
  for (const log of openLogs.splice(0)) await log.close();
  await rm(directory, { recursive: true, force: true });
});

async function openLog(clock?: () => Date): Promise<JsonlAuditLog> {
  const log = new JsonlAuditLog(logPath, clock);
  await log.open();
  openLogs.push(log);
  return log;
}

/** Writes `count` records, closes the log, and returns the file's lines (without the final line end). */
async function writeClosedLog(count: number): Promise<string[]> {
  const log = await openLog();
  for (let index = 1; index <= count; index += 1) {
    await log.append({ actor: `officer-${String(index).padStart(4, '0')}`, action: 'clip.label', target: `clip:${index % 7}`, after: { n: index } });
  }
  await log.close();
  return (await readFile(logPath, 'utf8')).slice(0, -1).split('\n');
}

async function rewriteLines(lines: string[]): Promise<void> {
  await writeFile(logPath, `${lines.join('\n')}\n`);
}

describe('JsonlAuditLog', () => {
  it('gives 1000 concurrent appends consecutive seq numbers, one whole line each, and verifies', async () => {
    const log = await openLog();
    const records = await Promise.all(
      Array.from({ length: 1000 }, (_, index) => log.append({ actor: 'officer', action: 'test.append', target: `item:${index}`, detail: { index } })),
    );
    // Each caller got its own record back, and together they are exactly 1..1000.
    records.forEach((record, index) => expect(record.target).toBe(`item:${index}`));
    expect(records.map((record) => record.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, index) => index + 1));

    const lines = (await readFile(logPath, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => (JSON.parse(line) as AuditRecord).seq)).toEqual(Array.from({ length: 1000 }, (_, index) => index + 1));
    expect(await log.verify()).toEqual({ ok: true, records: 1000, lastHash: records.at(-1)?.hash });
  });

  it('group-commits queued appends, resolving each only after the fdatasync that covers it', async () => {
    const log = await openLog();
    // FileHandle is not exported; its prototype is reachable through any open handle.
    const probe = await open(join(directory, 'probe'), 'w');
    const fileHandlePrototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const events: string[] = [];
    const realDatasync = fileHandlePrototype.datasync;
    const spy = vi.spyOn(fileHandlePrototype, 'datasync').mockImplementation(async function (this: unknown) {
      await realDatasync.call(this);
      events.push('fsync done');
    });
    try {
      await Promise.all(Array.from({ length: 100 }, (_, index) => log.append({ actor: 'a', action: 'x', target: `t${index}` }).then(() => events.push('resolved'))));
    } finally {
      spy.mockRestore();
    }
    expect(events[0]).toBe('fsync done');
    expect(events.filter((event) => event === 'resolved')).toHaveLength(100);
    // Same-tick appends share one write + one fdatasync instead of paying 100 of them.
    expect(events.filter((event) => event === 'fsync done').length).toBeLessThanOrEqual(2);
  });

  it('after a failed fsync refuses appends until reopened, then continues from the real tail', async () => {
    const log = await openLog();
    await log.append({ actor: 'a', action: 'x', target: 't' });
    const probe = await open(join(directory, 'probe'), 'w');
    const fileHandlePrototype = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
    await probe.close();
    const spy = vi.spyOn(fileHandlePrototype, 'datasync').mockRejectedValueOnce(Object.assign(new Error('i/o error, fdatasync'), { code: 'EIO' }));
    try {
      await expect(log.append({ actor: 'a', action: 'x', target: 'lost?' })).rejects.toBeInstanceOf(AuditLogUnavailableError);
    } finally {
      spy.mockRestore();
    }
    // Every later refusal still names the disk's error, which is what the person must act on.
    await expect(log.append({ actor: 'a', action: 'x', target: 't' })).rejects.toThrow(/EIO: i\/o error, fdatasync/);
    await log.close();

    // The unconfirmed record did reach the file; reopening must chain after it, not fork beside it.
    const reopened = await openLog();
    expect((await reopened.append({ actor: 'a', action: 'x', target: 't' })).seq).toBe(3);
    expect(await reopened.verify()).toMatchObject({ ok: true, records: 3 });
  });

  it('appends arriving while a batch is being written continue the chain', async () => {
    const log = await openLog();
    const first = log.append({ actor: 'a', action: 'x', target: 't' });
    await Promise.resolve();
    await Promise.resolve();
    const rest = await Promise.all([1, 2, 3].map((index) => log.append({ actor: 'a', action: 'x', target: `t${index}` })));
    expect((await first).seq).toBe(1);
    expect(rest.map((record) => record.seq)).toEqual([2, 3, 4]);
    expect(await log.verify()).toMatchObject({ ok: true, records: 4 });
  });

  it('names the middle record when one byte of it is edited on disk', async () => {
    await writeClosedLog(999);
    const bytes = await readFile(logPath);
    const target = bytes.indexOf('officer-0500');
    expect(target).toBeGreaterThan(0);
    bytes[target + 'officer-050'.length] = '1'.charCodeAt(0); // officer-0500 -> officer-0501
    await writeFile(logPath, bytes);

    const result = await new JsonlAuditLog(logPath).verify();
    expect(result).toMatchObject({ ok: false, firstBadLine: 500, firstBadSeq: 500, records: 499 });
    expect(result.ok === false && result.reason).toMatch(/edited/);
  });

  it('names a deleted line', async () => {
    const lines = await writeClosedLog(20);
    lines.splice(11, 1);
    await rewriteLines(lines);
    const result = await new JsonlAuditLog(logPath).verify();
    expect(result).toMatchObject({ ok: false, firstBadLine: 12, firstBadSeq: 13 });
    expect(result.ok === false && result.reason).toMatch(/deleted/);
  });

  it('names two swapped lines', async () => {
    const lines = await writeClosedLog(20);
    [lines[6], lines[14]] = [lines[14] as string, lines[6] as string];
    await rewriteLines(lines);
    const result = await new JsonlAuditLog(logPath).verify();
    expect(result).toMatchObject({ ok: false, firstBadLine: 7, firstBadSeq: 15 });
    expect(result.ok === false && result.reason).toMatch(/reordered/);
  });

  it('recovers from an append cut off mid-line: keeps the bytes aside, records it, and the chain verifies', async () => {
    const lines = await writeClosedLog(10);
    const fullSize = Buffer.byteLength(`${lines.join('\n')}\n`);
    const cutAt = fullSize - 25;
    const expectedPartial = Buffer.from(`${lines.join('\n')}\n`).subarray(Buffer.byteLength(`${lines.slice(0, 9).join('\n')}\n`), cutAt);
    await truncate(logPath, cutAt);

    const beforeRecovery = await new JsonlAuditLog(logPath).verify();
    expect(beforeRecovery).toMatchObject({ ok: false, firstBadLine: 10, records: 9 });
    expect(beforeRecovery.ok === false && beforeRecovery.reason).toMatch(/not tampering/);

    const log = await openLog(() => new Date('2024-05-01T08:09:10.123Z'));
    const asideName = 'audit.jsonl.partial-2024-05-01T08-09-10-123Z';
    expect(await readdir(join(directory, 'audit'))).toContain(asideName);
    expect(await readFile(join(directory, 'audit', asideName))).toEqual(expectedPartial);

    const [recovery] = await log.forTarget('audit-log', 1);
    expect(recovery).toMatchObject({ seq: 10, action: RECOVERED_PARTIAL_LINE_ACTION, detail: { partialFile: asideName, partialBytes: expectedPartial.length } });
    expect(await log.verify()).toMatchObject({ ok: true, records: 10 });

    expect((await log.append({ actor: 'a', action: 'x', target: 't' })).seq).toBe(11);
    expect(await log.verify()).toMatchObject({ ok: true, records: 11 });
  });

  it('recovers when the very first append was cut off', async () => {
    await writeClosedLog(0); // creates the folder and an empty log
    await writeFile(logPath, '{"seq":1,"at":"2024');
    const log = await openLog();
    expect(await log.forTarget('audit-log')).toMatchObject([{ seq: 1, action: RECOVERED_PARTIAL_LINE_ACTION }]);
    expect(await log.verify()).toMatchObject({ ok: true, records: 1 });
  });

  it('returns records for a target newest first, up to the limit', async () => {
    const log = await openLog();
    for (let index = 1; index <= 30; index += 1) await log.append({ actor: 'a', action: 'x', target: `clip:${index % 3}`, detail: { index } });
    const all = await log.forTarget('clip:1');
    expect(all.map((record) => record.seq)).toEqual([28, 25, 22, 19, 16, 13, 10, 7, 4, 1]);
    expect((await log.forTarget('clip:1', 3)).map((record) => record.seq)).toEqual([28, 25, 22]);
    expect(await log.forTarget('clip:none')).toEqual([]);
  });

  it('continues the chain after reopening', async () => {
    await writeClosedLog(5);
    const log = await openLog();
    const next = await log.append({ actor: 'a', action: 'x', target: 't' });
    expect(next.seq).toBe(6);
    expect(await log.verify()).toEqual({ ok: true, records: 6, lastHash: next.hash });
  });

  it('reopens from the tail alone, even past a record larger than the first chunk read', async () => {
    const log = await openLog();
    await log.append({ actor: 'a', action: 'x', target: 't' });
    const big = await log.append({ actor: 'a', action: 'x', target: 't', detail: { blob: 'x'.repeat(200_000) } });
    await log.close();
    // Damage the first line: open() must not need it (it reads only the tail); verify() still finds it.
    const text = await readFile(logPath, 'utf8');
    await writeFile(logPath, text.replace('"actor":"a"', '"actor":"b"'));

    const reopened = await openLog();
    const next = await reopened.append({ actor: 'a', action: 'x', target: 't' });
    expect(next).toMatchObject({ seq: 3, prevHash: big.hash });
    expect(await reopened.verify()).toMatchObject({ ok: false, firstBadLine: 1 });
  });

  it('refuses to continue a log whose last complete line is unreadable, and leaves it untouched', async () => {
    const lines = await writeClosedLog(3);
    lines[2] = '{"seq":3, garbage';
    const damaged = `${lines.join('\n')}\npartial`;
    await writeFile(logPath, damaged);
    await expect(new JsonlAuditLog(logPath).open()).rejects.toBeInstanceOf(AuditLogUnavailableError);
    expect(await readFile(logPath, 'utf8')).toBe(damaged);
  });

  it('rejects only the caller whose entry cannot be stored', async () => {
    const log = await openLog();
    const results = await Promise.allSettled([
      log.append({ actor: 'a', action: 'x', target: 't' }),
      log.append({ actor: 'a', action: 'x', target: 't', detail: { size: 1n } }),
      log.append({ actor: 'a', action: 'x', target: 't' }),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await log.verify()).toMatchObject({ ok: true, records: 2 });
  });

  it('reports a missing log file and refuses appends once closed', async () => {
    expect(await new JsonlAuditLog(join(directory, 'nowhere.jsonl')).verify()).toMatchObject({ ok: false, records: 0 });
    const log = await openLog();
    await log.close();
    await expect(log.append({ actor: 'a', action: 'x', target: 't' })).rejects.toThrow(/not open/);
  });

  it('appendAtHead seals against the durable head, in a batch of its own, after its beforeWrite step', async () => {
    const log = await openLog();
    await log.append({ actor: 'a', action: 'x', target: 'first' });
    const sizesSeen: number[] = [];
    const heads: { seq: number; hash: string }[] = [];
    const results = await Promise.all([
      log.append({ actor: 'a', action: 'x', target: 'before' }),
      log.appendAtHead(
        (head) => {
          heads.push({ seq: head.seq, hash: head.hash });
          return { actor: 'system', action: 'audit.checkpoint', target: 'audit-log', detail: { uptoSeq: head.seq, at: head.at } };
        },
        async () => {
          sizesSeen.push((await readFile(logPath)).length);
        },
      ),
      log.append({ actor: 'a', action: 'x', target: 'after' }),
    ]);
    const [before, atHead, after] = results as [AuditRecord, AuditRecord, AuditRecord];
    // The record queued before it is durable first; the head it was built from is exactly that record.
    expect(heads).toEqual([{ seq: before.seq, hash: before.hash }]);
    expect(atHead).toMatchObject({ seq: before.seq + 1, prevHash: before.hash, detail: { uptoSeq: before.seq, at: atHead.at } });
    expect(after.seq).toBe(atHead.seq + 1);
    // beforeWrite ran when the log held everything up to the head and nothing of its own record.
    const lines = (await readFile(logPath, 'utf8')).split('\n');
    expect(sizesSeen).toEqual([Buffer.byteLength(`${lines.slice(0, before.seq).join('\n')}\n`)]);
    expect(log.head()).toEqual({ seq: after.seq, hash: after.hash });

    // A failing beforeWrite writes nothing and fails only its caller.
    const size = (await readFile(logPath)).length;
    await expect(log.appendAtHead(() => ({ actor: 's', action: 'y', target: 't' }), async () => Promise.reject(new Error('second copy failed')))).rejects.toThrow('second copy failed');
    expect((await readFile(logPath)).length).toBe(size);
    expect((await log.append({ actor: 'a', action: 'x', target: 't' })).seq).toBe(after.seq + 1);
    expect(await log.verify()).toMatchObject({ ok: true, records: after.seq + 1 });
  });

  it('verifies consistently while appends are in flight', async () => {
    const log = await openLog();
    const appends = Array.from({ length: 200 }, (_, index) => log.append({ actor: 'a', action: 'x', target: `t${index}` }));
    const midway = await log.verify();
    await Promise.all(appends);
    expect(midway.ok).toBe(true);
    expect(await log.verify()).toMatchObject({ ok: true, records: 200 });
  });
});
