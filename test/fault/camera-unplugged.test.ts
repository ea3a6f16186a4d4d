/**
 * A camera file vanishes mid-read (the camera is unplugged): strace slows the real process's reads so the
 * test can truncate the file while its .part is being written. The dock stops as interrupted with that file
 * and every later one pending; after the camera is back, a re-dock completes them and the interrupted
 * session says so.
 */
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockSession } from '../../electron/core/domain/dock.js';
import { faultWorkDir, makeCamera, MiB } from './support/cameras.js';
import { hasStrace, runCli } from './support/run-cli.js';
import { assertStationConsistent, storedSessions } from './support/station-consistency.js';

async function fileBeingCopied(data: string): Promise<string | undefined> {
  const journalDir = path.join(data, 'journal');
  const incoming = await readdir(path.join(data, 'vault', 'incoming')).catch(() => []);
  if (!incoming.some((name) => name.endsWith('.part'))) return undefined;
  for (const name of await readdir(journalDir).catch(() => [])) {
    const lines = (await readFile(path.join(journalDir, name), 'utf8')).trim().split('\n');
    const last = JSON.parse(lines.at(-1) ?? '{}') as { state?: string; relativePath?: string };
    if (last.state === 'copying' && last.relativePath?.includes('RAW_')) return last.relativePath;
  }
  return undefined;
}

describe.skipIf(!hasStrace())('camera unplugged mid-copy', () => {
  let work: string;
  let camera: string;
  beforeAll(async () => {
    work = await faultWorkDir('unplug');
    camera = path.join(work, 'cam');
    await makeCamera(camera, { extra: 3, extraBytes: 8 * MiB });
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it('marks the file interrupted and later ones pending; the next dock completes them', async () => {
    const data = path.join(work, 'data');
    const slowReads = ['-f', '-qq', '-o', '/dev/null', '-e', 'trace=pread64', '-e', 'inject=pread64:delay_enter=150000'];
    const running = runCli(['--data', data, '--json', 'ingest', '--source', camera], { strace: slowReads });
    let pulled: string | undefined;
    for (let i = 0; i < 1500 && !pulled; i++) {
      pulled = await fileBeingCopied(data);
      if (!pulled) await sleep(20);
    }
    expect(pulled, 'never saw a RAW file being copied').toBeDefined();
    const source = path.join(camera, ...(pulled ?? '').split('/'));
    const saved = await readFile(source);
    await truncate(source, 1000);
    const run = await running;

    expect(run.code, run.stderr).toBe(3);
    const session = JSON.parse(run.stdout) as DockSession;
    expect(session.state).toBe('interrupted');
    expect(session.failure).toBe('SOURCE_VANISHED');
    const pending = session.problems.filter((p) => p.params?.pending === 1).map((p) => p.originalPath);
    expect(pending[0]).toBe(pulled);
    expect(pending.length).toBeGreaterThanOrEqual(1);
    await assertStationConsistent(data);

    await writeFile(source, saved); // the camera is back, whole
    const again = await runCli(['--data', data, '--json', 'ingest', '--source', camera]);
    expect(again.code, again.stderr).toBe(0);
    const redock = JSON.parse(again.stdout) as DockSession;
    await assertStationConsistent(data, [camera]);
    const earlier = (await storedSessions(data)).find((s) => s.id === session.id);
    expect(earlier?.state).toBe('awaiting-labels');
    expect(earlier?.problems.filter((p) => pending.includes(p.originalPath)).map((p) => [p.params?.pending, p.params?.completedBy])).toEqual(pending.map(() => [0, redock.id]));
    expect(earlier?.clipIds.length).toBe(redock.clipIds.length);
  });
});
