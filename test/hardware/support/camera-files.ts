/** SHA-256 of every file a lab camera holds, computed on the host from the files its image was built from. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { UsbLab } from './usb-lab.js';

export function cameraSourceHashes(lab: UsbLab, serial: string): Record<string, string> {
  const root = path.join(lab.camerasDir, serial, 'files');
  const hashes: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of readdirSync(path.join(root, folder), { withFileTypes: true })) {
      const relative = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else hashes[relative] = createHash('sha256').update(readFileSync(path.join(root, relative))).digest('hex');
    }
  };
  walk('');
  return hashes;
}
