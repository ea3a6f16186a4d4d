/** The spanning planner: discs never overflow, cases stay together where they fit. */
import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../../electron/core/archive/errors.js';
import { mediaCapacityBytes } from '../../electron/core/archive/model.js';
import { DISC_FIXED_OVERHEAD, PER_FILE_OVERHEAD, planSpanning, roundUpToSector, tagReserveFor, unitCost, usableBytes, type SpanUnit } from '../../electron/core/archive/spanning.js';

const MB = 1024 * 1024;
const unit = (id: string, group: string, mb: number): SpanUnit => ({ id, group, fileSizes: [mb * MB, 70_000] });

describe('costs', () => {
  it('rounds every file to whole sectors and adds its directory records', () => {
    expect(roundUpToSector(1)).toBe(2048);
    expect(roundUpToSector(2048)).toBe(2048);
    expect(unitCost([1, 2049])).toBe(2048 + 4096 + 2 * PER_FILE_OVERHEAD);
  });

  it('keeps the fixed image overhead, the tag files and a safety margin off each disc', () => {
    const dvd = mediaCapacityBytes('dvd');
    expect(dvd).toBe(4_700_372_992);
    expect(usableBytes(dvd, tagReserveFor(100))).toBe(Math.floor(dvd * 0.995) - DISC_FIXED_OVERHEAD - tagReserveFor(100));
    expect(usableBytes(Number.POSITIVE_INFINITY, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('planSpanning', () => {
  const capacity = 100 * MB + DISC_FIXED_OVERHEAD + MB; // roughly 100 MB usable with a 1 MB tag reserve
  const options = { capacityBytes: capacity / 0.995, tagReserveBytes: MB };

  it('puts a set that fits on one disc', () => {
    const plan = planSpanning([unit('a', 'X', 10), unit('b', 'X', 20)], options);
    expect(plan.discs).toHaveLength(1);
    expect(plan.splitGroups).toEqual([]);
  });

  it('keeps each case on one disc when it fits, packing smaller cases into the gaps', () => {
    const plan = planSpanning([unit('a1', 'A', 30), unit('a2', 'A', 30), unit('b1', 'B', 60), unit('c1', 'C', 35), unit('d1', 'D', 5)], options);
    for (const group of ['A', 'B', 'C', 'D']) {
      expect(plan.discs.filter((disc) => disc.groups.includes(group))).toHaveLength(1);
    }
    expect(plan.discs.length).toBe(2);
    for (const disc of plan.discs) expect(disc.bytes).toBeLessThanOrEqual(plan.usableBytesPerDisc);
  });

  it('spreads a case larger than a disc over consecutive discs in order, and fills the gaps with smaller cases', () => {
    const big = Array.from({ length: 7 }, (_, i) => unit(`big${i}`, 'BIG', 30));
    const plan = planSpanning([...big, unit('s', 'SMALL', 5)], options);
    expect(plan.splitGroups).toEqual(['BIG']);
    const order = plan.discs.flatMap((disc) => disc.unitIds.filter((id) => id.startsWith('big')));
    expect(order).toEqual(big.map((u) => u.id));
    const bigDiscs = plan.discs.filter((disc) => disc.groups.includes('BIG')).map((disc) => disc.index);
    expect(bigDiscs).toEqual([1, 2, 3]);
    // The small case goes where there is room: no fourth disc.
    expect(plan.discs).toHaveLength(3);
    for (const disc of plan.discs) expect(disc.bytes).toBeLessThanOrEqual(plan.usableBytesPerDisc);
  });

  it('puts a whole folder copy in one bag', () => {
    const plan = planSpanning([unit('a', 'A', 5000), unit('b', 'B', 9000)], { capacityBytes: Number.POSITIVE_INFINITY, tagReserveBytes: MB });
    expect(plan.discs).toHaveLength(1);
  });

  it('refuses a clip that no disc of the medium can hold, naming it', () => {
    expect(() => planSpanning([unit('huge', 'A', 150)], options)).toThrow(ArchiveError);
    try {
      planSpanning([unit('huge', 'A', 150)], options);
    } catch (error) {
      expect(error).toMatchObject({ code: 'ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA', params: { clipId: 'huge' } });
    }
  });

  it('a 4.5 GiB clip fits a DVD DL but not a DVD', () => {
    const clip: SpanUnit = { id: 'x', group: 'A', fileSizes: [4.5 * 1024 ** 3, 70_000] };
    expect(() => planSpanning([clip], { capacityBytes: mediaCapacityBytes('dvd'), tagReserveBytes: tagReserveFor(2) })).toThrow(/holds/);
    expect(planSpanning([clip], { capacityBytes: mediaCapacityBytes('dvd-dl'), tagReserveBytes: tagReserveFor(2) }).discs).toHaveLength(1);
  });
});
