/**
 * Every clip of the catalogue in display order (newest recording first), as references into the
 * shards' data: no copy of any record. It exists so a search never sorts: it walks the order, stops
 * collecting once the page is full and only keeps counting, and a date range becomes two binary
 * searches instead of a scan. Each entry also caches the clip's folded search text (search-text.ts),
 * computed on first use or by warmSearchText() in idle time after open, because folding 300,000 clips
 * takes longer than the rest of a search.
 * Cost at 300,000 clips: ~15 MB of entries, plus ~60 MB once every search text is cached.
 */
import type { Clip } from '../../core/domain/clip.js';
import { compareByRecordingTime, recordingTimeMs } from './clip-filter.js';
import { searchTextOf, type SearchRow } from './search-text.js';
import { displayOrder } from './display-order.js';

class IndexEntry implements SearchRow {
  #searchText: string | undefined;

  constructor(
    readonly timeMs: number,
    readonly clip: Clip,
    /** Kept here so "unlabelled only" never has to load the record itself. */
    readonly labelled: boolean,
  ) {}

  static of(clip: Clip): IndexEntry {
    return new IndexEntry(recordingTimeMs(clip), clip, clip.label !== undefined);
  }

  get searchText(): string {
    return (this.#searchText ??= searchTextOf(this.clip));
  }

  /** A fresh copy (with the cached search text), so copies made in display order sit in that order in memory. */
  copy(): IndexEntry {
    const entry = new IndexEntry(this.timeMs, this.clip, this.labelled);
    entry.#searchText = this.#searchText;
    return entry;
  }
}

function compareEntries(a: IndexEntry, b: IndexEntry): number {
  return compareByRecordingTime(a.timeMs, a.clip.id, b.timeMs, b.clip.id);
}

/** Above this many moved clips in one commit, one merge pass beats splicing them in one by one. */
const SPLICE_LIMIT = 64;

export class RecordingTimeIndex {
  #entries: IndexEntry[] = [];
  /** Where warmSearchText() continues; entries before it were warm when it passed. */
  #warmCursor = 0;
  /** Entries allocated since the index was last laid out in display order (see #keepLaidOut). */
  #entriesSinceLayout = 0;

  get size(): number {
    return this.#entries.length;
  }

  /** Replaces the whole index (at open). */
  rebuild(clips: Iterable<Clip>): void {
    const all = [...clips];
    const times = new Float64Array(all.length);
    for (let i = 0; i < all.length; i++) times[i] = recordingTimeMs(all[i] as Clip);
    const order = displayOrder(times, (position) => (all[position] as Clip).id);
    // Each entry is allocated once, in display order, which is also the order searches walk them.
    const entries = new Array<IndexEntry>(all.length);
    for (let i = 0; i < order.length; i++) {
      const position = order[i] as number;
      const clip = all[position] as Clip;
      entries[i] = new IndexEntry(times[position] as number, clip, clip.label !== undefined);
    }
    this.#entries = entries;
    this.#warmCursor = 0;
    this.#entriesSinceLayout = 0;
  }

  /**
   * Applies committed changes: each pair is the clip as it was (undefined when new) and as it is now.
   * A clip whose recording time did not change (a label edit, the usual case) is swapped in place.
   */
  apply(changes: readonly { before: Clip | undefined; after: Clip }[]): void {
    const moved: { before: Clip | undefined; after: IndexEntry }[] = [];
    for (const { before, after } of changes) {
      const entry = IndexEntry.of(after);
      if (before !== undefined) {
        const position = this.#positionOf(before);
        if (position >= 0 && this.#entries[position]?.timeMs === entry.timeMs) {
          this.#entries[position] = entry;
          continue;
        }
      }
      moved.push({ before, after: entry });
    }
    if (moved.length <= SPLICE_LIMIT) {
      for (const { before, after } of moved) {
        if (before !== undefined) {
          const position = this.#positionOf(before);
          if (position >= 0) this.#entries.splice(position, 1);
        }
        this.#entries.splice(this.#insertionPoint(after), 0, after);
      }
    } else {
      // Many at once (a large dock session, a bulk load): drop the old entries, sort the new ones
      // and merge both sorted lists in one pass, rather than re-sorting everything per shard commit.
      const removed = new Set<Clip>(moved.flatMap(({ before }) => (before === undefined ? [] : [before])));
      const kept = removed.size === 0 ? this.#entries : this.#entries.filter((entry) => !removed.has(entry.clip));
      this.#entries = mergeSorted(kept, moved.map(({ after }) => after).sort(compareEntries));
    }
    this.#keepLaidOut(changes.length);
  }

  /**
   * Entries made after the last layout sit apart from the others on the heap. Searches walk entries
   * in display order, and entries scattered over the heap made every search ~4x slower through cache
   * misses (55 ms against 12 ms at 300,000 clips), so once a quarter of them are new, all entries are
   * re-allocated in display order (amortised: about one copy per change).
   */
  #keepLaidOut(newEntries: number): void {
    this.#entriesSinceLayout += newEntries;
    if (this.#entriesSinceLayout * 4 <= this.#entries.length) return;
    this.#entries = this.#entries.map((entry) => entry.copy());
    this.#entriesSinceLayout = 0;
    this.#warmCursor = 0;
  }

  /** Positions [start, end) of the clips recorded within [fromMs, toMs] (inclusive; undefined = open). */
  range(fromMs: number | undefined, toMs: number | undefined): { start: number; end: number } {
    // Newest first: the range starts at the first entry not newer than `toMs` and ends before the
    // first entry older than `fromMs`.
    const start = toMs === undefined ? 0 : this.#firstPosition((timeMs) => timeMs <= toMs);
    const end = fromMs === undefined ? this.#entries.length : this.#firstPosition((timeMs) => timeMs < fromMs);
    return { start, end: Math.max(start, end) };
  }

  /** The row at a position in display order. */
  rowAt(position: number): SearchRow {
    const entry = this.#entries[position];
    if (entry === undefined) throw new RangeError(`index position ${position} out of range`);
    return entry;
  }

  /**
   * Fills search-text caches until `budgetMs` has passed, so searches right after open are fast too.
   * Returns true once every entry is warm. Entries it misses (moved by a write) fill on first use.
   */
  warmSearchText(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    const entries = this.#entries;
    while (this.#warmCursor < entries.length) {
      // Read the clock every 256 entries (~0.5 ms of folding), not after each one.
      const stop = Math.min(entries.length, this.#warmCursor + 256);
      for (; this.#warmCursor < stop; this.#warmCursor++) void (entries[this.#warmCursor] as IndexEntry).searchText;
      if (performance.now() >= deadline) return this.#warmCursor >= entries.length;
    }
    return true;
  }

  #positionOf(clip: Clip): number {
    const position = this.#insertionPoint(IndexEntry.of(clip));
    if (this.#entries[position]?.clip === clip) return position;
    // Only reachable if a stored record was changed in place (records are frozen, so it should not be).
    return this.#entries.findIndex((entry) => entry.clip === clip);
  }

  /** First position whose entry does not sort before `probe` (lower bound). */
  #insertionPoint(probe: IndexEntry): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareEntries(this.#entries[middle] as IndexEntry, probe) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** First position whose entry satisfies `reached`; entries before it all fail it (time is monotone). */
  #firstPosition(reached: (timeMs: number) => boolean): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (reached((this.#entries[middle] as IndexEntry).timeMs)) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}

function mergeSorted(a: readonly IndexEntry[], b: readonly IndexEntry[]): IndexEntry[] {
  const merged = new Array<IndexEntry>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) merged[k++] = compareEntries(a[i] as IndexEntry, b[j] as IndexEntry) <= 0 ? (a[i++] as IndexEntry) : (b[j++] as IndexEntry);
  while (i < a.length) merged[k++] = a[i++] as IndexEntry;
  while (j < b.length) merged[k++] = b[j++] as IndexEntry;
  return merged;
}
