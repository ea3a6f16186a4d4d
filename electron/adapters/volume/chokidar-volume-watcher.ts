/**
 * Watches the folders where the OS mounts removable volumes (/media/USER, /run/media/USER, /Volumes)
 * and reports folders appearing and disappearing directly under them. It only reports; the station
 * decides whether a volume is a camera. The callback only queues work (never ingests inline).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import chokidar from 'chokidar';
import type { VolumeWatcher } from '../../core/ports.js';

export class ChokidarVolumeWatcher implements VolumeWatcher {
  constructor(private readonly mountRoots: string[]) {}

  async watch(onVolume: (event: { type: 'added' | 'removed'; root: string }) => void): Promise<() => Promise<void>> {
    const roots = this.mountRoots.filter((root) => existsSync(root));
    if (roots.length === 0) return async () => undefined;
    const watcher = chokidar.watch(roots, { depth: 0, ignoreInitial: true, followSymlinks: false, ignorePermissionErrors: true });
    const isVolume = (p: string) => roots.some((root) => path.dirname(p) === path.resolve(root));
    watcher.on('addDir', (p) => isVolume(p) && onVolume({ type: 'added', root: p }));
    watcher.on('unlinkDir', (p) => isVolume(p) && onVolume({ type: 'removed', root: p }));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    return () => watcher.close();
  }
}

/** The mount roots of this platform for this user. */
export function defaultMountRoots(username: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'darwin') return ['/Volumes'];
  if (platform === 'linux') return [`/media/${username}`, `/run/media/${username}`];
  // Windows drive letters are not folders to watch; they are polled by the device layer (issue B).
  return [];
}
