/**
 * The backup's failures (issue E): a stable code the screens and the CLI turn into zh-CN / en words,
 * `params` for what the words need. BackupError is a StationError, so the one contract carries it
 * unchanged (station.ts's error payload) and the renderer words it like any other code.
 */
import { StationError, type BackupErrorCode } from '../domain/errors.js';

export type { BackupErrorCode };

export class BackupError extends StationError {
  constructor(
    code: BackupErrorCode,
    message: string,
    params: Record<string, string | number> = {},
  ) {
    super(code, message, params);
    this.name = 'BackupError';
  }
}

/** Network trouble is worth another try; a refused credential, a full target or damaged data is not. */
export function isRetryable(error: unknown): boolean {
  return error instanceof BackupError && error.code === 'BACKUP_TARGET_UNREACHABLE' && error.params.retry !== 'no';
}
