/**
 * Ten cameras docked at once on the real stack: every session ends with exactly its own camera's files
 * (no mix-up), content shared by two cameras is one vault object with a 'seen again' record, and the ten
 * together take no longer than twice ten single docks would (nobody is slowed to a crawl).
 */
import { rm, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedStation } from '../../electron/adapters/compose.js';
import { faultWorkDir, makeCamera, MiB } from './support/cameras.js';
import { dock, openStation, startDock } from './support/in-process.js';
import { assertStationConsistent, auditActions, sha256File } from './support/station-consistency.js';

const CAMERAS = 10;

describe('ten docks at once', () => {
  let work: string;
  let opened: OpenedStation | undefined;
  const cameras: string[] = [];
  const originals = new Map<string, string[]>();
  let solo: string;

  beforeAll(async () => {
    work = await faultWorkDir('ten');
    const make = async (name: string) => {
      const root = path.join(work, name);
      const files = await makeCamera(root, { clipCount: 1, withGap: false, deviceNumber: `DSJ-${name}`, extra: 2, extraBytes: 2 * MiB });
      originals.set(root, files);
      return root;
    };
    solo = await make('solo');
    for (let i = 0; i < CAMERAS; i++) cameras.push(await make(`cam${i}`));
    // Cameras 0 and 1 both hold the same recording (copied off one camera onto another).
    const shared = originals.get(cameras[0] ?? '')?.at(-1) ?? '';
    const copy = path.join(cameras[1] ?? '', 'DCIM', '100MEDIA', 'SHARED_0001.MP4');
    await copyFile(shared, copy);
    originals.get(cameras[1] ?? '')?.push(copy);
  });
  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('keeps every camera to its own session, one object per content, at a fair pace', async () => {
    const data = path.join(work, 'data');
    opened = await openStation({ dataDir: data });
    let started = performance.now();
    await dock(opened, solo);
    const single = performance.now() - started;

    started = performance.now();
    const ids = await Promise.all(cameras.map((root) => startDock(opened!, root)));
    const sessions = await Promise.all(ids.map((id) => opened!.station.whenDocked(id)));
    await opened.station.idle();
    const ten = performance.now() - started;
    console.log(`[ten-docks] one camera ${single.toFixed(0)} ms; ten at once ${ten.toFixed(0)} ms (${(ten / single).toFixed(1)}x one, limit 20x)`);

    for (const [i, session] of sessions.entries()) {
      const root = cameras[i] ?? '';
      expect(session.state, root).toBe('awaiting-labels');
      expect(session.camera.deviceNumber).toBe(`DSJ-cam${i}`);
      const expected = await Promise.all((originals.get(root) ?? []).map((file) => sha256File(file)));
      expect([...session.clipIds].sort()).toEqual([...new Set(expected)].sort());
    }
    expect(ten).toBeLessThan(2 * CAMERAS * single + 2000);
    await opened.dispose();
    opened = undefined;
    expect(await auditActions(data)).toContain('clip.seen-again');
    await assertStationConsistent(data, [solo, ...cameras]);
  });
});
