/**
 * The vault's filesystem fills up mid-copy: the data folder is on a small tmpfs, the real
 * `evidence-station ingest` runs with its reads slowed by strace, and as soon as a .part is being written
 * the test takes all the free space. The dock passed the free-space checks (at docking and per file), so the
 * write itself hits ENOSPC: the dock must stop as failed with DISK_FULL naming the bytes needed, leave
 * nothing half-written, and complete after room is made and the camera is docked again.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockSession } from '../../electron/core/domain/dock.js';
import { faultWorkDir, makeCamera, MiB } from './support/cameras.js';
import { hasStrace, runCli } from './support/run-cli.js';
import { assertStationConsistent, storedSessions } from './support/station-consistency.js';

function tryMount(at: string, sizeMiB: number): string | undefined {
  if (!hasStrace()) return 'strace is not installed';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', at], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a small tmpfs here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); needs root`;
  }
}

/** A child may hold the folder a moment longer: retry, then detach lazily. */
async function unmount(at: string): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      execFileSync('umount', [at], { stdio: 'pipe' });
      return;
    } catch {
      await sleep(300);
    }
  }
  execFileSync('umount', ['-l', at], { stdio: 'pipe' });
}

describe('disk fills up mid-copy', () => {
  let work: string;
  let small: string;
  let camera: string;
  let skip: string | undefined;

  beforeAll(async () => {
    work = await faultWorkDir('full');
    small = path.join(work, 'small');
    camera = path.join(work, 'cam');
    await mkdir(small);
    skip = tryMount(small, 160);
    if (skip) console.warn(`[disk-full-mid-copy] SKIPPED: ${skip}`);
    await makeCamera(camera, { clipCount: 1, withGap: false, extra: 2, extraBytes: 24 * MiB });
  });
  afterAll(async () => {
    if (!skip) await unmount(small);
    await rm(work, { recursive: true, force: true });
  });

  it('stops cleanly naming the space needed, keeps what was verified, completes after room is made', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const data = path.join(small, 'data');
    const filler = path.join(small, 'filler.bin');
    const slowReads = ['-f', '-qq', '-o', '/dev/null', '-e', 'trace=pread64', '-e', 'inject=pread64:delay_enter=100000'];
    const running = runCli(['--data', data, '--json', 'ingest', '--source', camera], { strace: slowReads });
    let filled = false;
    for (let i = 0; i < 1500 && !filled; i++) {
      const parts = await readdir(path.join(data, 'vault', 'incoming')).catch(() => []);
      if (parts.some((name) => name.endsWith('.part'))) {
        const { bavail, bsize } = await statfs(small);
        execFileSync('fallocate', ['-l', String(Math.max(bavail * bsize - 256 * 1024, 4096)), filler]);
        filled = true;
      } else await sleep(10);
    }
    expect(filled, 'never saw a .part being written').toBe(true);
    const run = await running;

    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/space/i);
    const session = JSON.parse(run.stdout) as DockSession;
    expect(session.state).toBe('failed');
    expect(session.failure).toBe('DISK_FULL');
    const stop = session.problems.find((p) => p.code === 'DISK_FULL');
    console.log(`[disk-full-mid-copy] ${stop?.message} ${JSON.stringify(stop?.params)}`);
    expect(Number(stop?.params?.needed)).toBeGreaterThan(0);
    expect(stop?.params?.errno).toBe('ENOSPC'); // the write itself failed, not an early check
    expect(session.problems.filter((p) => p.params?.pending === 1).length).toBeGreaterThanOrEqual(1);

    await rm(filler);
    expect((await runCli(['--data', data, 'catalogue'])).code).toBe(0);
    await assertStationConsistent(data);
    const again = await runCli(['--data', data, '--json', 'ingest', '--source', camera]);
    expect(again.code, again.stderr).toBe(0);
    await assertStationConsistent(data, [camera]);
    const earlier = (await storedSessions(data)).find((s) => s.id === session.id);
    expect(earlier?.problems.filter((p) => p.params?.pending === 1)).toEqual([]);
    expect(earlier?.state).toBe('awaiting-labels');
  });
});
