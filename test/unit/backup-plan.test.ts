/** The incremental plan, the bandwidth limit's arithmetic, the schedule and the manifest parser. */
import { describe, expect, it } from 'vitest';
import { BackupError } from '../../electron/core/backup/errors.js';
import { isSafeRelativePath, manifestPath, manifestsNewestFirst, parseManifest, snapshotIdOfPath } from '../../electron/core/backup/layout.js';
import { KNOWN_DAMAGED, planUpload, type PlanItem } from '../../electron/core/backup/plan.js';
import { backupDue, lastScheduledAt, nextScheduledAt } from '../../electron/core/backup/schedule.js';
import { SpeedMeter, throttle, TokenBucket } from '../../electron/core/backup/throttle.js';

const item = (n: number, sealedSize = 100 + n): PlanItem => ({ sha256: String(n).padStart(64, '0'), size: n, name: `name${n}`, path: `objects/na/name${n}`, sealedSize });

describe('incremental plan', () => {
  it('sends what is missing or the wrong size, checks what is listed but unknown, skips what is verified', () => {
    const items = [item(1), item(2), item(3), item(4), item(1)];
    const listing = [
      { name: 'objects/na/name1', size: 101 },
      { name: 'objects/na/name2', size: 102 },
      { name: 'objects/na/name3', size: 50 },
    ];
    const plan = planUpload(items, listing, { 'objects/na/name1': 101 });
    expect(plan.present.map((i) => i.size)).toEqual([1]);
    expect(plan.check.map((i) => i.size)).toEqual([2]);
    expect(plan.upload.map((i) => i.size)).toEqual([3, 4]);
  });

  it('with the local record lost, nothing listed is re-sent blindly and nothing is trusted blindly', () => {
    const plan = planUpload([item(1), item(2)], [{ name: 'objects/na/name1', size: 101 }, { name: 'objects/na/name2', size: 102 }], {});
    expect(plan.upload).toEqual([]);
    expect(plan.check).toHaveLength(2);
  });

  it('a record claiming an object the target no longer lists does not save it from upload', () => {
    const plan = planUpload([item(1)], [], { 'objects/na/name1': 101 });
    expect(plan.upload).toHaveLength(1);
  });
});

describe('bandwidth limit', () => {
  it('token bucket: the burst goes at once, then bytes wait rate-long', () => {
    let now = 0;
    const bucket = new TokenBucket(1000, 500, () => now);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(1000)).toBe(1000);
    now = 1000;
    expect(bucket.take(0)).toBe(0);
    now = 1500;
    expect(bucket.take(1000)).toBe(500);
  });

  it('throttle waits in total about size/rate for a long stream', async () => {
    let now = 0;
    let slept = 0;
    const sleep = async (ms: number) => {
      slept += ms;
      now += ms;
    };
    async function* source() {
      for (let i = 0; i < 100; i++) yield Buffer.alloc(64 * 1024);
    }
    let bytes = 0;
    for await (const piece of throttle(source(), 1024 * 1024, () => now, sleep)) bytes += piece.length;
    expect(bytes).toBe(100 * 64 * 1024);
    // 6.25 MiB at 1 MiB/s, less the 256 KiB burst: ~6 s.
    expect(slept).toBeGreaterThan(5800);
    expect(slept).toBeLessThan(6300);
  });

  it('no limit passes straight through; the speed meter reports bytes per second and an ETA', async () => {
    async function* one() {
      yield Buffer.alloc(10);
    }
    const out: Buffer[] = [];
    for await (const piece of throttle(one(), 0)) out.push(piece);
    expect(out).toHaveLength(1);
    let now = 0;
    const meter = new SpeedMeter(() => now);
    meter.add(0);
    now = 1000;
    meter.add(2000);
    expect(meter.speed()).toBe(2000);
    expect(meter.eta(4000)).toBe(2);
  });
});

describe('nightly schedule', () => {
  it('is due once a day after the set time, and again an hour after a failure', () => {
    const now = new Date(2026, 10, 23, 3, 0);
    expect(lastScheduledAt(now, '02:00')?.getHours()).toBe(2);
    expect(lastScheduledAt(new Date(2026, 10, 23, 1, 0), '02:00')?.getDate()).toBe(22);
    expect(nextScheduledAt(now, '02:00')?.getDate()).toBe(24);
    expect(backupDue(now, '02:00', undefined)).toBe(true);
    const ranAt = (h: number, m: number, ok: boolean) => ({ startedAt: new Date(2026, 10, 23, h, m).toISOString(), finishedAt: new Date(2026, 10, 23, h, m + 5).toISOString(), ok });
    expect(backupDue(now, '02:00', ranAt(2, 0, true))).toBe(false);
    expect(backupDue(now, '02:00', ranAt(1, 0, true))).toBe(true);
    expect(backupDue(now, '02:00', ranAt(2, 30, false))).toBe(false);
    expect(backupDue(now, '02:00', ranAt(1, 50, false))).toBe(true);
    expect(backupDue(new Date(2026, 10, 23, 3, 40), '02:00', ranAt(2, 30, false))).toBe(true);
    expect(backupDue(now, 'nonsense', undefined)).toBe(false);
  });
});

describe('manifest', () => {
  const valid = {
    format: 'evidence-station-backup',
    version: 1,
    snapshotId: 'abc123',
    createdAt: '2026-11-23T02:00:00.000Z',
    stationVersion: '0.1.0',
    keyId: '0011223344556677',
    objects: [{ sha256: 'a'.repeat(64), size: 10, name: 'n' }],
    files: [{ path: 'catalogue/meta.json', sha256: 'b'.repeat(64), size: 3, name: 'm' }],
    audit: { records: 5, lastSeq: 5, lastHash: 'h' },
    totals: { objects: 1, bytes: 10 },
  };

  it('parses a valid manifest and refuses anything else by name', () => {
    expect(parseManifest(Buffer.from(JSON.stringify(valid)), 'm1').snapshotId).toBe('abc123');
    for (const bad of ['{', JSON.stringify({ ...valid, version: 2 }), JSON.stringify({ ...valid, objects: [{ sha256: 'xyz', size: 1, name: 'n' }] })]) {
      const error = (() => {
        try {
          parseManifest(Buffer.from(bad), 'm1');
        } catch (e) {
          return e as BackupError;
        }
        return undefined;
      })();
      expect(error?.code).toBe('BACKUP_OBJECT_CORRUPT');
      expect(error?.params.object).toBe('m1');
    }
  });

  it('manifest names sort by time and give back their snapshot id', () => {
    const a = manifestPath(new Date('2026-11-22T02:00:00Z'), 'aaa');
    const b = manifestPath(new Date('2026-11-23T02:00:00Z'), 'bbb');
    expect(manifestsNewestFirst([a, 'objects/x', b])).toEqual([b, a]);
    expect(snapshotIdOfPath(b)).toBe('bbb');
  });

  it('paths a manifest may restore stay inside the data folder', () => {
    expect(isSafeRelativePath('catalogue/clips/00.json')).toBe(true);
    for (const bad of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'C:/x', 'a\\b', '', 'a//b']) expect(isSafeRelativePath(bad)).toBe(false);
  });
});

describe('incremental plan after a failed verification', () => {
  it('an object a sample check found damaged is sent again even though the target lists it', () => {
    const plan = planUpload([item(1)], [{ name: 'objects/na/name1', size: 101 }], { 'objects/na/name1': KNOWN_DAMAGED });
    expect(plan.upload).toHaveLength(1);
  });
});
