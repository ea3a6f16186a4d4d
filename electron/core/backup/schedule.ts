/**
 * When the nightly backup is due: once a day at the configured local time (settings.backupTime,
 * "HH:MM"), and again an hour after a failed attempt, so a target that was down at 02:00 is retried
 * rather than left for a day. Pure: the clock comes in.
 */
export const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;

export function parseTimeOfDay(text: string): { hours: number; minutes: number } | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? { hours: Number(match[1]), minutes: Number(match[2]) } : undefined;
}

/** The latest scheduled moment at or before `now` (local time). */
export function lastScheduledAt(now: Date, time: string): Date | undefined {
  const at = parseTimeOfDay(time);
  if (!at) return undefined;
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate(), at.hours, at.minutes, 0, 0);
  return today.getTime() <= now.getTime() ? today : new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1, at.hours, at.minutes, 0, 0);
}

export function nextScheduledAt(now: Date, time: string): Date | undefined {
  const last = lastScheduledAt(now, time);
  return last ? new Date(last.getFullYear(), last.getMonth(), last.getDate() + 1, last.getHours(), last.getMinutes(), 0, 0) : undefined;
}

export function backupDue(now: Date, time: string, lastAttempt: { startedAt: string; finishedAt: string; ok: boolean } | undefined): boolean {
  const scheduled = lastScheduledAt(now, time);
  if (!scheduled) return false;
  if (!lastAttempt) return true;
  if (Date.parse(lastAttempt.startedAt) < scheduled.getTime()) return true;
  return !lastAttempt.ok && now.getTime() - Date.parse(lastAttempt.finishedAt) >= RETRY_AFTER_FAILURE_MS;
}
