/**
 * Turns what the clerk typed (a folder, sftp://user@host[:port]/path, s3://bucket/prefix?endpoint=...)
 * into a connected target, with its credentials from keys/backup-credentials.json (S3 also from the
 * standard AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY environment). The first SFTP connection pins the
 * server's host key there.
 */
import path from 'node:path';
import { BackupError } from '../../core/backup/errors.js';
import type { BackupTarget, TargetOpener } from '../../core/backup/ports.js';
import { FolderTarget } from './folder-target.js';
import type { StoredCredentials } from './local-files.js';
import { S3Target, type S3Location } from './s3-target.js';
import { SftpTarget, type SftpLocation } from './sftp-target.js';

export type ParsedTarget = { kind: 'folder'; path: string } | { kind: 'sftp'; location: SftpLocation; id: string } | { kind: 's3'; location: S3Location; id: string };

function invalid(target: string, detail: string): BackupError {
  return new BackupError('BACKUP_TARGET_INVALID', `invalid backup target ${target}: ${detail}`, { target, detail });
}

export function parseTarget(text: string): ParsedTarget {
  const target = text.trim();
  if (target.startsWith('sftp://')) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw invalid(target, 'not a URL (sftp://user@host[:port]/folder)');
    }
    if (!url.username || !url.hostname) throw invalid(target, 'user and host are required (sftp://user@host[:port]/folder)');
    if (url.password) throw invalid(target, 'do not put a password in the target; store it with `backup credentials`');
    const location: SftpLocation = { host: url.hostname, port: url.port ? Number(url.port) : 22, username: decodeURIComponent(url.username), root: decodeURIComponent(url.pathname) || '/' };
    return { kind: 'sftp', location, id: `sftp://${location.username}@${location.host}:${location.port}` };
  }
  if (target.startsWith('s3://')) {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw invalid(target, 'not a URL (s3://bucket/prefix?endpoint=...&region=...)');
    }
    const bucket = url.hostname;
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw invalid(target, 'bucket names are 3-63 lower-case letters, digits, dots and dashes');
    let prefix = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    if (prefix && !prefix.endsWith('/')) prefix += '/';
    const endpoint = url.searchParams.get('endpoint') ?? undefined;
    const location: S3Location = { bucket, prefix, region: url.searchParams.get('region') ?? 'us-east-1', pathStyle: url.searchParams.get('pathStyle') !== 'false' && (endpoint !== undefined || url.searchParams.get('pathStyle') === 'true'), ...(endpoint ? { endpoint } : {}) };
    return { kind: 's3', location, id: `s3://${bucket}${endpoint ? `@${endpoint}` : ''}` };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) throw invalid(target, 'only a folder, sftp:// or s3:// targets are supported');
  if (!path.isAbsolute(target)) throw invalid(target, 'a folder target must be an absolute path');
  return { kind: 'folder', path: target };
}

/** Where credentials come from: keys/backup-credentials.json, or (restore onto an empty machine) the command line. */
export interface CredentialsSource {
  load(): Promise<StoredCredentials>;
  update(change: (current: StoredCredentials) => void): Promise<void>;
}

/** Credentials held in memory only (restore: given on the command line, never written). */
export class MemoryCredentials implements CredentialsSource {
  constructor(private current: StoredCredentials = {}) {}

  async load(): Promise<StoredCredentials> {
    return this.current;
  }

  async update(change: (current: StoredCredentials) => void): Promise<void> {
    change(this.current);
  }
}

export class DefaultTargetOpener implements TargetOpener {
  constructor(
    private readonly credentials: CredentialsSource,
    private readonly env: Record<string, string | undefined> = process.env,
  ) {}

  async open(text: string): Promise<BackupTarget> {
    const parsed = parseTarget(text);
    if (parsed.kind === 'folder') return FolderTarget.open(parsed.path);
    const stored = await this.credentials.load();
    if (parsed.kind === 'sftp') {
      const creds = stored.sftp?.[parsed.id] ?? {};
      if (!creds.privateKey && !creds.password) throw new BackupError('BACKUP_AUTH_FAILED', `no credentials stored for ${parsed.id}: use \`backup credentials\``, { target: parsed.id, detail: 'no credentials' });
      return SftpTarget.open(parsed.location, creds, (sha256) => {
        void this.credentials.update((all) => {
          const entry = ((all.sftp ??= {})[parsed.id] ??= {});
          entry.hostKeySha256 ??= sha256;
        });
      });
    }
    const creds = stored.s3?.[parsed.id] ?? (this.env.AWS_ACCESS_KEY_ID && this.env.AWS_SECRET_ACCESS_KEY ? { accessKeyId: this.env.AWS_ACCESS_KEY_ID, secretAccessKey: this.env.AWS_SECRET_ACCESS_KEY } : undefined);
    if (!creds) throw new BackupError('BACKUP_AUTH_FAILED', `no credentials stored for ${parsed.id}: use \`backup credentials\``, { target: parsed.id, detail: 'no credentials' });
    return S3Target.open(parsed.location, creds);
  }
}
