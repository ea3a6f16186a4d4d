/**
 * The station's signing key (Ed25519) for audit checkpoints, and the keyring of every public key it has
 * ever used, in <data>/keys/:
 *
 *   station-key.pem      the private key (PKCS#8 PEM, mode 0600)
 *   station-key.pub.pem  its public key (SPKI PEM) - the one to copy onto discs and backups
 *   keyring.json         every public key the station has signed with, retired ones included,
 *                        so old checkpoints still verify after a rotation
 *
 * Made at first start. Never made again silently: when the private key is gone (or replaced by one the
 * keyring does not know) but checkpoints or a keyring exist, open() refuses with StationKeyError and only
 * an explicit rotation (`evidence-station audit rotate-key --reason ...`, audited) makes a new one.
 * Every write is durable: temp file, fsync, rename, fsync the folder.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { keyIdOf, PublicKeyring, type CheckpointSigningKey } from '../../core/audit/checkpoint.js';
import { fsyncDirectory, isNotFound, pathExists, writeFileAtomically } from './durable-file.js';

export const STATION_KEY_FILE = 'station-key.pem';
export const STATION_PUBLIC_KEY_FILE = 'station-key.pub.pem';
export const KEYRING_FILE = 'keyring.json';
/** A rotation's new private key, before the keyring names it; finished or dropped at the next open. */
const ROTATING_KEY_FILE = 'station-key.pem.rotating';
const KEYRING_FORMAT = 'evidence-station-keyring/1';

export interface KeyringEntry {
  keyId: string;
  publicKeyPem: string;
  createdAt: string;
  /** Set when a rotation replaced it; its checkpoints stay valid. */
  retiredAt?: string;
  retiredReason?: string;
  /** Who rotated to this key, and why (absent for the key made at first start). */
  rotatedBy?: string;
  rotationReason?: string;
}

export interface StationSigningKey extends CheckpointSigningKey {
  publicKeyPem: string;
}

export type StationKeyErrorCode =
  /** The private key file is gone but checkpoints or a keyring show the station had one. */
  | 'AUDIT_KEY_MISSING'
  /** The private key file holds a key the keyring does not know: it was replaced. */
  | 'AUDIT_KEY_NOT_IN_KEYRING'
  /** The private key file holds a key a rotation retired: an old key file was put back. */
  | 'AUDIT_KEY_RETIRED'
  /** A key file or the keyring cannot be read (damaged or edited). */
  | 'AUDIT_KEY_UNREADABLE';

/** The station will not sign (and will not make a key) until someone restores the key or rotates it. */
export class StationKeyError extends Error {
  constructor(
    readonly code: StationKeyErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'StationKeyError';
  }
}

export interface StationKeyStoreOptions {
  clock?: () => Date;
  /** The checkpoint file: when it holds anything, a key existed, so a missing one is not "first start". */
  checkpointsPath?: string;
}

export class StationKeyStore {
  private readonly clock: () => Date;

  constructor(
    readonly directory: string,
    private readonly options: StationKeyStoreOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
  }

  get privateKeyPath(): string {
    return path.join(this.directory, STATION_KEY_FILE);
  }

  get publicKeyPath(): string {
    return path.join(this.directory, STATION_PUBLIC_KEY_FILE);
  }

  get keyringPath(): string {
    return path.join(this.directory, KEYRING_FILE);
  }

  /**
   * Loads the signing key, making it at first start (`created: true`). Throws StationKeyError when the key
   * is missing or unknown while earlier checkpoints exist: the caller must not sign, and must not make a key.
   */
  async open(): Promise<{ key: StationSigningKey; created: boolean }> {
    await this.prepareDirectory();
    let keyring = await this.keyring();
    keyring = await this.finishInterruptedRotation(keyring);
    const existing = await this.readPrivateKey(this.privateKeyPath);
    if (existing !== undefined) {
      const key = toSigningKey(existing);
      if (keyring.length > 0 && !keyring.some((entry) => entry.keyId === key.keyId)) {
        throw new StationKeyError(
          'AUDIT_KEY_NOT_IN_KEYRING',
          `the station key ${this.privateKeyPath} (key ${key.keyId}) is not in the keyring (keys ${keyring.map((entry) => entry.keyId).join(', ')}): it was replaced. Restore the original key, or rotate with 'evidence-station audit rotate-key --reason ...'`,
          { keyId: key.keyId, keyIds: keyring.map((entry) => entry.keyId).join(', ') },
        );
      }
      const entry = keyring.find((known) => known.keyId === key.keyId);
      if (entry?.retiredAt !== undefined) {
        throw new StationKeyError(
          'AUDIT_KEY_RETIRED',
          `the station key ${this.privateKeyPath} (key ${key.keyId}) was retired on ${entry.retiredAt} (${entry.retiredReason ?? 'no reason given'}); an old key file was put back. Restore the current key, or rotate with 'evidence-station audit rotate-key --reason ...'`,
          { keyId: key.keyId, keyIds: keyring.map((known) => known.keyId).join(', ') },
        );
      }
      // A keyring lost on its own is rebuilt from the key we hold (its public half is authentic by construction).
      if (keyring.length === 0) await this.writeKeyring([{ keyId: key.keyId, publicKeyPem: key.publicKeyPem, createdAt: this.clock().toISOString() }]);
      await this.tightenPermissions();
      await this.ensurePublicKeyFile(key.publicKeyPem);
      return { key, created: false };
    }
    const checkpointsExist = await this.checkpointsExist();
    if (keyring.length > 0 || checkpointsExist) {
      const known = keyring.map((entry) => entry.keyId).join(', ') || 'unknown (keyring missing)';
      throw new StationKeyError(
        'AUDIT_KEY_MISSING',
        `the station signing key ${this.privateKeyPath} is missing, but audit checkpoints signed by key ${known} exist; no new key is made silently. Restore the key file from a backup, or make a new one on purpose with 'evidence-station audit rotate-key --reason ...' (recorded in the audit trail)`,
        { keyIds: known, path: this.privateKeyPath },
      );
    }
    // First start: private key first, then the keyring. A crash in between leaves a key and no keyring,
    // which the next open completes; the other order would leave a keyring without its key: a false refusal.
    const key = toSigningKey(generateKeyPairSync('ed25519').privateKey);
    await writeFileAtomically(this.privateKeyPath, Buffer.from(exportPrivatePem(key.privateKey)), 0o600);
    await this.writeKeyring([{ keyId: key.keyId, publicKeyPem: key.publicKeyPem, createdAt: this.clock().toISOString() }]);
    await this.ensurePublicKeyFile(key.publicKeyPem);
    return { key, created: true };
  }

  /**
   * Makes a new signing key on purpose (the old one lost, leaked or due for replacement). The old public key
   * stays in the keyring, marked retired, so its checkpoints keep verifying. The caller audits the rotation.
   */
  async rotate(reason: string, actor: string): Promise<{ key: StationSigningKey; previousKeyId: string | undefined }> {
    if (reason.trim() === '') throw new TypeError('a key rotation needs a reason');
    await this.prepareDirectory();
    const keyring = await this.finishInterruptedRotation(await this.keyring());
    // The key being replaced is the keyring's active one; a foreign key found in the key file is never adopted.
    const previousKeyId = keyring.findLast((entry) => entry.retiredAt === undefined)?.keyId;
    const key = toSigningKey(generateKeyPairSync('ed25519').privateKey);
    const now = this.clock().toISOString();
    // 1. the new private key, durable but not yet in place;
    await writeFileAtomically(path.join(this.directory, ROTATING_KEY_FILE), Buffer.from(exportPrivatePem(key.privateKey)), 0o600);
    // 2. the keyring naming it (every older key retired, kept);
    const next: KeyringEntry[] = keyring.map((entry) => (entry.retiredAt === undefined ? { ...entry, retiredAt: now, retiredReason: reason } : entry));
    next.push({ keyId: key.keyId, publicKeyPem: key.publicKeyPem, createdAt: now, rotatedBy: actor, rotationReason: reason });
    await this.writeKeyring(next);
    // 3. the new key in place. A crash before this is finished by the next open (finishInterruptedRotation).
    await rename(path.join(this.directory, ROTATING_KEY_FILE), this.privateKeyPath);
    await fsyncDirectory(this.directory);
    await writeFileAtomically(this.publicKeyPath, Buffer.from(key.publicKeyPem), 0o644);
    return { key, previousKeyId };
  }

  /** Every public key the station has signed with, oldest first. Entries whose keyId does not match their key are refused. */
  async keyring(): Promise<KeyringEntry[]> {
    let text: string;
    try {
      text = await readFile(this.keyringPath, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    return parseKeyring(text, this.keyringPath);
  }

  /** The keyring as verifier input. */
  async publicKeyring(): Promise<PublicKeyring> {
    return PublicKeyring.fromPems((await this.keyring()).map((entry) => entry.publicKeyPem));
  }

  /** Creates the folder (0700, its entry made durable) and removes temp files a crash left mid-write. */
  private async prepareDirectory(): Promise<void> {
    if (!(await pathExists(this.directory))) {
      await mkdir(this.directory, { recursive: true, mode: 0o700 });
      await fsyncDirectory(path.dirname(this.directory));
    }
    for (const name of await readdir(this.directory)) {
      if (/^\..+\.tmp-\d+-[0-9a-f]{8}$/.test(name)) await rm(path.join(this.directory, name), { force: true });
    }
  }

  private async readPrivateKey(file: string): Promise<KeyObject | undefined> {
    let pem: string;
    try {
      pem = await readFile(file, 'utf8');
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    try {
      const key = createPrivateKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${String(key.asymmetricKeyType)} key, not Ed25519`);
      return key;
    } catch (error) {
      throw new StationKeyError('AUDIT_KEY_UNREADABLE', `the station key ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`, { path: file });
    }
  }

  private async finishInterruptedRotation(keyring: KeyringEntry[]): Promise<KeyringEntry[]> {
    const rotating = path.join(this.directory, ROTATING_KEY_FILE);
    const key = await this.readPrivateKey(rotating).catch(() => undefined);
    if (key === undefined) {
      await rm(rotating, { force: true });
      return keyring;
    }
    const keyId = keyIdOf(key);
    if (keyring.some((entry) => entry.keyId === keyId && entry.retiredAt === undefined)) {
      // The keyring already names it: the rotation got past step 2, so complete step 3.
      await rename(rotating, this.privateKeyPath);
      await fsyncDirectory(this.directory);
      await writeFileAtomically(this.publicKeyPath, Buffer.from(exportPublicPem(key)), 0o644);
    } else {
      // Never named: it has signed nothing and nothing refers to it.
      await rm(rotating, { force: true });
    }
    return keyring;
  }

  private async writeKeyring(entries: KeyringEntry[]): Promise<void> {
    await writeFileAtomically(this.keyringPath, Buffer.from(`${JSON.stringify({ format: KEYRING_FORMAT, keys: entries }, null, 2)}\n`), 0o644);
  }

  private async ensurePublicKeyFile(publicKeyPem: string): Promise<void> {
    const current = await readFile(this.publicKeyPath, 'utf8').catch(() => undefined);
    if (current !== publicKeyPem) await writeFileAtomically(this.publicKeyPath, Buffer.from(publicKeyPem), 0o644);
  }

  private async tightenPermissions(): Promise<void> {
    if (process.platform === 'win32') return;
    const mode = (await stat(this.privateKeyPath)).mode & 0o777;
    if ((mode & 0o077) !== 0) await chmod(this.privateKeyPath, 0o600);
  }

  private async checkpointsExist(): Promise<boolean> {
    if (this.options.checkpointsPath === undefined) return false;
    try {
      return (await stat(this.options.checkpointsPath)).size > 0;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}

function toSigningKey(privateKey: KeyObject): StationSigningKey {
  return { privateKey, keyId: keyIdOf(privateKey), publicKeyPem: exportPublicPem(privateKey) };
}

function exportPrivatePem(privateKey: KeyObject): string {
  return privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

function exportPublicPem(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
}

function parseKeyring(text: string, file: string): KeyringEntry[] {
  const unreadable = (why: string) => new StationKeyError('AUDIT_KEY_UNREADABLE', `the keyring ${file} cannot be read: ${why}`, { path: file });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw unreadable('not valid JSON');
  }
  if (typeof value !== 'object' || value === null || (value as { format?: unknown }).format !== KEYRING_FORMAT || !Array.isArray((value as { keys?: unknown }).keys)) {
    throw unreadable(`not a ${KEYRING_FORMAT} file`);
  }
  return ((value as { keys: unknown[] }).keys).map((raw, index) => {
    const entry = raw as Partial<KeyringEntry>;
    if (typeof entry !== 'object' || entry === null || typeof entry.keyId !== 'string' || typeof entry.publicKeyPem !== 'string' || typeof entry.createdAt !== 'string') {
      throw unreadable(`entry ${index + 1} is incomplete`);
    }
    let actualId: string;
    try {
      actualId = keyIdOf(entry.publicKeyPem);
    } catch (error) {
      throw unreadable(`entry ${index + 1}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (actualId !== entry.keyId) throw unreadable(`entry ${index + 1} says key ${entry.keyId} but holds key ${actualId} (edited)`);
    return entry as KeyringEntry;
  });
}
