/** Maps the I/O libraries' failures onto the backup's typed codes, so every target fails in the same words. */
import { BackupError } from '../../core/backup/errors.js';

function errno(error: unknown): string {
  return error !== null && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** Local file system (folder target: NAS / SMB share mounted by the OS, USB disk). */
export function fsTargetError(error: unknown, target: string, what: string): BackupError {
  if (error instanceof BackupError) return error;
  const code = errno(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return new BackupError('BACKUP_TARGET_FULL', `the backup target ${target} is full (${code})`, { target, errno: code });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new BackupError('BACKUP_AUTH_FAILED', `the backup target ${target} refuses writing (${code})`, { target, errno: code });
  if (code === 'ENOENT' && what === 'root') return new BackupError('BACKUP_TARGET_UNREACHABLE', `the backup folder ${target} is not there (disk not connected or share not mounted?)`, { target, errno: code, retry: 'no' });
  if (code === 'ENOENT') return new BackupError('BACKUP_OBJECT_MISSING', `${what} is not on the backup target ${target}`, { target, object: what });
  if (code === 'EIO' || code === 'ENOTCONN' || code === 'ESTALE' || code === 'EHOSTDOWN' || code === 'ETIMEDOUT') return new BackupError('BACKUP_TARGET_UNREACHABLE', `the backup target ${target} stopped answering (${code})`, { target, errno: code });
  return new BackupError('BACKUP_WRITE_FAILED', `backup target ${target}: ${what}: ${message}`, { target, errno: code || 'unknown', detail: message });
}

/** Network errors that mean "not reachable now" (worth a retry) on SFTP and S3 alike. */
export function isNetworkErrno(code: string): boolean {
  return ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED'].includes(code);
}

export { errno };
