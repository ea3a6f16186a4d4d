/**
 * The SFTP target (ssh2): key or password login, the server's host key pinned on first use (the
 * fingerprint is kept with the credentials; a changed host key is refused like a wrong password).
 * Uploads go to a temporary name and are renamed into place with OpenSSH's posix-rename, so a
 * dropped connection never leaves a half object under its real name.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { BackupError } from '../../core/backup/errors.js';
import type { BackupTarget, TargetEntry } from '../../core/backup/ports.js';
import { errno, isNetworkErrno } from './target-errors.js';

export interface SftpLocation {
  host: string;
  port: number;
  username: string;
  /** Absolute or home-relative folder on the server. */
  root: string;
}

export interface SftpCredentials {
  privateKey?: string;
  passphrase?: string;
  password?: string;
  /** SHA-256 of the server's host key (hex); when absent the key seen now is accepted and reported through onHostKey. */
  hostKeySha256?: string;
}

const SFTP_STATUS = { noSuchFile: 2, permissionDenied: 3, failure: 4 } as const;
const PART = '.part-';

function describe(location: SftpLocation): string {
  return `sftp://${location.username}@${location.host}:${location.port}/${location.root.replace(/^\//, '')}`;
}

export class SftpTarget implements BackupTarget {
  readonly verifyAfterUpload = 'tail' as const;
  readonly description: string;

  private constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
    private readonly location: SftpLocation,
  ) {
    this.description = describe(location);
  }

  static async open(location: SftpLocation, credentials: SftpCredentials, onHostKey: (sha256: string) => void = () => undefined, timeoutMs = 15_000): Promise<SftpTarget> {
    const description = describe(location);
    const client = new Client();
    let seenHostKey = '';
    const config: ConnectConfig = {
      host: location.host,
      port: location.port,
      username: location.username,
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        seenHostKey = createHash('sha256').update(key).digest('hex');
        return credentials.hostKeySha256 === undefined || credentials.hostKeySha256 === seenHostKey;
      },
      ...(credentials.privateKey ? { privateKey: credentials.privateKey } : {}),
      ...(credentials.passphrase ? { passphrase: credentials.passphrase } : {}),
      ...(credentials.password ? { password: credentials.password } : {}),
    };
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (error: Error & { level?: string }) => {
        if (credentials.hostKeySha256 !== undefined && seenHostKey !== '' && seenHostKey !== credentials.hostKeySha256) {
          reject(new BackupError('BACKUP_AUTH_FAILED', `the server ${location.host} presented a different host key than before (${seenHostKey.slice(0, 16)}...): refused`, { target: description, detail: 'host key changed' }));
        } else if (error.level === 'client-authentication') {
          reject(new BackupError('BACKUP_AUTH_FAILED', `the server ${location.host} refused the login for ${location.username} (credential revoked or wrong)`, { target: description, detail: error.message }));
        } else {
          reject(new BackupError('BACKUP_TARGET_UNREACHABLE', `cannot reach ${location.host}:${location.port} (${errno(error) || error.message})`, { target: description, errno: errno(error) || 'unknown', detail: error.message }));
        }
      });
      client.connect(config);
    });
    if (credentials.hostKeySha256 === undefined && seenHostKey) onHostKey(seenHostKey);
    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((error, wrapper) => (error ? reject(new BackupError('BACKUP_TARGET_UNREACHABLE', `${location.host} has no SFTP service: ${error.message}`, { target: description, detail: error.message })) : resolve(wrapper))));
    const target = new SftpTarget(client, sftp, location);
    client.on('error', () => undefined);
    await target.mkdirs(location.root);
    return target;
  }

  private full(name: string): string {
    return path.posix.join(this.location.root, name);
  }

  private fail(error: unknown, name: string, writing = false): BackupError {
    if (error instanceof BackupError) return error;
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === SFTP_STATUS.noSuchFile) return new BackupError('BACKUP_OBJECT_MISSING', `${name} is not on ${this.description}`, { target: this.description, object: name });
    if (code === SFTP_STATUS.permissionDenied) return new BackupError('BACKUP_AUTH_FAILED', `${this.description} refuses ${name}: permission denied`, { target: this.description, detail: message });
    if (typeof code === 'string' && isNetworkErrno(code)) return new BackupError('BACKUP_TARGET_UNREACHABLE', `the connection to ${this.description} broke (${code})`, { target: this.description, errno: code });
    if (/no response from server|not connected|channel|closed/i.test(message)) return new BackupError('BACKUP_TARGET_UNREACHABLE', `the connection to ${this.description} broke (${message})`, { target: this.description, errno: 'closed' });
    return new BackupError(writing ? 'BACKUP_WRITE_FAILED' : 'BACKUP_TARGET_UNREACHABLE', `${this.description}: ${name}: ${message}`, { target: this.description, detail: message, errno: String(code ?? 'unknown') });
  }

  private call<T>(work: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => work((error, value) => (error ? reject(error) : resolve(value as T))));
  }

  /** Folders known to exist on the server this session (objects fan out into 256 of them). */
  private readonly madeDirs = new Set<string>();

  private async mkdirs(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    const parts = dir.split('/').filter(Boolean);
    let current = dir.startsWith('/') ? '/' : '';
    for (const part of parts) {
      current = current ? path.posix.join(current, part) : part;
      try {
        await this.call<void>((done) => this.sftp.mkdir(current, (error) => done(error)));
      } catch (error) {
        const exists = await this.call<unknown>((done) => this.sftp.stat(current, done)).then(() => true, () => false);
        if (!exists) throw this.fail(error, current, true);
      }
    }
    this.madeDirs.add(dir);
  }

  async list(prefix: string): Promise<TargetEntry[]> {
    const dirName = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const entries: TargetEntry[] = [];
    const walk = async (relative: string): Promise<void> => {
      let listing: { filename: string; attrs: { size: number; isDirectory(): boolean; isFile(): boolean } }[];
      try {
        listing = await this.call((done) => this.sftp.readdir(this.full(relative), done));
      } catch (error) {
        if ((error as { code?: unknown }).code === SFTP_STATUS.noSuchFile) return;
        throw this.fail(error, relative);
      }
      for (const entry of listing) {
        const child = relative ? `${relative}/${entry.filename}` : entry.filename;
        if (entry.attrs.isDirectory()) await walk(child);
        else if (entry.attrs.isFile() && !entry.filename.includes(PART) && child.startsWith(prefix)) entries.push({ name: child, size: entry.attrs.size });
      }
    };
    await walk(dirName);
    return entries;
  }

  async put(name: string, data: AsyncIterable<Buffer>): Promise<void> {
    const finalPath = this.full(name);
    const partPath = `${finalPath}${PART}${randomBytes(4).toString('hex')}`;
    await this.mkdirs(path.posix.dirname(finalPath));
    let written = 0;
    try {
      const handle = await this.call<Buffer>((done) => this.sftp.open(partPath, 'w', { mode: 0o600 }, done));
      try {
        for await (const piece of data) {
          await this.call<void>((done) => this.sftp.write(handle, piece, 0, piece.length, written, (error) => done(error)));
          written += piece.length;
        }
      } finally {
        await this.call<void>((done) => this.sftp.close(handle, (error) => done(error))).catch(() => undefined);
      }
      await this.call<void>((done) => this.sftp.ext_openssh_rename(partPath, finalPath, (error) => done(error)));
    } catch (error) {
      await this.call<void>((done) => this.sftp.unlink(partPath, (e) => done(e))).catch(() => undefined);
      if (error instanceof BackupError) throw error;
      // OpenSSH's sftp-server reports a full disk as a plain FAILURE: ask the file system how much room is left.
      if ((error as { code?: unknown }).code === SFTP_STATUS.failure) {
        const free = await this.freeBytes().catch(() => undefined);
        if (free !== undefined && free < 4 * 1024 * 1024) throw new BackupError('BACKUP_TARGET_FULL', `the backup target ${this.description} is full (${free} bytes free)`, { target: this.description, free });
      }
      throw this.fail(error, name, true);
    }
  }

  private async freeBytes(): Promise<number> {
    const info = await this.call<{ f_bavail: number | bigint; f_frsize: number | bigint; f_bsize: number | bigint }>((done) => this.sftp.ext_openssh_statvfs(this.location.root, (error, value) => done(error, value)));
    return Number(info.f_bavail) * Number(info.f_frsize || info.f_bsize);
  }

  async *get(name: string): AsyncIterable<Buffer> {
    const stream = this.sftp.createReadStream(this.full(name), { highWaterMark: 256 * 1024 });
    try {
      for await (const piece of stream) yield piece as Buffer;
    } catch (error) {
      throw this.fail(error, name);
    }
  }

  async getRange(name: string, start: number, length: number): Promise<Buffer> {
    if (length === 0) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    try {
      for await (const piece of this.sftp.createReadStream(this.full(name), { start, end: start + length - 1 })) parts.push(piece as Buffer);
    } catch (error) {
      throw this.fail(error, name);
    }
    return Buffer.concat(parts);
  }

  async close(): Promise<void> {
    this.client.end();
  }
}
