/**
 * The external-disk target on real files: the bag written to a folder, fsync'd, read back (O_DIRECT
 * where the filesystem allows) and verified; a full disk (a real 16 MiB tmpfs) fails cleanly with
 * DISK_FULL and registers nothing; a copy tampered with afterwards fails its re-check. Then the same
 * station through the command line: queue, archive to an image, discs, verify, shelve.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderDiscWriter } from '../../electron/adapters/archive/folder-target.js';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { buildProgram } from '../../electron/cli/index.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { staffCall } from '../fakes/actors.js';

const execFileAsync = promisify(execFile);
const CASE = '清应急（2026）7号';

let work: string;
let dataDir: string;
let clipIds: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'es-archive-disk-'));
  dataDir = path.join(work, 'data');
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Mounts a small tmpfs; resolves undefined (with the reason) where that is not allowed. */
async function mountTmpfs(dir: string, size: string): Promise<string | undefined> {
  await mkdir(dir, { recursive: true });
  try {
    await execFileAsync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    return undefined;
  } catch (error) {
    return `cannot mount a ${size} tmpfs here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run as root to test a full external disk`;
  }
}

describe('external disk target', () => {
  let opened: OpenedStation;
  const clerk: CallContext = { via: 'cli' };
  const ok = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };

  beforeAll(async () => {
    opened = await openStationFromDataDir({ dataDir });
    Object.assign(clerk, staffCall({ displayName: '陈静', badgeNumber: '1002' }));
    const camera = path.join(work, 'cam');
    await writeSimulatedCamera(camera, { clipCount: 1 });
    // A long recording: 20 MB, more than the 16 MiB "disk" below can take.
    await writeFile(path.join(camera, 'DCIM', '100MEDIA', 'DSJ-A8-0007_20261123090000_0099.MP4'), randomBytes(20 * 1024 * 1024));
    const { sessionId } = ok(await opened.station.execute('docks.ingestFolder', { path: camera }, clerk));
    clipIds = (await opened.station.whenDocked(sessionId)).clipIds;
    await opened.station.idle();
    ok(await opened.station.execute('clips.label', { ids: clipIds, label: { caseNumber: CASE, party: '某某化工厂', handler: '陈静', stage: 'procedure-start', location: '工业园区三路', longTerm: 'emergency' } }, clerk));
  });

  afterAll(async () => {
    await opened?.dispose();
  });

  it('a full disk fails with DISK_FULL before writing, leaves nothing on it and registers nothing', async (ctx) => {
    const usb = path.join(work, 'usb-small');
    const cannot = await mountTmpfs(usb, '16m');
    if (cannot) ctx.skip(cannot);
    try {
      const queueBefore = ok(await opened.archive.commands.execute('archive.queue', {}, clerk));
      const started = ok(await opened.archive.commands.execute('archive.start', { caseNumber: CASE, target: usb }, clerk));
      const job = await opened.archive.service.whenFinished(started.jobId);
      expect(job.state).toBe('failed');
      expect(job.error?.code).toBe('DISK_FULL');
      expect(Number(job.error?.params.needed)).toBeGreaterThan(20 * 1024 * 1024);
      expect(Number(job.error?.params.free)).toBeLessThanOrEqual(16 * 1024 * 1024);
      expect(await readdir(usb)).toEqual([]);
      expect(opened.archive.service.discs()).toEqual([]);
      expect(ok(await opened.archive.commands.execute('archive.queue', {}, clerk))).toEqual(queueBefore);
      const history = ok(await opened.station.execute('audit.verify', {}, clerk));
      expect(history.ok).toBe(true);
    } finally {
      await execFileAsync('umount', [usb]).catch(() => undefined);
    }
  });

  it('a disk that fills up half-way through the copy fails with DISK_FULL and the partial copy is removed', async (ctx) => {
    const usb = path.join(work, 'usb-lying');
    const cannot = await mountTmpfs(usb, '16m');
    if (cannot) ctx.skip(cannot);
    try {
      const staged = path.join(work, 'staged-big');
      await mkdir(path.join(staged, 'data'), { recursive: true });
      await writeFile(path.join(staged, 'data', 'a.bin'), randomBytes(10 * 1024 * 1024));
      await writeFile(path.join(staged, 'data', 'b.bin'), randomBytes(10 * 1024 * 1024));
      // The free-space check is fooled, so the write itself runs into ENOSPC.
      const writer = new FolderDiscWriter({ kind: 'folder', path: usb }, { freeBytes: async () => 1e12 });
      const files = ['data/a.bin', 'data/b.bin'].map((p) => ({ path: p, size: 10 * 1024 * 1024, sha256: '0'.repeat(64), role: 'payload' as const }));
      const disc = { discId: 'ES-20261123-0000-A1', volumeId: 'ES_20261123_0000_A1', root: staged, files, bytes: 20 * 1024 * 1024 };
      await expect(writer.write({ disc, index: 1, count: 1, copy: 1 }, () => undefined)).rejects.toMatchObject({ code: 'DISK_FULL' });
      expect(await readdir(usb)).toEqual([]);
    } finally {
      await execFileAsync('umount', [usb]).catch(() => undefined);
    }
  });

  it('writes the bag to the folder, makes it read-only, reads it back and registers it as verified', async () => {
    const usb = path.join(work, 'usb');
    await mkdir(usb);
    const started = ok(await opened.archive.commands.execute('archive.start', { caseNumber: CASE, target: usb }, clerk));
    const job = await opened.archive.service.whenFinished(started.jobId);
    expect(job.error).toBeUndefined();
    const discId = job.copies[0]?.discIds[0] ?? '';
    const disc = opened.archive.service.disc(discId);
    expect(disc).toMatchObject({ kind: 'folder', location: path.join(usb, discId), status: 'verified', count: 1 });
    expect(disc.verifications[0]?.ok).toBe(true);
    expect((await readdir(usb)).sort()).toEqual([discId]);
    const payload = disc.files.find((f) => f.role === 'payload' && f.size > 1024 * 1024);
    const onDisk = path.join(disc.location, ...(payload?.path ?? '').split('/'));
    expect((await stat(onDisk)).mode & 0o222).toBe(0);
    expect((await stat(onDisk)).size).toBe(20 * 1024 * 1024);
    expect(ok(await opened.archive.commands.execute('archive.queue', {}, clerk)).entries).toEqual([]);
  });

  it('a copy altered on the disk afterwards fails its re-check: a changed file and a stray file are both named', async () => {
    const disc = opened.archive.service.discs()[0];
    if (disc === undefined) throw new Error('no disc');
    const recheck = ok(await opened.archive.commands.execute('archive.verify', { discId: disc.id }, clerk));
    expect((await opened.archive.service.whenFinished(recheck.jobId)).state).toBe('done');

    const payload = disc.files.find((f) => f.role === 'payload');
    const file = path.join(disc.location, ...(payload?.path ?? '').split('/'));
    await chmod(file, 0o644);
    await appendFile(file, 'x');
    await writeFile(path.join(disc.location, 'data', 'stray.txt'), 'not part of the bag');
    const again = ok(await opened.archive.commands.execute('archive.verify', { discId: disc.id }, clerk));
    const result = await opened.archive.service.whenFinished(again.jobId);
    expect(result.error?.code).toBe('ARCHIVE_VERIFY_FAILED');
    expect(result.verification?.problems).toEqual([
      { path: payload?.path, problem: 'mismatch', expected: payload?.clipId, actual: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { path: 'data/stray.txt', problem: 'unexpected' },
    ]);
    expect(opened.archive.service.disc(disc.id).status).toBe('failed-verification');
    expect(opened.archive.service.disc(disc.id).verifications.map((v) => v.ok)).toEqual([true, true, false]);
  });
});

describe('the command line', () => {
  // Issue F: the CLI signs in. The first administrator and a clerk, made through the CLI as a bureau would.
  beforeAll(async () => {
    process.env.EVIDENCE_STATION_PASSWORD = 'Admin-pass-2026';
    const accounts = path.join(work, 'accounts.json');
    await writeFile(accounts, JSON.stringify([{ username: 'chenjing', password: 'Chen-pass-2026', displayName: '陈静', badgeNumber: '1002', department: '证据管理室', roles: ['clerk'], clearance: 'state-secret' }]));
    await buildProgram({ out: () => undefined, err: () => undefined }).parseAsync(['node', 'evidence-station', '--data', dataDir, 'users', 'create-admin', '--username', 'admin', '--display-name', '管理员']);
    await buildProgram({ out: () => undefined, err: () => undefined }).parseAsync(['node', 'evidence-station', '--data', dataDir, '--user', 'admin', 'users', 'import', '--file', accounts]);
    process.env.EVIDENCE_STATION_PASSWORD = 'Chen-pass-2026';
  });
  afterAll(() => {
    delete process.env.EVIDENCE_STATION_PASSWORD;
  });

  async function cli(args: string[]): Promise<{ out: string; err: string; exitCode: number }> {
    const out: string[] = [];
    const err: string[] = [];
    const program = buildProgram({ out: (t) => out.push(t), err: (t) => err.push(t) });
    try {
      await program.parseAsync(['node', 'evidence-station', '--data', dataDir, '--lang', 'zh', '--user', 'chenjing', ...args]);
      return { out: out.join('\n'), err: err.join('\n'), exitCode: 0 };
    } catch (error) {
      const exitCode = error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number' ? error.exitCode : 1;
      return { out: out.join('\n'), err: `${err.join('\n')}\n${error instanceof Error ? error.message : String(error)}`, exitCode };
    }
  }

  it('archive queue / archive --case --target stdio: / discs / discs --due / verify / shelve', async () => {
    const queue = await cli(['archive', 'queue']);
    expect(queue.exitCode).toBe(0);
    expect(queue.out).toContain(CASE);
    expect(queue.out).toContain('已有副本 0/1');

    const missing = await cli(['archive', '--case', CASE]);
    expect(missing.exitCode).toBe(2);
    expect(missing.err).toContain('--target');

    const image = path.join(work, 'cli.iso');
    const burnt = await cli(['archive', '--case', CASE, '--target', `stdio:${image}`, '--media', 'cd']);
    expect(burnt.err).not.toContain('Error');
    expect(burnt.exitCode).toBe(0);
    expect(burnt.out).toContain('归档完成');
    expect(burnt.err).toMatch(/\[刻录\].*%/);
    expect(burnt.err).toContain('[回读校验]');
    const discId = /(ES-\d{8}-[0-9A-F]{4}-A1)/.exec(burnt.out)?.[1] ?? '';
    expect(discId).not.toBe('');

    const discs = await cli(['archive', 'discs']);
    expect(discs.out).toContain(`${discId}  已校验  image  ${CASE}`);
    expect(discs.out).toContain('校验失败');
    const due = await cli(['archive', 'discs', '--due', '--interval-days', '1']);
    expect(due.out).toContain('需复检的光盘：0 张');
    const json = await cli(['--json', 'archive', 'discs', '--due']);
    expect(JSON.parse(json.out)).toMatchObject({ due: [] });

    const verified = await cli(['archive', 'verify', '--disc', discId]);
    expect(verified.exitCode).toBe(0);
    expect(verified.out).toContain('回读校验一致');
    const shelved = await cli(['archive', 'shelve', '--disc', discId, '--shelf', '档案室 2 号柜']);
    expect(shelved.out).toContain('档案室 2 号柜');
    // The folder copy altered above fails again: exit code 7, and the words say why.
    const tampered = /(ES-\d{8}-[0-9A-F]{4}-A1) {2}校验失败/.exec(discs.out)?.[1] ?? '';
    const failed = await cli(['archive', 'verify', '--disc', tampered]);
    expect(failed.exitCode).toBe(7);
    expect(failed.err).toContain('回读校验不一致');
    const unknown = await cli(['archive', 'verify', '--disc', 'ES-19990101-0000-A1']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.err).toContain('登记簿中没有光盘');
  });
});
