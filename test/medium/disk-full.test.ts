/**
 * A vault on a real, nearly full filesystem (a small tmpfs): the dock stops before copying, says how
 * much space it needs, and leaves the vault, catalogue and audit trail consistent.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationFromDataDir, type OpenedStation } from '../../electron/adapters/compose.js';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { writeSimulatedCamera } from '../../electron/tools/sim-camera.js';
import { staffCall } from '../fakes/actors.js';

function tryMountTmpfs(at: string, sizeMiB: number): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m`, 'tmpfs', at], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `cannot mount a small tmpfs here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); needs root`;
  }
}

describe('full disk', () => {
  let work: string;
  let mountPoint: string;
  let skipReason: string | undefined;
  let opened: OpenedStation | undefined;
  const officer: CallContext = { via: 'cli' };

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'es-full-'));
    mountPoint = path.join(work, 'small');
    await mkdir(mountPoint);
    skipReason = tryMountTmpfs(mountPoint, 96);
    if (skipReason) console.warn(`[disk-full] SKIPPED: ${skipReason}`);
  });

  afterAll(async () => {
    await opened?.dispose();
    if (!skipReason) execFileSync('umount', [mountPoint]);
    await rm(work, { recursive: true, force: true });
  });

  it('refuses to start copying a camera that does not fit, naming the space needed, and loses nothing', async (ctx) => {
    if (skipReason) return ctx.skip(skipReason);
    opened = await openStationFromDataDir({ dataDir: path.join(mountPoint, 'data') });
    Object.assign(officer, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
    // Leave about 40 MiB free, then dock a camera that needs more than that with the station's reserve.
    await writeFile(path.join(mountPoint, 'filler.bin'), Buffer.alloc(50 * 1024 * 1024, 1));
    const camera = path.join(work, 'cam');
    await writeSimulatedCamera(camera, { clipCount: 1 });
    await writeFile(path.join(camera, 'DCIM', '100MEDIA', 'LONG_0001.MP4'), Buffer.alloc(30 * 1024 * 1024, 2));

    const started = await opened.station.execute('docks.ingestFolder', { path: camera }, officer);
    if (!started.ok) throw new Error(started.error.message);
    const session = await opened.station.whenDocked(started.value.sessionId);

    expect(session.state).toBe('failed');
    expect(session.failure).toBe('DISK_FULL');
    expect(session.clipIds).toEqual([]);
    expect(await readdir(path.join(mountPoint, 'data', 'vault', 'incoming'))).toEqual([]);
    const verified = await opened.station.execute('audit.verify', {}, officer);
    expect(verified).toMatchObject({ ok: true, value: { ok: true } });
    const history = await opened.station.execute('docks.list', {}, officer);
    const problem = history.ok ? history.value.find((s) => s.id === session.id)?.problems.at(-1) : undefined;
    expect(problem?.code).toBe('DISK_FULL');
    expect(Number(problem?.params?.needed)).toBeGreaterThan(30 * 1024 * 1024);
    expect(Number(problem?.params?.free)).toBeLessThan(50 * 1024 * 1024);
  });
});
