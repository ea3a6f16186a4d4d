/**
 * Windows: camera volumes appear as drive letters, not as folders under a mount root, so they are
 * polled. The decision (which letters are new, which went, which are never cameras) is pure and
 * unit-tested; the poll itself only asks whether `X:\` can be read.
 */
import { access } from 'node:fs/promises';
import type { VolumeWatcher } from '../../core/ports.js';

const LETTERS = 'DEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/** A: and B: are floppies; C: is the system disk. Never treated as a camera. */
export function candidateRoots(): string[] {
  return LETTERS.map((letter) => `${letter}:\\`);
}

export function diffDrives(previous: ReadonlySet<string>, current: readonly string[]): { added: string[]; removed: string[] } {
  const now = new Set(current);
  return { added: current.filter((root) => !previous.has(root)), removed: [...previous].filter((root) => !now.has(root)) };
}

export class WindowsDrivePoller implements VolumeWatcher {
  constructor(
    private readonly intervalMs = 2000,
    private readonly present: (root: string) => Promise<boolean> = (root) => access(root).then(() => true, () => false),
  ) {}

  async watch(onVolume: (event: { type: 'added' | 'removed'; root: string }) => void): Promise<() => Promise<void>> {
    const scan = async () => {
      const found: string[] = [];
      for (const root of candidateRoots()) if (await this.present(root)) found.push(root);
      return found;
    };
    // Drives present at start are not "docked now": like chokidar's ignoreInitial, only changes count.
    let known = new Set(await scan());
    let stopped = false;
    let running: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(async () => {
        if (stopped) return;
        const current = await scan();
        const { added, removed } = diffDrives(known, current);
        known = new Set(current);
        for (const root of removed) onVolume({ type: 'removed', root });
        for (const root of added) onVolume({ type: 'added', root });
      });
    }, this.intervalMs);
    return async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    };
  }
}
