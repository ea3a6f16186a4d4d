/**
 * Ingest throughput against the plain-copy baseline, on the same data, in the same run:
 *
 *   baseline:  cp -r SRC DST && sync
 *   ours:      FsVault.ingest() of every file (copy + SHA-256 + fsync + read-back verify), then sync
 *
 * Target: ours >= 0.75x the baseline's throughput. The result is printed, never asserted: disks in
 * shared machines are noisy, and a benchmark that fails a build on noise teaches people to ignore it.
 *
 * Env: BENCH_INGEST_GB (default 3) size of the source set; BENCH_INGEST_ROUNDS (default 2) rounds, each
 * timing both sides, in alternating order so neither always runs on a warmer or cooler disk;
 * BENCH_INGEST_CHUNK_MIB and BENCH_INGEST_BUFFERS try other engine settings than the defaults.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CopyEngineOptions } from '../electron/adapters/vault/copy-verify.js';
import { DEFAULT_COPY_SETTINGS } from '../electron/adapters/vault/copy-settings.js';
import { FsVault } from '../electron/adapters/vault/fs-vault.js';
import { cameraFootage, type FootageSet } from './ingest/camera-footage.js';
import { canDropCaches, dropCaches, median, shell, timed } from './ingest/measure.js';

const TARGET_RATIO = 0.75;
const WORK_DIR = join(dirname(fileURLToPath(import.meta.url)), '.work', 'ingest');

export async function run(): Promise<void> {
  const totalBytes = Math.round(numberFromEnv('BENCH_INGEST_GB', 3) * 1e9);
  const rounds = Math.max(1, Math.round(numberFromEnv('BENCH_INGEST_ROUNDS', 2)));
  const log = (line: string): void => console.log(`[ingest] ${line}`);
  const engine: CopyEngineOptions = {
    chunkBytes: Math.round(numberFromEnv('BENCH_INGEST_CHUNK_MIB', DEFAULT_COPY_SETTINGS.chunkBytes / 2 ** 20) * 2 ** 20),
    buffersInFlight: Math.round(numberFromEnv('BENCH_INGEST_BUFFERS', DEFAULT_COPY_SETTINGS.buffersInFlight)),
  };

  const footage = await cameraFootage(WORK_DIR, totalBytes, log);
  const coldCaches = await canDropCaches();
  log(`source: ${footage.files.length} files, ${(footage.totalBytes / 1e9).toFixed(2)} GB in ${footage.root}`);
  log(`engine: ${(engine.chunkBytes ?? 0) / 2 ** 20} MiB chunks, ${engine.buffersInFlight} buffers`);
  log(coldCaches ? 'page cache dropped before every measurement' : 'WARNING: /proc/sys/vm/drop_caches is not writable; measurements may read from a warm cache');

  const destination = join(WORK_DIR, 'destination');
  const cpSeconds: number[] = [];
  const oursSeconds: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const sides = round % 2 === 1 ? (['cp', 'ours'] as const) : (['ours', 'cp'] as const);
    for (const side of sides) {
      await rm(destination, { recursive: true, force: true });
      await shell('sync');
      if (coldCaches) await dropCaches();
      const seconds = side === 'cp' ? await timeCopyBaseline(footage, destination) : await timeVaultIngest(footage, destination, engine);
      (side === 'cp' ? cpSeconds : oursSeconds).push(seconds);
      log(`round ${round} ${side.padEnd(4)} ${seconds.toFixed(2)} s  ${megabytesPerSecond(footage.totalBytes, seconds).toFixed(0)} MB/s`);
      await rm(destination, { recursive: true, force: true });
    }
  }

  const cpRate = megabytesPerSecond(footage.totalBytes, median(cpSeconds));
  const oursRate = megabytesPerSecond(footage.totalBytes, median(oursSeconds));
  const ratio = oursRate / cpRate;
  log(`median cp -r + sync:            ${cpRate.toFixed(0)} MB/s`);
  log(`median vault ingest + verify:   ${oursRate.toFixed(0)} MB/s`);
  log(`ratio ours/cp: ${ratio.toFixed(2)}x (target >= ${TARGET_RATIO}x)  ${ratio >= TARGET_RATIO ? 'PASS' : 'BELOW-TARGET'}`);
}

function timeCopyBaseline(footage: FootageSet, destination: string): Promise<number> {
  return timed(() => shell('cp -r "$SRC" "$DST" && sync', { SRC: footage.root, DST: destination }));
}

async function timeVaultIngest(footage: FootageSet, destination: string, engine: CopyEngineOptions): Promise<number> {
  await mkdir(destination, { recursive: true });
  return timed(async () => {
    const vault = new FsVault(destination, engine);
    for (const file of footage.files) await vault.ingest(file.path, file.size, () => undefined);
    await shell('sync');
  });
}

function megabytesPerSecond(bytes: number, seconds: number): number {
  return bytes / 1e6 / seconds;
}

function numberFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}
