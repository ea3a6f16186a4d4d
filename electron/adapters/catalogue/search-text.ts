/**
 * The search text of a clip: its searchable fields, folded (see foldForSearch) and joined in a fixed
 * order by a separator. A search runs over every clip, and folding eight fields per clip per search
 * cost more than the rest of it; with the text cached per clip, a criterion is one `includes`, plus a
 * segment check for the few hits that must lie in a particular field.
 */
import type { Clip } from '../../core/domain/clip.js';

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/g;
const OPENING_BRACKETS = /[[【〔]/g;
const CLOSING_BRACKETS = /[\]】〕]/g;
const HAS_FULL_WIDTH = /[\uff01-\uff5e\u3000]/;
const HAS_OTHER_BRACKET = /[[\]【】〔〕]/;

/**
 * The form both sides of a text match are compared in: lower case, full-width letters, digits and
 * brackets as half-width, and every bracket kind ( [ 【 〔 as "(" (closing ones as ")").
 */
export function foldForSearch(text: string): string {
  let folded = text;
  if (HAS_FULL_WIDTH.test(folded)) {
    // U+FF01..U+FF5E are U+0021..U+007E shifted by 0xFEE0; U+3000 is the ideographic space.
    folded = folded.replace(FULL_WIDTH, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
  }
  if (HAS_OTHER_BRACKET.test(folded)) folded = folded.replace(OPENING_BRACKETS, '(').replace(CLOSING_BRACKETS, ')');
  return folded.toLowerCase();
}

/**
 * Segments of the search text, in order. officerNumber is last because it is the one field the `text`
 * criterion does not cover: "a hit in the text fields" is then "a hit before the last separator".
 */
const SEGMENT = { originalName: 0, officerName: 1, deviceNumber: 2, caseNumber: 3, party: 4, handler: 5, location: 6, officerNumber: 7 } as const;
export type SegmentName = keyof typeof SEGMENT;
const SEGMENT_COUNT = Object.keys(SEGMENT).length;
/** Separates segments; a control character, which no folded needle contains (they are stripped). */
export const SEARCH_SEPARATOR = '\u0001';

/** A field as a segment: names from a camera are data and could contain the separator. */
function segment(value: string | undefined): string {
  return value === undefined ? '' : value.includes(SEARCH_SEPARATOR) ? value.replaceAll(SEARCH_SEPARATOR, ' ') : value;
}

/**
 * Every searchable field of a clip, joined in SEGMENT order and folded. Folding the joined text once
 * equals folding each field: every step maps characters one by one, and lower-casing treats the
 * separator (a control character) like the end of a string.
 */
export function searchTextOf(clip: Clip): string {
  const { camera, label } = clip;
  const fields = [
    segment(clip.originalName),
    segment(camera.officerName),
    segment(camera.deviceNumber),
    segment(label?.caseNumber),
    segment(label?.party),
    segment(label?.handler),
    segment(label?.location),
    segment(camera.officerNumber),
  ];
  return foldForSearch(fields.join(SEARCH_SEPARATOR));
}

/** What a query is evaluated on; the store keeps one per clip with `searchText` cached. */
export interface SearchRow {
  readonly clip: Clip;
  readonly labelled: boolean;
  readonly searchText: string;
}

export function searchRowOf(clip: Clip): SearchRow {
  return { clip, labelled: clip.label !== undefined, searchText: searchTextOf(clip) };
}

/** One text criterion: the folded needle and the segments it may occur in (bit n = segment n). */
export interface TextCriterion {
  readonly needle: string;
  readonly segments: number;
}

export function segmentsOf(...names: SegmentName[]): number {
  return names.reduce((mask, name) => mask | (1 << SEGMENT[name]), 0);
}

const ALL_SEGMENTS = (1 << SEGMENT_COUNT) - 1;
const ALL_BUT_LAST_SEGMENT = ALL_SEGMENTS >> 1;

function segmentAt(searchText: string, position: number): number {
  let index = 0;
  for (let at = searchText.indexOf(SEARCH_SEPARATOR); at >= 0 && at < position; at = searchText.indexOf(SEARCH_SEPARATOR, at + 1)) index++;
  return index;
}

/** Whether the needle occurs inside the criterion's segments (a needle never spans a separator). */
export function occursInSegments(searchText: string, { needle, segments }: TextCriterion): boolean {
  let at = searchText.indexOf(needle);
  if (at < 0) return false;
  if (segments === ALL_SEGMENTS) return true;
  // The first occurrence is the earliest, so "before the last separator" needs no loop.
  if (segments === ALL_BUT_LAST_SEGMENT) return at < searchText.lastIndexOf(SEARCH_SEPARATOR);
  for (; at >= 0; at = searchText.indexOf(needle, at + 1)) {
    if ((segments & (1 << segmentAt(searchText, at))) !== 0) return true;
  }
  return false;
}
