/**
 * Spanning: which clip goes on which disc of a set. Pure bin packing with the overheads of a real
 * ISO 9660 + Rock Ridge + Joliet image, so a planned disc never overflows the medium:
 *
 * - every file is rounded up to whole 2048-byte sectors and costs directory records in three trees
 *   (ISO, Rock Ridge, Joliet) plus its MD5 entry: PER_FILE_OVERHEAD;
 * - every disc carries the image's fixed structures (system area, volume descriptors, path tables,
 *   checksum tags, 300 KiB padding) and the bag's tag files (manifests, index.html, set index):
 *   DISC_FIXED_OVERHEAD + the caller's tag-file reserve;
 * - and a safety margin of SAFETY_FRACTION of the medium for what the estimate misses (a drive
 *   reporting a few sectors less than the nominal capacity, multi-extent records of huge files).
 *
 * Rules, in order: a clip and its explanation sheet are one unit and never part; a case that fits on
 * one disc stays on one disc (first-fit decreasing over whole cases); a case larger than a disc fills
 * consecutive fresh discs in recording order, and its last disc stays open for smaller cases.
 */
import { ArchiveError } from './errors.js';
import { SECTOR_BYTES } from './model.js';

export const PER_FILE_OVERHEAD = 2 * SECTOR_BYTES;
export const DISC_FIXED_OVERHEAD = 4 * 1024 * 1024;
export const SAFETY_FRACTION = 0.005;

export interface SpanUnit {
  /** The clip id. */
  id: string;
  /** Kept together where it fits: the case number. */
  group: string;
  /** Sizes of the unit's files (the footage and its sheet). */
  fileSizes: number[];
}

export interface PlannedDisc {
  index: number;
  unitIds: string[];
  groups: string[];
  /** Estimated bytes the disc's payload takes on the medium. */
  bytes: number;
}

export interface SpanningPlan {
  discs: PlannedDisc[];
  /** Cases that did not fit on one disc and were spread over consecutive discs. */
  splitGroups: string[];
  usableBytesPerDisc: number;
}

export interface SpanningOptions {
  /** Capacity of the medium in bytes; Infinity for a folder on an external disk (one "disc"). */
  capacityBytes: number;
  /** Bytes reserved on each disc for the bag's tag files. */
  tagReserveBytes: number;
}

export function roundUpToSector(bytes: number): number {
  return Math.ceil(bytes / SECTOR_BYTES) * SECTOR_BYTES;
}

export function unitCost(fileSizes: readonly number[]): number {
  return fileSizes.reduce((sum, size) => sum + roundUpToSector(size) + PER_FILE_OVERHEAD, 0);
}

export function usableBytes(capacityBytes: number, tagReserveBytes: number): number {
  if (!Number.isFinite(capacityBytes)) return Number.POSITIVE_INFINITY;
  return Math.floor(capacityBytes * (1 - SAFETY_FRACTION)) - DISC_FIXED_OVERHEAD - tagReserveBytes;
}

/** Tag files grow with the files listed: manifests and index on each disc, the set index of all. */
export function tagReserveFor(filesInSet: number): number {
  return 1024 * 1024 + filesInSet * 1024;
}

interface OpenDisc {
  units: SpanUnit[];
  groups: Set<string>;
  bytes: number;
}

export function planSpanning(units: readonly SpanUnit[], options: SpanningOptions): SpanningPlan {
  const usable = usableBytes(options.capacityBytes, options.tagReserveBytes);
  if (usable <= 0) throw new ArchiveError('ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA', 'the medium is too small to hold even the tag files', { capacity: options.capacityBytes });
  for (const unit of units) {
    const cost = unitCost(unit.fileSizes);
    if (cost > usable) {
      throw new ArchiveError('ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA', `clip ${unit.id} needs ${cost} bytes, a disc of this medium holds ${usable}`, { clipId: unit.id, needed: cost, usable });
    }
  }

  // Groups in first-seen order, then largest first (stable, so equal sizes keep the caller's order).
  const groups = new Map<string, SpanUnit[]>();
  for (const unit of units) groups.set(unit.group, [...(groups.get(unit.group) ?? []), unit]);
  const ordered = [...groups.entries()].map(([group, members]) => ({ group, members, bytes: members.reduce((sum, unit) => sum + unitCost(unit.fileSizes), 0) })).sort((a, b) => b.bytes - a.bytes);

  const discs: OpenDisc[] = [];
  const split: string[] = [];
  const place = (disc: OpenDisc, unit: SpanUnit, group: string) => {
    disc.units.push(unit);
    disc.groups.add(group);
    disc.bytes += unitCost(unit.fileSizes);
  };

  for (const { group, members, bytes } of ordered) {
    if (bytes <= usable) {
      let disc = discs.find((candidate) => usable - candidate.bytes >= bytes);
      if (disc === undefined) {
        disc = { units: [], groups: new Set(), bytes: 0 };
        discs.push(disc);
      }
      for (const unit of members) place(disc, unit, group);
      continue;
    }
    split.push(group);
    let disc: OpenDisc = { units: [], groups: new Set(), bytes: 0 };
    discs.push(disc);
    for (const unit of members) {
      const cost = unitCost(unit.fileSizes);
      if (usable - disc.bytes < cost) {
        disc = { units: [], groups: new Set(), bytes: 0 };
        discs.push(disc);
      }
      place(disc, unit, group);
    }
  }

  return {
    discs: discs.map((disc, i) => ({ index: i + 1, unitIds: disc.units.map((unit) => unit.id), groups: [...disc.groups], bytes: disc.bytes })),
    splitGroups: split,
    usableBytesPerDisc: usable,
  };
}
