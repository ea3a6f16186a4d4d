import { describe, expect, it } from 'vitest';
import { nextJobs, type Job } from '../../electron/core/pipeline/jobs.js';
import { ProgressMeter } from '../../electron/core/dock/progress-meter.js';

const copy = { sha256: 'a'.repeat(64), size: 1, status: 'stored' as const };
const files = (n: number) => () => n;

describe('pipeline stage order', () => {
  it('scans, then copies the first file; an empty camera finishes at once', () => {
    expect(nextJobs({ name: 'dock.scan', sessionId: 's' }, { status: 'scanned', fileCount: 2 }, files(2))).toEqual([{ name: 'file.copy', sessionId: 's', index: 0 }]);
    expect(nextJobs({ name: 'dock.scan', sessionId: 's' }, { status: 'scanned', fileCount: 0 }, files(0))).toEqual([{ name: 'dock.finish', sessionId: 's' }]);
  });

  it('records only a verified copy, then thumbnails it and moves to the next file', () => {
    const copyJob: Job = { name: 'file.copy', sessionId: 's', index: 0 };
    expect(nextJobs(copyJob, { status: 'copied', copy }, files(2))).toEqual([{ name: 'file.record', sessionId: 's', index: 0, copy }]);
    const recordJob: Job = { name: 'file.record', sessionId: 's', index: 0, copy };
    expect(nextJobs(recordJob, { status: 'recorded', clipId: copy.sha256, needsThumbnail: true }, files(2))).toEqual([
      { name: 'clip.thumbnail', clipId: copy.sha256 },
      { name: 'file.copy', sessionId: 's', index: 1 },
    ]);
    expect(nextJobs({ ...recordJob, index: 1 }, { status: 'recorded', clipId: copy.sha256, needsThumbnail: false }, files(2))).toEqual([{ name: 'dock.finish', sessionId: 's' }]);
  });

  it('skips a bad file but stops the dock when the camera or disk cannot go on', () => {
    const copyJob: Job = { name: 'file.copy', sessionId: 's', index: 0 };
    expect(nextJobs(copyJob, { status: 'skipped' }, files(2))).toEqual([{ name: 'file.copy', sessionId: 's', index: 1 }]);
    expect(nextJobs(copyJob, { status: 'stopped' }, files(2))).toEqual([{ name: 'dock.finish', sessionId: 's' }]);
    expect(nextJobs({ name: 'dock.scan', sessionId: 's' }, { status: 'stopped' }, files(2))).toEqual([{ name: 'dock.finish', sessionId: 's' }]);
  });
});

describe('progress meter', () => {
  it('reports speed over the window and an ETA for the bytes left', () => {
    const meter = new ProgressMeter(5_000);
    expect(meter.speed()).toBe(0);
    expect(meter.etaSeconds(100)).toBeUndefined();
    meter.sample(0, 0);
    meter.sample(1_000, 50_000_000);
    meter.sample(2_000, 100_000_000);
    expect(meter.speed()).toBe(50_000_000);
    expect(meter.etaSeconds(100_000_000)).toBe(2);
  });

  it('forgets samples older than the window so a stall shows up', () => {
    const meter = new ProgressMeter(1_000);
    meter.sample(0, 0);
    meter.sample(500, 100);
    meter.sample(5_000, 100);
    meter.sample(5_500, 100);
    expect(meter.speed()).toBe(0);
  });
});
