/**
 * The ingest pipeline as a typed job union. `nextJobs` is the ONLY place that knows the order of the
 * stages: scan -> copy+verify -> record (probe, catalogue, audit) -> thumbnail, file after file, then finish.
 */
import type { VerifiedCopy } from '../ports.js';

export type Job =
  | { name: 'dock.scan'; sessionId: string }
  | { name: 'file.copy'; sessionId: string; index: number }
  | { name: 'file.record'; sessionId: string; index: number; copy: VerifiedCopy }
  | { name: 'clip.thumbnail'; clipId: string }
  | { name: 'dock.finish'; sessionId: string };

export type JobName = Job['name'];

export type JobResult =
  | { status: 'scanned'; fileCount: number }
  | { status: 'copied'; copy: VerifiedCopy }
  | { status: 'recorded'; clipId: string; needsThumbnail: boolean }
  /** This file could not be taken; the problem is on the session, go on with the next one. */
  | { status: 'skipped' }
  /** The camera or the vault can't go on (unplugged, disk full): stop this dock. */
  | { status: 'stopped' }
  | { status: 'done' };

export function nextJobs(job: Job, result: JobResult, fileCount: (sessionId: string) => number): Job[] {
  const nextFile = (sessionId: string, index: number): Job =>
    index < fileCount(sessionId) ? { name: 'file.copy', sessionId, index } : { name: 'dock.finish', sessionId };

  switch (job.name) {
    case 'dock.scan':
      return result.status === 'scanned' ? [nextFile(job.sessionId, 0)] : [{ name: 'dock.finish', sessionId: job.sessionId }];
    case 'file.copy':
      if (result.status === 'copied') return [{ name: 'file.record', sessionId: job.sessionId, index: job.index, copy: result.copy }];
      if (result.status === 'skipped') return [nextFile(job.sessionId, job.index + 1)];
      return [{ name: 'dock.finish', sessionId: job.sessionId }];
    case 'file.record': {
      const after = nextFile(job.sessionId, job.index + 1);
      if (result.status === 'recorded' && result.needsThumbnail) return [{ name: 'clip.thumbnail', clipId: result.clipId }, after];
      if (result.status === 'stopped') return [{ name: 'dock.finish', sessionId: job.sessionId }];
      return [after];
    }
    case 'clip.thumbnail':
    case 'dock.finish':
      return [];
  }
}

/** Which queue a job runs on: copies share the disks, media work shares the CPU, the rest is quick. */
export function laneOf(job: Job): 'copy' | 'media' | 'control' {
  if (job.name === 'file.copy') return 'copy';
  if (job.name === 'clip.thumbnail' || job.name === 'file.record') return 'media';
  return 'control';
}
