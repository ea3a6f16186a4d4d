/** R1.1/R1.2: footage is handed in within the agency's limit of recording; later needs a reason. */
import type { Clip } from './clip.js';

/**
 * When the recording happened, on the station's clock. The MP4's own start time is best; the file's
 * mtime on the camera is the end of recording. Both are camera-clock times, so the measured offset
 * (camera minus station) is taken off.
 */
export function recordingTimeOnStationClock(clip: Pick<Clip, 'media' | 'cameraMtime' | 'clockOffsetMs'>): Date {
  const cameraTime = clip.media.recordedAt ?? clip.cameraMtime;
  return new Date(Date.parse(cameraTime) - clip.clockOffsetMs);
}

export function hoursLate(clip: Pick<Clip, 'media' | 'cameraMtime' | 'clockOffsetMs'>, receivedAt: Date, limitHours: number): number | undefined {
  const hours = (receivedAt.getTime() - recordingTimeOnStationClock(clip).getTime()) / 3_600_000;
  return hours > limitHours ? Math.round(hours * 10) / 10 : undefined;
}

export function isOverdueForLabel(clip: Pick<Clip, 'label' | 'receivedAt'>, now: Date, overdueHours: number): boolean {
  return clip.label === undefined && now.getTime() - Date.parse(clip.receivedAt) > overdueHours * 3_600_000;
}
