/**
 * Pure formatting of numbers, sizes, times and durations for the screens, in both languages.
 * No React, no i18next, no DOM: unit-tested in test/unit/renderer-presenters.test.ts.
 */
import type { Lang } from './lang.js';

const DASH = '—';
const UNITS = ['KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** 1024-based sizes as Windows and camera vendors print them: "512 字节" / "512 B", "1.5 KB", "35.2 MB", "512 MB", "3.4 GB". */
export function formatBytes(bytes: number | undefined, lang: Lang): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return DASH;
  if (bytes < 1024) return lang === 'zh-CN' ? `${Math.round(bytes)} 字节` : `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Rounding 1023.96 KB up would print "1024.0 KB": move to the next unit instead.
  if (value >= 999.95 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Copy speed: "35.2 MB/s"; nothing measured yet: "—". */
export function formatSpeed(bytesPerSecond: number | undefined, lang: Lang): string {
  if (bytesPerSecond === undefined || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return DASH;
  const text = formatBytes(bytesPerSecond, lang);
  return `${text.replace(' 字节', ' B')}/s`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A recording's length: "00:42", "12:05", "1:02:03". Unknown: "—". */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${pad2(minutes)}:${pad2(seconds)}`;
}

/** A span of time in words, two largest units: "2 分 5 秒" / "2 min 5 s", "1 天 3 小时" / "1 d 3 h". */
export function formatSpan(seconds: number, lang: Lang): string {
  const s = Math.max(0, Math.round(seconds));
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  const zh = lang === 'zh-CN';
  const part = (n: number, zhUnit: string, enUnit: string) => (zh ? `${n} ${zhUnit}` : `${n} ${enUnit}`);
  const parts: string[] = [];
  if (days > 0) parts.push(part(days, '天', 'd'), ...(hours > 0 ? [part(hours, '小时', 'h')] : []));
  else if (hours > 0) parts.push(part(hours, '小时', 'h'), ...(minutes > 0 ? [part(minutes, '分', 'min')] : []));
  else if (minutes > 0) parts.push(part(minutes, '分', 'min'), ...(secs > 0 ? [part(secs, '秒', 's')] : []));
  else parts.push(part(secs, '秒', 's'));
  return parts.join(' ');
}

/** Time left of a copy. Unknown yet: "正在估算…"; under a second: "即将完成". */
export function formatEta(seconds: number | undefined, lang: Lang): string {
  const zh = lang === 'zh-CN';
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return zh ? '正在估算…' : 'estimating…';
  if (seconds < 1) return zh ? '即将完成' : 'almost done';
  return zh ? `约 ${formatSpan(seconds, lang)}` : `about ${formatSpan(seconds, lang)}`;
}

/** Whole percent 0..100, never 100 before done == total; an empty total is 0 %. */
export function progressPercent(done: number, total: number): number {
  if (!Number.isFinite(done) || !Number.isFinite(total) || total <= 0) return 0;
  if (done >= total) return 100;
  return Math.max(0, Math.min(99, Math.floor((done / total) * 100)));
}

export interface DateTimeOptions {
  /** IANA zone; default: the zone of the machine the station runs on (not hard-coded to Asia/Shanghai). */
  timeZone?: string;
  /** Include seconds (default true). */
  seconds?: boolean;
}

/**
 * "2026-03-14 09:05:33" in the machine's local time, the same numeric form in both languages
 * (officers read and copy these into case files). Invalid or missing: "—".
 */
export function formatDateTime(iso: string | undefined, options: DateTimeOptions = {}): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return DASH;
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  const time = options.seconds === false ? `${get('hour')}:${get('minute')}` : `${get('hour')}:${get('minute')}:${get('second')}`;
  return `${get('year')}-${get('month')}-${get('day')} ${time}`;
}

/** The day only, "2026-03-14", in local time; for date inputs and group headers. */
export function formatDate(iso: string | undefined, options: Pick<DateTimeOptions, 'timeZone'> = {}): string {
  const full = formatDateTime(iso, { ...options, seconds: false });
  return full === DASH ? DASH : full.slice(0, 10);
}

/**
 * The camera clock against the station clock (camera minus station, ms; positive = camera ahead).
 * Within two seconds counts as in step.
 */
export function formatClockOffset(offsetMs: number, lang: Lang): string {
  const zh = lang === 'zh-CN';
  if (!Number.isFinite(offsetMs) || Math.abs(offsetMs) < 2000) return zh ? '与工作站一致（误差小于 2 秒）' : 'in step with the station (within 2 s)';
  const span = formatSpan(Math.abs(offsetMs) / 1000, lang);
  if (offsetMs > 0) return zh ? `比工作站快 ${span}` : `${span} ahead of the station`;
  return zh ? `比工作站慢 ${span}` : `${span} behind the station`;
}

/** "30.5 小时" / "30.5 h": hours after recording for late hand-ins and overdue labels. */
export function formatHours(hours: number, lang: Lang): string {
  if (!Number.isFinite(hours)) return DASH;
  const rounded = Math.round(hours * 10) / 10;
  return lang === 'zh-CN' ? `${rounded} 小时` : `${rounded} h`;
}

/** A SHA-256 shortened for tables ("3f2a9c…d41e"); the full value is shown where it is verified. */
export function shortHash(hash: string): string {
  return hash.length > 16 ? `${hash.slice(0, 8)}…${hash.slice(-6)}` : hash;
}

/** A SHA-256 in groups of eight for reading aloud or comparing by eye. */
export function groupHash(hash: string): string {
  return hash.replace(/(.{8})(?=.)/g, '$1 ');
}

/** Start of a local day for a "from" date input (yyyy-mm-dd), as an ISO instant; invalid: undefined. */
export function localDayStart(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 0, 0, 0, 0);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Last millisecond of a local day for a "to" date input: the whole day is included. */
export function localDayEnd(day: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The display name of an operator string "张伟(010203)" -> "张伟"; anything else unchanged. */
export function operatorName(operator: string | undefined): string {
  if (!operator) return '';
  const m = /^(.*)\(([^()]*)\)$/.exec(operator.trim());
  return (m?.[1] ?? operator).trim();
}
