/**
 * The station's data folder as one consistent snapshot, taken while the station runs:
 *  - the audit log and its checkpoint file up to a record boundary (both are append-only, so a prefix
 *    ending at a newline is itself a valid log), after asking for a signed checkpoint over every record
 *    so far, so the backup carries a signature over its own audit trail;
 *  - every other file of the data folder (catalogue shards, keys, settings, archive registry, fixity
 *    record, and whatever later features keep there) copied into a staging folder first: each is
 *    replaced by temp + rename, so a copy is always a whole version of the file;
 *  - the vault's objects as they are: immutable and named by their SHA-256, checked while being read.
 * Left out: derived/ (rebuilt from the vault), journal/ (a dock in progress), the lock, the backup's
 * own state, temporary files, and the backup key and target credentials (docs/backup.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BackupSource, DataSnapshot, SnapshotFile } from '../../core/backup/ports.js';
import type { AuditCheckpoints } from '../audit/checkpointing-audit-log.js';
import { BACKUP_KEY_FILE, CREDENTIALS_FILE } from './local-files.js';

const SKIP_TOP = new Set(['vault', 'derived', 'journal', 'backup', 'audit', 'station.lock']);
const SKIP_PATHS = new Set([`keys/${BACKUP_KEY_FILE}`, `keys/${CREDENTIALS_FILE}`, 'archive/staging', 'archive/scratch']);
const SHA256_HEX = /^[0-9a-f]{64}$/;

function isTemporary(name: string): boolean {
  return name.startsWith('.') || name.includes('.tmp') || name.includes('.part') || name.endsWith('~');
}

async function* readFileStream(file: string, end?: number): AsyncGenerator<Buffer> {
  const options = end === undefined ? { highWaterMark: 1024 * 1024 } : { highWaterMark: 1024 * 1024, end: end - 1 };
  if (end === 0) return;
  for await (const piece of createReadStream(file, options)) yield piece as Buffer;
}

/** Copies `from` (or its first `length` bytes) to `to`, hashing the copy. */
async function stageCopy(from: string, to: string, length?: number): Promise<{ size: number; sha256: string }> {
  await mkdir(path.dirname(to), { recursive: true });
  if (length === undefined) await copyFile(from, to);
  else {
    const handle = await open(to, 'w', 0o600);
    try {
      for await (const piece of readFileStream(from, length)) await handle.write(piece);
    } finally {
      await handle.close();
    }
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of readFileStream(to)) {
    hash.update(piece);
    size += piece.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Length of `file` up to and including its last newline (a record boundary of an append-only JSONL log). */
async function recordBoundary(file: string): Promise<{ length: number; lastLine: string; lines: number }> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    return { length: 0, lastLine: '', lines: 0 };
  }
  let length = 0;
  let lines = 0;
  let offset = 0;
  let lastLine = '';
  let current: Buffer[] = [];
  for await (const piece of readFileStream(file, size)) {
    let from = 0;
    for (let i = 0; i < piece.length; i++) {
      if (piece[i] !== 0x0a) continue;
      current.push(piece.subarray(from, i));
      lastLine = Buffer.concat(current).toString('utf8');
      current = [];
      from = i + 1;
      lines += 1;
      length = offset + i + 1;
    }
    current.push(piece.subarray(from));
    offset += piece.length;
  }
  return { length, lastLine, lines };
}

export class DataFolderSource implements BackupSource {
  constructor(
    private readonly dataDir: string,
    private readonly checkpoints: Pick<AuditCheckpoints, 'latestAuditCheckpoint'>,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  private vaultPath(sha256: string): string {
    return path.join(this.dataDir, 'vault', 'objects', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async vaultObjects(): Promise<{ sha256: string; size: number }[]> {
    const root = path.join(this.dataDir, 'vault', 'objects');
    const found: { sha256: string; size: number }[] = [];
    for (const a of await readdir(root).catch(() => [])) {
      for (const b of await readdir(path.join(root, a)).catch(() => [])) {
        for (const name of await readdir(path.join(root, a, b)).catch(() => [])) {
          if (SHA256_HEX.test(name) && name.startsWith(a + b)) found.push({ sha256: name, size: (await stat(path.join(root, a, b, name))).size });
        }
      }
    }
    return found.sort((x, y) => x.sha256.localeCompare(y.sha256));
  }

  async snapshot(): Promise<DataSnapshot> {
    let checkpoint: DataSnapshot['audit']['checkpoint'];
    try {
      const latest = await this.checkpoints.latestAuditCheckpoint();
      if (latest) checkpoint = { seq: latest.seq, hash: latest.hash, keyId: latest.keyId, signature: latest.signature, at: latest.at };
    } catch (error) {
      // No usable signing key: the backup still goes out, its audit trail then checked by the hash chain alone.
      this.log(`backup: no signed audit checkpoint for this snapshot: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Staging left by a run the process did not live to clean up (one run at a time per data folder).
    for (const old of await readdir(path.join(this.dataDir, 'backup')).catch(() => [])) if (old.startsWith('staging-')) await rm(path.join(this.dataDir, 'backup', old), { recursive: true, force: true });
    const staging = path.join(this.dataDir, 'backup', `staging-${randomBytes(4).toString('hex')}`);
    await mkdir(staging, { recursive: true });
    const files: SnapshotFile[] = [];
    const add = (relative: string, staged: string, info: { size: number; sha256: string }) => files.push({ path: relative, size: info.size, sha256: info.sha256, read: () => readFileStream(staged) });
    try {
      // The checkpoint file before the log: every checkpoint copied then vouches for records the log copy
      // (taken after it) holds. The audit trail before the rest: what is copied later is at least as new.
      const checkpointFile = path.join(this.dataDir, 'audit', 'checkpoints.jsonl');
      const checkpointBoundary = await recordBoundary(checkpointFile);
      const checkpointCopy = checkpointBoundary.length > 0 ? await stageCopy(checkpointFile, path.join(staging, 'audit/checkpoints.jsonl'), checkpointBoundary.length) : undefined;
      const auditFile = path.join(this.dataDir, 'audit', 'audit.jsonl');
      const boundary = await recordBoundary(auditFile);
      add('audit/audit.jsonl', path.join(staging, 'audit/audit.jsonl'), await stageCopy(auditFile, path.join(staging, 'audit/audit.jsonl'), boundary.length));
      if (checkpointCopy) add('audit/checkpoints.jsonl', path.join(staging, 'audit/checkpoints.jsonl'), checkpointCopy);
      let last: { seq?: number; hash?: string } = {};
      try {
        last = boundary.lastLine ? (JSON.parse(boundary.lastLine) as { seq?: number; hash?: string }) : {};
      } catch {
        last = {};
      }
      const walk = async (relative: string): Promise<void> => {
        for (const entry of await readdir(path.join(this.dataDir, relative), { withFileTypes: true }).catch(() => [])) {
          const child = relative ? `${relative}/${entry.name}` : entry.name;
          if ((!relative && SKIP_TOP.has(entry.name)) || SKIP_PATHS.has(child) || isTemporary(entry.name)) continue;
          if (entry.isDirectory()) await walk(child);
          else if (entry.isFile()) {
            const staged = path.join(staging, ...child.split('/'));
            try {
              add(child, staged, await stageCopy(path.join(this.dataDir, ...child.split('/')), staged));
            } catch (error) {
              // Replaced between listing and copying (temp + rename): the name now holds a newer whole version.
              if ((error as { code?: string }).code !== 'ENOENT') throw error;
            }
          }
        }
      };
      await walk('');
      return {
        vaultObjects: await this.vaultObjects(),
        readVaultObject: (sha256) => readFileStream(this.vaultPath(sha256)),
        files,
        audit: { records: boundary.lines, lastSeq: last.seq ?? 0, lastHash: last.hash ?? '', ...(checkpoint ? { checkpoint } : {}) },
        release: () => rm(staging, { recursive: true, force: true }),
      };
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  }
}
