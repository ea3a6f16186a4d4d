/**
 * The SFTP target against a real OpenSSH server (Debian's sshd on 127.0.0.1, started here): a backup
 * and a full restore, the host key pinned, a revoked credential, an unreachable port, a full disk
 * behind the server (a real tmpfs).
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsRestoreSink } from '../../electron/adapters/backup/fs-restore-sink.js';
import { SftpTarget } from '../../electron/adapters/backup/sftp-target.js';
import { readManifest } from '../../electron/core/backup/manifest-reader.js';
import { restoreSnapshot } from '../../electron/core/backup/restore.js';
import { backupOnce, makeBenchStation } from '../fixtures/backup-bench.js';
import { freePort, startSshd, type TestSshd } from './support/sshd.js';

describe('SFTP target (real sshd)', () => {
  let work: string;
  let sshd: TestSshd | undefined;
  let unavailable = '';
  let tmpfs: string | undefined;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-backup-sftp-'));
    const started = await startSshd(path.join(work, 'sshd'));
    if ('unavailable' in started) unavailable = started.unavailable;
    else sshd = started;
  });

  afterAll(async () => {
    await sshd?.stop();
    if (tmpfs) execFileSync('umount', [tmpfs]);
    await rm(work, { recursive: true, force: true });
  });

  const url = (root: string, port = sshd?.port ?? 0) => `sftp://${sshd?.username ?? 'root'}@127.0.0.1:${port}${root}`;
  const id = (port = sshd?.port ?? 0) => `sftp://${sshd?.username ?? 'root'}@127.0.0.1:${port}`;

  async function stationWithKey(name: string, sizes: number[]) {
    const station = await makeBenchStation(path.join(work, name), sizes);
    await station.credentials.update((c) => {
      (c.sftp ??= {})[id()] = { privateKey: sshd?.clientPrivateKey ?? '' };
    });
    return station;
  }

  it('backs up over SFTP, pins the host key, and restores every object', async (context) => {
    if (!sshd) return context.skip(`sshd cannot run here: ${unavailable}`);
    const station = await stationWithKey('data-ok', [1_500_000, 20_000, 0]);
    const root = path.join(work, 'remote', 'backups');
    const done = await backupOnce(station, url(root));
    if (!done.ok) throw new Error(`${done.error.code} ${done.error.message}`);
    expect(done.summary.objects).toBe(3);
    expect((await station.credentials.load()).sftp?.[id()]?.hostKeySha256).toMatch(/^[0-9a-f]{64}$/);
    // Second run: nothing new in the vault, and a verification sample over SFTP.
    const again = await backupOnce(station, url(root));
    if (!again.ok) throw new Error(again.error.message);
    expect(again.summary.uploadedObjects).toBeLessThanOrEqual(1);
    const check = await station.service.verifySample('tester', 10, url(root));
    expect(check.ok).toBe(true);
    expect(check.checked).toBe(5);

    const key = await station.keys.load();
    if (!key) throw new Error('no key');
    const target = await SftpTarget.open({ host: '127.0.0.1', port: sshd.port, username: sshd.username, root }, { privateKey: sshd.clientPrivateKey });
    try {
      const { manifest } = await readManifest(key, target);
      const into = path.join(work, 'restored');
      await mkdir(into);
      const result = await restoreSnapshot(key, target, manifest, new FsRestoreSink(into));
      expect(result.problems).toEqual([]);
      expect(result.objects).toBe(3);
    } finally {
      await target.close();
    }
  });

  it('a changed host key is refused like a wrong password', async (context) => {
    if (!sshd) return context.skip(`sshd cannot run here: ${unavailable}`);
    const station = await stationWithKey('data-hostkey', [100]);
    await station.credentials.update((c) => {
      const entry = c.sftp?.[id()];
      if (entry) entry.hostKeySha256 = '0'.repeat(64);
    });
    const result = await backupOnce(station, url(path.join(work, 'remote', 'hk')));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BACKUP_AUTH_FAILED');
      expect(result.error.message).toMatch(/different host key/);
    }
  });

  it('a revoked credential: a plain authentication error, not retried, nothing marked backed up', async (context) => {
    if (!sshd) return context.skip(`sshd cannot run here: ${unavailable}`);
    const station = await stationWithKey('data-revoked', [1000]);
    await writeFile(sshd.authorizedKeysFile, '');
    try {
      const result = await backupOnce(station, url(path.join(work, 'remote', 'revoked')));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('BACKUP_AUTH_FAILED');
        expect(result.error.message).toMatch(/refused the login/);
      }
      expect((await station.service.status()).lastGood).toBeUndefined();
    } finally {
      await writeFile(sshd.authorizedKeysFile, sshd.clientPublicKey);
    }
  });

  it('an unreachable server: reported as unreachable after the retries', async (context) => {
    if (!sshd) return context.skip(`sshd cannot run here: ${unavailable}`);
    const closed = await freePort();
    const station = await makeBenchStation(path.join(work, 'data-unreachable'), [10]);
    await station.credentials.update((c) => {
      (c.sftp ??= {})[id(closed)] = { privateKey: sshd?.clientPrivateKey ?? '' };
    });
    const result = await backupOnce(station, url('/backups', closed));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('BACKUP_TARGET_UNREACHABLE');
      expect(result.error.message).toMatch(/ECONNREFUSED/);
    }
  });

  it('a full disk behind the server is reported as full', async (context) => {
    if (!sshd) return context.skip(`sshd cannot run here: ${unavailable}`);
    const disk = path.join(work, 'remote-small');
    await mkdir(disk);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', disk], { stdio: 'pipe' });
      tmpfs = disk;
    } catch (error) {
      return context.skip(`cannot mount a tmpfs here: ${error instanceof Error ? error.message : String(error)}`);
    }
    const station = await stationWithKey('data-full', [2_000_000, 2_000_000]);
    const result = await backupOnce(station, url(path.join(disk, 'backups')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code, result.error.message).toBe('BACKUP_TARGET_FULL');
    expect((await station.service.status()).lastGood).toBeUndefined();
  });
});
