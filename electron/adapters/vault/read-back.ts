/**
 * Verification: re-read a written file and compare its SHA-256 with the hash taken from the source.
 *
 * Reading back through the page cache would only prove that memory still holds what was written. With
 * O_DIRECT the read bypasses the cache and comes from the device (Linux flushes any dirty cached range
 * first, e.g. the tail written through the page cache). The alternative, dropping the file's pages with
 * posix_fadvise(DONTNEED), is not reachable from Node and is only advisory anyway. Where O_DIRECT is
 * refused (tmpfs before Linux 6.6, some FUSE filesystems, macOS, Windows), the read falls back to the page
 * cache and the result says so (`readFromDevice: false`); on tmpfs the page cache is the storage.
 */
import { createHash } from 'node:crypto';
import type { CopyProgress } from '../../core/ports.js';
import { ChecksumMismatchError } from '../../core/domain/errors.js';
import { acquireSlab, releaseSlab, type ChunkBufferSlab } from './aligned-buffers.js';
import { resolveCopySettings, type CopySettings } from './copy-settings.js';
import { ProgressThrottle } from './progress-throttle.js';
import { ReadAhead } from './read-ahead.js';
import { DirectReadFile } from './direct-read-file.js';
import { destinationFailure } from './io-errors.js';

export interface VerifyOptions {
  onProgress?: (progress: CopyProgress) => void;
  signal?: AbortSignal;
  /** Also require this exact size (a hash match already implies it; this makes the message precise). */
  expectedSize?: number;
  chunkBytes?: number;
  buffersInFlight?: number;
  progressIntervalMs?: number;
  directIo?: boolean;
}

export interface VerifyResult {
  sha256: string;
  size: number;
  /** false when the filesystem refused O_DIRECT and the bytes may have come from the page cache. */
  readFromDevice: boolean;
}

/**
 * Re-reads `path` and resolves when its SHA-256 is `expectedSha256`; throws ChecksumMismatchError
 * otherwise, and WRITE_FAILED (stage 'verify') when the file cannot be read back at all.
 */
export async function verifyFile(path: string, expectedSha256: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const settings = resolveCopySettings(options);
  const slab = acquireSlab(settings.chunkBytes, settings.buffersInFlight);
  try {
    return await readBackAndCompare(path, expectedSha256, options, settings, slab);
  } finally {
    releaseSlab(slab);
  }
}

/** The engine's entry point: reuses the slab already probed by the copy. */
export async function readBackAndCompare(
  path: string,
  expectedSha256: string,
  options: VerifyOptions,
  settings: CopySettings,
  slab: ChunkBufferSlab,
): Promise<VerifyResult> {
  let size = 0;
  const describeFailure = (error: unknown): Promise<unknown> => destinationFailure(error, path, size, 'verify');
  const file = await DirectReadFile.open(path, { flags: 0, allowDirect: settings.directIo, slab, describeFailure });
  size = file.stats.size;
  let succeeded = false;
  try {
    const throttle = new ProgressThrottle(options.onProgress ?? (() => undefined), size, settings.progressIntervalMs);
    const hash = createHash('sha256');
    let hashedBytes = 0;
    const reader = ReadAhead.start(file.readChunk, size, settings.chunkBytes, slab.buffers());
    try {
      for (let chunk = await reader.next(); chunk !== undefined; chunk = await reader.next()) {
        options.signal?.throwIfAborted();
        hash.update(chunk.buffer.subarray(0, chunk.bytes));
        hashedBytes += chunk.bytes;
        reader.release(chunk);
        throttle.update('verifying', hashedBytes);
        // The file shrank while being verified: what was read is all there is to compare.
        if (chunk.bytes < chunk.span.length) break;
      }
    } finally {
      await reader.settle();
    }
    const actual = hash.digest('hex');
    const sizeDiffers = options.expectedSize !== undefined && hashedBytes !== options.expectedSize;
    if (actual !== expectedSha256 || sizeDiffers) throw new ChecksumMismatchError(expectedSha256, actual, path);
    const result = { sha256: actual, size: hashedBytes, readFromDevice: file.readsFromDevice };
    succeeded = true;
    throttle.complete('verifying');
    return result;
  } finally {
    const closing = file.close();
    // After a mismatch or a read error, that is what the caller must see, not a follow-on close error.
    await (succeeded ? closing : closing.catch(() => undefined));
  }
}
