/**
 * CameraVolumeReader for a mounted camera volume: identity and clock from the EVIDENCE folder (see
 * camera-identity-file.ts for the format), media files from a no-symlink walk of the whole volume.
 */
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CameraIdentity } from '../../core/domain/clip.js';
import { StationError } from '../../core/domain/errors.js';
import type { CameraVolumeListing, CameraVolumeReader, Clock } from '../../core/ports.js';
import { IDENTITY_FOLDER } from './camera-file-kind.js';
import { clockOffsetMs, parseClockFile, parseDeviceFile } from './camera-identity-file.js';
import { readSmallRegularFile } from './read-small-regular-file.js';
import { walkCameraVolume } from './walk-camera-volume.js';

export const DEVICE_FILE_NAME = 'DEVICE.JSON';
export const CLOCK_FILE_NAME = 'CLOCK.TXT';
const MAX_IDENTITY_FILE_BYTES = 64 * 1024;
const MAX_CLOCK_FILE_BYTES = 1024;

/**
 * The listing plus how much of it the camera actually told us. Structural subtype of
 * CameraVolumeListing, so the port is satisfied; the station can surface "identity unknown".
 */
export interface FsCameraVolumeListing extends CameraVolumeListing {
  /** 'volume-name': no readable DEVICE.JSON, deviceNumber is the volume folder's name. */
  identitySource: 'device-file' | 'volume-name';
  /** Where clockOffsetMs came from; 'none' means the camera could not tell and the offset is 0. */
  clockSource: 'clock-file' | 'device-file' | 'none';
}

export interface FsCameraVolumeReaderOptions {
  /** Station clock; pass the station's own so the offset is measured against the time it records. */
  clock?: Clock;
}

interface ClockReading {
  offsetMs: number;
  source: FsCameraVolumeListing['clockSource'];
}

/** FAT is case-insensitive and vendors differ in case, so names inside EVIDENCE are matched loosely. */
async function findEntryIgnoringCase(folder: string, wantedName: string): Promise<string | undefined> {
  const names = await readdir(folder).catch((): string[] => []);
  const match = names.find((name) => name.toUpperCase() === wantedName);
  return match === undefined ? undefined : path.join(folder, match);
}

export class FsCameraVolumeReader implements CameraVolumeReader {
  private readonly clock: Clock;

  constructor(options: FsCameraVolumeReaderOptions = {}) {
    this.clock = options.clock ?? { now: () => new Date() };
  }

  async list(root: string): Promise<FsCameraVolumeListing> {
    const resolvedRoot = path.resolve(root);
    const rootInfo = await stat(resolvedRoot).catch(() => undefined);
    if (rootInfo === undefined || !rootInfo.isDirectory()) {
      throw new StationError('SOURCE_VANISHED', `camera volume ${resolvedRoot} is not available`, { root: resolvedRoot });
    }

    // Clock first: every second spent walking before it would be added to the measured offset.
    const identityFolder = await this.identityFolder(resolvedRoot);
    const deviceFile = identityFolder === undefined ? undefined : await this.readDeviceFile(identityFolder);
    const clockReading = await this.readClock(identityFolder, deviceFile?.clockAt);
    const walk = await walkCameraVolume(resolvedRoot);

    const identity: CameraIdentity = deviceFile?.identity ?? { deviceNumber: path.basename(resolvedRoot) };
    return {
      identity,
      identitySource: deviceFile === undefined ? 'volume-name' : 'device-file',
      clockOffsetMs: clockReading.offsetMs,
      clockSource: clockReading.source,
      files: walk.files,
      refused: walk.refused,
    };
  }

  /** The EVIDENCE folder, only if it is a real directory (a symlink could point anywhere). */
  private async identityFolder(root: string): Promise<string | undefined> {
    const folder = await findEntryIgnoringCase(root, IDENTITY_FOLDER);
    if (folder === undefined) return undefined;
    const info = await lstat(folder).catch(() => undefined);
    return info?.isDirectory() === true ? folder : undefined;
  }

  private async readDeviceFile(identityFolder: string): Promise<ReturnType<typeof parseDeviceFile>> {
    const file = await findEntryIgnoringCase(identityFolder, DEVICE_FILE_NAME);
    const text = file === undefined ? undefined : await readSmallRegularFile(file, MAX_IDENTITY_FILE_BYTES);
    return text === undefined ? undefined : parseDeviceFile(text);
  }

  /**
   * Offset = camera clock at docking - station clock now. Both files are written by the camera as it
   * enters USB storage mode, so the error is the time between that and this read (seconds), plus the
   * camera's one-second clock resolution. CLOCK.TXT is preferred: it exists only for this purpose.
   */
  private async readClock(identityFolder: string | undefined, deviceFileClockAt: Date | undefined): Promise<ClockReading> {
    const clockFile = identityFolder === undefined ? undefined : await findEntryIgnoringCase(identityFolder, CLOCK_FILE_NAME);
    const clockText = clockFile === undefined ? undefined : await readSmallRegularFile(clockFile, MAX_CLOCK_FILE_BYTES);
    const cameraClock = clockText === undefined ? undefined : parseClockFile(clockText);
    if (cameraClock !== undefined) return { offsetMs: clockOffsetMs(cameraClock, this.clock.now()), source: 'clock-file' };
    if (deviceFileClockAt !== undefined) return { offsetMs: clockOffsetMs(deviceFileClockAt, this.clock.now()), source: 'device-file' };
    return { offsetMs: 0, source: 'none' };
  }
}
