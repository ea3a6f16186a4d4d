/**
 * The continuity timeline (R1.3): one device's consecutive clips of one event laid end to end, and the
 * gaps between the end of one clip and the start of the next. Pure; the rules are in docs/supervision.md:
 *
 *  - only video and audio count (they have a duration; a photo says nothing about recording going on);
 *  - a device's clips are ordered by their start on the camera's own clock (all clips of one device share
 *    that clock, so differences between them are right even when the clock is off);
 *  - two consecutive clips belong to one event unless more than `eventHours` lie between them, or both
 *    are labelled with different case numbers;
 *  - a gap longer than `thresholdMinutes` (strictly) is flagged; overlapping clips make a 0-minute gap.
 */
import { clipStartTime } from '../archive/layout.js';
import type { Clip } from '../domain/clip.js';
import type { ContinuityEvent, Gap, TimelineClip } from './model.js';

export interface ContinuityOptions {
  thresholdMinutes: number;
  eventHours: number;
}

const MINUTE = 60_000;

export function isContinuityClip(clip: Pick<Clip, 'kind'>): boolean {
  return clip.kind === 'video' || clip.kind === 'audio';
}

export function clipSpan(clip: Pick<Clip, 'media' | 'cameraMtime' | 'receivedAt'>): { start: number; end: number } {
  const start = Date.parse(clipStartTime(clip));
  return { start, end: start + Math.max(0, clip.media.durationMs ?? 0) };
}

/** Stable id of the gap between two clips (clips never change, so neither does their gap). */
export function gapId(beforeClipId: string, afterClipId: string): string {
  return `gap-${beforeClipId.slice(0, 16)}-${afterClipId.slice(0, 16)}`;
}

export function isOverThreshold(minutes: number, thresholdMinutes: number): boolean {
  return minutes > thresholdMinutes;
}

/** The gap between two clips of one device, `before` ending before `after` starts. */
export function gapBetween(before: Clip, after: Clip, thresholdMinutes: number): Gap {
  const a = clipSpan(before);
  const b = clipSpan(after);
  const minutes = Math.max(0, b.start - a.end) / MINUTE;
  const caseNumber = before.label?.caseNumber ?? after.label?.caseNumber;
  return {
    id: gapId(before.id, after.id),
    deviceNumber: before.camera.deviceNumber,
    ...(before.camera.officerNumber ? { officerBadge: before.camera.officerNumber } : {}),
    ...(before.camera.officerName ? { officerName: before.camera.officerName } : {}),
    beforeClipId: before.id,
    afterClipId: after.id,
    gapStart: new Date(a.end).toISOString(),
    gapEnd: new Date(Math.max(a.end, b.start)).toISOString(),
    minutes: Math.round(minutes * 100) / 100,
    overThreshold: isOverThreshold(minutes, thresholdMinutes),
    ...(caseNumber ? { caseNumber } : {}),
    status: 'unrequested',
  };
}

function sameEvent(a: Clip, b: Clip, eventHours: number): boolean {
  if (clipSpan(b).start - clipSpan(a).end > eventHours * 60 * MINUTE) return false;
  if (a.label && b.label && a.label.caseNumber !== b.label.caseNumber) return false;
  return true;
}

function byStart(a: Clip, b: Clip): number {
  return clipSpan(a).start - clipSpan(b).start || a.id.localeCompare(b.id);
}

function timelineClip(clip: Clip): TimelineClip {
  const span = clipSpan(clip);
  return {
    clipId: clip.id,
    originalName: clip.originalName,
    kind: clip.kind,
    start: new Date(span.start).toISOString(),
    end: new Date(span.end).toISOString(),
    durationMs: span.end - span.start,
    ...(clip.label ? { caseNumber: clip.label.caseNumber } : {}),
  };
}

/** Every event of every device among `clips`, gaps included; newest event first. */
export function buildTimeline(clips: readonly Clip[], options: ContinuityOptions): ContinuityEvent[] {
  const byDevice = new Map<string, Clip[]>();
  for (const clip of clips) {
    if (!isContinuityClip(clip) || Number.isNaN(clipSpan(clip).start)) continue;
    const list = byDevice.get(clip.camera.deviceNumber) ?? [];
    list.push(clip);
    byDevice.set(clip.camera.deviceNumber, list);
  }
  const events: ContinuityEvent[] = [];
  for (const [deviceNumber, list] of byDevice) {
    list.sort(byStart);
    let current: Clip[] = [];
    const flush = (): void => {
      if (current.length > 0) events.push(toEvent(deviceNumber, current, options));
      current = [];
    };
    for (const clip of list) {
      const previous = current.at(-1);
      if (previous && !sameEvent(previous, clip, options.eventHours)) flush();
      current.push(clip);
    }
    flush();
  }
  return events.sort((a, b) => b.start.localeCompare(a.start) || a.deviceNumber.localeCompare(b.deviceNumber));
}

function toEvent(deviceNumber: string, clips: Clip[], options: ContinuityOptions): ContinuityEvent {
  const first = clips[0] as Clip;
  const cases = new Set(clips.flatMap((clip) => (clip.label ? [clip.label.caseNumber] : [])));
  const gaps: Gap[] = [];
  for (let i = 1; i < clips.length; i++) gaps.push(gapBetween(clips[i - 1] as Clip, clips[i] as Clip, options.thresholdMinutes));
  const timeline = clips.map(timelineClip);
  return {
    key: `${deviceNumber}|${first.id.slice(0, 16)}`,
    deviceNumber,
    ...(first.camera.officerName ? { officerName: first.camera.officerName } : {}),
    ...(first.camera.officerNumber ? { officerBadge: first.camera.officerNumber } : {}),
    ...(cases.size === 1 ? { caseNumber: [...cases][0] as string } : {}),
    start: timeline[0]?.start ?? '',
    end: timeline.reduce((latest, clip) => (clip.end > latest ? clip.end : latest), timeline[0]?.end ?? ''),
    clips: timeline,
    gaps,
  };
}

/** Whether `after` directly follows `before` on the same device's timeline (nothing recorded between). */
export function areConsecutive(before: Clip, after: Clip, deviceClips: readonly Clip[]): boolean {
  if (before.camera.deviceNumber !== after.camera.deviceNumber || before.id === after.id) return false;
  const sorted = deviceClips.filter((clip) => isContinuityClip(clip) && clip.camera.deviceNumber === before.camera.deviceNumber).sort(byStart);
  const i = sorted.findIndex((clip) => clip.id === before.id);
  return i >= 0 && sorted[i + 1]?.id === after.id;
}
