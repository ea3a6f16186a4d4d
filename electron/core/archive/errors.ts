/**
 * The archive's failures: a stable code for the UI's words, `params` for what the words need, and for
 * verification the expected and actual checksum of every file that did not read back (etcher-sdk's
 * ChecksumVerificationError habit). The codes extend StationErrorCode; DISK_FULL is shared on purpose,
 * so a full external disk reads like a full vault.
 */
import type { ArchiveErrorCode } from '../domain/errors.js';
import type { DiscProblem } from './model.js';

/** Defined with the station's codes in domain/errors.ts (shared with the renderer), which it extends. */
export type { ArchiveErrorCode };

export class ArchiveError extends Error {
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ArchiveError';
  }
}

/**
 * Why a burn failed, parsed from the tool's own words. `reason` is a stable key the UI words;
 * `toolMessage` is the tool's line, kept for the audit log and for support.
 */
export type BurnFailureReason =
  | 'media-too-small'
  | 'no-media'
  | 'media-not-blank'
  | 'media-unsupported'
  | 'drive-not-found'
  | 'drive-busy'
  | 'target-folder-missing'
  | 'target-not-writable'
  | 'source-unreadable'
  | 'write-error'
  | 'cancelled'
  | 'unknown';

export class BurnFailedError extends ArchiveError {
  constructor(
    readonly reason: BurnFailureReason,
    readonly toolMessage: string,
    params: Record<string, string | number> = {},
  ) {
    super('ARCHIVE_BURN_FAILED', `burning failed (${reason}): ${toolMessage}`, { reason, toolMessage, ...params });
    this.name = 'BurnFailedError';
  }
}

/** A copy that did not read back identical: every bad file with expected and actual SHA-256. */
export class VerificationFailedError extends ArchiveError {
  constructor(
    readonly discId: string,
    readonly problems: DiscProblem[],
  ) {
    const first = problems[0];
    super(
      'ARCHIVE_VERIFY_FAILED',
      `disc ${discId}: ${problems.length} file(s) did not read back as written${first ? ` (first: ${first.path}, ${first.problem}${first.expected ? `, expected ${first.expected}` : ''}${first.actual ? `, read ${first.actual}` : ''})` : ''}`,
      {
        discId,
        problems: problems.length,
        ...(first ? { file: first.path, problem: first.problem, expected: first.expected ?? '', actual: first.actual ?? '' } : {}),
      },
    );
    this.name = 'VerificationFailedError';
  }
}

export function isArchiveError(error: unknown): error is ArchiveError {
  return error instanceof ArchiveError;
}
