/**
 * How a Chinese body-worn camera writes its own clock: China Standard Time (UTC+8, no daylight
 * saving) in file names, EXIF and its clock file. Pure formatting for the simulated camera.
 */

export const CAMERA_UTC_OFFSET_MINUTES = 8 * 60;
const CAMERA_ZONE_SUFFIX = '+08:00';

export interface CameraWallClock {
  /** 'YYYYMMDDHHmmss', as in recorder file names. */
  compact: string;
  /** 'YYYY:MM:DD HH:mm:ss', EXIF DateTime format. */
  exif: string;
  /** 'YYYY-MM-DDTHH:mm:ss+08:00'. */
  iso: string;
}

export function cameraWallClock(instant: Date): CameraWallClock {
  // Shift by the zone and read the UTC fields: the result is the wall clock in UTC+8.
  const shifted = new Date(instant.getTime() + CAMERA_UTC_OFFSET_MINUTES * 60_000);
  const two = (value: number): string => String(value).padStart(2, '0');
  const year = String(shifted.getUTCFullYear()).padStart(4, '0');
  const [month, day, hour, minute, second] = [
    shifted.getUTCMonth() + 1, shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds(),
  ].map(two);
  return {
    compact: `${year}${month}${day}${hour}${minute}${second}`,
    exif: `${year}:${month}:${day} ${hour}:${minute}:${second}`,
    iso: `${year}-${month}-${day}T${hour}:${minute}:${second}${CAMERA_ZONE_SUFFIX}`,
  };
}

/** Cameras keep whole seconds (MP4 creation_time and EXIF cannot store less). */
export function wholeSecond(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000);
}
