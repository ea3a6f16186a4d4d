/**
 * Several cameras at once against one camera at a time, on the same bytes, in the same run (issue C item 8):
 *
 *   one at a time: the real station (vault, journal, catalogue, audit, probe) docks camera 1, then 2, 3, 4
 *   all at once:   the same four cameras docked together
 *
 * Target: all-at-once aggregate throughput >= 0.9x one-at-a-time. Printed, never asserted (shared disks
 * are noisy). Each camera is a distinct, incompressible footage set (bench/ingest/camera-footage.ts).
 *
 * Env: BENCH_CONCURRENT_GB (default 2) total bytes over the four cameras; BENCH_CONCURRENT_ROUNDS (default 2).
 */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStationFromDataDir } from '../electron/adapters/compose.js';
import type { CallContext } from '../electron/core/commands/handlers.js';
import { cameraFootage, type FootageSet } from './ingest/camera-footage.js';
import { canDropCaches, dropCaches, median, shell, timed } from './ingest/measure.js';
import { staffCall } from '../test/fakes/actors.js';

const TARGET_RATIO = 0.9;
const CAMERAS = 4;
const WORK_DIR = join(dirname(fileURLToPath(import.meta.url)), '.work', 'concurrent-ingest');
// Issue F: an in-process actor (the bench measures docking, not signing in); a host would sign in instead.
const call: CallContext = staffCall({ displayName: 'bench', badgeNumber: 'bench' });

export async function run(): Promise<void> {
  const totalBytes = Math.round(numberFromEnv('BENCH_CONCURRENT_GB', 2) * 1e9);
  const rounds = Math.max(1, Math.round(numberFromEnv('BENCH_CONCURRENT_ROUNDS', 2)));
  const log = (line: string): void => console.log(`[concurrent-ingest] ${line}`);
  const cameras: FootageSet[] = [];
  for (let i = 0; i < CAMERAS; i++) cameras.push(await cameraFootage(join(WORK_DIR, `camera-${i}`), Math.round(totalBytes / CAMERAS), log));
  const bytes = cameras.reduce((sum, camera) => sum + camera.totalBytes, 0);
  const cold = await canDropCaches();
  log(`${CAMERAS} cameras, ${cameras.map((c) => c.files.length).join('+')} files, ${(bytes / 1e9).toFixed(2)} GB`);
  log(cold ? 'page cache dropped before every measurement' : 'WARNING: cannot drop the page cache; measurements may read from a warm cache');

  const seconds: Record<'serial' | 'concurrent', number[]> = { serial: [], concurrent: [] };
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? (['serial', 'concurrent'] as const) : (['concurrent', 'serial'] as const);
    for (const mode of order) {
      const data = join(WORK_DIR, 'data');
      await rm(data, { recursive: true, force: true });
      if (cold) await dropCaches();
      const taken = await timeDocks(data, cameras, mode);
      seconds[mode].push(taken);
      log(`round ${round} ${mode.padEnd(10)} ${taken.toFixed(2)} s  ${(bytes / 1e6 / taken).toFixed(0)} MB/s`);
      await rm(data, { recursive: true, force: true });
    }
  }
  const serialRate = bytes / 1e6 / median(seconds.serial);
  const concurrentRate = bytes / 1e6 / median(seconds.concurrent);
  const ratio = concurrentRate / serialRate;
  log(`median one camera at a time: ${serialRate.toFixed(0)} MB/s`);
  log(`median ${CAMERAS} cameras at once:   ${concurrentRate.toFixed(0)} MB/s`);
  log(`ratio at-once/one-at-a-time: ${ratio.toFixed(2)}x (target >= ${TARGET_RATIO}x)  ${ratio >= TARGET_RATIO ? 'PASS' : 'BELOW-TARGET'}`);
}

async function timeDocks(dataDir: string, cameras: FootageSet[], mode: 'serial' | 'concurrent'): Promise<number> {
  const opened = await openStationFromDataDir({ dataDir });
  try {
    const dockOne = async (camera: FootageSet): Promise<void> => {
      const started = await opened.station.execute('docks.ingestFolder', { path: camera.root }, call);
      if (!started.ok) throw new Error(started.error.message);
      const session = await opened.station.whenDocked(started.value.sessionId);
      if (session.clipIds.length !== camera.files.length) throw new Error(`dock of ${camera.root} ended ${session.state} with ${session.clipIds.length}/${camera.files.length} clips`);
    };
    return await timed(async () => {
      if (mode === 'serial') for (const camera of cameras) await dockOne(camera);
      else await Promise.all(cameras.map(dockOne));
      await opened.station.idle();
      await shell('sync');
    });
  } finally {
    await opened.dispose();
  }
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}
