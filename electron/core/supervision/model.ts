/**
 * Supervision's records (issue F part 2, docs/supervision.md). The shapes are the contract's
 * (electron/contract/supervision.ts); the store keeps a copy request's full ID number, which the
 * contract only ever shows masked.
 */
import type { z } from 'zod';
import type {
  Bookmark as BookmarkSchema,
  ContinuityEvent as ContinuityEventSchema,
  Gap as GapSchema,
  PartyCopyFile as PartyCopyFileSchema,
  PartyCopyProduction as PartyCopyProductionSchema,
  PartyCopyRequest as PartyCopyRequestSchema,
  SpotCheckDraw as SpotCheckDrawSchema,
  SpotCheckItem as SpotCheckItemSchema,
  TimelineClip as TimelineClipSchema,
} from '../../contract/supervision.js';

export type Bookmark = z.output<typeof BookmarkSchema>;
export type TimelineClip = z.output<typeof TimelineClipSchema>;
export type Gap = z.output<typeof GapSchema>;
export type ContinuityEvent = z.output<typeof ContinuityEventSchema>;
export type SpotCheckItem = z.output<typeof SpotCheckItemSchema>;
export type SpotCheckDraw = z.output<typeof SpotCheckDrawSchema>;
export type PartyCopyFile = z.output<typeof PartyCopyFileSchema>;
export type PartyCopyProduction = z.output<typeof PartyCopyProductionSchema>;
/** As stored: `idDocumentNumber` in full. Never returned as is (see maskIdNumber). */
export type PartyCopyRecord = z.output<typeof PartyCopyRequestSchema> & { requestedByUserId?: string };

/** A stored gap: only gaps someone asked about are stored; the rest are computed from the catalogue. */
export type GapRecord = Gap;

export interface SupervisionData {
  version: 1;
  bookmarks: Bookmark[];
  gaps: GapRecord[];
  draws: SpotCheckDraw[];
  items: SpotCheckItem[];
  partyCopies: PartyCopyRecord[];
}

export function emptySupervisionData(): SupervisionData {
  return { version: 1, bookmarks: [], gaps: [], draws: [], items: [], partyCopies: [] };
}
