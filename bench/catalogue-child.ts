/**
 * The catalogue benchmark's work, each step in a fresh process spawned by catalogue.bench.ts:
 *   prepare <workDir> <clips>  generate the clips, bulk-load the sharded store, time the single-file baseline
 *   open <storeDir>            cold open only
 *   full <storeDir>            cold open, then writes and searches
 * A fresh process per step means the open is measured on a process that has never seen the records,
 * next to no other big heap (the generator's garbage would be collected concurrently on the same 2 cores).
 * Prints one JSON line (PrepareReport or ChildReport) on stdout.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JSONFilePreset } from 'lowdb/node';
import type { ClipQuery } from '../electron/core/ports.js';
import type { Clip } from '../electron/core/domain/clip.js';
import { nodeDurableFileOps } from '../electron/adapters/catalogue/durable-json-adapter.js';
import { ShardedCatalogueStore } from '../electron/adapters/catalogue/sharded-catalogue-store.js';
import { seenBy } from '../electron/core/access/visibility.js';
import { generateRealisticClips } from '../test/fixtures/catalogue-clips.js';

export interface PrepareReport {
  generateMs: number;
  labelledFraction: number;
  /** Characters of compact JSON per clip, averaged over the first 1,000. */
  jsonCharsPerClip: number;
  bulkLoadMs: number;
  shardBytes: number;
  baselineWriteMs: number[];
  baselineFileBytes: number;
}

export interface Latencies {
  p50: number;
  p95: number;
  max: number;
  count: number;
}

export interface ChildReport {
  openMs: number;
  openCpuMs: number;
  clips: number;
  rssMb: number;
  heapUsedMb: number;
  /** After a full GC: what the open catalogue really keeps alive. */
  heapUsedAfterGcMb: number | undefined;
  firstSearchMs?: number;
  writes?: Latencies;
  /** Temp file + fsync + rename + folder fsync of a shard-sized file, nothing else. */
  diskFloor?: Latencies & { bytes: number };
  searches?: Latencies;
  searchesByKind?: Record<string, Latencies>;
  rssAfterRunMb?: number;
}

function latencies(samples: number[]): Latencies {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  return { p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] ?? Number.NaN, count: sorted.length };
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Deterministic pick so every run asks the same things. */
function picker(seed: number): <T>(items: readonly T[]) => T {
  let state = seed;
  return <T>(items: readonly T[]): T => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return items[state % items.length] as T;
  };
}

/** 200 searches of the kinds the catalogue screen makes, built from the data itself. */
function searchMix(sample: Clip[], count: number): { kind: string; query: ClipQuery }[] {
  const pick = picker(42);
  const labelled = sample.filter((clip) => clip.label !== undefined);
  const newest = Date.parse(sample[0]?.media.recordedAt ?? '2026-03-12T00:00:00Z');
  const kinds: ((i: number) => { kind: string; query: ClipQuery })[] = [
    () => ({ kind: 'case number', query: { caseNumber: pick(labelled).label?.caseNumber ?? '' } }),
    (i) => ({ kind: 'text', query: { text: i % 3 === 0 ? 'VID_2025' : i % 3 === 1 ? (pick(labelled).label?.location.slice(-3) ?? '') : (pick(labelled).label?.party.slice(0, 4) ?? '') } }),
    (i) => ({ kind: 'unlabelled', query: i % 2 === 0 ? { unlabelledOnly: true } : { unlabelledOnly: true, officer: pick(sample).camera.officerName ?? '' } }),
    () => {
      const to = newest - Math.floor(pick([0, 30, 90, 200, 400]) * 86_400_000);
      return { kind: 'date range', query: { from: new Date(to - pick([1, 7, 30]) * 86_400_000).toISOString(), to: new Date(to).toISOString() } };
    },
    () => ({ kind: 'officer', query: { officer: pick(sample).camera.officerName ?? '' } }),
  ];
  return Array.from({ length: count }, (_, i) => (kinds[i % kinds.length] as (i: number) => { kind: string; query: ClipQuery })(i));
}

async function prepare(workDir: string, clipCount: number): Promise<PrepareReport> {
  let started = performance.now();
  const clips = generateRealisticClips(clipCount);
  const generateMs = performance.now() - started;

  started = performance.now();
  const store = new ShardedCatalogueStore(path.join(workDir, 'sharded'));
  await store.open();
  await store.putMany(clips);
  await store.close();
  const bulkLoadMs = performance.now() - started;
  const clipsDir = path.join(workDir, 'sharded', 'clips');
  const shardSizes = await Promise.all((await readdir(clipsDir)).map(async (name) => (await stat(path.join(clipsDir, name))).size));

  // The design being replaced: every clip in one lowdb file, written whole on each change.
  const baselineFile = path.join(workDir, 'single-file.json');
  const db = await JSONFilePreset<{ clips: Record<string, Clip> }>(baselineFile, { clips: {} });
  for (const clip of clips) db.data.clips[clip.id] = clip;
  const baselineWriteMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const clip = clips[i] as Clip;
    db.data.clips[clip.id] = { ...clip, hasThumbnail: !clip.hasThumbnail };
    started = performance.now();
    await db.write();
    baselineWriteMs.push(performance.now() - started);
  }
  return {
    generateMs,
    labelledFraction: clips.filter((clip) => clip.label !== undefined).length / clips.length,
    jsonCharsPerClip: JSON.stringify(clips.slice(0, 1_000)).length / Math.min(1_000, clips.length),
    bulkLoadMs,
    shardBytes: shardSizes.reduce((sum, size) => sum + size, 0),
    baselineWriteMs,
    baselineFileBytes: (await stat(baselineFile)).size,
  };
}

async function main(): Promise<void> {
  const [mode, target, countArgument] = process.argv.slice(2);
  if (mode === 'prepare' && target !== undefined) {
    process.stdout.write(`${JSON.stringify(await prepare(target, Number(countArgument)))}\n`);
    return;
  }
  if (target === undefined || (mode !== 'open' && mode !== 'full')) throw new Error('usage: catalogue-child.ts prepare <workDir> <clips> | open <storeDir> | full <storeDir>');
  const storeDir = target;
  const store = new ShardedCatalogueStore(storeDir);
  const cpuBefore = process.cpuUsage();
  const openStart = performance.now();
  await store.open();
  const openMs = performance.now() - openStart;
  const cpu = process.cpuUsage(cpuBefore);
  const memory = process.memoryUsage();
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const report: ChildReport = {
    openMs,
    openCpuMs: (cpu.user + cpu.system) / 1000,
    clips: store.count(),
    rssMb: mb(memory.rss),
    heapUsedMb: mb(memory.heapUsed),
    heapUsedAfterGcMb: gc === undefined ? undefined : mb(process.memoryUsage().heapUsed),
  };

  if (mode === 'full') {
    // The first search right after open, before the idle warm-up has folded any search text.
    const firstStart = performance.now();
    store.query({ text: '塘头' });
    report.firstSearchMs = performance.now() - firstStart;
    await sleep(2_000);

    const sample = store.query({ limit: 1_000 }).items;
    const pick = picker(7);
    const everyClip = store.query({ limit: Number.MAX_SAFE_INTEGER }).items;
    // Control: the same durable file replacement with no catalogue work, interleaved with the label
    // writes so both meet the same disk. On a disk shared with other writers this floor moves a lot.
    const floorDir = path.join(path.dirname(storeDir), 'disk-floor');
    await mkdir(floorDir, { recursive: true });
    const shardSized = Buffer.alloc(Math.round((await stat(path.join(storeDir, 'clips', '00.json'))).size), 0x61);
    const floorTimes: number[] = [];
    const writeTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      if (i % 4 === 0) {
        const start = performance.now();
        const temp = path.join(floorDir, `.floor.${i}.tmp`);
        await nodeDurableFileOps.writeAndSync(temp, shardSized);
        await nodeDurableFileOps.rename(temp, path.join(floorDir, 'floor.json'));
        await nodeDurableFileOps.syncFolder(floorDir);
        floorTimes.push(performance.now() - start);
      }
      const clip = pick(everyClip);
      const label = { caseNumber: `清国土罚（2026）${1000 + i}号`, party: '清远市某某建材有限公司', handler: '张伟、李娜', stage: 'investigation' as const, location: '清城区石角镇塘头村', labelledAt: new Date().toISOString(), labelledBy: '44181001' };
      const start = performance.now();
      await store.putMany([{ ...clip, label }]);
      writeTimes.push(performance.now() - start);
    }
    report.writes = latencies(writeTimes);
    report.diskFloor = { ...latencies(floorTimes), bytes: shardSized.length };

    const byKind = new Map<string, number[]>();
    const searchTimes: number[] = [];
    for (const { kind, query } of searchMix(sample, 200)) {
      const start = performance.now();
      store.query(query);
      const elapsed = performance.now() - start;
      searchTimes.push(elapsed);
      byKind.set(kind, [...(byKind.get(kind) ?? []), elapsed]);
    }
    // Issue F: a signed-in officer's catalogue runs the permission rules over every clip of the list.
    const officerClip = sample[0];
    if (officerClip !== undefined) {
      const officer = { userId: 'bench', username: 'bench', displayName: officerClip.camera.officerName ?? '', badgeNumber: officerClip.camera.officerNumber ?? '', roles: ['officer' as const], department: officerClip.camera.department ?? '', clearance: 'ordinary' as const, head: false, sessionId: 'bench' };
      const asOfficer: number[] = [];
      for (let i = 0; i < 20; i++) {
        const start = performance.now();
        store.query({ limit: 50, visibleTo: seenBy(officer, {}) });
        asOfficer.push(performance.now() - start);
      }
      byKind.set('as officer', asOfficer);
    }
    report.searches = latencies(searchTimes);
    report.searchesByKind = Object.fromEntries([...byKind].map(([kind, times]) => [kind, latencies(times)]));
    report.rssAfterRunMb = mb(process.memoryUsage().rss);
  }
  await store.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
