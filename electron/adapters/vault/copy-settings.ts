import { DIRECT_IO_BLOCK_BYTES } from './chunk-plan.js';

/** Tuning and test seams of the copy engine; every field has a measured default. */
export interface CopyEngineOptions {
  /**
   * Bytes per read and write, a multiple of 4096. 64 KiB chunks reach about half of `cp`'s throughput
   * (every syscall and hash update is paid per chunk); several MiB amortise that and give the disk
   * requests large enough to stream. Ingesting 3 GB (bench/ingest.bench.ts, configurations interleaved,
   * 4 rounds): 8 MiB x 3 buffers 392 MB/s median, 16 MiB x 3 432, 16 MiB x 2 416, 32 MiB x 2 420 - 16 MiB
   * was best in each of two such runs, at 48 MiB of buffers per running ingest.
   */
  chunkBytes?: number;
  /** Chunk buffers in rotation: how many reads may be in flight while one chunk is hashed and written. */
  buffersInFlight?: number;
  /** Minimum time between two progress reports within a phase. */
  progressIntervalMs?: number;
  /** false forces page-cache I/O; by default O_DIRECT is used wherever the OS and filesystem accept it. */
  directIo?: boolean;
  /**
   * Test seam: runs after the copy is written and fsync'd and before it is read back, so a test can
   * damage the .part on disk and prove that verification catches it. Never set in production.
   */
  beforeVerify?: (partPath: string) => Promise<void> | void;
}

export interface CopySettings {
  chunkBytes: number;
  buffersInFlight: number;
  progressIntervalMs: number;
  directIo: boolean;
}

export const DEFAULT_COPY_SETTINGS: CopySettings = {
  chunkBytes: 16 * 1024 * 1024,
  buffersInFlight: 3,
  progressIntervalMs: 100,
  directIo: true,
};

export function resolveCopySettings(options: CopyEngineOptions): CopySettings {
  const settings: CopySettings = {
    chunkBytes: options.chunkBytes ?? DEFAULT_COPY_SETTINGS.chunkBytes,
    buffersInFlight: options.buffersInFlight ?? DEFAULT_COPY_SETTINGS.buffersInFlight,
    progressIntervalMs: options.progressIntervalMs ?? DEFAULT_COPY_SETTINGS.progressIntervalMs,
    directIo: options.directIo ?? DEFAULT_COPY_SETTINGS.directIo,
  };
  if (!Number.isSafeInteger(settings.chunkBytes) || settings.chunkBytes <= 0 || settings.chunkBytes % DIRECT_IO_BLOCK_BYTES !== 0) {
    throw new RangeError(`chunkBytes must be a positive multiple of ${DIRECT_IO_BLOCK_BYTES}, got ${settings.chunkBytes}`);
  }
  if (!Number.isInteger(settings.buffersInFlight) || settings.buffersInFlight < 2) {
    throw new RangeError(`buffersInFlight must be an integer >= 2 (one being processed, one being read), got ${settings.buffersInFlight}`);
  }
  return settings;
}

