/**
 * Turns errno failures of the copy into StationErrors with stable codes. Anything that is not an errno
 * failure (an abort, a StationError already, a programming error) passes through untouched, so nothing
 * is swallowed or disguised.
 */
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StationError } from '../../core/domain/errors.js';

/**
 * How a camera that was unplugged (or a card that was pulled) shows up on a read: the file is gone, the
 * device is gone, or the block layer reports I/O errors for the missing medium.
 */
const SOURCE_GONE_ERRNOS = new Set(['ENOENT', 'EIO', 'ENODEV', 'ENXIO', 'ESTALE', 'ENOTCONN', 'ENOMEDIUM']);
const NO_SPACE_ERRNOS = new Set(['ENOSPC', 'EDQUOT']);

export function errnoOf(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' && code.startsWith('E') ? code : undefined;
}

export function hasErrno(error: unknown, errno: string): boolean {
  return errnoOf(error) === errno;
}

function withCause(error: StationError, cause: unknown): StationError {
  error.cause = cause;
  return error;
}

/** A failure opening or reading the camera file. */
export function sourceFailure(error: unknown, sourcePath: string): unknown {
  const errno = errnoOf(error);
  if (errno === undefined) return error;
  if (SOURCE_GONE_ERRNOS.has(errno)) {
    return withCause(new StationError('SOURCE_VANISHED', `source disappeared while reading ${sourcePath} (${errno})`, { file: sourcePath, errno }), error);
  }
  return withCause(new StationError('SOURCE_READ_FAILED', `cannot read ${sourcePath} (${errno})`, { file: sourcePath, errno }), error);
}

/** The camera file ended before the size the listing promised: it was truncated or the medium went away. */
export function sourceShrank(sourcePath: string, expectedSize: number, bytesAvailable: number): StationError {
  return new StationError('SOURCE_VANISHED', `${sourcePath} ended after ${bytesAvailable} of ${expectedSize} bytes`, {
    file: sourcePath,
    expectedSize,
    bytesAvailable,
  });
}

/** The camera file is longer than listed: copying only the listed bytes would store a truncated original. */
export function sourceGrew(sourcePath: string, expectedSize: number): StationError {
  return new StationError('SOURCE_READ_FAILED', `${sourcePath} is larger than the ${expectedSize} bytes listed; list the volume again`, {
    file: sourcePath,
    expectedSize,
    reason: 'size-changed',
  });
}

/** A failure creating, writing, syncing or reading back the copy (`stage` says which). */
export async function destinationFailure(error: unknown, destinationPath: string, neededBytes: number, stage: string): Promise<unknown> {
  const errno = errnoOf(error);
  if (errno === undefined) return error;
  if (NO_SPACE_ERRNOS.has(errno)) {
    const free = await freeBytesNear(destinationPath);
    const params: Record<string, string | number> = { needed: neededBytes, file: destinationPath, errno };
    if (free !== undefined) params.free = free;
    return withCause(new StationError('DISK_FULL', `no space left for ${destinationPath}: ${neededBytes} bytes needed`, params), error);
  }
  return withCause(new StationError('WRITE_FAILED', `${stage} of ${destinationPath} failed (${errno})`, { file: destinationPath, errno, stage }), error);
}

async function freeBytesNear(path: string): Promise<number | undefined> {
  try {
    const stats = await statfs(dirname(path));
    return stats.bavail * stats.bsize;
  } catch {
    // The DISK_FULL error is what matters; a missing "free" figure only makes its message less precise.
    return undefined;
  }
}
