/**
 * The copy engine: camera file -> verified, durable, read-only .part file.
 *
 * Order (DESIGN.md "Integrity rules"): hash the source bytes while copying, write the .part, fsync,
 * re-read the copy from the device and compare hashes. Only then does the caller give it a name in the
 * vault. Any failure removes the .part.
 *
 * Why it is fast: chunks of several MiB rotate through a few buffers (read-ahead.ts), so the next read
 * is in flight while the current chunk is written and hashed - the write runs in libuv's thread pool
 * while SHA-256 runs on the main thread over the same (read-only) bytes. Both ends use O_DIRECT where
 * the filesystem allows it: the camera file is read straight from the medium (direct-read-file.ts), the
 * .part is written without a copy into the page cache and without a write-back burst at fsync
 * (destination-file.ts), and so the read-back (read-back.ts) genuinely comes from the disk. O_DIRECT
 * needs aligned memory, which aligned-buffers.ts provides.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { CopyProgress } from '../../core/ports.js';
import { acquireSlab, releaseSlab, type ChunkBufferSlab } from './aligned-buffers.js';
import { resolveCopySettings, type CopyEngineOptions, type CopySettings } from './copy-settings.js';
import { DestinationFile } from './destination-file.js';
import { destinationFailure } from './io-errors.js';
import { ProgressThrottle } from './progress-throttle.js';
import { readBackAndCompare } from './read-back.js';
import { ReadAhead } from './read-ahead.js';
import { SourceFile } from './source-file.js';

export { verifyFile, type VerifyOptions, type VerifyResult } from './read-back.js';
export type { CopyEngineOptions } from './copy-settings.js';

/** Originals are immutable (DESIGN.md): the copy is read-only before it is even verified. */
const STORED_FILE_MODE = 0o444;

export interface CopyResult {
  sha256: string;
  size: number;
  /** Whether whole blocks were written with O_DIRECT (false on filesystems that refuse it). */
  wroteDirect: boolean;
  /** Whether the verification read bypassed the page cache. */
  verifiedFromDevice: boolean;
}

/**
 * Copies `sourcePath` to `partPath` (which must not exist) and verifies it. Resolves only when the copy
 * is fsync'd, read back and matching. Rejects with a StationError (SOURCE_VANISHED, SOURCE_READ_FAILED,
 * UNSAFE_ENTRY, DISK_FULL, WRITE_FAILED), a ChecksumMismatchError, or the signal's abort reason; in every
 * case `partPath` has been removed.
 */
export async function copyAndVerify(
  sourcePath: string,
  partPath: string,
  expectedSize: number,
  onProgress: (progress: CopyProgress) => void,
  signal?: AbortSignal,
  options: CopyEngineOptions = {},
): Promise<CopyResult> {
  signal?.throwIfAborted();
  const settings = resolveCopySettings(options);
  const slab = acquireSlab(settings.chunkBytes, settings.buffersInFlight);
  try {
    const copy = await copyHashingSource(sourcePath, partPath, expectedSize, onProgress, signal, settings, slab);
    signal?.throwIfAborted();
    await options.beforeVerify?.(partPath);
    const verified = await readBackAndCompare(partPath, copy.sha256, { onProgress, signal, expectedSize }, settings, slab);
    return { sha256: copy.sha256, size: expectedSize, wroteDirect: copy.wroteDirect, verifiedFromDevice: verified.readFromDevice };
  } catch (error) {
    await removePartFile(partPath, error);
    throw error;
  } finally {
    releaseSlab(slab);
  }
}

async function copyHashingSource(
  sourcePath: string,
  partPath: string,
  expectedSize: number,
  onProgress: (progress: CopyProgress) => void,
  signal: AbortSignal | undefined,
  settings: CopySettings,
  slab: ChunkBufferSlab,
): Promise<{ sha256: string; wroteDirect: boolean }> {
  const source = await SourceFile.open(sourcePath, expectedSize, slab, settings.directIo);
  let destination: DestinationFile | undefined;
  let succeeded = false;
  try {
    destination = await atDestination(partPath, expectedSize, 'create', () => DestinationFile.create(partPath, expectedSize, slab, settings.directIo));
    const target = destination;
    const throttle = new ProgressThrottle(onProgress, expectedSize, settings.progressIntervalMs);
    const hash = createHash('sha256');
    // Buffers are taken after both files are open: their probes decide the buffers' alignment.
    const reader = ReadAhead.start(source.readChunk, expectedSize, settings.chunkBytes, slab.buffers());
    try {
      for (let chunk = await reader.next(); chunk !== undefined; chunk = await reader.next()) {
        signal?.throwIfAborted();
        const { buffer, bytes, span } = chunk;
        const writing = atDestination(partPath, expectedSize, 'write', () => target.write(buffer, bytes, span.position));
        // Hashing on the main thread overlaps the write running in the thread pool; both only read `buffer`.
        hash.update(buffer.subarray(0, bytes));
        await writing;
        reader.release(chunk);
        throttle.update('copying', span.position + bytes);
      }
    } finally {
      await reader.settle();
    }
    await source.checkEndsAtExpectedSize();
    signal?.throwIfAborted();
    await atDestination(partPath, expectedSize, 'fsync', () => target.finish(STORED_FILE_MODE));
    succeeded = true;
    throttle.complete('copying');
    // Read after the loop: a write refused late (EINVAL) switches the rest of the file to the page cache.
    return { sha256: hash.digest('hex'), wroteDirect: target.usesDirectIo };
  } finally {
    const closing = closeBoth(source, destination, partPath, expectedSize);
    // After an earlier failure, that failure is what the caller must see, not a follow-on close error.
    await (succeeded ? closing : closing.catch(() => undefined));
  }
}

/** Runs one destination operation, turning errno failures into DISK_FULL / WRITE_FAILED. */
async function atDestination<T>(partPath: string, neededBytes: number, stage: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw await destinationFailure(error, partPath, neededBytes, stage);
  }
}

/** Closes both files, even when one close fails. */
async function closeBoth(source: SourceFile, destination: DestinationFile | undefined, partPath: string, expectedSize: number): Promise<void> {
  const results = await Promise.allSettled([
    source.close(),
    destination === undefined ? Promise.resolve() : atDestination(partPath, expectedSize, 'close', () => destination.close()),
  ]);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}

/**
 * The .part is never trusted after a failure. If removing it fails too, the original failure is still
 * what the caller must see; the leftover is collected by FsVault.recoverIncoming() at the next start.
 */
async function removePartFile(partPath: string, originalFailure: unknown): Promise<void> {
  try {
    await rm(partPath, { force: true });
  } catch (cleanupError) {
    if (originalFailure instanceof Error && originalFailure.cause === undefined) originalFailure.cause = cleanupError;
  }
}
