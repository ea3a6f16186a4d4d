/**
 * Writes an emulated body-worn camera volume, as the camera would present it over USB storage:
 *
 *   DCIM/100MEDIA/<device>_<YYYYMMDDHHmmss>_0001.MP4   H.264 + AAC clips, consecutive segments,
 *                                                      a gap of several minutes before the last one
 *   DCIM/100MEDIA/<device>_<...>_000N.JPG              photo with EXIF DateTimeOriginal (+08:00)
 *   DCIM/100MEDIA/<device>_<...>_000N.WAV              audio recording
 *   EVIDENCE/DEVICE.JSON, EVIDENCE/CLOCK.TXT           identity and clock at docking
 *                                                      (format: adapters/camera/camera-identity-file.ts)
 *   LOG/SYSTEM.LOG, System Volume Information/...      non-media a real volume carries
 *
 * All times written by the "camera" are on its clock: station time + clockOffsetMs, UTC+8 wall
 * clock in names and EXIF. File mtimes are set to each recording's end on that clock.
 */
import { execFile } from 'node:child_process';
import { mkdir, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { CameraIdentity, MediaKind } from '../core/domain/clip.js';
import type { RefusedCameraEntry } from '../core/ports.js';
import { printableName } from '../adapters/camera/safe-relative-path.js';
import { resolveMediaTool } from '../adapters/media/ffmpeg-binary.js';
import { runMediaTool } from '../adapters/media/run-media-tool.js';
import { cameraWallClock, wholeSecond } from './camera-wall-clock.js';

export interface SimulatedCameraOptions {
  deviceNumber?: string;
  officerNumber?: string;
  officerName?: string;
  clipCount?: number;
  clipSeconds?: number;
  /** Station-clock time the first clip started; the camera writes it shifted by clockOffsetMs. */
  recordedAt?: Date;
  /** Camera clock minus station clock, ms (positive = camera ahead). */
  clockOffsetMs?: number;
  /** A gap of several minutes before the last clip (default true). */
  withGap?: boolean;
  /** Also write entries the station must refuse: symlinks, a FIFO, unsafe names (POSIX only). */
  hostileNames?: boolean;
}

export interface SimulatedRecording {
  relativePath: string;
  absolutePath: string;
  kind: MediaKind;
  /** Camera-clock start, ISO (what the file's metadata says). */
  startedAt: string;
  /** Camera-clock end, ISO (the file's mtime). */
  endedAt: string;
  durationMs: number;
}

export interface SimulatedHostileEntry {
  /** As the volume reader reports it (printable form). */
  relativePath: string;
  expectedReason: RefusedCameraEntry['reason'];
}

export interface SimulatedCamera {
  /** Absolute paths of the media files, in recording order. */
  files: string[];
  identity: CameraIdentity;
  recordings: SimulatedRecording[];
  clockOffsetMs: number;
  /** Camera clock written into CLOCK.TXT (ISO, +08:00). */
  clockFileTime: string;
  hostileEntries: SimulatedHostileEntry[];
}

const MEDIA_FOLDER = ['DCIM', '100MEDIA'] as const;
const GAP_MS = 7 * 60_000;
const PHOTO_AFTER_MS = 60_000;
const AUDIO_AFTER_MS = 120_000;
const AUDIO_SECONDS = 2;

const DEFAULTS = {
  deviceNumber: 'DSJ-A8-0007',
  officerNumber: '3201008',
  officerName: '张伟',
  clipCount: 3,
  clipSeconds: 3,
};

const execFileAsync = promisify(execFile);

interface PlannedRecording {
  kind: MediaKind;
  fileName: string;
  start: Date;
  durationMs: number;
}

/** Recording order and camera-clock times: clips back to back, photo and audio in the gap. */
function planRecordings(deviceNumber: string, firstStart: Date, clipCount: number, clipSeconds: number, withGap: boolean): PlannedRecording[] {
  const filePrefix = deviceNumber.replace(/[^A-Za-z0-9-]/g, '_');
  const plan: PlannedRecording[] = [];
  const add = (kind: MediaKind, start: Date, durationMs: number, extension: string): void => {
    const sequence = String(plan.length + 1).padStart(4, '0');
    plan.push({ kind, start, durationMs, fileName: `${filePrefix}_${cameraWallClock(start).compact}_${sequence}.${extension}` });
  };
  const addPhotoAndAudio = (afterTime: number): void => {
    add('photo', new Date(afterTime + PHOTO_AFTER_MS), 0, 'JPG');
    add('audio', new Date(afterTime + AUDIO_AFTER_MS), AUDIO_SECONDS * 1000, 'WAV');
  };

  const gapBeforeIndex = withGap && clipCount >= 2 ? clipCount - 1 : -1;
  let cursor = firstStart.getTime();
  for (let index = 0; index < clipCount; index += 1) {
    if (index === gapBeforeIndex) {
      addPhotoAndAudio(cursor);
      cursor += GAP_MS;
    }
    add('video', new Date(cursor), clipSeconds * 1000, 'MP4');
    cursor += clipSeconds * 1000;
  }
  if (gapBeforeIndex < 0) addPhotoAndAudio(cursor);
  return plan;
}

async function runFfmpeg(ffmpeg: string, args: string[]): Promise<void> {
  const run = await runMediaTool(ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {
    tool: 'ffmpeg',
    timeoutMs: 60_000,
    maxOutputBytes: 1024 * 1024,
  });
  if (run.failure !== undefined) throw new Error(`ffmpeg failed (${run.failure}): ${run.stderr.trim()}`);
}

function writeClip(ffmpeg: string, outPath: string, recording: PlannedRecording, toneHz: number): Promise<void> {
  const seconds = recording.durationMs / 1000;
  return runFfmpeg(ffmpeg, [
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=${toneHz}:sample_rate=16000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '32', '-pix_fmt', 'yuv420p', '-g', '25',
    '-c:a', 'aac', '-b:a', '32k', '-shortest',
    '-metadata', `creation_time=${recording.start.toISOString()}`,
    outPath,
  ]);
}

function writeAudio(ffmpeg: string, outPath: string, recording: PlannedRecording): Promise<void> {
  return runFfmpeg(ffmpeg, [
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=8000:duration=${recording.durationMs / 1000}`,
    '-c:a', 'pcm_s16le', '-ac', '1', outPath,
  ]);
}

/** A 640x480 JPEG drawn from SVG (no fonts needed), stamped with EXIF capture time like a camera. */
async function writePhoto(outPath: string, taken: Date, model: string, hue: number): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
    <rect width="640" height="480" fill="hsl(${hue},45%,35%)"/>
    <rect x="60" y="80" width="220" height="160" fill="hsl(${(hue + 120) % 360},60%,60%)"/>
    <circle cx="450" cy="300" r="110" fill="hsl(${(hue + 240) % 360},55%,55%)"/>
  </svg>`;
  const wallClock = cameraWallClock(taken);
  await sharp(Buffer.from(svg))
    .jpeg({ quality: 85 })
    .withExif({
      IFD0: { Make: 'Evidence Station Simulator', Model: model, DateTime: wallClock.exif },
      IFD2: { DateTimeOriginal: wallClock.exif, OffsetTimeOriginal: wallClock.iso.slice(-6) },
    })
    .toFile(outPath);
}

/** Entries a hostile or broken volume may carry; returns what the reader should report. */
async function writeHostileEntries(root: string): Promise<SimulatedHostileEntry[]> {
  const mediaFolder = path.join(root, ...MEDIA_FOLDER);
  const mediaDisplay = MEDIA_FOLDER.join('/');
  await symlink('/etc/passwd', path.join(mediaFolder, 'ESCAPE.MP4'));
  await symlink(path.dirname(root), path.join(root, 'DCIM', 'OUTSIDE'));
  await execFileAsync('mkfifo', [path.join(mediaFolder, 'PIPE.MP4')]);
  const controlName = 'BAD\u0001NAME.MP4';
  await writeFile(path.join(mediaFolder, controlName), 'not really a clip');
  const backslashName = 'BACK\\SLASH.MP4';
  await writeFile(path.join(mediaFolder, backslashName), 'not really a clip');
  // Bytes that are not UTF-8: decoding them lossily would name a different file.
  const invalidUtf8Name = Buffer.concat([Buffer.from(`${mediaFolder}/`), Buffer.from([0xff, 0xfe]), Buffer.from('.MP4')]);
  await writeFile(invalidUtf8Name, 'not really a clip');
  return [
    { relativePath: `${mediaDisplay}/ESCAPE.MP4`, expectedReason: 'symlink' },
    { relativePath: 'DCIM/OUTSIDE', expectedReason: 'symlink' },
    { relativePath: `${mediaDisplay}/PIPE.MP4`, expectedReason: 'special-file' },
    { relativePath: `${mediaDisplay}/${printableName(controlName)}`, expectedReason: 'unsafe-name' },
    { relativePath: `${mediaDisplay}/${printableName(backslashName)}`, expectedReason: 'unsafe-name' },
    { relativePath: `${mediaDisplay}/${printableName('\uFFFD\uFFFD.MP4')}`, expectedReason: 'unsafe-name' },
  ];
}

async function setCameraMtime(filePath: string, cameraTime: Date): Promise<void> {
  await utimes(filePath, cameraTime, cameraTime);
}

/**
 * The identity an emulated camera reports in EVIDENCE/DEVICE.JSON, without writing anything: harnesses
 * register it in the device registry (issue B) before plugging the camera in.
 */
export function simulatedCameraIdentity(options: Pick<SimulatedCameraOptions, 'deviceNumber' | 'officerNumber' | 'officerName'> = {}): CameraIdentity {
  const deviceNumber = options.deviceNumber ?? DEFAULTS.deviceNumber;
  return {
    deviceNumber,
    serial: `SN${deviceNumber.replace(/\D/g, '').padStart(8, '0')}`,
    model: 'DSJ-A8',
    officerNumber: options.officerNumber ?? DEFAULTS.officerNumber,
    officerName: options.officerName ?? DEFAULTS.officerName,
    unitName: '市城市管理综合执法局',
    department: '第一执法大队',
  };
}

export async function writeSimulatedCamera(outDir: string, options: SimulatedCameraOptions = {}): Promise<SimulatedCamera> {
  const root = path.resolve(outDir);
  const clockOffsetMs = options.clockOffsetMs ?? 0;
  const recordedAt = options.recordedAt ?? new Date(Date.now() - 3 * 3_600_000);
  const identity = simulatedCameraIdentity(options);
  const { deviceNumber } = identity;
  const model = identity.model ?? 'DSJ-A8';

  const mediaFolder = path.join(root, ...MEDIA_FOLDER);
  await mkdir(mediaFolder, { recursive: true });
  await mkdir(path.join(root, 'EVIDENCE'), { recursive: true });
  await mkdir(path.join(root, 'LOG'), { recursive: true });
  await mkdir(path.join(root, 'System Volume Information'), { recursive: true });
  await writeFile(path.join(root, 'LOG', 'SYSTEM.LOG'), `boot ok\nrecord start\nrecord stop\n`);
  await writeFile(path.join(root, 'System Volume Information', 'IndexerVolumeGuid'), '{5a1f0e1c-0000-4000-8000-000000000007}');

  const firstStart = wholeSecond(new Date(recordedAt.getTime() + clockOffsetMs));
  const plan = planRecordings(deviceNumber, firstStart, options.clipCount ?? DEFAULTS.clipCount, options.clipSeconds ?? DEFAULTS.clipSeconds, options.withGap ?? true);
  const ffmpeg = await resolveMediaTool('ffmpeg');

  const recordings = await Promise.all(
    plan.map(async (planned, index): Promise<SimulatedRecording> => {
      const absolutePath = path.join(mediaFolder, planned.fileName);
      if (planned.kind === 'video') await writeClip(ffmpeg, absolutePath, planned, 300 + index * 110);
      else if (planned.kind === 'photo') await writePhoto(absolutePath, planned.start, model, (index * 67) % 360);
      else await writeAudio(ffmpeg, absolutePath, planned);
      const end = new Date(planned.start.getTime() + planned.durationMs);
      await setCameraMtime(absolutePath, end);
      return {
        relativePath: [...MEDIA_FOLDER, planned.fileName].join('/'),
        absolutePath,
        kind: planned.kind,
        startedAt: planned.start.toISOString(),
        endedAt: end.toISOString(),
        durationMs: planned.durationMs,
      };
    }),
  );

  const hostileEntries: SimulatedHostileEntry[] = [];
  if (options.hostileNames === true) {
    // Chinese characters and spaces are ordinary, accepted names.
    const plainName = '现场 照片.JPG';
    const photoTime = new Date(firstStart.getTime() + 30_000);
    await writePhoto(path.join(mediaFolder, plainName), photoTime, model, 200);
    await setCameraMtime(path.join(mediaFolder, plainName), photoTime);
    recordings.push({
      relativePath: [...MEDIA_FOLDER, plainName].join('/'),
      absolutePath: path.join(mediaFolder, plainName),
      kind: 'photo',
      startedAt: photoTime.toISOString(),
      endedAt: photoTime.toISOString(),
      durationMs: 0,
    });
    hostileEntries.push(...(await writeHostileEntries(root)));
  }

  // Last, as a camera does when it switches to USB storage: identity and its clock at docking.
  const cameraClockAtDocking = wholeSecond(new Date(Date.now() + clockOffsetMs));
  const clockFileTime = cameraWallClock(cameraClockAtDocking).iso;
  const devicePath = path.join(root, 'EVIDENCE', 'DEVICE.JSON');
  const clockPath = path.join(root, 'EVIDENCE', 'CLOCK.TXT');
  await writeFile(devicePath, `${JSON.stringify({ ...identity, clockAt: clockFileTime }, null, 2)}\n`);
  await writeFile(clockPath, `${clockFileTime}\n`);
  await setCameraMtime(devicePath, cameraClockAtDocking);
  await setCameraMtime(clockPath, cameraClockAtDocking);

  return { files: recordings.map((recording) => recording.absolutePath), identity, recordings, clockOffsetMs, clockFileTime, hostileEntries };
}
