/**
 * Restore (issue E): rebuild a station's data folder from a snapshot. Every object is decrypted,
 * hashed and only then put in place (RestoreSink); a damaged or missing object is reported by name and
 * the rest is still restored, so a disaster loses as little as possible - but the report then says
 * "not complete" and the CLI exits non-zero. The audit chain check and the catalogue-vs-vault check
 * run afterwards on the restored station (adapters/backup/restore-station.ts).
 */
import type { BackupKey } from './backup-key.js';
import { keyIdText } from './backup-key.js';
import { BackupError } from './errors.js';
import { isSafeRelativePath, objectPath } from './layout.js';
import type { SnapshotManifest } from './model.js';
import type { BackupTarget, RestoreSink } from './ports.js';
import { unseal } from './sealed-format.js';

export interface RestoreProblem {
  what: string;
  code: string;
  detail: string;
}

export interface RestoreProgress {
  step: 'objects' | 'files';
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface RestoreResult {
  snapshotId: string;
  createdAt: string;
  objects: number;
  bytes: number;
  files: number;
  problems: RestoreProblem[];
}

/** How a data-folder file is written back: the station's keys stay private (0600). */
function modeOf(path: string): 'private' | 'normal' {
  return path.startsWith('keys/') && !path.endsWith('.pub.pem') ? 'private' : 'normal';
}

export function vaultPathOf(sha256: string): string {
  return `vault/objects/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export async function restoreSnapshot(key: BackupKey, target: BackupTarget, manifest: SnapshotManifest, sink: RestoreSink, onProgress: (p: RestoreProgress) => void = () => undefined): Promise<RestoreResult> {
  if (manifest.keyId !== keyIdText(key)) throw new BackupError('BACKUP_WRONG_KEY', 'this key does not open this backup', { keyId: manifest.keyId });
  const result: RestoreResult = { snapshotId: manifest.snapshotId, createdAt: manifest.createdAt, objects: 0, bytes: 0, files: 0, problems: [] };
  const bytesTotal = manifest.totals.bytes;
  let bytesDone = 0;
  const one = async (what: string, sha256: string, size: number, name: string, destination: string, mode: 'vault' | 'private' | 'normal'): Promise<boolean> => {
    const where = objectPath(name);
    try {
      await sink.write(destination, unseal(key, target.get(where), where), { sha256, size }, mode);
      return true;
    } catch (error) {
      if (error instanceof BackupError && (error.code === 'BACKUP_OBJECT_CORRUPT' || error.code === 'BACKUP_OBJECT_MISSING')) {
        result.problems.push({ what, code: error.code, detail: error.message });
        return false;
      }
      throw error;
    }
  };
  let done = 0;
  for (const object of manifest.objects) {
    if (await one(object.sha256, object.sha256, object.size, object.name, vaultPathOf(object.sha256), 'vault')) {
      result.objects += 1;
      result.bytes += object.size;
    }
    bytesDone += object.size;
    onProgress({ step: 'objects', done: ++done, total: manifest.objects.length, bytesDone, bytesTotal });
  }
  done = 0;
  for (const file of manifest.files) {
    if (!isSafeRelativePath(file.path)) {
      result.problems.push({ what: file.path, code: 'BACKUP_OBJECT_CORRUPT', detail: 'the manifest names a path outside the data folder' });
      continue;
    }
    if (await one(file.path, file.sha256, file.size, file.name, file.path, modeOf(file.path))) result.files += 1;
    onProgress({ step: 'files', done: ++done, total: manifest.files.length, bytesDone, bytesTotal });
  }
  return result;
}
