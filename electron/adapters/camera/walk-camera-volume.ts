/**
 * Walks a camera volume with lstat only (a symlink is reported, never followed) and sorts what it
 * finds into readable media files and refused entries. Names are read as raw bytes and must be valid
 * UTF-8: a lossy decode could point the station at a different file than the one listed.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CameraFileEntry, RefusedCameraEntry } from '../../core/ports.js';
import { cameraFileKind, isSkippedEntry } from './camera-file-kind.js';
import { checkPathComponent, printableName, resolveInsideRoot } from './safe-relative-path.js';

export interface CameraVolumeWalk {
  files: CameraFileEntry[];
  refused: RefusedCameraEntry[];
}

/** Recorders nest two or three levels (DCIM/100MEDIA); anything far deeper is not camera layout. */
const MAX_DEPTH = 16;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

function decodeName(raw: Buffer): { name: string; valid: boolean } {
  try {
    return { name: strictUtf8.decode(raw), valid: true };
  } catch {
    return { name: lossyUtf8.decode(raw), valid: false };
  }
}

function displayPath(components: readonly string[]): string {
  return components.map(printableName).join('/');
}

function byRelativePath(a: { relativePath: string }, b: { relativePath: string }): number {
  // Code-unit order, not locale order: the same listing on every machine.
  return a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0;
}

export async function walkCameraVolume(root: string): Promise<CameraVolumeWalk> {
  const resolvedRoot = path.resolve(root);
  const files: CameraFileEntry[] = [];
  const refused: RefusedCameraEntry[] = [];
  const refuse = (components: readonly string[], reason: RefusedCameraEntry['reason']): void => {
    refused.push({ relativePath: displayPath(components), reason });
  };

  const pending: string[][] = [[]];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const folderPath = folder.length === 0 ? resolvedRoot : path.join(resolvedRoot, ...folder);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(folderPath, { withFileTypes: true, encoding: 'buffer' });
    } catch {
      if (folder.length === 0) throw new Error(`cannot read the camera volume at ${resolvedRoot}`);
      refuse(folder, 'unreadable');
      continue;
    }

    for (const entry of entries) {
      const { name, valid } = decodeName(entry.name);
      const components = [...folder, name];
      if (!valid || !checkPathComponent(name).ok) {
        refuse(components, 'unsafe-name');
        continue;
      }
      const inside = resolveInsideRoot(resolvedRoot, components);
      if (!inside.ok) {
        refuse(components, 'unsafe-name');
        continue;
      }

      let info: Stats;
      try {
        // lstat, not the Dirent type: the Dirent type is not filled in on every filesystem.
        info = await lstat(inside.absolutePath);
      } catch {
        refuse(components, 'unreadable');
        continue;
      }

      if (info.isSymbolicLink()) refuse(components, 'symlink');
      else if (info.isDirectory()) {
        if (isSkippedEntry(components, true)) continue;
        if (components.length > MAX_DEPTH) refuse(components, 'unreadable');
        else pending.push(components);
      } else if (info.isFile()) {
        if (isSkippedEntry(components, false)) continue;
        const kind = cameraFileKind(components);
        if (kind === undefined) continue;
        files.push({ relativePath: inside.relativePath, absolutePath: inside.absolutePath, size: info.size, mtimeMs: info.mtimeMs, kind });
      } else {
        refuse(components, 'special-file'); // FIFO, socket, block or character device
      }
    }
  }

  return { files: files.sort(byRelativePath), refused: refused.sort(byRelativePath) };
}
