/**
 * Wires the off-site backup into a composed station: the service over the real adapters (data
 * folder snapshot, targets, key and state files), its contract handlers attached to the station,
 * progress forwarded as backup.progress events, and the nightly timer when the host asks for it.
 */
import path from 'node:path';
import { createBackupHandlers } from '../../core/backup/backup-commands.js';
import { BackupService, type BackupSettings } from '../../core/backup/backup-service.js';
import type { BackupProgress } from '../../core/backup/model.js';
import { stat } from 'node:fs/promises';
import type { AuditVerification } from '../../core/domain/audit.js';
import type { AgencySettings } from '../../core/domain/settings.js';
import type { AuditLog, CatalogueStore, Clock, SettingsStore } from '../../core/ports.js';
import type { Station } from '../../core/station.js';
import type { AuditCheckpoints } from '../audit/checkpointing-audit-log.js';
import { startBackupTimer, type BackupTimerOptions } from './backup-timer.js';
import { DataFolderSource } from './data-snapshot.js';
import { CredentialsFile, FileBackupKeyStore, JsonBackupState } from './local-files.js';
import { DefaultTargetOpener } from './target-opener.js';

export interface OpenBackupOptions {
  dataDir: string;
  station: Station;
  auditLog: AuditLog;
  catalogue: Pick<CatalogueStore, 'query' | 'count'>;
  /** The settings file (saved by settings.update before it answers, so it is current). */
  settings: Pick<SettingsStore, 'load'>;
  checkpoints: Pick<AuditCheckpoints, 'latestAuditCheckpoint'>;
  clock: Clock;
  stationVersion: string;
  log: (message: string) => void;
  /** Start the nightly timer (hosts: serve, Electron); off for one-shots. */
  schedule?: boolean | BackupTimerOptions;
  /** Tests: a quicker wait between network retries. */
  retrySleep?: (ms: number) => Promise<void>;
}

export interface OpenedBackup {
  service: BackupService;
  keys: FileBackupKeyStore;
  credentials: CredentialsFile;
  /** The current agency settings (target, schedule, limits). */
  settings(): Promise<AgencySettings>;
  /** The audit chain and its signed checkpoints, checked (restore runs it on the rebuilt station). */
  verifyAudit(): Promise<AuditVerification>;
  /** Catalogue against vault: every catalogued clip has its object with the right size. */
  checkCatalogue(): Promise<CatalogueCheck>;
  /** Writes an audit record (restore: what was restored, from where). */
  record(actor: string, action: string, detail: Record<string, unknown>): Promise<void>;
  dispose(): Promise<void>;
}

export interface CatalogueCheck {
  clips: number;
  labelled: number;
  missing: string[];
  sizeDiffers: string[];
}

export function openBackup(options: OpenBackupOptions): OpenedBackup {
  const keysDir = path.join(options.dataDir, 'keys');
  const keys = new FileBackupKeyStore(keysDir);
  const credentials = new CredentialsFile(keysDir);
  const settings = async (): Promise<BackupSettings> => options.settings.load();
  const service = new BackupService({
    source: new DataFolderSource(options.dataDir, options.checkpoints, options.log),
    targets: new DefaultTargetOpener(credentials),
    state: new JsonBackupState(path.join(options.dataDir, 'backup', 'state.json')),
    keys,
    settings,
    audit: async (actor, action, target, detail) => {
      await options.auditLog.append({ actor, action, target, detail });
    },
    now: () => options.clock.now(),
    stationVersion: options.stationVersion,
    log: options.log,
    ...(options.retrySleep ? { sleep: options.retrySleep } : {}),
  });
  options.station.attachHandlers(createBackupHandlers(service));
  const forward = (progress: BackupProgress) => options.station.events.emit('backup.progress', progress);
  service.events.on('progress', forward);
  const stopTimer = options.schedule ? startBackupTimer(service, options.schedule === true ? {} : options.schedule, options.log) : async () => undefined;
  return {
    service,
    keys,
    credentials,
    settings: () => options.settings.load(),
    verifyAudit: () => options.auditLog.verify(),
    checkCatalogue: async () => {
      const check: CatalogueCheck = { clips: 0, labelled: 0, missing: [], sizeDiffers: [] };
      for (let offset = 0; ; offset += 500) {
        const page = options.catalogue.query({ offset, limit: 500 });
        for (const clip of page.items) {
          check.clips += 1;
          if (clip.label) check.labelled += 1;
          const size = await stat(path.join(options.dataDir, 'vault', 'objects', clip.id.slice(0, 2), clip.id.slice(2, 4), clip.id)).then((s) => s.size, () => undefined);
          if (size === undefined) check.missing.push(clip.id);
          else if (size !== clip.size) check.sizeDiffers.push(clip.id);
        }
        if (page.items.length < 500) break;
      }
      return check;
    },
    record: async (actor, action, detail) => {
      await options.auditLog.append({ actor, action, target: 'backup', detail });
    },
    dispose: async () => {
      await stopTimer();
      await service.close();
      service.events.off('progress', forward);
    },
  };
}
