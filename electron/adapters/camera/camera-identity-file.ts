/**
 * Pure parsers of the identity files a camera volume carries (our emulated format; real vendor
 * formats get their own parser next to this one, chosen by camera profile):
 *
 *   EVIDENCE/DEVICE.JSON  UTF-8 JSON object, written by the camera when it enters USB storage mode:
 *     { "deviceNumber": "DSJ-A8-0007",   required, else the identity counts as unknown
 *       "serial": "...", "model": "...", "officerNumber": "3201008", "officerName": "张伟",
 *       "unitName": "...", "department": "...",
 *       "clockAt": "2025-03-01T18:15:30+08:00" }  camera clock when the file was written
 *
 *   EVIDENCE/CLOCK.TXT    one line: ISO 8601 date-time WITH zone (Z or +hh:mm), the camera clock at
 *     the moment it switched to USB storage, i.e. at docking.
 *
 * A zone is required: a zone-less time would silently be read in the station's zone and the
 * measured offset would be off by hours.
 */
import type { CameraIdentity } from '../../core/domain/clip.js';

const MAX_TEXT_LENGTH = 128;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ZONED_ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface DeviceFileContent {
  identity: CameraIdentity;
  /** Camera clock when DEVICE.JSON was written, if it says. */
  clockAt?: Date;
}

/** A short single-line text, or undefined: the values end up in the catalogue and the UI. */
function cleanText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_TEXT_LENGTH || CONTROL_CHARACTER.test(text)) return undefined;
  return text;
}

/** Parses a zoned ISO date-time; fractions beyond milliseconds are dropped (Date keeps ms). */
export function parseZonedDateTime(text: string): Date | undefined {
  const match = ZONED_ISO_DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, dateTime, fraction = '', zone] = match;
  const milliseconds = fraction === '' ? '' : fraction.slice(0, 4).padEnd(4, '0');
  const time = Date.parse(`${dateTime}${milliseconds}${zone}`);
  return Number.isFinite(time) ? new Date(time) : undefined;
}

const OPTIONAL_IDENTITY_FIELDS = ['serial', 'model', 'officerNumber', 'officerName', 'unitName', 'department'] as const;

/** undefined when the text is not a JSON object with a usable deviceNumber. */
export function parseDeviceFile(text: string): DeviceFileContent | undefined {
  let parsed: unknown;
  try {
    // Some Windows tools prepend a byte-order mark.
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const fields = parsed as Record<string, unknown>;
  const deviceNumber = cleanText(fields.deviceNumber);
  if (deviceNumber === undefined) return undefined;

  const identity: CameraIdentity = { deviceNumber };
  for (const field of OPTIONAL_IDENTITY_FIELDS) {
    const value = cleanText(fields[field]);
    if (value !== undefined) identity[field] = value;
  }
  const clockAt = typeof fields.clockAt === 'string' ? parseZonedDateTime(fields.clockAt) : undefined;
  return clockAt === undefined ? { identity } : { identity, clockAt };
}

/** The camera clock reading in CLOCK.TXT (first non-empty line), or undefined. */
export function parseClockFile(text: string): Date | undefined {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/).find((line) => line.trim() !== '');
  return firstLine === undefined ? undefined : parseZonedDateTime(firstLine);
}

/** Camera clock minus station clock, in ms (positive = camera ahead), as CameraVolumeListing wants. */
export function clockOffsetMs(cameraClock: Date, stationClock: Date): number {
  return cameraClock.getTime() - stationClock.getTime();
}
