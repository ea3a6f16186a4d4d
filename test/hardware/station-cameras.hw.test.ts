/**
 * The station's real device layer with cameras on emulated USB (docs/hardware-lab.md). One QEMU
 * guest boot runs one station and plays five cameras in turn (test/hardware/guest/scenario-station.ts);
 * each test below checks one of them, from what the guest reported and from the data folder the
 * station wrote (on the host, over 9p). Source-file hashes are computed here, on the host.
 *
 * (a) plain mass-storage camera: USB-tied, identity from its volume, clock offset, every clip ingested
 * (b) locked camera: wrong password refused (control-transfer variant); right one (bulk) unlocked, identity/battery/clock read over
 *     the vendor protocol, switched to storage, its new volume tied back by serial, ingested
 * (b2) the control-transfer camera refused in (b), re-registered with the right password and plugged in
 *      again: unlocked over vendor control transfers, identified, clock read, switched, tied by serial, ingested
 * (b3) HID camera (usb_f_hid in the guest, node-hid/hidraw in the station): likewise; skipped, with the
 *      reason, when node-hid cannot work in the guest
 * (c) cable pulled mid-copy: dock interrupted with a reason, nothing partial; re-plugged: the rest ingested
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, type TestContext } from 'vitest';
import type { DockSession } from '../../electron/core/domain/dock.js';
import { cameraSourceHashes } from './support/camera-files.js';
import { readStationData, type StationDataView } from './support/station-data.js';
import { runGuest, type GuestRun } from './support/usb-lab.js';

const state = inject('usbLab');
/** Deliberate camera clock errors (camera minus true time). */
const CLOCK_OFFSETS_MS = { LAB0001: -95_000, LAB0002: 125_000, LAB0003: 30_000, LAB0004: -200_000, LAB0005: 45_000 };
const LARGE_CLIP = 'DCIM/100MEDIA/LAB30002.MP4';

interface CameraStatus {
  source: string;
  state: string;
  profileId?: string;
  usb?: { vendorId: number; productId: number; serial?: string };
  identity?: { deviceNumber: string };
  battery?: number;
  clockOffsetMs?: number;
  problem?: { code: string; message: string };
  sessionId?: string;
}
type Frame = { type: string; serial: string; via?: string; command?: string; request?: string; reply?: string; at: number };
interface ControlledCamera {
  session: DockSession;
  frames: Frame[];
}
type Part<T> = ({ ok: true } & T) | { ok: false; error: string };
interface StationResults {
  plain: Part<{ session: DockSession; clockWrittenAt: number; scannedAt: number }>;
  locked: Part<{ session: DockSession; refusal: CameraStatus; frames: { type: string; serial: string; via?: string; command?: string; request?: string; reply?: string; at: number }[]; wrongPasswordSessions: number }>;
  control: Part<ControlledCamera>;
  hid: Part<ControlledCamera | { unavailable: string }>;
  detach: Part<{ first: DockSession; second: DockSession; pulledAt: { bytesDone: number; bytesTotal: number } }>;
  cameraStatus: CameraStatus[];
}

let run: GuestRun<StationResults> | undefined;
let data: StationDataView | undefined;
let workDir: string | undefined;
/** The work folder (console log, results, the station's data) is kept when anything failed. */
let keepWorkDir = false;
const keepOnFailure = (ctx: TestContext) =>
  ctx.onTestFailed(() => {
    keepWorkDir = true;
  });

beforeAll(async () => {
  if (!state.ready) return;
  workDir = mkdtempSync(path.join(tmpdir(), 'usb-lab-station-'));
  run = await runGuest<StationResults>({ lab: state.lab, scenario: 'station', workDir, cameras: ['LAB0001', 'LAB0002', 'LAB0003', 'LAB0004', 'LAB0005'], clockOffsetsMs: CLOCK_OFFSETS_MS, timeoutMs: 420_000 });
  if (run.results) data = await readStationData(path.join(workDir, 'data'));
}, 450_000);

afterAll(() => {
  if (workDir && !keepWorkDir) rmSync(workDir, { recursive: true, force: true });
});

/** The part's results, or a failed expectation that carries the guest's own account of what went wrong. */
function part<K extends 'plain' | 'locked' | 'control' | 'hid' | 'detach'>(name: K): Extract<StationResults[K], { ok: true }> {
  const results = run?.results;
  expect(results?.ok, `the guest run failed: ${results?.error ?? 'no results'}; log tail:\n${results?.log.slice(-20).join('\n') ?? ''}\nconsole log: ${run?.consoleLogPath}`).toBe(true);
  const value = results![name];
  expect(value.ok, `part ${name} failed in the guest: ${'error' in value ? value.error : ''}; log tail:\n${results!.log.slice(-20).join('\n')}\nconsole log: ${run?.consoleLogPath}`).toBe(true);
  return value as Extract<StationResults[K], { ok: true }>;
}

function dcimSources(serial: string): Record<string, string> {
  if (!state.ready) throw new Error('lab not ready');
  return Object.fromEntries(Object.entries(cameraSourceHashes(state.lab, serial)).filter(([file]) => file.startsWith('DCIM/')));
}

/** Every catalogued clip of `sessionIds` has its source's hash and an intact vault object. */
function expectIngested(sessionIds: string[], serial: string): void {
  const stored = data!.clips.filter((clip) => sessionIds.includes(clip.dockSessionId));
  expect(Object.fromEntries(stored.map((clip) => [clip.originalPath, clip.id]))).toEqual(dcimSources(serial));
  for (const clip of stored) expect(data!.vaultObjects.get(clip.id), `vault object of ${clip.originalPath} re-hashed`).toBe(clip.id);
}

describe('cameras on emulated USB, docked on the real station (QEMU guest)', () => {
  it('(a) docks a plain mass-storage camera with its identity and clock offset, and ingests every clip with matching hashes', (ctx) => {
    if (!state.ready) return ctx.skip(state.reason);
    keepOnFailure(ctx);
    const { session, clockWrittenAt, scannedAt } = part('plain');
    expect(session.state, JSON.stringify(session.problems)).toBe('awaiting-labels');
    expect(session.camera).toMatchObject({ deviceNumber: 'DSJ-LAB-0001', serial: 'LAB0001', officerNumber: '3201008', officerName: '张伟' });
    // CLOCK.TXT (whole seconds) was written just before plugging in and read while docking: the
    // measured offset is the camera's error less the time between the two, which the guest bounds.
    expect(session.clockOffsetMs).toBeLessThanOrEqual(CLOCK_OFFSETS_MS.LAB0001 + 1_000);
    expect(session.clockOffsetMs).toBeGreaterThanOrEqual(CLOCK_OFFSETS_MS.LAB0001 - (scannedAt - clockWrittenAt) - 1_000);
    const docked = run!.results!.cameraStatus.find((camera) => camera.state === 'docked' && camera.sessionId === session.id);
    // Tied to the USB camera whichever came first: the bus event (source usb) or the mounted volume
    // (source volume, its USB parent found through sysfs). Either way the profile is chosen by USB IDs.
    expect(docked, 'the device layer tied the volume to the USB camera').toMatchObject({ profileId: 'lab-plain-recorder', usb: { vendorId: 0x1209, productId: 0xb0c1, serial: 'LAB0001' } });
    expectIngested([session.id], 'LAB0001');
  });

  it('(b) refuses a wrong password, then unlocks the locked camera, reads identity, battery and clock, switches it to storage and ingests it', (ctx) => {
    if (!state.ready) return ctx.skip(state.reason);
    keepOnFailure(ctx);
    const { session, refusal, frames, wrongPasswordSessions } = part('locked');
    // Wrong password (the control-transfer camera): refused with the reason, never switched to storage, never docked.
    expect(refusal).toMatchObject({ source: 'usb', profileId: 'lab-locked-recorder-control', problem: { code: 'CAMERA_WRONG_PASSWORD' } });
    expect(frames.filter((f) => f.serial === 'LAB0004').map((f) => `${f.via} ${f.request} -> ${f.reply}`)).toContain('control @Ver;8;111111;# -> @Ver;ERR;PASSWORD;#');
    expect(frames.some((f) => f.serial === 'LAB0004' && f.type === 'storage')).toBe(false);
    expect(wrongPasswordSessions).toBe(0);

    // The right camera: logged in with the lab password, asked for identity, battery and clock, then storage.
    const asked = frames.filter((f) => f.serial === 'LAB0002' && f.type === 'frame');
    expect(asked[0]?.request).toBe('@Ver;8;000000;#');
    expect(asked[0]?.reply).toBe('@Ver;OK;#');
    const commands = asked.map((f) => f.command);
    expect(commands).toEqual(expect.arrayContaining(['Gdv', 'Bat', 'Gtm', 'ATH']));
    expect(commands.at(-1)).toBe('ATH');
    expect(frames.some((f) => f.serial === 'LAB0002' && f.type === 'storage')).toBe(true);

    expect(session.state, JSON.stringify(session.problems)).toBe('awaiting-labels');
    expect(session.camera).toMatchObject({ deviceNumber: 'DSJ-LAB-0002', officerNumber: '3201009', officerName: '李娜', unitName: '实验大队' });
    expect(session.device).toMatchObject({ profileId: 'lab-locked-recorder', battery: 87, clockSource: 'control' });
    // @Gtm said the camera is 125 s ahead; the reading has one-second resolution, and a clock the
    // station then set records the offset it found before setting it.
    const measured = session.device?.clockSync?.beforeOffsetMs ?? session.clockOffsetMs;
    expect(Math.abs(measured - CLOCK_OFFSETS_MS.LAB0002)).toBeLessThan(3_000);
    const docked = run!.results!.cameraStatus.find((camera) => camera.state === 'docked' && camera.sessionId === session.id);
    expect(docked, 'the storage-mode volume was tied back to the unlocked camera').toMatchObject({ source: 'usb', profileId: 'lab-locked-recorder', usb: { serial: 'LAB0002' } });
    expectIngested([session.id], 'LAB0002');
  });

  /** A controlled camera unlocked with the lab password, asked who it is and its clock over `via`, switched, tied by serial and ingested. */
  function expectUnlockedAndDocked({ session, frames }: ControlledCamera, serial: 'LAB0004' | 'LAB0005', via: string, profileId: string): void {
    const asked = frames.filter((f) => f.serial === serial && f.type === 'frame');
    expect(asked[0]?.request).toBe('@Ver;8;000000;#');
    expect(asked[0]?.reply).toBe('@Ver;OK;#');
    expect(asked.every((f) => f.via === via), `every frame travelled over ${via}`).toBe(true);
    const commands = asked.map((f) => f.command);
    expect(commands).toEqual(expect.arrayContaining(['Gdv', 'Gtm', 'ATH']));
    expect(commands.at(-1)).toBe('ATH');
    // @Gdv's answer (Chinese names) is longer than one HID report: it came back in pieces.
    expect(asked.find((f) => f.command === 'Gdv')?.reply).toBe(`@Gdv;OK;${serial};DSJ-LAB-${serial.slice(3)};3201009;李娜;320100;实验大队;#`);
    expect(frames.some((f) => f.serial === serial && f.type === 'storage')).toBe(true);

    expect(session.state, JSON.stringify(session.problems)).toBe('awaiting-labels');
    expect(session.camera).toMatchObject({ deviceNumber: `DSJ-LAB-${serial.slice(3)}`, serial, officerNumber: '3201009', officerName: '李娜', unitName: '实验大队' });
    expect(session.device).toMatchObject({ profileId, battery: 87, clockSource: 'control' });
    const measured = session.device?.clockSync?.beforeOffsetMs ?? session.clockOffsetMs;
    expect(Math.abs(measured - CLOCK_OFFSETS_MS[serial])).toBeLessThan(3_000);
    const docked = run!.results!.cameraStatus.find((camera) => camera.state === 'docked' && camera.sessionId === session.id);
    expect(docked, 'the storage-mode volume was tied back to the unlocked camera').toMatchObject({ source: 'usb', profileId, usb: { serial } });
    expectIngested([session.id], serial);
  }

  it('(b2) unlocks the control-transfer camera once its password is corrected, and ingests it', (ctx) => {
    if (!state.ready) return ctx.skip(state.reason);
    keepOnFailure(ctx);
    expectUnlockedAndDocked(part('control'), 'LAB0004', 'control', 'lab-locked-recorder-control');
  });

  it('(b3) unlocks a HID-controlled camera through node-hid (hidraw), switches it to storage and ingests it', (ctx) => {
    if (!state.ready) return ctx.skip(state.reason);
    keepOnFailure(ctx);
    const hid = part('hid');
    if ('unavailable' in hid) return ctx.skip(hid.unavailable);
    expectUnlockedAndDocked(hid, 'LAB0005', 'hid', 'lab-hid-recorder');
  });

  it('(c) ends a dock interrupted when the cable is pulled mid-copy, leaves nothing partial, and ingests the rest when plugged in again', (ctx) => {
    if (!state.ready) return ctx.skip(state.reason);
    keepOnFailure(ctx);
    const { first, second, pulledAt } = part('detach');
    expect(pulledAt.bytesDone).toBeGreaterThan(0);
    expect(pulledAt.bytesDone).toBeLessThan(pulledAt.bytesTotal);
    expect(first.state).toBe('interrupted');
    expect(first.failure, 'the interrupted dock says why').toMatch(/\S/);
    expect(first.camera.deviceNumber).toBe('DSJ-LAB-0003');
    expect(second.camera.deviceNumber).toBe('DSJ-LAB-0003');
    expect(second.state, JSON.stringify(second.problems)).toBe('awaiting-labels');

    // Over the two docks every clip is catalogued once, the large one by the second dock.
    expectIngested([first.id, second.id], 'LAB0003');
    expect(data!.clips.find((clip) => clip.originalPath === LARGE_CLIP)?.dockSessionId).toBe(second.id);
    // The vault holds only whole, verified objects (each re-hashed to its address), nothing partial.
    for (const [address, rehash] of data!.vaultObjects) expect(rehash).toBe(address);
    expect(new Set(data!.vaultObjects.keys())).toEqual(new Set(data!.clips.map((clip) => clip.id)));
    expect(data!.incoming).toEqual([]);
    // The catalogue does not leave the first dock ingesting; the audit chain records the interruption and verifies.
    expect(data!.sessions.find((session) => session.id === first.id)?.state).not.toBe('ingesting');
    expect(data!.auditActions).toContain('dock.interrupted');
    expect(data!.audit.ok, JSON.stringify(data!.audit)).toBe(true);
  });
});
