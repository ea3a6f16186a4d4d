/**
 * Station error payloads (code, params, per-field problems) into sentences, in the current language.
 * Pure given a `t` function: unit-tested with i18next instances in both languages.
 */
import type { TFunction } from 'i18next';
import type { ErrorPayload } from '../contract-types.js';
import { diskNeedFromMessage } from '../presenters/dock.js';
import { formatBytes } from '../presenters/format.js';
import type { Lang } from '../presenters/lang.js';
import { DAMAGE_EXPLANATIONS } from './damage.js';

type Params = Record<string, string | number>;
type Translate = TFunction;

/** Codes with a message of their own; everything else falls back to errors.UNKNOWN with the station's text. */
export const KNOWN_ERROR_CODES = [
  'CASE_NUMBER_INVALID',
  'FIELD_REQUIRED',
  'PATTERN_INVALID',
  'CONTROL_CHARS',
  'CLIP_NOT_FOUND',
  'SESSION_NOT_FOUND',
  'SESSION_HAS_UNLABELLED',
  'SESSION_BUSY',
  'LABEL_REJECTED',
  'SETTING_INVALID',
  'LATE_REASON_REQUIRED',
  'SOURCE_VANISHED',
  'SOURCE_READ_FAILED',
  'DISK_FULL',
  'CHECKSUM_MISMATCH',
  'UNSAFE_ENTRY',
  'WRITE_FAILED',
  'STATION_STOPPED',
  'INVALID_REQUEST',
  'UNAUTHORIZED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'LOGIN_FAILED',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'SESSION_INVALID',
  'SESSION_LOCKED',
  'SETUP_ALREADY_DONE',
  'SETUP_REQUIRED',
  'USER_EXISTS',
  'USER_NOT_FOUND',
  'PASSWORD_WEAK',
  'PIN_INVALID',
  'GRANT_REQUIRED',
  'GRANT_NOT_FOUND',
  'GRANT_INVALID',
  'CASE_NOT_FOUND',
  'INTERNAL',
  'CONNECTION_LOST',
  'TIMEOUT',
  'INVALID_RESPONSE',
  'INVALID_EVENT',
  'NO_SELECTION',
  'FIXITY_MISMATCH',
  'FIXITY_MISSING',
  'FIXITY_UNREADABLE',
  'FIXITY_PROBLEMS',
  'FIXITY_UNKNOWN_OBJECTS',
  'FIXITY_FAILED',
  'CAMERA_CLEANED',
  'CAMERA_DELETE_REFUSED',
  'CAMERA_DELETE_INCOMPLETE',
  'CAMERA_DELETE_FAILED',
  'CAMERA_WRONG_PASSWORD',
  'CAMERA_NO_ANSWER',
  'CAMERA_GARBAGE_ANSWER',
  'CAMERA_GONE',
  'CAMERA_REFUSED_COMMAND',
  'CAMERA_NOT_SUPPORTED',
  'CAMERA_VANISHED_BEFORE_MOUNT',
  'CAMERA_UNREGISTERED',
  'CAMERA_UNBOUND',
  'CAMERA_RETIRED',
  'CAMERA_IN_REPAIR',
  'CAMERA_IDENTITY_CHANGED',
  'CAMERA_FOREIGN_DEVICE',
  'CAMERA_NOT_PRESENT',
  'DEVICE_NOT_FOUND',
  'DEVICE_EXISTS',
  'DEVICE_NO_PENDING_IDENTITY',
  'ARCHIVE_NOTHING_TO_ARCHIVE',
  'ARCHIVE_CLIP_UNLABELLED',
  'ARCHIVE_CLIP_MISSING',
  'ARCHIVE_TARGET_INVALID',
  'ARCHIVE_TARGET_EXISTS',
  'ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA',
  'ARCHIVE_MEDIA_NOT_BLANK',
  'ARCHIVE_MEDIA_TOO_SMALL',
  'ARCHIVE_NO_MEDIA',
  'ARCHIVE_WRONG_DISC',
  'ARCHIVE_BURN_FAILED',
  'ARCHIVE_WRITE_FAILED',
  'ARCHIVE_VERIFY_FAILED',
  'ARCHIVE_READ_BACK_FAILED',
  'ARCHIVE_DISC_NOT_FOUND',
  'ARCHIVE_JOB_NOT_FOUND',
  'ARCHIVE_TOOL_MISSING',
  'ARCHIVE_FONT_MISSING',
  'ARCHIVE_ABORTED',
  'BOOKMARK_NOT_FOUND',
  'GAP_NOT_FOUND',
  'GAP_NOT_CONSECUTIVE',
  'GAP_ALREADY_EXPLAINED',
  'SPOTCHECK_ITEM_NOT_FOUND',
  'SPOTCHECK_ALREADY_REVIEWED',
  'PARTY_COPY_NOT_FOUND',
  'PARTY_COPY_NOT_APPROVED',
  'PARTY_COPY_ALREADY_DECIDED',
  'ID_NUMBER_INVALID',
  'EXPORT_DESTINATION_MISSING',
  'EXPORT_WRITE_FAILED',
  'EXPORT_VERIFY_FAILED',
  'WATERMARK_FAILED',
  'GAP_EXPLANATION_REQUESTED',
  'BACKUP_TARGET_INVALID',
  'BACKUP_TARGET_UNREACHABLE',
  'BACKUP_AUTH_FAILED',
  'BACKUP_TARGET_FULL',
  'BACKUP_OBJECT_CORRUPT',
  'BACKUP_OBJECT_MISSING',
  'BACKUP_WRONG_KEY',
  'BACKUP_KEY_MISSING',
  'BACKUP_KEY_INVALID',
  'BACKUP_NO_SNAPSHOT',
  'BACKUP_ALREADY_RUNNING',
  'BACKUP_SOURCE_CHANGED',
  'BACKUP_RESTORE_NOT_EMPTY',
  'BACKUP_RESTORE_FAILED',
  'BACKUP_WRITE_FAILED',
] as const;

export const KNOWN_FIELD_CODES = [
  'FIELD_REQUIRED',
  'CASE_NUMBER_INVALID',
  'PATTERN_INVALID',
  'CONTROL_CHARS',
  'TOO_BIG',
  'TOO_SMALL',
  'INVALID_TYPE',
  'INVALID_VALUE',
  'INVALID_FORMAT',
  'INVALID_DATE',
  'CUSTOM',
] as const;

export const UNSAFE_REASONS = ['symlink', 'special-file', 'unsafe-name', 'unreadable'] as const;

const known = new Set<string>(KNOWN_ERROR_CODES);
const knownField = new Set<string>(KNOWN_FIELD_CODES);

/** Words of a field name ("caseNumber" -> 案号), for messages that name the field. */
export function fieldName(t: Translate, field: string): string {
  const key = field.split('.').pop() ?? field;
  return t(`fields.${key}`, { defaultValue: key });
}

/** Reason of a refused camera entry (symlink, special-file, ...) in words; other text is kept. */
export function unsafeReason(t: Translate, reason: string): string {
  return (UNSAFE_REASONS as readonly string[]).includes(reason) ? t(`unsafeReasons.${reason}`) : reason;
}

function quotedFile(file: string | number | undefined, lang: Lang): string {
  if (file === undefined || file === '') return '';
  const name = String(file);
  return lang === 'zh-CN' ? `“${name}”` : ` "${name}"`;
}

/** Issue B's codes (camera control, admission, device registry), worded with blanks for what a camera did not tell. */
const DEVICE_LAYER_CODES = new Set(['CAMERA_WRONG_PASSWORD', 'CAMERA_NO_ANSWER', 'CAMERA_GARBAGE_ANSWER', 'CAMERA_GONE', 'CAMERA_REFUSED_COMMAND', 'CAMERA_NOT_SUPPORTED', 'CAMERA_VANISHED_BEFORE_MOUNT', 'CAMERA_UNREGISTERED', 'CAMERA_UNBOUND', 'CAMERA_RETIRED', 'CAMERA_IN_REPAIR', 'CAMERA_IDENTITY_CHANGED', 'CAMERA_FOREIGN_DEVICE', 'CAMERA_NOT_PRESENT', 'DEVICE_NOT_FOUND', 'DEVICE_EXISTS', 'DEVICE_NO_PENDING_IDENTITY']);

/** The main sentence for an error payload. */
export function errorMessage(t: Translate, lang: Lang, error: Pick<ErrorPayload, 'code' | 'params'> & { message?: string }): string {
  const p: Params = error.params ?? {};
  // Issue B: the camera's words name what it reported; a field it did not report reads as blank, never as {{braces}}.
  if (DEVICE_LAYER_CODES.has(error.code))
    return t(`errors.${error.code}`, { deviceNumber: '', command: '', timeoutMs: '', actual: '', errorCode: '', ...p });
  // Issue E: a backup failure names its target or object when the station sent one, never {{braces}}.
  if (error.code.startsWith('BACKUP_')) return t(`errors.${error.code}`, { target: '', object: '', sha256: '', path: '', ...p });
  switch (error.code) {
    // Issue F: a refusal names its reason as a stable key, a failed sign-in how many tries are left.
    case 'FORBIDDEN':
      return t('errors.FORBIDDEN', { reason: t(`access.reasons.${String(p.reason ?? 'role')}`, { defaultValue: String(p.reason ?? '') }) });
    case 'LOGIN_FAILED':
      return t('errors.LOGIN_FAILED', { left: p.attemptsLeft !== undefined ? t('access.attemptsLeft', { count: Number(p.attemptsLeft) }) : '' });
    case 'ACCOUNT_LOCKED': {
      const until = typeof p.until === 'string' && p.until !== '' ? new Date(p.until).toLocaleString(lang === 'zh-CN' ? 'zh-CN' : 'en-GB') : '';
      return t('errors.ACCOUNT_LOCKED', { until });
    }
    case 'PASSWORD_WEAK':
      return t('errors.PASSWORD_WEAK', { min: p.min ?? 8 });
    case 'DISK_FULL': {
      const fromParams = p.needed !== undefined ? { needed: Number(p.needed), free: p.free !== undefined ? Number(p.free) : Number.NaN } : undefined;
      const need = fromParams && Number.isFinite(fromParams.needed) ? fromParams : error.message ? diskNeedFromMessage(error.message) : undefined;
      if (need && Number.isFinite(need.free))
        return t('errors.DISK_FULL', { needed: formatBytes(need.needed, lang), free: formatBytes(need.free, lang), short: formatBytes(Math.max(0, need.needed - need.free), lang) });
      const needed = need ? (lang === 'zh-CN' ? `（需要 ${formatBytes(need.needed, lang)}）` : ` (${formatBytes(need.needed, lang)} needed)`) : '';
      return t('errors.DISK_FULL_UNKNOWN', { needed });
    }
    case 'FIELD_REQUIRED':
      return t('errors.FIELD_REQUIRED', { field: fieldName(t, String(p.field ?? '')) });
    case 'UNSAFE_ENTRY':
      return t('errors.UNSAFE_ENTRY', { reason: unsafeReason(t, String(p.reason ?? error.message ?? '')) });
    case 'SOURCE_READ_FAILED':
    case 'CHECKSUM_MISMATCH':
    case 'WRITE_FAILED':
      return t(`errors.${error.code}`, { file: quotedFile(p.file, lang) });
    case 'SETTING_INVALID':
      return t('errors.SETTING_INVALID', { setting: fieldName(t, String(p.setting ?? '')) });
    case 'INTERNAL':
      return t('errors.INTERNAL', { message: String(p.message ?? error.message ?? '') });
    case 'CLIP_NOT_FOUND':
      return t('errors.CLIP_NOT_FOUND', { id: String(p.id ?? '').slice(0, 12) });
    case 'FIXITY_MISMATCH':
    case 'FIXITY_MISSING':
    case 'FIXITY_UNREADABLE':
    case 'FIXITY_PROBLEMS':
    case 'FIXITY_UNKNOWN_OBJECTS':
    case 'CAMERA_CLEANED':
    case 'CAMERA_DELETE_REFUSED':
    case 'CAMERA_DELETE_INCOMPLETE': {
      // Notices: every figure the sentence names has a value even when the station sent fewer.
      const filled = { count: 0, mismatched: 0, missing: 0, deleted: 0, planned: 0, reason: '', expected: '', actual: '', ...p };
      // A refusal names its reason as a stable key; the clerk reads it in words.
      if (error.code === 'CAMERA_DELETE_REFUSED' && typeof p.reason === 'string') filled.reason = t(`fixity.cameraDeleteReasons.${p.reason}`, { defaultValue: p.reason });
      const clip = String(p.clip ?? '');
      return t(`errors.${error.code}`, { ...filled, clip: /^[0-9a-f]{64}$/.test(clip) ? clip.slice(0, 12) : clip, file: quotedFile(p.file, lang) });
    }
    case 'ARCHIVE_NOTHING_TO_ARCHIVE':
    case 'ARCHIVE_CLIP_UNLABELLED':
    case 'ARCHIVE_CLIP_MISSING':
    case 'ARCHIVE_TARGET_INVALID':
    case 'ARCHIVE_TARGET_EXISTS':
    case 'ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA':
    case 'ARCHIVE_MEDIA_NOT_BLANK':
    case 'ARCHIVE_MEDIA_TOO_SMALL':
    case 'ARCHIVE_NO_MEDIA':
    case 'ARCHIVE_WRONG_DISC':
    case 'ARCHIVE_BURN_FAILED':
    case 'ARCHIVE_WRITE_FAILED':
    case 'ARCHIVE_VERIFY_FAILED':
    case 'ARCHIVE_READ_BACK_FAILED':
    case 'ARCHIVE_DISC_NOT_FOUND':
    case 'ARCHIVE_JOB_NOT_FOUND':
    case 'ARCHIVE_TOOL_MISSING':
    case 'ARCHIVE_FONT_MISSING':
    case 'ARCHIVE_ABORTED':
      return archiveErrorMessage(t, lang, error.code, p);
    case 'BOOKMARK_NOT_FOUND':
    case 'GAP_NOT_FOUND':
    case 'GAP_NOT_CONSECUTIVE':
    case 'GAP_ALREADY_EXPLAINED':
    case 'SPOTCHECK_ITEM_NOT_FOUND':
    case 'SPOTCHECK_ALREADY_REVIEWED':
    case 'PARTY_COPY_NOT_FOUND':
    case 'PARTY_COPY_NOT_APPROVED':
    case 'PARTY_COPY_ALREADY_DECIDED':
    case 'ID_NUMBER_INVALID':
    case 'EXPORT_DESTINATION_MISSING':
    case 'EXPORT_WRITE_FAILED':
    case 'EXPORT_VERIFY_FAILED':
    case 'WATERMARK_FAILED':
    case 'GAP_EXPLANATION_REQUESTED':
      return supervisionErrorMessage(t, error.code, p);
    default:
      if (known.has(error.code)) return t(`errors.${error.code}`, { ...p });
      return t('errors.UNKNOWN', { code: error.code, message: error.message ?? '' });
  }
}

/** Supervision's errors (docs/supervision.md): statuses and ID problems in words, every figure filled. */
function supervisionErrorMessage(t: Translate, code: string, p: Params): string {
  const status = p.status === undefined ? '' : t(`copies.status.${String(p.status)}`, { defaultValue: String(p.status) });
  const problem = p.problem === undefined ? '' : t(`copies.idProblems.${String(p.problem)}`, { defaultValue: String(p.problem) });
  return t(`errors.${code}`, {
    id: String(p.id ?? p.gapId ?? p.itemId ?? ''),
    by: String(p.by ?? ''),
    status,
    problem,
    destination: String(p.destination ?? p.file ?? ''),
    file: String(p.file ?? ''),
    reason: String(p.tool ?? p.reason ?? ''),
    officer: String(p.officer ?? ''),
    minutes: String(p.minutes ?? ''),
  });
}

/** The archive's errors (electron/core/archive/errors.ts): every figure filled, sizes in human units. */
function archiveErrorMessage(t: Translate, lang: Lang, code: string, p: Params): string {
  const size = (value: string | number | undefined) => (value === undefined || value === '' ? '?' : formatBytes(Number(value), lang));
  const caseNumber = p.caseNumber ? (lang === 'zh-CN' ? `（案号 ${String(p.caseNumber)}）` : ` (case ${String(p.caseNumber)})`) : '';
  const reason = p.reason === undefined ? t('archive.burnReasons.unknown') : t(`archive.burnReasons.${String(p.reason)}`, { defaultValue: String(p.reason) });
  return t(`errors.${code}`, {
    count: Number(p.problems ?? p.count ?? 0),
    caseNumber,
    clipId: String(p.clipId ?? '').slice(0, 12),
    path: String(p.path ?? p.location ?? p.target ?? p.device ?? p.platform ?? ''),
    device: String(p.device ?? ''),
    needed: size(p.needed),
    free: size(p.free),
    usable: size(p.usable ?? p.capacity),
    expected: String(p.expected ?? ''),
    actual: String(p.actual ?? ''),
    discId: String(p.discId ?? ''),
    jobId: String(p.jobId ?? ''),
    tool: String(p.tool ?? ''),
    reason: p.toolMessage ? `${reason}${lang === 'zh-CN' ? '（' : ' ('}${String(p.toolMessage)}${lang === 'zh-CN' ? '）' : ')'}` : reason,
    file: quotedFile(p.file, lang),
  });
}

/** A per-field problem in words (shown next to the field). */
export function fieldErrorMessage(t: Translate, problem: { code: string; params: Params }, fallbackExample?: string): string {
  if (problem.code === 'CASE_NUMBER_INVALID') return t('fieldErrors.CASE_NUMBER_INVALID', { example: String(problem.params.example ?? fallbackExample ?? '') });
  if (knownField.has(problem.code)) return t(`fieldErrors.${problem.code}`, { ...problem.params });
  return t('fieldErrors.UNKNOWN', { code: problem.code });
}

/**
 * Per-field messages of an error, keyed by the form's field names. The station keys label problems by
 * field ("caseNumber") and request-schema problems by path ("label.caseNumber"): both map to the field.
 */
export function fieldMessages(t: Translate, error: Pick<ErrorPayload, 'fields'>, fallbackExample?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, problem] of Object.entries(error.fields ?? {})) {
    const field = path.split('.').pop() ?? path;
    out[field] ??= fieldErrorMessage(t, problem, fallbackExample);
  }
  return out;
}

/**
 * A damaged file's explanation in the current language. The station stores one of a fixed set of
 * English explanations (electron/adapters/media/parse-ffprobe.ts); a known one is translated, any
 * other text is shown as the station wrote it.
 */
export function damageText(t: Translate, explanation: string): string {
  for (const [kind, text] of Object.entries(DAMAGE_EXPLANATIONS)) if (text === explanation) return t(`damage.${kind}`);
  return explanation;
}
