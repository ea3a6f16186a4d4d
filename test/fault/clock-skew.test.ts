/**
 * Clocks that disagree: cameras far behind and far ahead of the station, and a station clock that is moved
 * forward by years and then back behind its own earlier audit records (an injected clock; the same code
 * path a faketime'd process takes). Offsets are measured and kept, originals intact, the audit chain valid.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedStation } from '../../electron/adapters/compose.js';
import { faultWorkDir, makeCamera } from './support/cameras.js';
import { dock, officer, openStation } from './support/in-process.js';
import { assertStationConsistent } from './support/station-consistency.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

function shiftedClock(offsetMs: number) {
  return { now: () => new Date(Date.now() + offsetMs) };
}

describe('camera and station clock skew', () => {
  let work: string;
  let opened: OpenedStation | undefined;
  const cams: Record<string, string> = {};

  beforeAll(async () => {
    work = await faultWorkDir('clock');
    for (const [name, offset] of [['behind', -3 * DAY], ['ahead', 400 * DAY], ['plain', 0]] as const) {
      cams[name] = path.join(work, name);
      await makeCamera(cams[name], { clipCount: 1, withGap: false, deviceNumber: `DSJ-${name}`, clockOffsetMs: offset, extra: 1 });
    }
  });
  afterAll(async () => {
    await opened?.dispose();
    await rm(work, { recursive: true, force: true });
  });

  it('measures large negative and positive camera offsets and survives the station clock moving both ways', async () => {
    const data = path.join(work, 'data');
    opened = await openStation({ dataDir: data });
    const behind = await dock(opened, cams.behind ?? '');
    expect(Math.abs(behind.clockOffsetMs + 3 * DAY)).toBeLessThan(10_000);
    await opened.dispose();

    // Station clock two years ahead: the camera 400 days ahead now reads as ~330 days behind.
    opened = await openStation({ dataDir: data, clock: shiftedClock(2 * YEAR) });
    const ahead = await dock(opened, cams.ahead ?? '');
    expect(Math.abs(ahead.clockOffsetMs - (400 * DAY - 2 * YEAR))).toBeLessThan(10_000);
    const clip = await opened.station.execute('clips.get', { id: ahead.clipIds[0] ?? '' }, officer);
    if (!clip.ok) throw new Error(clip.error.message);
    expect(Date.parse(clip.value.clip.receivedAt)).toBeGreaterThan(Date.now() + YEAR);
    expect(ahead.state).toBe('awaiting-labels');
    await opened.dispose();

    // Then a year behind real time: earlier than the audit records just written.
    opened = await openStation({ dataDir: data, clock: shiftedClock(-YEAR) });
    const plain = await dock(opened, cams.plain ?? '');
    expect(Math.abs(plain.clockOffsetMs - YEAR)).toBeLessThan(10_000);
    expect(await opened.station.execute('audit.verify', {}, officer)).toMatchObject({ ok: true, value: { ok: true } });
    await opened.dispose();
    opened = undefined;
    await assertStationConsistent(data, Object.values(cams));
  });
});
