/**
 * The composition root: real adapters for every port, laid out in one data folder, and the station
 * built over them. Electron main, the loopback web host and the CLI all start the station here.
 *
 * <data>/vault/        content-addressed originals (read-only files)
 * <data>/catalogue/    labels, clips, dock sessions (sharded lowdb, fsync'd)
 * <data>/audit/        audit.jsonl, append-only and hash-chained; checkpoints.jsonl, its signed checkpoints
 * <data>/keys/         the station's Ed25519 signing key (0600), its public key, the keyring (docs/audit-trail.md)
 * <data>/derived/      thumbnails (can be rebuilt from the vault)
 * <data>/archive/      long-term copies: disc registry, labels, staging (electron/adapters/archive/open-archive.ts)
 * <data>/journal/     per-session ingest journals (issue C crash resume; removed when a dock ends)
 * <data>/fixity/      fixity.json: last vault re-hash, per-object last-verified times, open problems
 * <data>/supervision/ supervision.json: replay bookmarks, gap explanations, spot-check draws and reviews, copy requests
 * <data>/backup/      backup/state.json: what each off-site backup target holds, last good run, checks (docs/backup.md)
 * <data>/accounts/    users.json: accounts, argon2id hashes (0600) (issue F, docs/access-control.md)
 * <data>/access/      grants.json (viewing grants), case-levels.json (confidentiality of cases)
 * <data>/devices/     registry.json: the device registry (issue B, docs/cameras.md)
 * <data>/settings.json agency settings
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createArchiveHandlers } from '../core/archive/archive-commands.js';
import type { ArchiveProgress } from '../core/archive/model.js';
import { createStation, type Station } from '../core/station.js';
import type { Clock } from '../core/ports.js';
import { openArchive, type OpenArchiveOptions, type OpenedArchive } from './archive/open-archive.js';
import { openBackup, type OpenedBackup } from './backup/open-backup.js';
import type { BackupTimerOptions } from './backup/backup-timer.js';
import { CheckpointingAuditLog, type AuditCheckpoints } from './audit/checkpointing-audit-log.js';
import { JsonlAuditLog } from './audit/jsonl-audit-log.js';
import { StationKeyStore } from './audit/station-key.js';
import { FsCameraCleaner } from './camera/fs-camera-cleaner.js';
import { FsCameraVolumeReader } from './camera/fs-camera-volume-reader.js';
import { ShardedCatalogueStore } from './catalogue/sharded-catalogue-store.js';
import { acquireDataDirLock } from './data-dir/data-dir-lock.js';
import { openDevices, type DeviceOptions, type OpenedDevices } from './devices/open-devices.js';
import { openAccessPorts } from './access/json-documents.js';
import { startFixityTimer, type FixityTimerOptions } from './fixity/fixity-timer.js';
import { openSupervision, type OpenedSupervision } from './supervision/open-supervision.js';
import type { SpotCheckTimerOptions } from './supervision/spotcheck-timer.js';
import { JsonFixityStore } from './fixity/json-fixity-store.js';
import { JsonlIngestJournal } from './journal/jsonl-ingest-journal.js';
import { FfmpegSharpThumbnailer } from './media/ffmpeg-sharp-thumbnailer.js';
import { FfprobeMediaProbe } from './media/ffprobe-media-probe.js';
import { JsonSettingsStore } from './settings/json-settings-store.js';
import { FsVault } from './vault/fs-vault.js';
import { FsVaultFixity } from './vault/vault-fixity.js';
import { ChokidarVolumeWatcher } from './volume/chokidar-volume-watcher.js';
import { WindowsDrivePoller } from './volume/windows-drive-poller.js';
import { STATION_VERSION } from './version.js';

export interface OpenStationOptions {
  dataDir: string;
  /** Mount roots to watch for cameras; none for command-line one-shots. */
  watchRoots?: string[];
  log?: (message: string) => void;
  clock?: Clock;
  /** Run the vault fixity check on its schedule while the station runs (hosts: serve, Electron). Off for one-shots. */
  fixitySchedule?: boolean | FixityTimerOptions;
  /** Archive wiring beyond the defaults: the signed audit checkpoint hook, other disc writers (tests). */
  archive?: Pick<OpenArchiveOptions, 'checkpoints' | 'writers' | 'service' | 'locateFont'>;
  /** Issue B: the camera device layer. `usb` is off unless asked (serve --usb, Electron main). */
  devices?: DeviceOptions;
  /** Run the nightly off-site backup on its schedule (hosts: serve, Electron). Off for one-shots. */
  backupSchedule?: boolean | BackupTimerOptions;
  /** Tests: a quicker wait between network retries of the backup. */
  backupRetrySleep?: (ms: number) => Promise<void>;
  /** Draw the periodic spot-check sample on its schedule (default: whenever the fixity schedule runs, i.e. in the hosts). */
  spotCheckSchedule?: boolean | SpotCheckTimerOptions;
}

export interface OpenedStation {
  station: Station;
  /** Long-term copies on disc or external disk, over the same catalogue, vault, audit log and clock. */
  archive: OpenedArchive;
  /** Off-site backup (issue E): the service, the backup key and the target credentials. */
  backup: OpenedBackup;
  /** Supervision (replay bookmarks, gaps, spot checks, party copies): its spot-check draw for the CLI and tests. */
  supervision: OpenedSupervision;
  /** Signed audit checkpoints: the newest (for discs and backups), the public key, one made now, key rotation. */
  auditCheckpoints: AuditCheckpoints;
  /** Issue B: the device registry and the cameras at the station. */
  devices: OpenedDevices;
  dataDir: string;
  dispose(): Promise<void>;
}

/** Who the audit log names when a camera docked itself by being plugged in. */
export const VOLUME_WATCHER_ACTOR = 'station:auto-dock';

export async function openStationFromDataDir(options: OpenStationOptions): Promise<OpenedStation> {
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? { now: () => new Date() };
  const dirs = { vault: path.join(dataDir, 'vault'), catalogue: path.join(dataDir, 'catalogue'), audit: path.join(dataDir, 'audit'), thumbs: path.join(dataDir, 'derived', 'thumbs'), journal: path.join(dataDir, 'journal'), fixity: path.join(dataDir, 'fixity') };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true });

  const lock = await acquireDataDirLock(path.join(dataDir, 'station.lock'));
  if (lock.tookOverFrom) log(`took over the data folder lock left by process ${lock.tookOverFrom} (it is no longer running)`);

  const vault = new FsVault(dirs.vault);
  const leftovers = await vault.recoverIncoming();
  if (leftovers > 0) log(`removed ${leftovers} unfinished copies (.part) from an earlier interrupted ingest; their sources are still on the cameras`);

  const watchRoots = options.watchRoots ?? [];
  const catalogue = new ShardedCatalogueStore(dirs.catalogue);
  const checkpointsPath = path.join(dirs.audit, 'checkpoints.jsonl');
  const auditLog = new CheckpointingAuditLog(new JsonlAuditLog(path.join(dirs.audit, 'audit.jsonl'), () => clock.now()), {
    checkpointsPath,
    keys: new StationKeyStore(path.join(dataDir, 'keys'), { checkpointsPath, clock: () => clock.now() }),
    clock: () => clock.now(),
    log,
  });
  const settings = new JsonSettingsStore(path.join(dataDir, 'settings.json'));
  let station: Station;
  let archive: OpenedArchive;
  try {
    station = await createStation(
      {
        vault,
        catalogue,
        auditLog,
        probe: new FfprobeMediaProbe(),
        thumbnailer: new FfmpegSharpThumbnailer(),
        volumes: new FsCameraVolumeReader({ clock }),
        settings,
        derived: { thumbnailPath: (clipId) => path.join(dirs.thumbs, clipId.slice(0, 2), `${clipId}.jpg`) },
        clock,
        journal: new JsonlIngestJournal(dirs.journal),
        vaultInventory: vault,
        fixity: { vault: new FsVaultFixity(vault), store: new JsonFixityStore(path.join(dataDir, 'fixity', 'fixity.json')) },
        cameraCleaner: new FsCameraCleaner(),
        access: await openAccessPorts(dataDir),
      },
      { version: STATION_VERSION, dataDir, watchRoots, log },
    );
    try {
      archive = await openArchive({ ...options.archive, checkpoints: options.archive?.checkpoints ?? auditLog, dataDir, catalogue, vault, auditLog, clock, settings, stationVersion: STATION_VERSION, log });
    } catch (error) {
      await station.close();
      throw error;
    }
  } catch (error) {
    await lock.release();
    throw error;
  }

  // The archive's commands go through the one contract (Electron IPC, web host) like the station's own.
  station.attachHandlers(createArchiveHandlers(archive.service));
  const forwardProgress = (progress: ArchiveProgress) => station.events.emit('archive.progress', progress);
  archive.service.events.on('progress', forwardProgress);

  // Issue B: every mounted volume goes through the camera manager: tie to its USB camera, profile,
  // admission (device registry), then dock. Foreign sticks are refused there and never read.
  const devices = await openDevices(station, dataDir, options.devices ?? {}, log);
  // Issue F: clips are filed under the department their camera is registered to.
  station.access.useRegisteredDepartments((deviceNumber) => devices.registry.get(deviceNumber)?.department);
  const onVolume = (event: { type: 'added' | 'removed'; root: string }) => {
    if (event.type === 'added') devices.volumeAdded(event.root);
    else devices.volumeRemoved(event.root);
  };
  const stopWatchingRoots = await new ChokidarVolumeWatcher(watchRoots).watch(onVolume);
  // Windows: drive letters are polled (hosts only: the same condition as watching the platform's roots).
  const stopPollingDrives = process.platform === 'win32' && options.devices?.usb ? await new WindowsDrivePoller().watch(onVolume) : async () => undefined;
  const stopWatching = async () => {
    await stopPollingDrives();
    await stopWatchingRoots();
  };

  const backup = openBackup({
    dataDir,
    station,
    auditLog,
    catalogue,
    settings,
    checkpoints: auditLog,
    clock,
    stationVersion: STATION_VERSION,
    log,
    ...(options.backupSchedule ? { schedule: options.backupSchedule } : {}),
    ...(options.backupRetrySleep ? { retrySleep: options.backupRetrySleep } : {}),
  });

  const stopFixityTimer = options.fixitySchedule ? startFixityTimer(station, options.fixitySchedule === true ? {} : options.fixitySchedule, log) : async () => undefined;
  // Supervision's permission checks weigh a case's level like every other list (issue F, R5.3).
  const supervision = await openSupervision({ dataDir, station, ctx: station.context, schedule: options.spotCheckSchedule ?? Boolean(options.fixitySchedule), log, caseLevel: (caseNumber) => station.access.caseLevels()[caseNumber] });

  return {
    station,
    archive,
    backup,
    supervision,
    auditCheckpoints: auditLog,
    devices,
    dataDir,
    dispose: async () => {
      await supervision.dispose();
      await backup.dispose();
      await stopFixityTimer();
      await stopWatching();
      await devices.dispose();
      archive.service.events.off('progress', forwardProgress);
      await archive.dispose();
      await station.close();
      await lock.release();
    },
  };
}
