/**
 * The fault tier's one checker: after a fault and the next start, is the station whole?
 *   - every vault object re-hashes to its name and is read-only; no `.part` in vault/incoming;
 *   - every vault object is catalogued exactly once, and every clip's object is present;
 *   - no dock session is left 'ingesting', every session's clips exist; no unfinished journal is left;
 *   - (optionally) every original on the cameras is in the vault, verified by hashing both;
 *   - the audit chain is valid (`evidence-station audit verify` exits 0).
 * Run it with the station closed: it reads the data folder directly.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DockSession } from '../../../electron/core/domain/dock.js';
import { ShardedCatalogueStore } from '../../../electron/adapters/catalogue/sharded-catalogue-store.js';
import { runCli } from './run-cli.js';
import { sha256File } from '../../fixtures/sha256-file.js';

export { sha256File };

const MEDIA = /\.(mp4|mov|avi|ts|mkv|jpg|jpeg|png|wav|mp3|aac|amr|m4a)$/i;


async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return out;
  }
  for (const entry of entries) if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  return out;
}

/** Regular media files on a camera volume (symlinks, FIFOs and devices are not originals). */
export async function cameraOriginals(root: string): Promise<string[]> {
  return (await listFiles(path.join(root, 'DCIM'))).filter((file) => MEDIA.test(file));
}

export interface ConsistencyOptions {
  /** Camera volumes whose every original must be in the vault. */
  cameraRoots?: string[];
  /** Or the originals themselves, when a volume also holds files the station rightly refuses. */
  originals?: string[];
  /** Re-hash vault objects up to this size (default: all); larger ones are only checked present and read-only. */
  rehashMaxBytes?: number;
}

export async function stationProblems(dataDir: string, options: ConsistencyOptions = {}): Promise<string[]> {
  const problems: string[] = [];
  const rehashMaxBytes = options.rehashMaxBytes ?? Number.POSITIVE_INFINITY;
  const objectFiles = await listFiles(path.join(dataDir, 'vault', 'objects'));
  const objects = new Set<string>();
  for (const file of objectFiles) {
    const name = path.basename(file);
    objects.add(name);
    const info = await lstat(file);
    if ((info.mode & 0o222) !== 0) problems.push(`vault object ${name} is writable`);
    if (info.size <= rehashMaxBytes && (await sha256File(file)) !== name) problems.push(`vault object ${name} does not hash to its name`);
  }
  const leftovers = (await listFiles(path.join(dataDir, 'vault', 'incoming'))).map((f) => path.basename(f));
  if (leftovers.length > 0) problems.push(`left in vault/incoming: ${leftovers.join(', ')}`);
  const journals = (await listFiles(path.join(dataDir, 'journal'))).filter((f) => f.endsWith('.jsonl'));
  if (journals.length > 0) problems.push(`unfinished journals: ${journals.map((f) => path.basename(f)).join(', ')}`);

  const catalogue = new ShardedCatalogueStore(path.join(dataDir, 'catalogue'));
  await catalogue.open(); // refuses a shard holding one id twice
  try {
    const clips = catalogue.query({ limit: 1_000_000 }).items;
    const clipIds = new Set(clips.map((clip) => clip.id));
    if (clipIds.size !== clips.length) problems.push('the catalogue lists a clip twice');
    for (const id of objects) if (!clipIds.has(id)) problems.push(`vault object ${id} is not catalogued`);
    for (const id of clipIds) if (!objects.has(id)) problems.push(`clip ${id} has no vault object`);
    for (const session of catalogue.listSessions()) {
      if (session.state === 'ingesting') problems.push(`session ${session.id} is still 'ingesting'`);
      for (const id of session.clipIds) if (!clipIds.has(id)) problems.push(`session ${session.id} lists missing clip ${id}`);
    }
  } finally {
    await catalogue.close();
  }

  const originals = [...(options.originals ?? [])];
  for (const root of options.cameraRoots ?? []) originals.push(...(await cameraOriginals(root)));
  for (const original of originals) {
    const sha = await sha256File(original);
    if (!objects.has(sha)) problems.push(`original ${original} (${sha.slice(0, 12)}) is not in the vault`);
  }

  const audit = await runCli(['--data', dataDir, 'audit', 'verify']);
  if (audit.code !== 0) problems.push(`audit verify exited ${audit.code}: ${audit.stdout}${audit.stderr}`);
  return problems;
}

/** Throws with every problem found (see stationProblems). */
export async function assertStationConsistent(dataDir: string, cameraRoots: string[] = [], options: Omit<ConsistencyOptions, 'cameraRoots'> = {}): Promise<void> {
  const problems = await stationProblems(dataDir, { ...options, cameraRoots });
  if (problems.length > 0) throw new Error(`station at ${dataDir} is not consistent:\n  ${problems.join('\n  ')}`);
}

/** The dock sessions stored in a (closed) data folder. */
export async function storedSessions(dataDir: string): Promise<DockSession[]> {
  const catalogue = new ShardedCatalogueStore(path.join(dataDir, 'catalogue'));
  await catalogue.open();
  try {
    return catalogue.listSessions();
  } finally {
    await catalogue.close();
  }
}

/** A data folder's audit records (for asserting which records a recovery wrote). */
export async function auditRecords(dataDir: string): Promise<{ action: string; target: string; detail?: unknown }[]> {
  const text = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { action: string; target: string });
}

export async function auditActions(dataDir: string): Promise<string[]> {
  return (await auditRecords(dataDir)).map((record) => record.action);
}
