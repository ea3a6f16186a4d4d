/**
 * `evidence-station restore`: rebuilds a station onto an empty data folder from a backup target.
 *  1. refuse a data folder that is not empty (a restore never mixes with a living station);
 *  2. open the newest (or named) snapshot with the key file; a wrong key is said so at once;
 *  3. restore every vault object and data-folder file, each decrypted, hashed and only then put in place;
 *  4. install the backup key, so the rebuilt station keeps backing up to the same target;
 *  5. open the rebuilt station, verify the audit chain and its signed checkpoints, check the catalogue
 *     against the vault, and record the restore in the audit log;
 *  6. report what was restored; `ok` only when every object came back and every check passed.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BackupKey } from '../../core/backup/backup-key.js';
import { keyIdText } from '../../core/backup/backup-key.js';
import { BackupError } from '../../core/backup/errors.js';
import { readManifest } from '../../core/backup/manifest-reader.js';
import type { TargetOpener } from '../../core/backup/ports.js';
import { restoreSnapshot, type RestoreProblem, type RestoreProgress } from '../../core/backup/restore.js';
import type { AuditVerification } from '../../core/domain/audit.js';
import { openStationFromDataDir } from '../compose.js';
import { FsRestoreSink } from './fs-restore-sink.js';
import { FileBackupKeyStore } from './local-files.js';

export interface RestoreOptions {
  from: string;
  key: BackupKey;
  dataDir: string;
  targets: TargetOpener;
  snapshotId?: string;
  actor: string;
  onProgress?: (progress: RestoreProgress) => void;
  log?: (message: string) => void;
}

export interface RestoreReport {
  ok: boolean;
  target: string;
  snapshotId: string;
  createdAt: string;
  keyId: string;
  objects: number;
  objectsInSnapshot: number;
  bytes: number;
  files: number;
  filesInSnapshot: number;
  clips: number;
  labelledClips: number;
  auditRecords: number;
  auditRecordsInSnapshot: number;
  checkpointSeq?: number;
  audit: AuditVerification;
  missingFromVault: string[];
  problems: RestoreProblem[];
}

async function isEmptyDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return true;
    throw error;
  }
}

export async function restoreStation(options: RestoreOptions): Promise<RestoreReport> {
  const dataDir = path.resolve(options.dataDir);
  if (!(await isEmptyDir(dataDir))) throw new BackupError('BACKUP_RESTORE_NOT_EMPTY', `${dataDir} is not empty; restore only into an empty data folder`, { path: dataDir });
  const target = await options.targets.open(options.from);
  let restored;
  try {
    const { manifest } = await readManifest(options.key, target, options.snapshotId);
    await mkdir(dataDir, { recursive: true });
    const result = await restoreSnapshot(options.key, target, manifest, new FsRestoreSink(dataDir), options.onProgress);
    restored = { manifest, result, description: target.description };
  } finally {
    await target.close().catch(() => undefined);
  }
  const { manifest, result, description } = restored;
  await new FileBackupKeyStore(path.join(dataDir, 'keys')).install(options.key);

  // The rebuilt station must open, and its audit trail must verify as the backup left it.
  const opened = await openStationFromDataDir({ dataDir, log: options.log ?? (() => undefined) });
  try {
    const audit = await opened.backup.verifyAudit();
    const catalogue = await opened.backup.checkCatalogue();
    const problems = [...result.problems];
    for (const id of catalogue.missing) problems.push({ what: id, code: 'BACKUP_OBJECT_MISSING', detail: 'catalogued clip without its vault object' });
    for (const id of catalogue.sizeDiffers) problems.push({ what: id, code: 'BACKUP_OBJECT_CORRUPT', detail: 'vault object size differs from the catalogue' });
    if (!audit.ok) problems.push({ what: 'audit/audit.jsonl', code: 'BACKUP_RESTORE_FAILED', detail: `audit verification failed at line ${audit.firstBadLine}: ${audit.reason}` });
    const report: RestoreReport = {
      ok: problems.length === 0,
      target: description,
      snapshotId: manifest.snapshotId,
      createdAt: manifest.createdAt,
      keyId: keyIdText(options.key),
      objects: result.objects,
      objectsInSnapshot: manifest.objects.length,
      bytes: result.bytes,
      files: result.files,
      filesInSnapshot: manifest.files.length,
      clips: catalogue.clips,
      labelledClips: catalogue.labelled,
      auditRecords: audit.ok ? audit.records : 0,
      auditRecordsInSnapshot: manifest.audit.records,
      ...(manifest.audit.checkpoint ? { checkpointSeq: manifest.audit.checkpoint.seq } : {}),
      audit,
      missingFromVault: catalogue.missing,
      problems,
    };
    await opened.backup.record(options.actor, report.ok ? 'backup.restored' : 'backup.restore-incomplete', {
      target: description,
      snapshotId: report.snapshotId,
      snapshotCreatedAt: report.createdAt,
      objects: report.objects,
      bytes: report.bytes,
      files: report.files,
      clips: report.clips,
      auditRecordsInSnapshot: report.auditRecordsInSnapshot,
      problems: problems.length,
    });
    return report;
  } finally {
    await opened.dispose();
  }
}
