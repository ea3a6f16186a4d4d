/**
 * Off-site backup throughput against a plain copy of the same files, in the same run:
 *
 *   baseline:  cp -r of the vault's objects to a fresh folder on the same disk (no encryption, no checks)
 *   ours:      a full backup run to a fresh folder target: snapshot, seal every object with AES-256-GCM
 *              in 1 MiB chunks, write temp + fsync + rename, read back and decrypt + hash each object,
 *              then the sealed manifest
 *   restore:   restoreSnapshot() of that backup into a fresh folder (decrypt, hash, fsync, rename)
 *   incremental: a second backup run with nothing new (listing + the local record only)
 *
 * Printed as MB/s and ratios to the baseline, never asserted. Env: BENCH_BACKUP_MB (default 512) vault
 * size. Everything lives under bench/.work/backup and is removed afterwards.
 */
import { randomFillSync } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FolderTarget } from '../electron/adapters/backup/folder-target.js';
import { FsRestoreSink } from '../electron/adapters/backup/fs-restore-sink.js';
import { readManifest } from '../electron/core/backup/manifest-reader.js';
import { restoreSnapshot } from '../electron/core/backup/restore.js';
import { addVaultObject, backupOnce, makeBenchStation } from '../test/fixtures/backup-bench.js';
import { shell, timed } from './ingest/measure.js';

const WORK_DIR = join(dirname(fileURLToPath(import.meta.url)), '.work', 'backup');
const FILE_BYTES = 64 * 1024 * 1024;

export async function run(): Promise<void> {
  const totalMb = Number(process.env.BENCH_BACKUP_MB) > 0 ? Number(process.env.BENCH_BACKUP_MB) : 512;
  const totalBytes = totalMb * 1024 * 1024;
  await rm(WORK_DIR, { recursive: true, force: true });
  await mkdir(WORK_DIR, { recursive: true });
  try {
    const dataDir = join(WORK_DIR, 'data');
    const station = await makeBenchStation(dataDir, []);
    const chunk = Buffer.allocUnsafe(FILE_BYTES);
    for (let written = 0; written < totalBytes; written += FILE_BYTES) {
      const size = Math.min(FILE_BYTES, totalBytes - written);
      randomFillSync(chunk, 0, size);
      await addVaultObject(dataDir, Buffer.from(chunk.subarray(0, size)));
    }
    await shell('sync');
    const mb = totalBytes / 1e6;
    const rate = (seconds: number) => `${(mb / seconds).toFixed(0)} MB/s`;

    const copyS = await timed(() => shell(`cp -r "${join(dataDir, 'vault')}" "${join(WORK_DIR, 'plain-copy')}" && sync`));
    console.log(`baseline cp -r + sync:            ${copyS.toFixed(2)} s  ${rate(copyS)}`);

    const target = join(WORK_DIR, 'target');
    let ok = true;
    const backupS = await timed(async () => {
      const result = await backupOnce(station, target);
      ok = result.ok;
      if (!result.ok) throw new Error(result.error.message);
    });
    console.log(`backup (seal, write, read back):  ${backupS.toFixed(2)} s  ${rate(backupS)}  ratio ${(backupS / copyS).toFixed(2)}x cp`);

    const againS = await timed(async () => {
      const result = await backupOnce(station, target);
      if (!result.ok) throw new Error(result.error.message);
    });
    console.log(`incremental run, nothing new:     ${againS.toFixed(2)} s  (${((againS / backupS) * 100).toFixed(1)}% of the full run)`);

    const key = await station.keys.load();
    if (!ok || !key) throw new Error('backup failed');
    const folder = await FolderTarget.open(target);
    const { manifest } = await readManifest(key, folder);
    const into = join(WORK_DIR, 'restored');
    await mkdir(into);
    const restoreS = await timed(async () => {
      const result = await restoreSnapshot(key, folder, manifest, new FsRestoreSink(into));
      if (result.problems.length > 0) throw new Error(`restore problems: ${result.problems.length}`);
    });
    console.log(`restore (decrypt, hash, write):   ${restoreS.toFixed(2)} s  ${rate(restoreS)}  ratio ${(restoreS / copyS).toFixed(2)}x cp`);
  } finally {
    await rm(WORK_DIR, { recursive: true, force: true });
  }
}
