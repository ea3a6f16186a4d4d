/**
 * The station's catalogue and hand-in rules as the in-memory fake station needs them: which clips a
 * query selects and in what order (electron/adapters/catalogue/clip-filter.ts), when a hand-in is late
 * and a label overdue (electron/core/dock/hand-in-policy.ts), the default agency settings
 * (electron/core/domain/settings.ts). Copies, because the renderer may import only the contract;
 * test/unit/renderer-rules.test.ts checks them against the originals.
 */
import type { AgencySettings, Clip, ClipQuery } from '../contract-types.js';

export const DEFAULT_SETTINGS: AgencySettings = {
  agencyName: '',
  handInLimitHours: 24,
  caseNumberPattern: '^[\\u4e00-\\u9fa5]{1,12}[（(]\\d{4}[）)][\\u4e00-\\u9fa5]{0,6}\\d{1,6}号$',
  caseNumberExample: '清国土罚（2026）12号',
  labelOverdueHours: 24,
  gapThresholdMinutes: 5,
  deleteFromCameraAfterVerify: false,
  syncCameraClock: false,
  fixityIntervalDays: 7,
};

/** Recording time on the station clock: the camera's own start time, else its mtime, less the clock offset. */
export function recordingTimeOnStationClock(clip: Pick<Clip, 'media' | 'cameraMtime' | 'clockOffsetMs'>): Date {
  return new Date(Date.parse(clip.media.recordedAt ?? clip.cameraMtime) - clip.clockOffsetMs);
}

export function hoursLate(clip: Pick<Clip, 'media' | 'cameraMtime' | 'clockOffsetMs'>, receivedAt: Date, limitHours: number): number | undefined {
  const hours = (receivedAt.getTime() - recordingTimeOnStationClock(clip).getTime()) / 3_600_000;
  return hours > limitHours ? Math.round(hours * 10) / 10 : undefined;
}

export function isOverdueForLabel(clip: Pick<Clip, 'label' | 'receivedAt'>, now: Date, overdueHours: number): boolean {
  return clip.label === undefined && now.getTime() - Date.parse(clip.receivedAt) > overdueHours * 3_600_000;
}

/** Catalogue order: recording time (camera time, else receive time), newest first; ties by id. */
export function recordingTimeMs(clip: Clip): number {
  const recorded = clip.media.recordedAt === undefined ? Number.NaN : Date.parse(clip.media.recordedAt);
  if (!Number.isNaN(recorded)) return recorded;
  const received = Date.parse(clip.receivedAt);
  return Number.isNaN(received) ? Number.NEGATIVE_INFINITY : received;
}

export function compareClips(a: Clip, b: Clip): number {
  const ta = recordingTimeMs(a);
  const tb = recordingTimeMs(b);
  if (ta !== tb) return ta > tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Full-width and half-width brackets are the same character when searching (officers type both). */
const BRACKETS: Record<string, string> = { '(': '[(（]', '（': '[(（]', ')': '[)）]', '）': '[)）]', '[': '[[［【]', '［': '[[［【]', '【': '[[［【]', ']': '[\\]］】]', '］': '[\\]］】]', '】': '[\\]］】]' };

function matcher(raw: string): (value: string | undefined) => boolean {
  const source = [...raw.trim()].map((ch) => BRACKETS[ch] ?? ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('');
  const pattern = new RegExp(source, 'i');
  return (value) => value !== undefined && pattern.test(value);
}

const blank = (value: string | undefined): value is undefined => value === undefined || value.trim() === '';

/** Whether a clip is selected by a query: case-insensitive substrings, inclusive time bounds. */
export function matchesQuery(clip: Clip, q: ClipQuery): boolean {
  if (q.unlabelledOnly === true && clip.label !== undefined) return false;
  if (!blank(q.dockSessionId) && clip.dockSessionId !== q.dockSessionId.trim() && !(clip.seenAgain ?? []).some((s) => s.dockSessionId === q.dockSessionId?.trim())) return false;
  if (!blank(q.caseNumber) && !matcher(q.caseNumber)(clip.label?.caseNumber)) return false;
  if (!blank(q.party) && !matcher(q.party)(clip.label?.party)) return false;
  if (!blank(q.officer)) {
    const m = matcher(q.officer);
    if (!m(clip.camera.officerName) && !m(clip.camera.officerNumber) && !m(clip.label?.handler)) return false;
  }
  if (!blank(q.deviceNumber) && !matcher(q.deviceNumber)(clip.camera.deviceNumber)) return false;
  if (!blank(q.text)) {
    const m = matcher(q.text);
    const label = clip.label;
    const hit = m(clip.originalName) || m(clip.camera.officerName) || m(clip.camera.deviceNumber) || (label !== undefined && (m(label.caseNumber) || m(label.party) || m(label.handler) || m(label.location)));
    if (!hit) return false;
  }
  const time = recordingTimeMs(clip);
  if (!blank(q.from) && time < Date.parse(q.from)) return false;
  if (!blank(q.to) && time > Date.parse(q.to)) return false;
  return true;
}
