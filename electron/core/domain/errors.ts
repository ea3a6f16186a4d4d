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
  /** Issue F: no login session behind the call (or it expired, was locked or logged out). */
  | 'UNAUTHENTICATED'
  /** Issue F: the permission rules (core/access/permissions.ts) refuse this person this action. */
  | 'FORBIDDEN'
  | AccessErrorCode
  | 'INTERNAL'
  /** The archive's (thrown as ArchiveError, core/archive/errors.ts), through the same contract. */
  | ArchiveErrorCode
  /** The off-site backup's (thrown as BackupError, core/backup/errors.ts). */
  | BackupErrorCode
  /** Supervision: replay bookmarks, continuity gaps, spot-check review, copies for a party (docs/supervision.md). */
  | SupervisionErrorCode
  /** The camera device layer and the device registry (issue B, core/camera and core/devices). */
  | CameraErrorCode;

/** Camera control, admission and device registry failures (issue B, docs/cameras.md). */
export type CameraErrorCode =
  | 'CAMERA_WRONG_PASSWORD'
  | 'CAMERA_NO_ANSWER'
  | 'CAMERA_GARBAGE_ANSWER'
  | 'CAMERA_GONE'
  | 'CAMERA_REFUSED_COMMAND'
  | 'CAMERA_NOT_SUPPORTED'
  | 'CAMERA_VANISHED_BEFORE_MOUNT'
  | 'CAMERA_UNREGISTERED'
  | 'CAMERA_UNBOUND'
  | 'CAMERA_RETIRED'
  | 'CAMERA_IN_REPAIR'
  | 'CAMERA_IDENTITY_CHANGED'
  | 'CAMERA_FOREIGN_DEVICE'
  | 'CAMERA_NOT_PRESENT'
  | 'DEVICE_NOT_FOUND'
  | 'DEVICE_EXISTS'
  | 'DEVICE_NO_PENDING_IDENTITY';

/** Supervision (issue F part 2, core/supervision). DISK_FULL is shared: a full export disk reads like a full vault. */
export type SupervisionErrorCode =
  | 'BOOKMARK_NOT_FOUND'
  | 'GAP_NOT_FOUND'
  | 'GAP_NOT_CONSECUTIVE'
  | 'GAP_ALREADY_EXPLAINED'
  | 'SPOTCHECK_ITEM_NOT_FOUND'
  | 'SPOTCHECK_ALREADY_REVIEWED'
  | 'PARTY_COPY_NOT_FOUND'
  | 'PARTY_COPY_NOT_APPROVED'
  | 'PARTY_COPY_ALREADY_DECIDED'
  | 'ID_NUMBER_INVALID'
  | 'EXPORT_DESTINATION_MISSING'
  | 'EXPORT_WRITE_FAILED'
  | 'EXPORT_VERIFY_FAILED'
  | 'WATERMARK_FAILED';

/** Off-site backup and restore (issue E, core/backup). */
export type BackupErrorCode =
  | 'BACKUP_TARGET_INVALID'
  | 'BACKUP_TARGET_UNREACHABLE'
  | 'BACKUP_AUTH_FAILED'
  | 'BACKUP_TARGET_FULL'
  | 'BACKUP_OBJECT_CORRUPT'
  | 'BACKUP_OBJECT_MISSING'
  | 'BACKUP_WRONG_KEY'
  | 'BACKUP_KEY_MISSING'
  | 'BACKUP_KEY_INVALID'
  | 'BACKUP_NO_SNAPSHOT'
  | 'BACKUP_ALREADY_RUNNING'
  | 'BACKUP_SOURCE_CHANGED'
  | 'BACKUP_RESTORE_NOT_EMPTY'
  | 'BACKUP_RESTORE_FAILED'
  | 'BACKUP_WRITE_FAILED';

/** Accounts, sessions and viewing grants (issue F, core/access). */
export type AccessErrorCode =
  | 'LOGIN_FAILED'
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_DISABLED'
  | 'SESSION_INVALID'
  | 'SESSION_LOCKED'
  | 'SETUP_ALREADY_DONE'
  | 'SETUP_REQUIRED'
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'PASSWORD_WEAK'
  | 'PIN_INVALID'
  | 'GRANT_REQUIRED'
  | 'GRANT_NOT_FOUND'
  | 'GRANT_INVALID'
  | 'CASE_NOT_FOUND';

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
