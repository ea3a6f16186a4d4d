/** Replay rules shared by the player's controls (pure, so they can be tested without a browser). */
import type { Clip } from '../../contract-types.js';

export const PLAYBACK_RATES = [0.25, 0.5, 1, 1.5, 2, 4] as const;

/** One frame: from the clip's frame rate when the station knows it, else 1/25 s (PAL, what most cameras record). */
export function frameSeconds(clip: Pick<Clip, 'media'>): number {
  const rate = clip.media.frameRate;
  return rate !== undefined && Number.isFinite(rate) && rate > 0 ? 1 / rate : 1 / 25;
}

/** The next slower or faster rate of the list, staying at its ends. */
export function stepRate(current: number, direction: 1 | -1): number {
  const index = PLAYBACK_RATES.findIndex((rate) => rate >= current - 1e-9);
  const at = index < 0 ? PLAYBACK_RATES.length - 1 : index;
  const next = Math.min(PLAYBACK_RATES.length - 1, Math.max(0, at + direction));
  return PLAYBACK_RATES[next] ?? 1;
}

/** mm:ss.cc for positions in a clip (hours when needed). */
export function formatPosition(seconds: number): string {
  const safe = Math.max(0, seconds);
  const hours = Math.floor(safe / 3600);
  const minutes = Math.floor((safe % 3600) / 60);
  const rest = (safe % 60).toFixed(2).padStart(5, '0');
  return `${hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}` : String(minutes).padStart(2, '0')}:${rest}`;
}

/** Whether a key press belongs to a text field (then the player's shortcuts stay out of the way). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
