/** Camera volumes for the fault tier: the emulator's real clips plus some larger random files. */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeSimulatedCamera, type SimulatedCameraOptions } from '../../../electron/tools/sim-camera.js';

export const MiB = 1024 * 1024;

export async function faultWorkDir(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `es-fault-${name}-`));
}

/** An emulated camera (ffmpeg clips, photo, audio) plus `extra` random "recordings" of `extraBytes` each. */
export async function makeCamera(root: string, options: SimulatedCameraOptions & { extra?: number; extraBytes?: number } = {}): Promise<string[]> {
  const written = await writeSimulatedCamera(root, { clipCount: 2, ...options });
  const folder = path.join(root, 'DCIM', '100MEDIA');
  await mkdir(folder, { recursive: true });
  const extras: string[] = [];
  for (let i = 1; i <= (options.extra ?? 0); i++) {
    const file = path.join(folder, `RAW_${String(i).padStart(4, '0')}.MP4`);
    await writeFile(file, randomBytes(options.extraBytes ?? 4 * MiB));
    extras.push(file);
  }
  return [...written.files, ...extras];
}
