/**
 * Whether a newly mounted volume is a camera's: a DCIM folder or our emulated camera's identity file.
 * Foreign USB sticks are left alone (never ingested); issue B adds USB identity on top of this.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';

async function isDirectory(p: string): Promise<boolean> {
  return (await lstat(p).catch(() => undefined))?.isDirectory() ?? false;
}

export async function looksLikeCameraVolume(root: string): Promise<boolean> {
  if (await isDirectory(path.join(root, 'DCIM'))) return true;
  return (await lstat(path.join(root, 'EVIDENCE', 'DEVICE.JSON')).catch(() => undefined))?.isFile() ?? false;
}
