/**
 * FsCameraVolumeReader on real folders: a simulated camera with hostile entries (symlinks out of the
 * volume, a FIFO, unsafe names), cameras without identity, and identity files that are themselves
 * hostile. Nothing outside the root may ever be listed.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsCameraVolumeReader, type FsCameraVolumeListing } from '../../electron/adapters/camera/fs-camera-volume-reader.js';
import { StationError } from '../../electron/core/domain/errors.js';
import { writeSimulatedCamera, type SimulatedCamera } from '../../electron/tools/sim-camera.js';

const execFileAsync = promisify(execFile);
const CAMERA_AHEAD_MS = 90_000;

let workDir: string;
let cameraRoot: string;
let camera: SimulatedCamera;
let listing: FsCameraVolumeListing;

function byPath<T extends { relativePath: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0));
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'camera-volume-test-'));
  cameraRoot = path.join(workDir, 'DSJ_VOLUME');
  // A file right beside the volume: the symlinked folder DCIM/OUTSIDE points at its parent.
  await writeFile(path.join(workDir, 'SECRET-OUTSIDE.MP4'), 'must never be listed');
  camera = await writeSimulatedCamera(cameraRoot, { hostileNames: true, clockOffsetMs: CAMERA_AHEAD_MS });
  listing = await new FsCameraVolumeReader().list(cameraRoot);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('a simulated camera with hostile entries', () => {
  it('lists the clips, photos and audio, sorted by relative path, with camera-clock mtimes', async () => {
    const expected = byPath(camera.recordings);
    expect(listing.files.map((file) => file.relativePath)).toEqual(expected.map((recording) => recording.relativePath));
    expect(listing.files.map((file) => file.relativePath)).toContain('DCIM/100MEDIA/现场 照片.JPG');
    for (const [index, file] of listing.files.entries()) {
      const recording = expected[index];
      expect(file.kind).toBe(recording?.kind);
      expect(file.absolutePath).toBe(recording?.absolutePath);
      expect(file.mtimeMs).toBe(Date.parse(recording?.endedAt ?? ''));
      expect(file.size).toBe((await stat(file.absolutePath)).size);
    }
    expect(listing.files.filter((file) => file.kind === 'video')).toHaveLength(3);
  });

  it('refuses the symlinks, the FIFO and the unsafe names, each with its reason', () => {
    expect(listing.refused).toEqual(byPath(camera.hostileEntries.map((entry) => ({ relativePath: entry.relativePath, reason: entry.expectedReason }))));
    expect(listing.refused).toContainEqual({ relativePath: 'DCIM/100MEDIA/ESCAPE.MP4', reason: 'symlink' });
    expect(listing.refused).toContainEqual({ relativePath: 'DCIM/OUTSIDE', reason: 'symlink' });
    expect(listing.refused).toContainEqual({ relativePath: 'DCIM/100MEDIA/PIPE.MP4', reason: 'special-file' });
    expect(listing.refused).toContainEqual({ relativePath: 'DCIM/100MEDIA/BAD\\x01NAME.MP4', reason: 'unsafe-name' });
  });

  it('never lists anything outside the root, nor anything reached through a symlink', async () => {
    const realRoot = await realpath(cameraRoot);
    for (const file of listing.files) {
      expect(file.absolutePath.startsWith(cameraRoot + path.sep)).toBe(true);
      expect((await realpath(file.absolutePath)).startsWith(realRoot + path.sep)).toBe(true);
      expect(file.relativePath.startsWith('DCIM/OUTSIDE')).toBe(false);
    }
    expect(JSON.stringify(listing)).not.toContain('SECRET-OUTSIDE');
    expect(JSON.stringify(listing)).not.toContain('/etc/passwd');
  });

  it('skips identity files, logs and operating-system housekeeping', () => {
    const listed = listing.files.map((file) => file.relativePath);
    expect(listed.some((relativePath) => relativePath.startsWith('EVIDENCE/'))).toBe(false);
    expect(listed).not.toContain('LOG/SYSTEM.LOG');
    expect(listed.some((relativePath) => relativePath.startsWith('System Volume Information'))).toBe(false);
  });

  it('reads the camera identity from EVIDENCE/DEVICE.JSON', () => {
    expect(listing.identity).toEqual(camera.identity);
    expect(listing.identitySource).toBe('device-file');
  });

  it('measures the camera clock offset from EVIDENCE/CLOCK.TXT (within the docking delay and 1 s resolution)', () => {
    expect(listing.clockSource).toBe('clock-file');
    expect(listing.clockOffsetMs).toBeGreaterThan(CAMERA_AHEAD_MS - 5_000);
    expect(listing.clockOffsetMs).toBeLessThanOrEqual(CAMERA_AHEAD_MS);
  });

  it('measures against the injected station clock exactly', async () => {
    const stationNow = new Date(Date.parse(camera.clockFileTime) - CAMERA_AHEAD_MS);
    const exact = await new FsCameraVolumeReader({ clock: { now: () => stationNow } }).list(cameraRoot);
    expect(exact.clockOffsetMs).toBe(CAMERA_AHEAD_MS);
  });
});

describe('cameras that cannot tell who or when they are', () => {
  it('uses the volume name as device number, marks the identity unknown and the offset 0', async () => {
    const root = path.join(workDir, 'NO_NAME');
    await mkdir(path.join(root, 'DCIM', '100MEDIA'), { recursive: true });
    await writeFile(path.join(root, 'DCIM', '100MEDIA', 'VID_0001.MP4'), 'clip bytes');
    await writeFile(path.join(root, 'DCIM', '100MEDIA', 'INDEX.DAT'), 'vendor index');

    const result = await new FsCameraVolumeReader().list(root);
    expect(result).toMatchObject({ identity: { deviceNumber: 'NO_NAME' }, identitySource: 'volume-name', clockOffsetMs: 0, clockSource: 'none', refused: [] });
    expect(result.files.map((file) => [file.relativePath, file.kind])).toEqual([
      ['DCIM/100MEDIA/INDEX.DAT', 'other'],
      ['DCIM/100MEDIA/VID_0001.MP4', 'video'],
    ]);
  });

  it('uses DEVICE.JSON clockAt when there is no CLOCK.TXT', async () => {
    const root = path.join(workDir, 'DEVICE_ONLY');
    await mkdir(path.join(root, 'EVIDENCE'), { recursive: true });
    await writeFile(path.join(root, 'EVIDENCE', 'device.json'), JSON.stringify({ deviceNumber: 'DSJ-B2-0100', clockAt: '2025-03-01T18:00:00+08:00' }));
    const stationNow = new Date('2025-03-01T10:00:30Z');
    const result = await new FsCameraVolumeReader({ clock: { now: () => stationNow } }).list(root);
    expect(result).toMatchObject({ identity: { deviceNumber: 'DSJ-B2-0100' }, identitySource: 'device-file', clockSource: 'device-file', clockOffsetMs: -30_000 });
  });

  it('does not follow a symlinked DEVICE.JSON and is not blocked by a FIFO as CLOCK.TXT', async () => {
    const root = path.join(workDir, 'HOSTILE_IDENTITY');
    await mkdir(path.join(root, 'EVIDENCE'), { recursive: true });
    const planted = path.join(workDir, 'planted-device.json');
    await writeFile(planted, JSON.stringify({ deviceNumber: 'PLANTED', clockAt: '2025-03-01T18:00:00+08:00' }));
    await symlink(planted, path.join(root, 'EVIDENCE', 'DEVICE.JSON'));
    await execFileAsync('mkfifo', [path.join(root, 'EVIDENCE', 'CLOCK.TXT')]);

    const result = await new FsCameraVolumeReader().list(root);
    expect(result).toMatchObject({ identity: { deviceNumber: 'HOSTILE_IDENTITY' }, identitySource: 'volume-name', clockSource: 'none', clockOffsetMs: 0 });
    expect(result.refused).toEqual([
      { relativePath: 'EVIDENCE/CLOCK.TXT', reason: 'special-file' },
      { relativePath: 'EVIDENCE/DEVICE.JSON', reason: 'symlink' },
    ]);
  });

  it('does not read identity through a symlinked EVIDENCE folder', async () => {
    const root = path.join(workDir, 'LINKED_EVIDENCE');
    const elsewhere = path.join(workDir, 'elsewhere-evidence');
    await mkdir(elsewhere, { recursive: true });
    await mkdir(root, { recursive: true });
    await writeFile(path.join(elsewhere, 'DEVICE.JSON'), JSON.stringify({ deviceNumber: 'PLANTED' }));
    await symlink(elsewhere, path.join(root, 'EVIDENCE'));
    const result = await new FsCameraVolumeReader().list(root);
    expect(result.identity.deviceNumber).toBe('LINKED_EVIDENCE');
  });

  it('fails with SOURCE_VANISHED when the volume is gone', async () => {
    const missing = new FsCameraVolumeReader().list(path.join(workDir, 'unplugged'));
    await expect(missing).rejects.toBeInstanceOf(StationError);
    await expect(new FsCameraVolumeReader().list(path.join(workDir, 'unplugged'))).rejects.toMatchObject({ code: 'SOURCE_VANISHED' });
  });
});
