/**
 * The camera's wall clock on the wire: `YYYYMMDDhhmmss`, no zone; the profile names the zone as a
 * fixed UTC offset (+08:00 for China, which has no daylight saving). Pure.
 */

function offsetMinutes(utcOffset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(utcOffset);
  if (!match) throw new RangeError(`not a UTC offset: ${utcOffset}`);
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `{ date: 'YYYYMMDD', time: 'hhmmss' }` of an instant on a clock at `utcOffset`. */
export function formatCameraClock(at: Date, utcOffset: string): { date: string; time: string } {
  const wall = new Date(at.getTime() + offsetMinutes(utcOffset) * 60_000);
  return {
    date: `${wall.getUTCFullYear()}${two(wall.getUTCMonth() + 1)}${two(wall.getUTCDate())}`,
    time: `${two(wall.getUTCHours())}${two(wall.getUTCMinutes())}${two(wall.getUTCSeconds())}`,
  };
}

/** The instant a `YYYYMMDDhhmmss` reading on a clock at `utcOffset` names; undefined for anything not a real time. */
export function parseCameraClock(text: string, utcOffset: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wall);
  // Date.UTC rolls 20250231 over into March: a reading that does not round-trip is not a time.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour || check.getUTCMinutes() !== minute || check.getUTCSeconds() !== second) return undefined;
  return new Date(wall - offsetMinutes(utcOffset) * 60_000);
}
