/** A quick look at a newly mounted volume (no walk): DCIM folder, identity file, and who it says it is. */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { VolumeProbe, VolumeProbeResult } from '../../core/camera/ports.js';
import { StationError } from '../../core/domain/errors.js';
import { IDENTITY_FOLDER } from './camera-file-kind.js';
import { parseDeviceFile } from './camera-identity-file.js';
import { DEVICE_FILE_NAME } from './fs-camera-volume-reader.js';
import { readSmallRegularFile } from './read-small-regular-file.js';

const MAX_IDENTITY_FILE_BYTES = 64 * 1024;

/** FAT is case-insensitive and vendors differ in case: entries are matched loosely, symlinks never followed. */
async function entry(folder: string, wanted: string, kind: 'dir' | 'file'): Promise<string | undefined> {
  const names = await readdir(folder).catch((): string[] => []);
  const name = names.find((candidate) => candidate.toUpperCase() === wanted);
  if (name === undefined) return undefined;
  const info = await lstat(path.join(folder, name)).catch(() => undefined);
  const ok = kind === 'dir' ? info?.isDirectory() : info?.isFile();
  return ok === true ? path.join(folder, name) : undefined;
}

export class FsVolumeProbe implements VolumeProbe {
  async probe(root: string): Promise<VolumeProbeResult> {
    // Gone already (unplugged right after mounting): not "a volume without DCIM", which would read as a foreign stick.
    if ((await lstat(root).catch(() => undefined))?.isDirectory() !== true) throw new StationError('SOURCE_VANISHED', `volume ${root} is not there any more`, { root });
    const hasDcim = (await entry(root, 'DCIM', 'dir')) !== undefined;
    const identityFolder = await entry(root, IDENTITY_FOLDER, 'dir');
    const deviceFile = identityFolder === undefined ? undefined : await entry(identityFolder, DEVICE_FILE_NAME, 'file');
    const text = deviceFile === undefined ? undefined : await readSmallRegularFile(deviceFile, MAX_IDENTITY_FILE_BYTES);
    const parsed = text === undefined ? undefined : parseDeviceFile(text);
    return { markers: { hasDcim, hasDeviceFile: deviceFile !== undefined }, ...(parsed ? { identity: parsed.identity } : {}) };
  }
}
