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
  | 'INTERNAL';

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
