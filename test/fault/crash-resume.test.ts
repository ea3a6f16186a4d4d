/**
 * kill -9 at many points of a real `evidence-station ingest` process (strace injects SIGKILL on the N-th
 * call of a syscall: journal fdatasync, .part/catalogue/audit fsync, the vault's link, the catalogue's
 * rename, the copy's writes). After each kill the next start must leave the station whole - no `.part`,
 * no unfinished journal, every vault object catalogued exactly once and re-hashed, the audit chain valid -
 * and docking the camera again must bring in every original, with the killed session completed.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultWorkDir, makeCamera, MiB } from './support/cameras.js';
import { hasStrace, injection, runCli } from './support/run-cli.js';
import { assertStationConsistent, auditRecords, storedSessions } from './support/station-consistency.js';

interface DockSessionJson {
  id: string;
  clipIds: string[];
}

// Syscall and N: per traced thread, so N spreads over the main thread and libuv's pool.
// fdatasync is the journal's and the audit log's append; fsync the .part, folders and catalogue files; link
// publishes a verified .part; rename commits a catalogue shard or the sessions file; pwrite64 writes the .part.
const KILL_POINTS: [string, number][] = [
  ['fdatasync', 2],
  ['fdatasync', 5],
  ['fdatasync', 9],
  ['fsync', 3],
  ['fsync', 9],
  ['link', 1],
  ['link', 2],
  ['rename', 3],
  ['pwrite64', 2],
  ['unlink', 1], // removing the first .part name right after publishing it: before 'stored' is journalled
];

describe.skipIf(!hasStrace())('kill -9 during ingest, then resume', () => {
  let work: string;
  let camera: string;
  let cameraFiles: string[];
  const killed: string[] = [];

  beforeAll(async () => {
    work = await faultWorkDir('kill');
    camera = path.join(work, 'cam');
    cameraFiles = await makeCamera(camera, { extra: 3, extraBytes: 4 * MiB });
  });

  afterAll(async () => {
    console.log(`[crash-resume] killed mid-ingest at ${killed.length}/${KILL_POINTS.length} points: ${killed.join(', ')}`);
    await rm(work, { recursive: true, force: true });
    // The matrix is not vacuous: most points really killed the process mid-ingest.
    expect(killed.length).toBeGreaterThanOrEqual(Math.ceil(KILL_POINTS.length * 0.7));
  });

  // Independent data folders: run a few at once (most of each run is process start-up and fsync waits).
  it.concurrent.for(KILL_POINTS)('killed at %s #%i: the next start recovers, a re-dock completes', async ([syscall, when], { expect }) => {
    const data = path.join(work, `data-${syscall}-${when}`);
    const run = await runCli(['--data', data, '--json', 'ingest', '--source', camera], { strace: injection(syscall, 'signal=KILL', when) });
    if (run.signal === 'SIGKILL') killed.push(`${syscall}#${when}`);
    else expect(run.code, run.stderr).toBe(0); // the ingest finished before the N-th call: still must be whole

    // The next start (any command) recovers: .part removed, journals replayed and ended.
    const listed = await runCli(['--data', data, '--json', 'catalogue']);
    expect(listed.code, listed.stderr).toBe(0);
    await assertStationConsistent(data);

    const again = await runCli(['--data', data, '--json', 'ingest', '--source', camera]);
    expect(again.code, again.stderr).toBe(0);
    const redock = JSON.parse(again.stdout) as DockSessionJson;
    expect(redock.clipIds).toHaveLength(cameraFiles.length);
    await assertStationConsistent(data, [camera]);

    // The killed session (if it got as far as existing) shows its files completed by the re-dock.
    const sessions = await storedSessions(data);
    for (const session of sessions) {
      expect(session.problems.filter((p) => p.params?.pending === 1), `session ${session.id} still waits for files`).toEqual([]);
      // Only a session killed before its camera was even listed may stay interrupted, and then it holds nothing.
      if (session.id !== redock.id && session.state === 'interrupted') expect([session.clipIds, session.progress.filesTotal]).toEqual([[], 0]);
      else if (session.id !== redock.id) expect(['awaiting-labels', 'ready-to-close']).toContain(session.state);
    }
    // ... and the trail says how each killed session ended: interrupted, or recovered after it had finished.
    const endings = (await auditRecords(data)).filter((r) => ['dock.interrupted', 'dock.recovered', 'dock.ingested'].includes(r.action)).map((r) => r.target);
    for (const session of sessions) expect(endings, session.id).toContain(`dock:${session.id}`);
  });
});
