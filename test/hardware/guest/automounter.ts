/**
 * Stands in for udisks2 in the guest: every new USB disk (/dev/sd*) is mounted read-only as vfat
 * under <root>/<volume label>, the way a desktop mounts a docked camera under /media/<user>/, and
 * lazily unmounted when the disk goes away (cable pulled). The station's volume watcher sees these
 * mounts exactly as it would see the desktop's.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import path from 'node:path';

export interface MountEvent {
  type: 'mounted' | 'unmounted' | 'failed';
  device: string;
  mountPoint: string;
  at: number;
  message?: string;
}

export class Automounter {
  private readonly mounted = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly root: string,
    private readonly onEvent: (event: MountEvent) => void,
  ) {
    mkdirSync(root, { recursive: true });
    // A guest-local file system under the mount root, like /media on a desktop: the host folder is 9p,
    // where the guest's own inotify would not see the folders it creates.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'mode=0755', 'lab-media', root]);
  }

  start(intervalMs = 200): void {
    this.timer = setInterval(() => this.scan(), intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const [device, mountPoint] of this.mounted) this.unmount(device, mountPoint);
    execFileSync('umount', ['-l', this.root]);
  }

  private scan(): void {
    const present = new Set(readdirSync('/sys/block').filter((name) => name.startsWith('sd')));
    for (const [device, mountPoint] of this.mounted) {
      if (!present.has(device)) this.unmount(device, mountPoint);
    }
    for (const device of present) {
      if (this.mounted.has(device)) continue;
      // A disk with no medium yet reports size 0; try again on the next scan.
      if (Number(readFileSync(`/sys/block/${device}/size`, 'utf8').trim()) === 0) continue;
      // Like udisks2, act only once udev has processed the disk (its database entry exists): udev
      // handles the parent USB device's event first, so hotplug listeners have heard of the camera.
      const majorMinor = readFileSync(`/sys/block/${device}/dev`, 'utf8').trim();
      if (!existsSync(`/run/udev/data/b${majorMinor}`)) continue;
      this.mount(device);
    }
  }

  private mount(device: string): void {
    const node = `/dev/${device}`;
    let label = '';
    try {
      label = execFileSync('blkid', ['-o', 'value', '-s', 'LABEL', node], { encoding: 'utf8' }).trim();
    } catch {
      // No label (or blkid cannot read it yet): fall back to the device name.
    }
    const mountPoint = path.join(this.root, label.replace(/[^A-Za-z0-9_-]/g, '_') || device);
    this.mounted.set(device, mountPoint);
    try {
      mkdirSync(mountPoint, { recursive: true });
      execFileSync('mount', ['-t', 'vfat', '-o', 'ro,iocharset=utf8', node, mountPoint], { stdio: 'pipe' });
      this.onEvent({ type: 'mounted', device, mountPoint, at: Date.now() });
    } catch (error) {
      this.onEvent({ type: 'failed', device, mountPoint, at: Date.now(), message: (error as Error).message });
    }
  }

  private unmount(device: string, mountPoint: string): void {
    this.mounted.delete(device);
    try {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
      if (existsSync(mountPoint)) rmdirSync(mountPoint);
    } catch {
      // Already gone.
    }
    this.onEvent({ type: 'unmounted', device, mountPoint, at: Date.now() });
  }
}
