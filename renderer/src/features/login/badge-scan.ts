/** Pure helpers of the badge sign-in (unit-tested): cleaning what a scanner types, telling a scan from typing. */

/** Scanners may send full-width digits or stray spaces. */
export function cleanBadge(raw: string): string {
  return raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30)).replace(/\s+/g, '');
}

/**
 * A keyboard-wedge scanner types a whole badge in a few milliseconds per key; a person takes 100 ms
 * or more. At least 4 keys, every gap under 35 ms, counts as a scan.
 */
export function looksScanned(keyTimes: readonly number[]): boolean {
  if (keyTimes.length < 4) return false;
  for (let i = 1; i < keyTimes.length; i++) if ((keyTimes[i] ?? 0) - (keyTimes[i - 1] ?? 0) > 35) return false;
  return true;
}
