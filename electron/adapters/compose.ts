/**
 * The composition root: real adapters for every port, laid out in one data folder, and the station
 * built over them. Electron main, the loopback web host and the CLI all start the station here.
 *
 * <data>/vault/        content-addressed originals (read-only files)
 * <data>/catalogue/    labels, clips, dock sessions (sharded lowdb, fsync'd)
 * <data>/audit/        audit.jsonl, append-only and hash-chained
 * <data>/derived/      thumbnails (can be rebuilt from the vault)
 * <data>/settings.json agency settings
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createStation, type Station } from '../core/station.js';
import type { Clock } from '../core/ports.js';
import { JsonlAuditLog } from './audit/jsonl-audit-log.js';
import { FsCameraVolumeReader } from './camera/fs-camera-volume-reader.js';
import { ShardedCatalogueStore } from './catalogue/sharded-catalogue-store.js';
import { acquireDataDirLock } from './data-dir/data-dir-lock.js';
import { FfmpegSharpThumbnailer } from './media/ffmpeg-sharp-thumbnailer.js';
import { FfprobeMediaProbe } from './media/ffprobe-media-probe.js';
import { JsonSettingsStore } from './settings/json-settings-store.js';
import { FsVault } from './vault/fs-vault.js';
import { looksLikeCameraVolume } from './volume/camera-volume-check.js';
import { ChokidarVolumeWatcher } from './volume/chokidar-volume-watcher.js';
import { STATION_VERSION } from './version.js';

export interface OpenStationOptions {
  dataDir: string;
  /** Mount roots to watch for cameras; none for command-line one-shots. */
  watchRoots?: string[];
  log?: (message: string) => void;
  clock?: Clock;
}

export interface OpenedStation {
  station: Station;
  dataDir: string;
  dispose(): Promise<void>;
}

/** Who the audit log names when a camera docked itself by being plugged in. */
export const VOLUME_WATCHER_ACTOR = 'station:auto-dock';

export async function openStationFromDataDir(options: OpenStationOptions): Promise<OpenedStation> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? { now: () => new Date() };
  const dirs = { vault: path.join(dataDir, 'vault'), catalogue: path.join(dataDir, 'catalogue'), audit: path.join(dataDir, 'audit'), thumbs: path.join(dataDir, 'derived', 'thumbs') };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });

  const lock = await acquireDataDirLock(path.join(dataDir, 'station.lock'));
  if (lock.tookOverFrom) log(`took over the data folder lock left by process ${lock.tookOverFrom} (it is no longer running)`);

  const vault = new FsVault(dirs.vault);
  const leftovers = await vault.recoverIncoming();
  if (leftovers > 0) log(`removed ${leftovers} unfinished copies (.part) from an earlier interrupted ingest; their sources are still on the cameras`);

  const watchRoots = options.watchRoots ?? [];
  let station: Station;
  try {
    station = await createStation(
      {
        vault,
        catalogue: new ShardedCatalogueStore(dirs.catalogue),
        auditLog: new JsonlAuditLog(path.join(dirs.audit, 'audit.jsonl'), () => clock.now()),
        probe: new FfprobeMediaProbe(),
        thumbnailer: new FfmpegSharpThumbnailer(),
        volumes: new FsCameraVolumeReader({ clock }),
        settings: new JsonSettingsStore(path.join(dataDir, 'settings.json')),
        derived: { thumbnailPath: (clipId) => path.join(dirs.thumbs, clipId.slice(0, 2), `${clipId}.jpg`) },
        clock,
      },
      { version: STATION_VERSION, dataDir, watchRoots, log },
    );
  } catch (error) {
    await lock.release();
    throw error;
  }

  const stopWatching = await new ChokidarVolumeWatcher(watchRoots).watch((event) => {
    if (event.type !== 'added') return;
    void (async () => {
      if (!(await looksLikeCameraVolume(event.root))) {
        log(`ignored volume ${event.root}: not a camera (no DCIM folder)`);
        return;
      }
      try {
        await station.dockFolder(event.root, VOLUME_WATCHER_ACTOR);
      } catch (error) {
        log(`could not dock ${event.root}: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });

  return {
    station,
    dataDir,
    dispose: async () => {
      await stopWatching();
      await station.close();
      await lock.release();
    },
  };
}
