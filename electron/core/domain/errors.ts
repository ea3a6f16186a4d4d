/**
 * Failures are values with a stable code; the UI turns codes into words (zh-CN / en).
 * `params` carries what the message needs (expected vs actual, sizes, names).
 */
export type StationErrorCode =
  | 'CASE_NUMBER_INVALID'
  | 'FIELD_REQUIRED'
  | 'CLIP_NOT_FOUND'
  | 'SESSION_NOT_FOUND'
  | 'SESSION_HAS_UNLABELLED'
  | 'SESSION_BUSY'
  | 'LABEL_REJECTED'
  | 'SETTING_INVALID'
  | 'LATE_REASON_REQUIRED'
  | 'SOURCE_VANISHED'
  | 'SOURCE_READ_FAILED'
  | 'DISK_FULL'
  | 'CHECKSUM_MISMATCH'
  | 'UNSAFE_ENTRY'
  | 'WRITE_FAILED'
  | 'INVALID_REQUEST'
  | 'UNAUTHORIZED'
  | 'INTERNAL'
  /** The archive's (thrown as ArchiveError, core/archive/errors.ts), through the same contract. */
  | ArchiveErrorCode;

/** The archive's failures (core/archive/errors.ts). DISK_FULL is shared on purpose: a full external disk reads like a full vault. */
export type ArchiveErrorCode =
  | 'ARCHIVE_NOTHING_TO_ARCHIVE'
  | 'ARCHIVE_CLIP_UNLABELLED'
  | 'ARCHIVE_CLIP_MISSING'
  | 'ARCHIVE_TARGET_INVALID'
  | 'ARCHIVE_TARGET_EXISTS'
  | 'ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA'
  | 'ARCHIVE_MEDIA_NOT_BLANK'
  | 'ARCHIVE_MEDIA_TOO_SMALL'
  | 'ARCHIVE_NO_MEDIA'
  | 'ARCHIVE_WRONG_DISC'
  | 'ARCHIVE_BURN_FAILED'
  | 'ARCHIVE_WRITE_FAILED'
  | 'ARCHIVE_VERIFY_FAILED'
  | 'ARCHIVE_READ_BACK_FAILED'
  | 'ARCHIVE_DISC_NOT_FOUND'
  | 'ARCHIVE_JOB_NOT_FOUND'
  | 'ARCHIVE_TOOL_MISSING'
  | 'ARCHIVE_FONT_MISSING'
  | 'ARCHIVE_ABORTED'
  | 'DISK_FULL';

export class StationError extends Error {
  constructor(
    readonly code: StationErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
    /** Per-field problems of a form, keyed by field name. */
    readonly fields?: Record<string, { code: string; params: Record<string, string | number> }>,
  ) {
    super(message);
    this.name = 'StationError';
  }
}

/** A copy whose read-back does not match the bytes read from the camera. */
export class ChecksumMismatchError extends StationError {
  constructor(
    readonly expected: string,
    readonly actual: string,
    readonly file: string,
  ) {
    super('CHECKSUM_MISMATCH', `verification failed for ${file}: expected ${expected}, read back ${actual}`, { expected, actual, file });
  }
}
