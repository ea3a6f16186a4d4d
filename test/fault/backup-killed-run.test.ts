/**
 * A backup killed half-way (kill -9 of the real `evidence-station backup` process, with a bandwidth
 * limit so it is caught mid-upload): the target then holds some objects but no manifest, so nothing
 * counts as backed up; the next run resumes - it sends only what is missing - and the result restores
 * completely, every object hash-checked.
 */
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderTarget } from '../../electron/adapters/backup/folder-target.js';
import { FsRestoreSink } from '../../electron/adapters/backup/fs-restore-sink.js';
import { parseKeyFile } from '../../electron/core/backup/backup-key.js';
import { readManifest } from '../../electron/core/backup/manifest-reader.js';
import { restoreSnapshot } from '../../electron/core/backup/restore.js';
import { makeBenchStation } from '../fixtures/backup-bench.js';
import { runCli } from './support/run-cli.js';

const MB = 1024 * 1024;

async function objectFiles(target: string): Promise<string[]> {
  const names: string[] = [];
  for (const entry of await readdir(path.join(target, 'objects'), { withFileTypes: true, recursive: true }).catch(() => [])) if (entry.isFile()) names.push(entry.name);
  return names;
}

describe('backup killed mid-upload', () => {
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-backup-kill-'));
  });

  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('leaves no backup behind, and the next run resumes and restores completely', async () => {
    const dataDir = path.join(work, 'data');
    const station = await makeBenchStation(dataDir, [3 * MB, 3 * MB, 3 * MB, 3 * MB, 3 * MB, 3 * MB], {}, false);
    await mkdir(path.join(work, 'usb'));
    const target = path.join(work, 'usb', 'backup');

    let killedAt = 0;
    const first = await runCli(['--data', dataDir, 'backup', '--target', target, '--bandwidth', '2M'], {
      onStart: (pid) => {
        const watch = setInterval(() => {
          void objectFiles(target).then((names) => {
            const whole = names.filter((n) => !n.includes('.part-'));
            if (whole.length >= 2 && killedAt === 0) {
              killedAt = whole.length;
              clearInterval(watch);
              process.kill(pid, 'SIGKILL');
            }
          });
        }, 100);
      },
    });
    expect(first.signal, `${first.code} ${first.stderr}`).toBe('SIGKILL');
    expect(killedAt).toBeGreaterThanOrEqual(2);
    // Objects, maybe a temporary file, but no manifest: not a backup.
    expect(await readdir(path.join(target, 'snapshots')).catch(() => [])).toEqual([]);
    const key = await station.keys.load();
    if (!key) throw new Error('the killed run made no key');
    const folder = await FolderTarget.open(target);
    await expect(readManifest(key, folder)).rejects.toMatchObject({ code: 'BACKUP_NO_SNAPSHOT' });
    const sentBefore = (await folder.list('objects/')).length;

    const second = await runCli(['--json', '--data', dataDir, 'backup', '--target', target]);
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout) as { ok: boolean; objects: number; uploadedObjects: number; uploadedBytes: number };
    expect(summary.ok).toBe(true);
    expect(summary.objects).toBe(6);
    // Recordings go first, so what the killed run finished are recordings: they are not sent again
    // (the rest is the catalogue, audit log, keys and settings: far less than one recording).
    expect(sentBefore).toBeGreaterThanOrEqual(2);
    expect(summary.uploadedBytes).toBeLessThan((6 - sentBefore) * 3 * MB + MB);
    expect(summary.uploadedBytes).toBeGreaterThanOrEqual((6 - sentBefore) * 3 * MB);

    const into = path.join(work, 'restored');
    await mkdir(into);
    const keyAgain = parseKeyFile(await readFile(path.join(dataDir, 'keys', 'backup-key'), 'utf8'));
    const { manifest } = await readManifest(keyAgain, folder);
    const result = await restoreSnapshot(keyAgain, folder, manifest, new FsRestoreSink(into));
    expect(result.problems).toEqual([]);
    expect(result.objects).toBe(6);
  });
});
