/**
 * The station's rules as the in-memory fake station needs them. The hand-in policy and the default
 * settings are the station's own (shared domain code); which clips a query selects and in what order
 * is a copy of electron/adapters/catalogue/clip-filter.ts (adapters stay out of the renderer), checked
 * against the original by test/unit/renderer-rules.test.ts.
 */
import type { Clip, ClipQuery } from '../contract-types.js';

export { DEFAULT_SETTINGS } from '../../../electron/core/domain/settings.js';
export { hoursLate, isOverdueForLabel } from '../../../electron/core/domain/hand-in-policy.js';

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
