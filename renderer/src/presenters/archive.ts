/** The archive screen's pure parts: the target text the station reads, and the steps of a job in order. */
import type { EventPayload } from '../../../electron/contract/index.js';

export type ArchiveTargetKind = 'optical' | 'image' | 'folder';
export type ArchiveStep = EventPayload<'archive.progress'>['step'];

/**
 * The target as the station parses it (core/archive/model.ts parseArchiveTarget): an image file is
 * `stdio:PATH`; a recorder is `optical:<device as typed>` (/dev/sr0, E:, a drive id);
 * anything else is a folder. Empty: undefined.
 */
export function archiveTargetText(kind: ArchiveTargetKind, path: string): string | undefined {
  const trimmed = path.trim();
  if (trimmed === '') return undefined;
  switch (kind) {
    case 'image':
      return trimmed.startsWith('stdio:') ? trimmed : `stdio:${trimmed}`;
    case 'optical':
      // Always explicit: the station reads an unprefixed /dev path it does not know as a folder.
      return trimmed.startsWith('optical:') ? trimmed : `optical:${trimmed}`;
    case 'folder':
      return trimmed;
  }
}

/** The steps shown as a row of stages for a job writing to this kind of target. */
export function archiveSteps(kind: ArchiveTargetKind | 'recheck'): ArchiveStep[] {
  if (kind === 'recheck') return ['verifying'];
  if (kind === 'folder') return ['packaging', 'writing', 'verifying', 'registering'];
  return ['packaging', 'burning', 'verifying', 'registering'];
}

/** Where a step stands against the current one: done, current or still to come. */
export function stepState(step: ArchiveStep, current: ArchiveStep, steps: readonly ArchiveStep[]): 'done' | 'current' | 'todo' {
  if (current === 'done') return 'done';
  const at = steps.indexOf(current === 'waiting-for-media' ? (steps.includes('burning') ? 'burning' : 'writing') : current);
  const index = steps.indexOf(step);
  if (at < 0) return 'todo';
  return index < at ? 'done' : index === at ? 'current' : 'todo';
}

/** Whether a progress event ends its job. */
export function isFinalStep(step: ArchiveStep): boolean {
  return step === 'done' || step === 'failed';
}
