/**
 * When the next fixity run is due: pure rules, no clock of their own (the caller passes `now`).
 *
 *  - never checked: due now;
 *  - otherwise: `intervalDays` after the start of the last run that checked every object;
 *  - a run that was stopped or cut short by a crash is retried, but not before RETRY_AFTER_MS after it
 *    started (a station restarting in a loop must not restart a full vault read every time);
 *  - a last run recorded more than a day in the future means the clock was wrong then or is now:
 *    nothing can be trusted about the interval, so it is due now;
 *  - while a run is going, or a camera is being copied (fixity is low priority), it is not started.
 */
export const DEFAULT_FIXITY_INTERVAL_DAYS = 7;
export const RETRY_AFTER_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const CLOCK_SKEW_TOLERANCE_MS = DAY_MS;

export interface FixityScheduleInput {
  now: Date;
  /** Agency setting; values below 1 day or not finite fall back to the default. */
  intervalDays: number;
  /** Start of the last run that checked every object. */
  lastCompleteStartedAt?: string;
  /** Start of the last run that did not finish (stopped, or the station crashed during it). */
  lastIncompleteStartedAt?: string;
}

function parse(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function effectiveIntervalDays(intervalDays: number): number {
  return Number.isFinite(intervalDays) && intervalDays >= 1 ? intervalDays : DEFAULT_FIXITY_INTERVAL_DAYS;
}

/** The time the next run is due (may be in the past: then it is due now). */
export function fixityDueAt(input: FixityScheduleInput): Date {
  const now = input.now.getTime();
  const complete = parse(input.lastCompleteStartedAt);
  const incomplete = parse(input.lastIncompleteStartedAt);
  let due = complete === undefined || complete > now + CLOCK_SKEW_TOLERANCE_MS ? now : complete + effectiveIntervalDays(input.intervalDays) * DAY_MS;
  // A retry waits a little after the attempt that did not finish, whatever made it due.
  if (incomplete !== undefined && (complete === undefined || incomplete >= complete) && incomplete <= now + CLOCK_SKEW_TOLERANCE_MS) {
    due = Math.max(due, incomplete + RETRY_AFTER_MS);
  }
  return new Date(due);
}

export interface FixityStartInput extends FixityScheduleInput {
  running: boolean;
  /** A camera is being copied: the disks belong to the ingest. */
  ingesting: boolean;
}

export function shouldStartScheduledFixity(input: FixityStartInput): boolean {
  if (input.running || input.ingesting) return false;
  return fixityDueAt(input).getTime() <= input.now.getTime();
}
