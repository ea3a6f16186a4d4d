/**
 * The backup's own files in the data folder:
 *   keys/backup-key               the backup key (key-file text, 0600; backup-key.ts)
 *   keys/backup-credentials.json  target credentials: SFTP key/password, S3 access keys, pinned host keys (0600)
 *   backup/state.json             what each target is known to hold, the last good run, verification results
 * Credentials live here, never in settings.json or the audit log.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBackupKey, formatKeyFile, parseKeyFile, type BackupKey } from '../../core/backup/backup-key.js';
import { BackupError } from '../../core/backup/errors.js';
import { EMPTY_STATE, type BackupState } from '../../core/backup/model.js';
import type { BackupKeyStore, BackupStateStore } from '../../core/backup/ports.js';
import { createFileDurably, isCode, isNotFound, readTextIfExists, writeFileAtomically } from '../audit/durable-file.js';

export const BACKUP_KEY_FILE = 'backup-key';
export const CREDENTIALS_FILE = 'backup-credentials.json';

export class FileBackupKeyStore implements BackupKeyStore {
  constructor(private readonly keysDir: string) {}

  get path(): string {
    return path.join(this.keysDir, BACKUP_KEY_FILE);
  }

  async load(): Promise<BackupKey | undefined> {
    const text = await readTextIfExists(this.path);
    return text === undefined ? undefined : parseKeyFile(text);
  }

  async create(): Promise<BackupKey> {
    await mkdir(this.keysDir, { recursive: true, mode: 0o700 });
    const key = createBackupKey();
    await this.install(key);
    return key;
  }

  /** Puts a given key in place (restore: the restored station keeps backing up to the same target). Never replaces another key. */
  async install(key: BackupKey): Promise<void> {
    await mkdir(this.keysDir, { recursive: true, mode: 0o700 });
    try {
      await createFileDurably(this.path, Buffer.from(formatKeyFile(key)), 0o600);
    } catch (error) {
      if (isCode(error, 'EEXIST')) throw new BackupError('BACKUP_KEY_INVALID', 'this station already has a backup key; it is never replaced', { detail: 'exists' });
      throw error;
    }
  }
}

export interface StoredCredentials {
  sftp?: Record<string, { privateKey?: string; passphrase?: string; password?: string; hostKeySha256?: string }>;
  s3?: Record<string, { accessKeyId: string; secretAccessKey: string }>;
}

export class CredentialsFile {
  constructor(private readonly keysDir: string) {}

  async load(): Promise<StoredCredentials> {
    const text = await readTextIfExists(path.join(this.keysDir, CREDENTIALS_FILE));
    return text === undefined ? {} : (JSON.parse(text) as StoredCredentials);
  }

  async update(change: (current: StoredCredentials) => void): Promise<void> {
    const current = await this.load();
    change(current);
    await mkdir(this.keysDir, { recursive: true, mode: 0o700 });
    await writeFileAtomically(path.join(this.keysDir, CREDENTIALS_FILE), Buffer.from(JSON.stringify(current, null, 2)), 0o600);
  }
}

export class JsonBackupState implements BackupStateStore {
  constructor(private readonly file: string) {}

  async load(): Promise<BackupState> {
    try {
      const parsed = JSON.parse(await readFile(this.file, 'utf8')) as Partial<BackupState>;
      return { targets: parsed.targets ?? {}, verifications: parsed.verifications ?? [], ...(parsed.lastGood ? { lastGood: parsed.lastGood } : {}), ...(parsed.lastRun ? { lastRun: parsed.lastRun } : {}) };
    } catch (error) {
      // A lost or damaged record only costs re-checking the target (plan.ts): start from nothing.
      if (isNotFound(error) || error instanceof SyntaxError) return structuredClone(EMPTY_STATE);
      throw error;
    }
  }

  async save(state: BackupState): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomically(this.file, Buffer.from(JSON.stringify(state)), 0o644);
  }
}
