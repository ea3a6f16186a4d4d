/**
 * `evidence-station backup ...` and `restore` end to end in-process (commander, the real station, a
 * folder target): exit codes and zh/en words for success, an unplugged disk, a wrong key, a key file
 * with a typo, a non-empty data folder, and a full restore.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../electron/cli/index.js';
import { createBackupKey, formatKeyFile } from '../../electron/core/backup/backup-key.js';

describe('backup CLI', () => {
  let work: string;
  let dataDir: string;
  let target: string;
  const previousPassword = process.env.EVIDENCE_STATION_PASSWORD;

  async function cli(args: string[], data: string | null = dataDir): Promise<{ out: string; err: string; exitCode: number }> {
    const out: string[] = [];
    const err: string[] = [];
    const program = buildProgram({ out: (t) => out.push(t), err: (t) => err.push(t) });
    process.exitCode = undefined;
    try {
      await program.parseAsync(['node', 'evidence-station', ...(data === null ? [] : ['--data', data]), ...args]);
      const exitCode = typeof process.exitCode === 'number' ? process.exitCode : 0;
      return { out: out.join('\n'), err: err.join('\n'), exitCode };
    } catch (error) {
      const exitCode = error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number' ? error.exitCode : 1;
      return { out: out.join('\n'), err: `${err.join('\n')}\n${error instanceof Error ? error.message : String(error)}`, exitCode };
    } finally {
      process.exitCode = undefined;
    }
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-backup-cli-'));
    dataDir = path.join(work, 'data');
    target = path.join(work, 'nas', 'backup');
    await mkdir(path.join(work, 'nas'));
    process.env.EVIDENCE_STATION_PASSWORD = 'Backup-Admin-2026!';
    const created = await cli(['--lang', 'zh', 'users', 'create-admin', '--username', 'admin', '--display-name', '管理员']);
    expect(created.exitCode, created.err).toBe(0);
  });

  afterAll(async () => {
    if (previousPassword === undefined) delete process.env.EVIDENCE_STATION_PASSWORD;
    else process.env.EVIDENCE_STATION_PASSWORD = previousPassword;
    await rm(work, { recursive: true, force: true });
  });

  it('backup without a configured target is invalid input (exit 2), in Chinese', async () => {
    const result = await cli(['--lang', 'zh', '--user', 'admin', 'backup']);
    expect(result.exitCode).toBe(2);
    expect(result.err).toContain('备份目标无效');
  });

  it('key export, backup, status, verify, then restore into an empty folder', async () => {
    const keyFile = path.join(work, 'recovery.key');
    const exported = await cli(['--lang', 'zh', '--user', 'admin', 'backup', 'key', 'export', '--out', keyFile]);
    expect(exported.exitCode, 'export ' + exported.err).toBe(0);
    expect(exported.out).toContain('恢复密钥');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(keyFile, 'utf8')).toMatch(/^EVIDENCE-STATION BACKUP KEY v1\n/);
    const sheet = path.join(work, 'recovery-sheet.pdf');
    const printed = await cli(['--lang', 'zh', '--user', 'admin', 'backup', 'key', 'sheet', '--out', sheet]);
    expect(printed.exitCode, printed.err).toBe(0);
    expect((await readFile(sheet)).subarray(0, 5).toString()).toBe('%PDF-');
    const again = await cli(['--lang', 'en', '--user', 'admin', 'backup', 'key', 'export', '--out', keyFile]);
    expect(again.exitCode).toBe(2);
    expect(again.err).toContain('never overwritten');

    const done = await cli(['--lang', 'zh', '--user', 'admin', 'backup', '--target', target, '--bandwidth', '50M']);
    expect(done.exitCode, 'backup ' + done.err).toBe(0);
    expect(done.out).toContain('备份完成');

    const status = await cli(['--lang', 'en', '--user', 'admin', 'backup', 'status']);
    // No target is configured in settings, but a good backup exists and is recent: no alarm.
    expect(status.exitCode, status.out).toBe(0);
    expect(status.out).toContain('Last good backup');

    const verified = await cli(['--lang', 'en', '--user', 'admin', 'backup', 'verify', '--sample', '3', '--target', target]);
    expect(verified.exitCode, 'verify ' + verified.err).toBe(0);
    expect(verified.out).toContain('all decrypt and hash correctly');

    const nonEmpty = await cli(['--lang', 'zh', 'restore', '--from', target, '--key', keyFile, '--data', dataDir], null);
    expect(nonEmpty.exitCode, nonEmpty.err).toBe(2);
    expect(nonEmpty.err).toContain('不是空目录');

    const wrongKeyFile = path.join(work, 'other.key');
    await writeFile(wrongKeyFile, formatKeyFile(createBackupKey()));
    const wrong = await cli(['--lang', 'en', 'restore', '--from', target, '--key', wrongKeyFile, '--data', path.join(work, 'r1')], null);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.err).toContain('This key does not open this backup');

    const typo = path.join(work, 'typo.key');
    const text = await readFile(keyFile, 'utf8');
    const keyLine = text.split('\n')[2] ?? '';
    await writeFile(typo, text.replace(keyLine, keyLine.replace(/[A-Z2-7](?=-)/, (c) => (c === 'Q' ? 'R' : 'Q'))));
    const typoResult = await cli(['--lang', 'zh', 'restore', '--from', target, '--key', typo, '--data', path.join(work, 'r2')], null);
    expect(typoResult.exitCode).toBe(2);
    expect(typoResult.err).toContain('恢复密钥无效');

    const restored = path.join(work, 'restored');
    const result = await cli(['--lang', 'zh', 'restore', '--from', target, '--key', keyFile, '--data', restored], null);
    expect(result.exitCode, result.err).toBe(0);
    expect(result.out).toContain('恢复完成，全部校验通过');
    expect(result.out).toContain('审计链校验通过');
    // The restored station accepts the same administrator; it has not backed up itself yet, so status raises the alarm (exit 9).
    const after = await cli(['--lang', 'en', '--user', 'admin', 'backup', 'status'], restored);
    expect(after.exitCode, after.err).toBe(9);
    expect(after.out).toContain('No good backup yet');
    expect(after.out).toContain('ALARM');
  });

  it('an unplugged backup disk: exit 6 and plain words; status then raises the alarm only if no good backup is recent', async () => {
    const result = await cli(['--lang', 'en', '--user', 'admin', 'backup', '--target', path.join(work, 'unplugged', 'backup')]);
    expect(result.exitCode).toBe(6);
    expect(result.err).toContain('Cannot reach the backup target');
    const status = await cli(['--lang', 'zh', '--user', 'admin', 'backup', 'status']);
    expect(status.out).toContain('最近一次备份失败');
  });
});
