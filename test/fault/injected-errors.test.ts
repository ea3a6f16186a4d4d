/**
 * I/O errors injected into a real `evidence-station ingest` process (strace -e inject=SYSCALL:error=E):
 * an fsync, fdatasync, link or rename that fails, a write that hits ENOSPC. Each must be surfaced (a
 * non-zero exit and the error named), never swallowed into a dock that looks complete; and the next start
 * plus a re-dock must leave the station whole with every original stored.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { faultWorkDir, makeCamera, MiB } from './support/cameras.js';
import { hasStrace, injection, runCli } from './support/run-cli.js';
import { assertStationConsistent, storedSessions } from './support/station-consistency.js';

const CASES: { syscall: string; error: string; when: number; says: RegExp }[] = [
  { syscall: 'fdatasync', error: 'EIO', when: 4, says: /WRITE_FAILED|EIO/ }, // a journal or audit append
  { syscall: 'fsync', error: 'EIO', when: 6, says: /WRITE_FAILED|EIO/ }, // a .part, folder or catalogue fsync
  { syscall: 'link', error: 'EIO', when: 1, says: /WRITE_FAILED|EIO/ }, // publishing into the vault
  { syscall: 'rename', error: 'EIO', when: 2, says: /WRITE_FAILED|EIO/ }, // committing a catalogue file
  { syscall: 'pwrite64', error: 'ENOSPC', when: 2, says: /space|DISK_FULL/ }, // the copy's write
];

describe.skipIf(!hasStrace())('injected write, fsync and rename errors', () => {
  let work: string;
  let camera: string;

  beforeAll(async () => {
    work = await faultWorkDir('inject');
    camera = path.join(work, 'cam');
    await makeCamera(camera, { extra: 3, extraBytes: 3 * MiB });
  });
  afterAll(async () => rm(work, { recursive: true, force: true }));

  it.concurrent.for(CASES)('$syscall fails with $error (#$when): surfaced, then resumed whole', async ({ syscall, error, when, says }, { expect }) => {
    const data = path.join(work, `data-${syscall}-${error}`);
    const run = await runCli(['--data', data, 'ingest', '--source', camera], { strace: injection(syscall, `error=${error}`, when) });
    expect(run.signal).toBeNull();
    expect([1, 3], `exit ${run.code}: ${run.stdout}${run.stderr}`).toContain(run.code);
    expect(`${run.stdout}\n${run.stderr}`).toMatch(says);
    const failed = (await storedSessions(data)).filter((s) => s.state === 'failed');
    if (run.code === 3) expect(failed.length).toBe(1);

    // A process whose last write failed may leave its journal: the next start settles it.
    expect((await runCli(['--data', data, 'catalogue'])).code).toBe(0);
    await assertStationConsistent(data);
    const again = await runCli(['--data', data, 'ingest', '--source', camera]);
    expect(again.code, again.stderr).toBe(0);
    await assertStationConsistent(data, [camera]);
    for (const session of await storedSessions(data)) expect(session.problems.filter((p) => p.params?.pending === 1)).toEqual([]);
  });
});
