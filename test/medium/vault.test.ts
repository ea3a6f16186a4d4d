/**
 * The vault and its copy engine on real files in a temp folder: hashing, layout, read-only objects,
 * dedup, progress, and every failure path that must leave no .part behind.
 * Positions beyond 4 GiB are covered on every run by test/unit/vault-positions.test.ts (fake file
 * handles); the real > 4 GiB copy through the whole station is in the fault tier
 * (test/fault/big-file.test.ts), which CI runs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { truncateSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumMismatchError, StationError } from '../../electron/core/domain/errors.js';
import type { CopyProgress } from '../../electron/core/ports.js';
import { copyAndVerify, verifyFile, type CopyEngineOptions } from '../../electron/adapters/vault/copy-verify.js';
import { FsVault } from '../../electron/adapters/vault/fs-vault.js';

const MiB = 1024 * 1024;
/** Small chunks make every test file span many chunks, so rotation and tails are exercised cheaply. */
const MANY_SMALL_CHUNKS: CopyEngineOptions = { chunkBytes: 1 * MiB, progressIntervalMs: 0 };

let workDir: string;
let vaultRoot: string;

beforeEach(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'evidence-vault-'));
  vaultRoot = join(workDir, 'vault');
});

afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function sourceFile(name: string, bytes: Buffer): Promise<string> {
  const path = join(workDir, 'camera', name);
  await mkdir(join(workDir, 'camera'), { recursive: true });
  await writeFile(path, bytes);
  return path;
}

/** Every file under `dir`, as '/'-separated relative paths. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

async function expectStationError(promise: Promise<unknown>, code: string): Promise<StationError> {
  const error: unknown = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(StationError);
  expect((error as StationError).code).toBe(code);
  return error as StationError;
}

const noProgress = (): void => undefined;

describe('FsVault.ingest stores verified, content-addressed, read-only objects', () => {
  it.each([
    ['a small file', 1000],
    ['a zero-byte file', 0],
    ['exactly one direct-I/O block', 4096],
    ['a multi-chunk file with an unaligned tail (20 MB)', 20_000_000],
  ])('%s hashes like crypto.createHash of the source', async (_label, size) => {
    const bytes = randomBytes(size);
    const source = await sourceFile('CLIP0001.MP4', bytes);
    const vault = new FsVault(vaultRoot);

    const copy = await vault.ingest(source, size, noProgress);

    expect(copy).toEqual({ sha256: sha256Of(bytes), size, status: 'stored' });
    const objectPath = vault.pathOf(copy.sha256);
    expect(objectPath).toBe(join(vaultRoot, 'objects', copy.sha256.slice(0, 2), copy.sha256.slice(2, 4), copy.sha256));
    expect((await readFile(objectPath)).equals(bytes)).toBe(true);
    expect(await vault.has(copy.sha256)).toBe(true);
    expect(await filesUnder(join(vaultRoot, 'incoming'))).toEqual([]);
  });

  it('also copies correctly with many small chunks', async () => {
    const bytes = randomBytes(7 * MiB + 123);
    const vault = new FsVault(vaultRoot, MANY_SMALL_CHUNKS);
    const copy = await vault.ingest(await sourceFile('A.MP4', bytes), bytes.length, noProgress);
    expect(copy.sha256).toBe(sha256Of(bytes));
    expect((await readFile(vault.pathOf(copy.sha256))).equals(bytes)).toBe(true);
  });

  it('makes the stored object read-only', async () => {
    const vault = new FsVault(vaultRoot);
    const copy = await vault.ingest(await sourceFile('A.JPG', randomBytes(5000)), 5000, noProgress);
    expect((await stat(vault.pathOf(copy.sha256))).mode & 0o777).toBe(0o444);
  });

  it('never names anything after the camera file', async () => {
    const vault = new FsVault(vaultRoot);
    const copy = await vault.ingest(await sourceFile('SECRET_NAME.MP4', randomBytes(100)), 100, noProgress);
    const everything = await filesUnder(vaultRoot);
    expect(everything).toEqual([`objects/${copy.sha256.slice(0, 2)}/${copy.sha256.slice(2, 4)}/${copy.sha256}`]);
  });

  it('reports a duplicate as already-stored and keeps one object', async () => {
    const bytes = randomBytes(3 * MiB + 5);
    const vault = new FsVault(vaultRoot);
    const first = await vault.ingest(await sourceFile('FIRST.MP4', bytes), bytes.length, noProgress);
    const again = await vault.ingest(await sourceFile('COPY_OF_FIRST.MP4', bytes), bytes.length, noProgress);

    expect(first.status).toBe('stored');
    expect(again).toEqual({ sha256: first.sha256, size: bytes.length, status: 'already-stored' });
    expect(await filesUnder(vaultRoot)).toEqual([`objects/${first.sha256.slice(0, 2)}/${first.sha256.slice(2, 4)}/${first.sha256}`]);
  });

  it('stores the same clip once when two docks ingest it at the same time', async () => {
    const bytes = randomBytes(2 * MiB);
    const vault = new FsVault(vaultRoot);
    const [a, b] = await Promise.all([
      vault.ingest(await sourceFile('DOCK1.MP4', bytes), bytes.length, noProgress),
      vault.ingest(await sourceFile('DOCK2.MP4', bytes), bytes.length, noProgress),
    ]);
    expect([a.status, b.status].sort()).toEqual(['already-stored', 'stored']);
    expect(await filesUnder(vaultRoot)).toHaveLength(1);
  });
});

describe('progress', () => {
  it('goes up within each phase, copying then verifying, and ends at the total', async () => {
    const bytes = randomBytes(6 * MiB + 777);
    const reports: CopyProgress[] = [];
    const vault = new FsVault(vaultRoot, MANY_SMALL_CHUNKS);
    await vault.ingest(await sourceFile('A.MP4', bytes), bytes.length, (p) => reports.push({ ...p }));

    const copying = reports.filter((p) => p.phase === 'copying');
    const verifying = reports.filter((p) => p.phase === 'verifying');
    expect(copying.length).toBeGreaterThan(2);
    expect(verifying.length).toBeGreaterThan(2);
    expect(reports).toEqual([...copying, ...verifying]);
    for (const phase of [copying, verifying]) {
      for (let i = 1; i < phase.length; i++) expect(phase[i]!.bytesDone).toBeGreaterThanOrEqual(phase[i - 1]!.bytesDone);
      expect(phase.at(-1)).toEqual(expect.objectContaining({ bytesDone: bytes.length, bytesTotal: bytes.length }));
    }
    expect(reports.every((p) => p.bytesTotal === bytes.length)).toBe(true);
  });

  it('is rate-limited by default', async () => {
    const bytes = randomBytes(6 * MiB);
    const reports: CopyProgress[] = [];
    // 1 MiB chunks would give 12 reports without the limit; a fast local copy takes well under 100 ms per phase.
    const vault = new FsVault(vaultRoot, { chunkBytes: 1 * MiB });
    await vault.ingest(await sourceFile('A.MP4', bytes), bytes.length, (p) => reports.push({ ...p }));
    expect(reports.length).toBeLessThan(12);
    expect(reports.at(-1)).toEqual({ bytesDone: bytes.length, bytesTotal: bytes.length, phase: 'verifying' });
  });
});

describe('source failures leave nothing behind', () => {
  it('SOURCE_VANISHED when the camera file shrinks during the copy', async () => {
    const bytes = randomBytes(20 * MiB);
    const source = await sourceFile('PULLED.MP4', bytes);
    const vault = new FsVault(vaultRoot, MANY_SMALL_CHUNKS);
    let truncated = false;
    const shrinkAfterFirstChunk = (p: CopyProgress): void => {
      if (truncated || p.phase !== 'copying' || p.bytesDone === 0) return;
      truncated = true;
      truncateSync(source, 1000);
    };

    const error = await expectStationError(vault.ingest(source, bytes.length, shrinkAfterFirstChunk), 'SOURCE_VANISHED');

    expect(truncated).toBe(true);
    expect(error.params).toEqual(expect.objectContaining({ expectedSize: bytes.length }));
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });

  it('SOURCE_VANISHED when the file is already shorter than listed', async () => {
    const source = await sourceFile('SHORT.MP4', randomBytes(100));
    await expectStationError(new FsVault(vaultRoot).ingest(source, 200, noProgress), 'SOURCE_VANISHED');
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });

  it('SOURCE_VANISHED when the file is gone', async () => {
    const error = await expectStationError(new FsVault(vaultRoot).ingest(join(workDir, 'nope.MP4'), 10, noProgress), 'SOURCE_VANISHED');
    expect(error.params.errno).toBe('ENOENT');
  });

  it('SOURCE_READ_FAILED when the file is longer than listed (a truncated original must not be stored)', async () => {
    const source = await sourceFile('LONGER.MP4', randomBytes(300));
    const error = await expectStationError(new FsVault(vaultRoot).ingest(source, 200, noProgress), 'SOURCE_READ_FAILED');
    expect(error.params.reason).toBe('size-changed');
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });

  it('refuses to follow a symlink or read something that is not a regular file', async () => {
    const target = await sourceFile('REAL.MP4', randomBytes(10));
    const link = join(workDir, 'camera', 'LINK.MP4');
    await symlink(target, link);
    const vault = new FsVault(vaultRoot);
    const viaLink = await expectStationError(vault.ingest(link, 10, noProgress), 'SOURCE_READ_FAILED');
    expect(viaLink.params.errno).toBe('ELOOP');
    await expectStationError(vault.ingest(join(workDir, 'camera'), 10, noProgress), 'UNSAFE_ENTRY');
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });
});

describe('verification', () => {
  it('throws ChecksumMismatchError when the copy on disk differs from what was read', async () => {
    const bytes = randomBytes(3 * MiB + 10);
    const flippedAt = 2 * MiB + 3;
    const corrupted = Buffer.from(bytes);
    corrupted[flippedAt] = (corrupted[flippedAt] as number) ^ 0x10;
    const flipOneBit = async (partPath: string): Promise<void> => {
      await chmod(partPath, 0o600);
      const handle = await open(partPath, 'r+');
      try {
        await handle.write(corrupted, flippedAt, 1, flippedAt);
      } finally {
        await handle.close();
      }
    };
    const vault = new FsVault(vaultRoot, { beforeVerify: flipOneBit });

    const failure: unknown = await vault.ingest(await sourceFile('A.MP4', bytes), bytes.length, noProgress).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ChecksumMismatchError);
    const mismatch = failure as ChecksumMismatchError;
    expect(mismatch.code).toBe('CHECKSUM_MISMATCH');
    expect(mismatch.expected).toBe(sha256Of(bytes));
    expect(mismatch.actual).toBe(sha256Of(corrupted));
    expect(mismatch.file).toMatch(/\.part$/);
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });

  it('verifyFile re-reads a stored object and catches later damage', async () => {
    const bytes = randomBytes(MiB + 1);
    const vault = new FsVault(vaultRoot);
    const copy = await vault.ingest(await sourceFile('A.MP4', bytes), bytes.length, noProgress);
    const objectPath = vault.pathOf(copy.sha256);

    await expect(verifyFile(objectPath, copy.sha256)).resolves.toEqual(expect.objectContaining({ sha256: copy.sha256, size: bytes.length }));

    await chmod(objectPath, 0o600);
    await truncate(objectPath, bytes.length - 1);
    const failure: unknown = await verifyFile(objectPath, copy.sha256, { expectedSize: bytes.length }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ChecksumMismatchError);
    expect((failure as ChecksumMismatchError).actual).toBe(sha256Of(bytes.subarray(0, bytes.length - 1)));
  });

  it('reads the copy back from the device when the filesystem allows O_DIRECT, and from the page cache when told not to', async () => {
    const bytes = randomBytes(2 * MiB + 99);
    const source = await sourceFile('A.MP4', bytes);
    await mkdir(vaultRoot, { recursive: true });

    const direct = await copyAndVerify(source, join(vaultRoot, 'direct.part'), bytes.length, noProgress);
    const buffered = await copyAndVerify(source, join(vaultRoot, 'buffered.part'), bytes.length, noProgress, undefined, { directIo: false });

    expect(buffered).toEqual({ sha256: sha256Of(bytes), size: bytes.length, wroteDirect: false, verifiedFromDevice: false });
    expect(direct.sha256).toBe(sha256Of(bytes));
    // tmpfs (since Linux 6.6) and ext4/xfs/btrfs accept O_DIRECT; this only documents what happened here.
    expect(direct.wroteDirect).toBe(direct.verifiedFromDevice);
    expect((await readFile(join(vaultRoot, 'buffered.part'))).equals(bytes)).toBe(true);
  });
});

describe('abort', () => {
  it('stops mid-copy with the abort reason and removes the .part', async () => {
    const bytes = randomBytes(12 * MiB);
    const controller = new AbortController();
    const vault = new FsVault(vaultRoot, MANY_SMALL_CHUNKS);
    const abortOnFirstChunk = (p: CopyProgress): void => {
      if (p.bytesDone > 0) controller.abort();
    };

    const failure: unknown = await vault.ingest(await sourceFile('A.MP4', bytes), bytes.length, abortOnFirstChunk, controller.signal).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('AbortError');
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });

  it('stops during verification too', async () => {
    const bytes = randomBytes(6 * MiB);
    const controller = new AbortController();
    const vault = new FsVault(vaultRoot, MANY_SMALL_CHUNKS);
    const abortWhileVerifying = (p: CopyProgress): void => {
      if (p.phase === 'verifying' && p.bytesDone > 0) controller.abort(new Error('camera undocked'));
    };

    await expect(vault.ingest(await sourceFile('A.MP4', bytes), bytes.length, abortWhileVerifying, controller.signal)).rejects.toThrow('camera undocked');
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });

  it('does nothing when already aborted', async () => {
    const vault = new FsVault(vaultRoot);
    await expect(vault.ingest(await sourceFile('A.MP4', randomBytes(10)), 10, noProgress, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });
});

describe('vault housekeeping', () => {
  it('recoverIncoming deletes leftover .part files and reports how many', async () => {
    const vault = new FsVault(vaultRoot);
    await vault.recoverIncoming();
    await writeFile(join(vaultRoot, 'incoming', 'a.part'), 'half a clip');
    await writeFile(join(vaultRoot, 'incoming', 'b.part'), '');
    await writeFile(join(vaultRoot, 'incoming', 'README'), 'not ours to judge');

    expect(await vault.recoverIncoming()).toBe(2);
    expect(await filesUnder(join(vaultRoot, 'incoming'))).toEqual(['README']);
    expect(await vault.recoverIncoming()).toBe(0);
  });

  it('refuses a content address that is not a SHA-256', async () => {
    const vault = new FsVault(vaultRoot);
    expect(() => vault.pathOf('../../etc/passwd')).toThrow(StationError);
    expect(() => vault.pathOf('A'.repeat(64))).toThrow(StationError);
    expect(await vault.has('0'.repeat(64))).toBe(false);
  });

  it('reports free space and refuses a file larger than it before copying anything', async () => {
    const vault = new FsVault(vaultRoot);
    const free = await vault.freeBytes();
    expect(free).toBeGreaterThan(0);
    const source = await sourceFile('HUGE.MP4', randomBytes(10));

    const error = await expectStationError(vault.ingest(source, free + 1024 ** 4, noProgress), 'DISK_FULL');

    expect(error.params.needed).toBe(free + 1024 ** 4);
    expect(typeof error.params.free).toBe('number');
    expect(await filesUnder(vaultRoot)).toEqual([]);
  });
});
