/**
 * A hostile camera volume on the real stack: symlinks (to a file outside, to a folder above), a FIFO, a
 * character device, names with control characters, backslashes or bytes that are not UTF-8 are refused
 * with a record; zero-byte files, Windows-reserved names and names full of dots are stored under their hash
 * with the original name kept as data. Nothing in the data folder is ever named after the camera.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedStation } from '../../electron/adapters/compose.js';
import { writeSimulatedCamera, type SimulatedCamera } from '../../electron/tools/sim-camera.js';
import { faultWorkDir } from './support/cameras.js';
import { dock, officer, openStation } from './support/in-process.js';
import { assertStationConsistent, auditActions } from './support/station-consistency.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ACCEPTED = ['EMPTY.MP4', 'CON.MP4', 'NUL.JPG', 'AUX.WAV', 'COM1.MP4', '..DOTS.MP4', 'a..b.MP4', '现场 录像 .MP4'];

function tryMknod(file: string): string | undefined {
  try {
    execFileSync('mknod', [file, 'c', '1', '3'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mknod of a character device is not permitted here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); needs root`;
  }
}

describe('hostile names and file types on the camera volume', () => {
  let work: string;
  let camera: string;
  let simulated: SimulatedCamera;
  let opened: OpenedStation | undefined;
  let noDevice: string | undefined;

  beforeAll(async () => {
    work = await faultWorkDir('hostile');
    camera = path.join(work, 'cam');
    simulated = await writeSimulatedCamera(camera, { clipCount: 1, hostileNames: true });
    const media = path.join(camera, 'DCIM', '100MEDIA');
    await writeFile(path.join(media, 'EMPTY.MP4'), '');
    for (const [i, name] of ACCEPTED.slice(1).entries()) await writeFile(path.join(media, name), `reserved-or-dotty ${i}`);
    noDevice = tryMknod(path.join(media, 'TTY.MP4'));
    if (noDevice) console.warn(`[hostile-volume] character device part SKIPPED: ${noDevice}`);
  });
  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('refuses links and special files with a record, stores the rest under their hash with names as data', async () => {
    const data = path.join(work, 'data');
    opened = await openStation({ dataDir: data });
    const session = await dock(opened, camera);

    const expectedRefusals = simulated.hostileEntries.map((e) => [e.relativePath, e.expectedReason]);
    if (!noDevice) expectedRefusals.push(['DCIM/100MEDIA/TTY.MP4', 'special-file']);
    const refusals = session.problems.filter((p) => p.code === 'UNSAFE_ENTRY').map((p) => [p.originalPath, p.params?.reason]);
    expect(refusals).toEqual(expect.arrayContaining(expectedRefusals));
    expect(refusals).toHaveLength(expectedRefusals.length);
    expect(session.state).toBe('awaiting-labels');

    const page = await opened.station.execute('clips.query', { dockSessionId: session.id, limit: 1000 }, officer);
    if (!page.ok) throw new Error(page.error.message);
    const byName = new Map(page.value.items.map((clip) => [clip.originalName, clip]));
    for (const name of ACCEPTED) expect(byName.get(name)?.originalPath, name).toBe(`DCIM/100MEDIA/${name}`);
    expect(byName.get('EMPTY.MP4')).toMatchObject({ id: EMPTY_SHA256, size: 0 });
    const passwd = createHash('sha256').update(await readFile('/etc/passwd')).digest('hex');
    expect(page.value.items.map((c) => c.id)).not.toContain(passwd);

    await opened.dispose();
    opened = undefined;
    const everything = (await readdir(data, { recursive: true })).map(String);
    for (const name of [...ACCEPTED, 'ESCAPE', 'PIPE', 'TTY', 'passwd']) expect(everything.filter((f) => f.includes(name)), name).toEqual([]);
    expect((await auditActions(data)).filter((a) => a === 'ingest.refused-entry')).toHaveLength(expectedRefusals.length);
    const originals = [...simulated.files, ...ACCEPTED.map((name) => path.join(camera, 'DCIM', '100MEDIA', name))];
    await assertStationConsistent(data, [], { originals });
  });
});
