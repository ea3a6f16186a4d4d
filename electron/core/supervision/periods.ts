/**
 * Review periods, named by their first month ('2026-10'). Months are counted on the bureau's clock:
 * China Standard Time (UTC+8, no daylight saving) unless told otherwise, so "October" means October in
 * the bureau whatever the station's own time zone.
 */
export const BUREAU_UTC_OFFSET_MINUTES = 480;

function shifted(at: Date, offsetMinutes: number): Date {
  return new Date(at.getTime() + offsetMinutes * 60_000);
}

function monthName(year: number, monthIndex: number): string {
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}`;
}

/** The period (of `months` months, aligned to the year) that contains `at`. */
export function periodContaining(at: Date, months: number, offsetMinutes = BUREAU_UTC_OFFSET_MINUTES): string {
  const local = shifted(at, offsetMinutes);
  const month = local.getUTCMonth();
  return monthName(local.getUTCFullYear(), month - (month % months));
}

/** The period before the one containing `at`: the footage a draw made now samples. */
export function previousPeriod(at: Date, months: number, offsetMinutes = BUREAU_UTC_OFFSET_MINUTES): string {
  const [year, month] = periodContaining(at, months, offsetMinutes).split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - months;
  return monthName(Math.floor(index / 12), index % 12);
}

/** Normalises any month to the start of its period ('2026-11' with 3-month periods is '2026-10'). */
export function alignPeriod(period: string, months: number): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = month - 1;
  return monthName(year, index - (index % months));
}

/** [from, to) of a period as instants. */
export function periodRange(period: string, months: number, offsetMinutes = BUREAU_UTC_OFFSET_MINUTES): { from: Date; to: Date } {
  const [year, month] = alignPeriod(period, months).split('-').map(Number) as [number, number];
  const from = Date.UTC(year, month - 1, 1) - offsetMinutes * 60_000;
  const to = Date.UTC(year, month - 1 + months, 1) - offsetMinutes * 60_000;
  return { from: new Date(from), to: new Date(to) };
}

/** The stratum of a recording: its week of the month on the bureau's clock (days 1-7 = W1 ... 29-31 = W5). */
export function weekStratum(at: Date, offsetMinutes = BUREAU_UTC_OFFSET_MINUTES): string {
  const local = shifted(at, offsetMinutes);
  return `${monthName(local.getUTCFullYear(), local.getUTCMonth())}-W${Math.floor((local.getUTCDate() - 1) / 7) + 1}`;
}
