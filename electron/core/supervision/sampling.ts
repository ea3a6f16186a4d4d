/**
 * The spot-check sample (R6.1, docs/supervision.md "Sampling"): for every officer with footage in the
 * period, up to `perOfficer` clips, stratified by week of the month so a sample never comes from one
 * day only. Strata are visited in a random order, one clip from each in turn (round robin) until the
 * officer's quota is met; within a stratum every clip is equally likely. Pure and reproducible: the
 * same seed over the same footage draws the same clips.
 */
import type { Clip } from '../domain/clip.js';
import { clipSpan, isContinuityClip } from './continuity.js';
import { periodRange, weekStratum, BUREAU_UTC_OFFSET_MINUTES } from './periods.js';
import { SeededRandom } from './seeded-random.js';

export interface SampleOptions {
  seed: string;
  period: string;
  periodMonths: number;
  perOfficer: number;
  /** Clips already drawn in an earlier period (reviewed or waiting): never drawn again. */
  exclude: ReadonlySet<string>;
  utcOffsetMinutes?: number;
}

export interface DrawnClip {
  clip: Clip;
  officerKey: string;
  stratum: string;
}

export interface OfficerTally {
  officerKey: string;
  officerName?: string;
  population: number;
  drawn: number;
}

export interface SampleResult {
  officers: OfficerTally[];
  drawn: DrawnClip[];
}

/** Whose footage a clip is: the camera's registered officer (badge number), else their name. */
export function officerKeyOf(clip: Pick<Clip, 'camera'>): string | undefined {
  if (clip.camera.officerNumber) return clip.camera.officerNumber;
  if (clip.camera.officerName) return `name:${clip.camera.officerName}`;
  return undefined;
}

export function drawSample(clips: readonly Clip[], options: SampleOptions): SampleResult {
  const offset = options.utcOffsetMinutes ?? BUREAU_UTC_OFFSET_MINUTES;
  const { from, to } = periodRange(options.period, options.periodMonths, offset);
  const byOfficer = new Map<string, Clip[]>();
  for (const clip of clips) {
    if (!isContinuityClip(clip) || options.exclude.has(clip.id)) continue;
    const start = clipSpan(clip).start;
    if (Number.isNaN(start) || start < from.getTime() || start >= to.getTime()) continue;
    const key = officerKeyOf(clip);
    if (key === undefined) continue;
    const list = byOfficer.get(key) ?? [];
    list.push(clip);
    byOfficer.set(key, list);
  }

  const officers: OfficerTally[] = [];
  const drawn: DrawnClip[] = [];
  for (const officerKey of [...byOfficer.keys()].sort()) {
    // Sorted by id: the draw depends on the footage and the seed, never on the catalogue's order.
    const population = (byOfficer.get(officerKey) ?? []).sort((a, b) => a.id.localeCompare(b.id));
    const strata = new Map<string, Clip[]>();
    for (const clip of population) {
      const stratum = weekStratum(new Date(clipSpan(clip).start), offset);
      strata.set(stratum, [...(strata.get(stratum) ?? []), clip]);
    }
    const random = new SeededRandom(options.seed, `${options.period}|${officerKey}`);
    const order = random.shuffle([...strata.keys()].sort());
    const picked: DrawnClip[] = [];
    while (picked.length < options.perOfficer && order.some((stratum) => (strata.get(stratum)?.length ?? 0) > 0)) {
      for (const stratum of order) {
        if (picked.length >= options.perOfficer) break;
        const pool = strata.get(stratum) ?? [];
        if (pool.length === 0) continue;
        const [clip] = pool.splice(random.int(pool.length), 1);
        if (clip) picked.push({ clip, officerKey, stratum });
      }
    }
    const officerName = population[0]?.camera.officerName;
    officers.push({ officerKey, ...(officerName ? { officerName } : {}), population: population.length, drawn: picked.length });
    drawn.push(...picked);
  }
  return { officers, drawn };
}
