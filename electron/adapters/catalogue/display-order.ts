/**
 * Sorting 300,000 clips into display order (recording time newest first, then id) with a comparator
 * took ~450 ms of the catalogue's cold open. A Float64Array sorts natively, without calling back into
 * JavaScript, in ~60 ms, so the order is found in two steps:
 *   1. one number per clip: whole seconds since 1970 (clamped to 0..2^32-1) times 2^21 plus the
 *      clip's position; both parts fit in a double's 53 exact bits, so the native sort orders by
 *      second and the position comes back out of the low bits;
 *   2. clips sharing a second (few; or many with a dead camera clock stuck at 1970) are put in exact
 *      order by the real comparator.
 * Same result as sorting with compareByRecordingTime, which the unit tests check.
 */
import { compareByRecordingTime } from './clip-filter.js';

const POSITION_BITS = 2 ** 21;
const MAX_SECOND = 2 ** 32 - 1;

/** Positions of the clips in display order, given each clip's recording time (ms) and id. */
export function displayOrder(timesMs: Float64Array, idAt: (position: number) => string): Uint32Array {
  const count = timesMs.length;
  const exactCompare = (a: number, b: number): number => compareByRecordingTime(timesMs[a] as number, idAt(a), timesMs[b] as number, idAt(b));
  if (count >= POSITION_BITS) return Uint32Array.from({ length: count }, (_, i) => i).sort(exactCompare);

  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = secondOf(timesMs[i] as number) * POSITION_BITS + i;
  keys.sort();

  // Ascending seconds reversed gives newest first; then each run of one second is sorted exactly.
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = (keys[count - 1 - i] as number) % POSITION_BITS;
  let runStart = 0;
  for (let i = 1; i <= count; i++) {
    if (i < count && secondOf(timesMs[order[i] as number] as number) === secondOf(timesMs[order[runStart] as number] as number)) continue;
    if (i - runStart > 1) order.subarray(runStart, i).sort(exactCompare);
    runStart = i;
  }
  return order;
}

function secondOf(timeMs: number): number {
  const second = Math.floor(timeMs / 1000);
  // -Infinity (no usable time), before 1970 or after 2106: one shared bucket each end, sorted exactly.
  return second < 0 || Number.isNaN(second) ? 0 : second > MAX_SECOND ? MAX_SECOND : second;
}
