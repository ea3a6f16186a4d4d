/**
 * Where things go on a target. Objects (vault recordings and the data folder's other files alike) are
 * content-addressed by the keyed name of their SHA-256 (backup-key.ts), fanned out by two characters;
 * each snapshot's sealed manifest sits under snapshots/, named so that names sort by time.
 */
import { BackupError } from './errors.js';
import { SnapshotManifest } from './model.js';

export const OBJECTS_PREFIX = 'objects/';
export const SNAPSHOTS_PREFIX = 'snapshots/';
const MANIFEST_SUFFIX = '.manifest';

export function objectPath(name: string): string {
  return `${OBJECTS_PREFIX}${name.slice(0, 2)}/${name}`;
}

export function manifestPath(createdAt: Date, snapshotId: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${SNAPSHOTS_PREFIX}${stamp}-${snapshotId}${MANIFEST_SUFFIX}`;
}

/** Manifest paths of a listing, newest first. */
export function manifestsNewestFirst(names: string[]): string[] {
  return names.filter((name) => name.startsWith(SNAPSHOTS_PREFIX) && name.endsWith(MANIFEST_SUFFIX)).sort().reverse();
}

export function snapshotIdOfPath(name: string): string {
  return name.slice(SNAPSHOTS_PREFIX.length, -MANIFEST_SUFFIX.length).replace(/^\d{8}T\d{6}Z-/, '');
}

/** Parses a decrypted manifest; anything that does not fit the schema is a damaged manifest, said plainly. */
export function parseManifest(bytes: Buffer, name: string): SnapshotManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new BackupError('BACKUP_OBJECT_CORRUPT', `manifest ${name} is not JSON`, { object: name, detail: 'not JSON' });
  }
  const parsed = SnapshotManifest.safeParse(json);
  if (!parsed.success) throw new BackupError('BACKUP_OBJECT_CORRUPT', `manifest ${name} does not have the expected shape`, { object: name, detail: parsed.error.issues[0]?.message ?? 'shape' });
  return parsed.data;
}

/** Data-folder paths a manifest may restore: relative, no climbing out, no absolute paths. */
export function isSafeRelativePath(p: string): boolean {
  return p.length > 0 && !p.startsWith('/') && !/^[A-Za-z]:/.test(p) && !p.includes('\\') && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
