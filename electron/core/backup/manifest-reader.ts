/** Finds and opens a snapshot's manifest on a target: the newest complete one, or the one named. */
import type { BackupKey } from './backup-key.js';
import { BackupError } from './errors.js';
import { manifestsNewestFirst, parseManifest, snapshotIdOfPath, SNAPSHOTS_PREFIX } from './layout.js';
import type { SnapshotManifest } from './model.js';
import { collect } from './object-stream.js';
import type { BackupTarget } from './ports.js';
import { unsealBuffer } from './sealed-format.js';

export async function readManifest(key: BackupKey, target: BackupTarget, snapshotId?: string): Promise<{ manifest: SnapshotManifest; path: string }> {
  const names = manifestsNewestFirst((await target.list(SNAPSHOTS_PREFIX)).map((entry) => entry.name));
  const path = snapshotId ? names.find((name) => snapshotIdOfPath(name) === snapshotId) : names[0];
  if (!path) throw new BackupError('BACKUP_NO_SNAPSHOT', snapshotId ? `no snapshot ${snapshotId} on ${target.description}` : `no complete backup on ${target.description}`, { target: target.description, snapshotId: snapshotId ?? '' });
  const manifest = parseManifest(await unsealBuffer(key, await collect(target.get(path)), path), path);
  return { manifest, path };
}
