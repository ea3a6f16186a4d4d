/**
 * The archive service through strict fakes at its ports: the order of an archive job, what is audited,
 * what is registered, and that nothing but a verified read-back takes a clip out of the queue.
 */
import { describe, expect, it } from 'vitest';
import { createArchiveCommandRunner } from '../../electron/core/archive/archive-commands.js';
import { ArchiveService, type ArchiveServiceOptions } from '../../electron/core/archive/archive-service.js';
import { BurnFailedError } from '../../electron/core/archive/errors.js';
import type { ArchiveProgress, ArchiveTarget, AuditCheckpoint, DiscFile, DiscRecord, ManualQueueEntry, MediaSizeId } from '../../electron/core/archive/model.js';
import type { ArchiveItem, ArchivePackager, ArchiveSetInfo, DiscRegistryStore, DiscWriter, ReadBackReport, StageDiscRequest, StagedDisc, TargetCapacity, WriteRequest, WrittenDisc } from '../../electron/core/archive/ports.js';
import type { Clip } from '../../electron/core/domain/clip.js';
import { FixedClock, MemoryAuditLog, MemoryCatalogue } from '../fakes/ports.js';
import { clipId, makeClip, makeLabel } from '../fixtures/catalogue-clips.js';

const CASE = '清国土罚（2026）12号';
const hex = (seed: string) => clipId(`sheet:${seed}`);

class MemoryRegistry implements DiscRegistryStore {
  records = new Map<string, DiscRecord>();
  queue: ManualQueueEntry[] = [];
  async open(): Promise<void> {}
  discs(): DiscRecord[] {
    return [...this.records.values()].map((d) => structuredClone(d));
  }
  get(id: string): DiscRecord | undefined {
    const d = this.records.get(id);
    return d && structuredClone(d);
  }
  async putDiscs(discs: DiscRecord[]): Promise<void> {
    for (const d of discs) this.records.set(d.id, structuredClone(d));
  }
  manualQueue(): ManualQueueEntry[] {
    return structuredClone(this.queue);
  }
  async putManualQueue(entries: ManualQueueEntry[]): Promise<void> {
    this.queue = structuredClone(entries);
  }
  async close(): Promise<void> {}
}

class FakePackager implements ArchivePackager {
  sets: ArchiveSetInfo[] = [];
  staged: StageDiscRequest[] = [];
  discarded: string[] = [];
  async prepareSheets(set: ArchiveSetInfo, items: readonly ArchiveItem[]): Promise<Map<string, number>> {
    this.sets.push(set);
    return new Map(items.map((item) => [item.clip.id, 70_000]));
  }
  async stageDisc(request: StageDiscRequest): Promise<StagedDisc> {
    this.staged.push(request);
    const files: DiscFile[] = request.items.flatMap((item) => [
      { path: item.payloadPath, size: item.clip.size, sha256: item.clip.id, role: 'payload' as const, clipId: item.clip.id },
      { path: item.sheetPath, size: 70_000, sha256: hex(item.clip.id), role: 'sheet' as const, clipId: item.clip.id },
    ]);
    files.push({ path: 'bag-info.txt', size: 900, sha256: hex(`info:${request.discId}`), role: 'tag' });
    return { discId: request.discId, volumeId: request.volumeId, root: `/staging/${request.discId}`, files, bytes: files.reduce((n, f) => n + f.size, 0) };
  }
  async discard(setId: string): Promise<void> {
    this.discarded.push(setId);
  }
}

/** Every "disc" written in a test, by location, and the file a test wants to read back wrong. */
class Shelf {
  written = new Map<string, { volumeId: string; files: Map<string, DiscFile> }>();
  corrupt?: string;
}

/** A writer over the shelf: what was written is what reads back, unless a test corrupts it. */
class FakeWriter implements DiscWriter {
  readonly kind: 'image' | 'folder';
  failWrite?: Error;
  capacityBytes = 50 * 1024 ** 3;
  constructor(
    readonly target: ArchiveTarget,
    private readonly shelf: Shelf,
  ) {
    this.kind = target.kind === 'folder' ? 'folder' : 'image';
  }
  get written() {
    return this.shelf.written;
  }
  set corrupt(path: string | undefined) {
    this.shelf.corrupt = path;
  }
  get corrupt(): string | undefined {
    return this.shelf.corrupt;
  }
  async capacity(media: MediaSizeId | undefined): Promise<TargetCapacity> {
    return { capacityBytes: this.capacityBytes, ...(media ? { media } : {}), single: this.kind === 'folder' };
  }
  hangWrite = false;
  async write(request: WriteRequest, onProgress: (p: { phase: 'writing'; bytesDone: number; bytesTotal: number }) => void, signal?: AbortSignal): Promise<WrittenDisc> {
    if (this.failWrite) throw this.failWrite;
    if (this.hangWrite) await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    onProgress({ phase: 'writing', bytesDone: request.disc.bytes / 2, bytesTotal: request.disc.bytes });
    const location = `${this.target.kind === 'folder' ? this.target.path : 'img'}#${request.disc.discId}`;
    this.written.set(location, { volumeId: request.disc.volumeId, files: new Map(request.disc.files.map((f) => [f.path, f])) });
    return { location, volumeId: request.disc.volumeId, bytesWritten: request.disc.bytes };
  }
  async readBack(location: string, expected: readonly DiscFile[]): Promise<ReadBackReport> {
    const disc = this.written.get(location);
    if (!disc) throw new Error(`nothing at ${location}`);
    return {
      volumeId: disc.volumeId,
      files: expected.filter((f) => disc.files.has(f.path)).map((f) => ({ path: f.path, size: f.size, sha256: f.path === this.corrupt ? clipId('garbage') : (disc.files.get(f.path)?.sha256 ?? '') })),
      unexpected: [],
      fromDevice: false,
    };
  }
  async release(): Promise<void> {}
}

interface Setup {
  service: ArchiveService;
  catalogue: MemoryCatalogue;
  audit: MemoryAuditLog;
  registry: MemoryRegistry;
  packager: FakePackager;
  writers: Map<string, FakeWriter>;
  shelf: Shelf;
  progress: ArchiveProgress[];
  inVault: Set<string>;
}

async function setup(clips: Clip[], options: { checkpoint?: AuditCheckpoint; service?: ArchiveServiceOptions } = {}): Promise<Setup> {
  const catalogue = new MemoryCatalogue();
  await catalogue.open();
  await catalogue.putMany(clips);
  const audit = new MemoryAuditLog();
  const registry = new MemoryRegistry();
  const packager = new FakePackager();
  const writers = new Map<string, FakeWriter>();
  const shelf = new Shelf();
  const inVault = new Set(clips.map((c) => c.id));
  let t = 0;
  const service = new ArchiveService({
    catalogue,
    vault: { pathOf: (id) => `/vault/${id}`, has: async (id) => inVault.has(id) },
    audit: (entry) => audit.append(entry),
    clock: new FixedClock(new Date('2026-11-23T08:00:00Z')),
    registry,
    packager,
    writers: {
      forTarget: (target) => {
        const key = JSON.stringify(target);
        const writer = writers.get(key) ?? new FakeWriter(target, shelf);
        writers.set(key, writer);
        return writer;
      },
    },
    labels: { writeLabel: async (disc) => `/labels/${disc.id}.pdf` },
    checkpoints: { latestAuditCheckpoint: async () => options.checkpoint },
    station: { name: 'station-01', version: '0.1.0', agencyName: async () => '清远市自然资源局' },
    options: { randomHex: () => '3f2a', monotonicMs: () => (t += 100), progressIntervalMs: 0, ...options.service },
  });
  await service.open();
  const progress: ArchiveProgress[] = [];
  service.events.on('progress', (p) => progress.push(p));
  return { service, catalogue, audit, registry, packager, writers, shelf, progress, inVault };
}

const evidenceClips = () => [
  makeClip({ id: clipId(1), size: 10_000_000, label: makeLabel({ longTerm: 'evidence' }) }),
  makeClip({ id: clipId(2), size: 20_000_000, originalName: 'VID_0002.MP4', label: makeLabel({ longTerm: 'evidence' }) }),
];

describe('an archive job', () => {
  it('packages, writes, reads back, registers the disc as verified, audits every step and empties the queue', async () => {
    const s = await setup(evidenceClips());
    expect(s.service.queue().entries).toHaveLength(1);
    const job = await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/case.iso', media: 'dvd' }, 'clerk(1001)');
    expect(job).toMatchObject({ kind: 'archive', setId: 'ES-20261123-3F2A', startedBy: 'clerk(1001)' });
    const done = await s.service.whenFinished(job.jobId);
    expect(done.state).toBe('done');
    expect(done.copies).toEqual([{ copy: 1, target: 'stdio:/tmp/case.iso', discIds: ['ES-20261123-3F2A-A1'] }]);

    const disc = s.service.disc('ES-20261123-3F2A-A1');
    expect(disc).toMatchObject({ status: 'verified', kind: 'image', media: 'dvd', caseNumbers: [CASE], createdBy: 'clerk(1001)', labelPdf: '/labels/ES-20261123-3F2A-A1.pdf', station: 'station-01' });
    expect(disc.clipIds.sort()).toEqual([clipId(1), clipId(2)].sort());
    expect(disc.verifications).toHaveLength(1);
    expect(disc.verifications[0]).toMatchObject({ ok: true, by: 'clerk(1001)', filesChecked: 5 });
    expect(disc.labelText.join('\n')).toContain('第 1 张 / 共 1 张');
    expect(disc.auditRecord.seq).toBe(1);

    expect(s.audit.actions()).toEqual([
      'archive.started',
      'archive.packaged',
      'archive.planned',
      'archive.disc-written',
      'archive.disc-verified',
      'archive.disc-registered',
      'clip.archived',
      'clip.archived',
      'archive.finished',
    ]);
    expect(s.audit.records.every((r) => r.actor === 'clerk(1001)')).toBe(true);
    expect((await s.audit.verify()).ok).toBe(true);
    expect(s.packager.sets[0]?.auditRecord).toEqual({ seq: 1, hash: s.audit.records[0]?.hash });
    expect(s.packager.discarded).toEqual(['ES-20261123-3F2A']);
    expect(s.service.queue().entries).toEqual([]);
  });

  it('reports one progress value per change, each with its step, bytes and the job it belongs to', async () => {
    const s = await setup(evidenceClips());
    const job = await s.service.start({ clipIds: [clipId(1)], target: 'stdio:/tmp/a.iso' }, 'clerk');
    await s.service.whenFinished(job.jobId);
    const steps = [...new Set(s.progress.map((p) => p.step))];
    expect(steps).toEqual(['planning', 'packaging', 'burning', 'verifying', 'registering', 'done']);
    expect(s.progress.every((p) => p.jobId === job.jobId && p.setId === job.setId)).toBe(true);
    const burning = s.progress.filter((p) => p.step === 'burning');
    expect(burning.at(-1)).toMatchObject({ disc: 1, discs: 1, copy: 1, discId: 'ES-20261123-3F2A-A1' });
    expect(burning.some((p) => p.bytesDone > 0 && p.speed > 0 && p.etaSeconds !== undefined)).toBe(true);
    expect(s.service.job(job.jobId).progress?.step).toBe('done');
  });

  it('a failed burn says why, registers nothing and leaves the queue as it was', async () => {
    const s = await setup(evidenceClips());
    const writer = new FakeWriter({ kind: 'image', path: '/tmp/x.iso' }, s.shelf);
    writer.failWrite = new BurnFailedError('media-too-small', 'Image size 9952s exceeds free space on media 8160s', { neededSectors: 9952, freeSectors: 8160 });
    s.writers.set(JSON.stringify({ kind: 'image', path: '/tmp/x.iso' }), writer);
    const queueBefore = s.service.queue();
    const done = await s.service.whenFinished((await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/x.iso' }, 'clerk')).jobId);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'ARCHIVE_BURN_FAILED', params: { reason: 'media-too-small', toolMessage: 'Image size 9952s exceeds free space on media 8160s', neededSectors: 9952 } });
    expect(s.registry.discs()).toEqual([]);
    expect(s.service.queue()).toEqual(queueBefore);
    expect(s.audit.actions().slice(-2)).toEqual(['archive.disc-write-failed', 'archive.failed']);
    expect(s.progress.at(-1)?.step).toBe('failed');
    expect(s.packager.discarded).toHaveLength(1);
  });

  it('a disc that reads back wrong is registered as failed, named with expected and actual checksum, and counts for nothing', async () => {
    const clips = evidenceClips();
    const s = await setup(clips);
    const target = { kind: 'image' as const, path: '/tmp/bad.iso' };
    const writer = new FakeWriter(target, s.shelf);
    s.writers.set(JSON.stringify(target), writer);
    const plan = await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/bad.iso' }, 'clerk');
    // Corrupt the footage of clip 1 as it "reads back".
    writer.corrupt = `data/${CASE}/清远市宏达建材有限公司/DSJ-A8-000101/20260312-143022_VID_20260312_143022_0001.MP4`;
    const done = await s.service.whenFinished(plan.jobId);
    expect(done.state).toBe('failed');
    expect(done.error).toMatchObject({ code: 'ARCHIVE_VERIFY_FAILED', params: { problems: 1, problem: 'mismatch', expected: clipId(1), actual: clipId('garbage') } });
    const disc = s.registry.discs()[0];
    expect(disc?.status).toBe('failed-verification');
    expect(disc?.verifications[0]?.problems).toEqual([{ path: writer.corrupt, problem: 'mismatch', expected: clipId(1), actual: clipId('garbage') }]);
    expect(s.audit.actions()).toContain('archive.disc-verify-failed');
    expect(s.audit.actions()).not.toContain('clip.archived');
    expect(s.service.queue().entries[0]?.clipIds).toHaveLength(2);
  });

  it('spans a set over several discs, each told what the others hold', async () => {
    const clips = Array.from({ length: 6 }, (_, i) => makeClip({ id: clipId(`s${i}`), size: 40 * 1024 * 1024, originalName: `V${i}.MP4`, label: makeLabel({ longTerm: 'dispute' }) }));
    const s = await setup(clips);
    const target = { kind: 'image' as const, path: '/tmp/span.iso' };
    const writer = new FakeWriter(target, s.shelf);
    writer.capacityBytes = 110 * 1024 * 1024; // two clips per "disc"
    s.writers.set(JSON.stringify(target), writer);
    const done = await s.service.whenFinished((await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/span.iso' }, 'clerk')).jobId);
    expect(done.state).toBe('done');
    expect(done.copies[0]?.discIds).toEqual(['ES-20261123-3F2A-A1', 'ES-20261123-3F2A-A2', 'ES-20261123-3F2A-A3']);
    for (const request of s.packager.staged) {
      expect(request.discCount).toBe(3);
      expect(request.assignments).toHaveLength(6);
      expect(request.items).toHaveLength(2);
    }
    expect(s.registry.discs().map((d) => `${d.index}/${d.count}`)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('makes a second, independent copy when asked (two discs, or disc + disk)', async () => {
    const s = await setup(evidenceClips());
    await s.service.addToQueue({ caseNumber: CASE, copies: 2 }, 'clerk');
    const done = await s.service.whenFinished((await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/a.iso', media: 'bd25', secondTarget: '/media/usb/证据备份' }, 'clerk')).jobId);
    expect(done.state).toBe('done');
    expect(done.copies.map((c) => [c.copy, c.target, c.discIds])).toEqual([
      [1, 'stdio:/tmp/a.iso', ['ES-20261123-3F2A-A1']],
      [2, '/media/usb/证据备份', ['ES-20261123-3F2A-B1']],
    ]);
    expect(s.service.disc('ES-20261123-3F2A-B1')).toMatchObject({ kind: 'folder', copy: 2, copies: 2, media: 'bd25' });
    expect(s.service.queue().entries).toEqual([]);
  });

  it('carries the signed audit checkpoint into the set once the station has one', async () => {
    const s = await setup(evidenceClips(), { checkpoint: { seq: 41, hash: 'c'.repeat(64), signature: 'sig' } });
    await s.service.whenFinished((await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/a.iso' }, 'clerk')).jobId);
    expect(s.packager.sets[0]?.checkpoint).toEqual({ seq: 41, hash: 'c'.repeat(64), signature: 'sig' });
  });
});

describe('closing the station', () => {
  it('stops the running job, drops the queued one, and both end as failed with nothing registered', async () => {
    const s = await setup(evidenceClips());
    const target = { kind: 'image' as const, path: '/tmp/slow.iso' };
    const writer = new FakeWriter(target, s.shelf);
    writer.hangWrite = true;
    s.writers.set(JSON.stringify(target), writer);
    const running = await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/slow.iso' }, 'clerk');
    const queued = await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/other.iso' }, 'clerk');
    while (s.service.job(running.jobId).progress?.step !== 'burning') await new Promise((resolve) => setTimeout(resolve, 1));
    await s.service.close();
    expect(await s.service.whenFinished(running.jobId)).toMatchObject({ state: 'failed', error: { code: 'ARCHIVE_ABORTED' } });
    expect(await s.service.whenFinished(queued.jobId)).toMatchObject({ state: 'failed', error: { code: 'ARCHIVE_ABORTED' } });
    expect(s.registry.discs()).toEqual([]);
    expect(s.audit.actions().slice(-2)).toEqual(['archive.disc-write-failed', 'archive.failed']);
  });
});

describe('refusals, before anything is written', () => {
  it('refuses unlabelled clips, unknown cases, clips missing from the vault and a second copy to the same file', async () => {
    const unlabelled = makeClip({ id: clipId('u') });
    const s = await setup([...evidenceClips(), unlabelled]);
    await expect(s.service.start({ clipIds: [unlabelled.id], target: '/tmp/x' }, 'c')).rejects.toMatchObject({ code: 'ARCHIVE_CLIP_UNLABELLED', params: { count: 1 } });
    await expect(s.service.start({ caseNumber: '无此案（2026）1号', target: '/tmp/x' }, 'c')).rejects.toMatchObject({ code: 'ARCHIVE_NOTHING_TO_ARCHIVE' });
    s.inVault.delete(clipId(2));
    await expect(s.service.start({ caseNumber: CASE, target: '/tmp/x' }, 'c')).rejects.toMatchObject({ code: 'ARCHIVE_CLIP_MISSING', params: { clipId: clipId(2), where: 'vault' } });
    s.inVault.add(clipId(2));
    await expect(s.service.start({ caseNumber: CASE, target: 'stdio:/a.iso', secondTarget: 'stdio:/a.iso' }, 'c')).rejects.toMatchObject({ code: 'ARCHIVE_TARGET_INVALID' });
    expect(s.audit.records).toEqual([]);
  });
});

describe('re-checking a stored disc', () => {
  it('appends the verification; a corrupted disc turns failed and its clips return to the queue', async () => {
    const s = await setup(evidenceClips());
    await s.service.whenFinished((await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/a.iso' }, 'clerk')).jobId);
    const id = 'ES-20261123-3F2A-A1';
    const ok = await s.service.whenFinished((await s.service.recheck(id, 'clerk2')).jobId);
    expect(ok).toMatchObject({ kind: 'recheck', state: 'done', verification: { ok: true, by: 'clerk2' } });
    expect(s.service.disc(id).verifications).toHaveLength(2);

    s.shelf.corrupt = s.service.disc(id).files.find((f) => f.role === 'payload')?.path;
    const bad = await s.service.whenFinished((await s.service.recheck(id, 'clerk2')).jobId);
    expect(bad.state).toBe('failed');
    expect(bad.error?.code).toBe('ARCHIVE_VERIFY_FAILED');
    expect(s.service.disc(id).status).toBe('failed-verification');
    expect(s.audit.records.at(-1)).toMatchObject({ action: 'archive.disc-recheck-failed', before: { status: 'verified' }, after: { status: 'failed-verification' } });
    expect(s.service.queue().entries).toHaveLength(1);
  });

  it('refuses to judge the wrong disc', async () => {
    const s = await setup(evidenceClips());
    await s.service.whenFinished((await s.service.start({ caseNumber: CASE, target: 'stdio:/tmp/a.iso' }, 'clerk')).jobId);
    const id = 'ES-20261123-3F2A-A1';
    const written = s.shelf.written.get(`img#${id}`);
    if (written) written.volumeId = 'SOMETHING_ELSE';
    const result = await s.service.whenFinished((await s.service.recheck(id, 'clerk')).jobId);
    expect(result.error).toMatchObject({ code: 'ARCHIVE_WRONG_DISC', params: { expected: 'ES_20261123_3F2A_A1', actual: 'SOMETHING_ELSE' } });
    expect(s.service.disc(id).status).toBe('verified');
    expect(s.service.disc(id).verifications).toHaveLength(1);
  });
});

describe('the archive contract commands', () => {
  it('parse requests, require an operator, and turn failures into error payloads', async () => {
    const s = await setup(evidenceClips());
    const runner = createArchiveCommandRunner(s.service);
    expect(await runner.execute('archive.queue', {}, { via: 'cli' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const call = { via: 'cli' as const, operator: 'clerk(1)' };
    expect(await runner.execute('archive.start', { target: '/x' }, call)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', fields: { _: { code: 'CASE_OR_CLIPS' } } } });
    expect(await runner.execute('archive.start', { caseNumber: CASE, target: '/x', media: 'floppy' }, call)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await runner.execute('archive.disc', { discId: 'nope' }, call)).toMatchObject({ ok: false, error: { code: 'ARCHIVE_DISC_NOT_FOUND' } });
    const added = await runner.execute('archive.queueAdd', { caseNumber: CASE, copies: 2, note: '重大案件' }, call);
    expect(added).toMatchObject({ ok: true, value: { caseNumber: CASE, copies: 2, addedBy: 'clerk(1)', note: '重大案件' } });
    const queue = await runner.execute('archive.queue', {}, call);
    expect(queue.ok && queue.value.entries[0]?.copiesWanted).toBe(2);
    const started = await runner.execute('archive.start', { caseNumber: CASE, target: 'stdio:/tmp/c.iso' }, call);
    if (!started.ok) throw new Error(started.error.message);
    await s.service.whenFinished(started.value.jobId);
    const discs = await runner.execute('archive.discs', { due: true, intervalDays: 1 }, call);
    expect(discs).toMatchObject({ ok: true, value: { discs: [{ id: 'ES-20261123-3F2A-A1', files: 5 }], due: [] } });
    const shelved = await runner.execute('archive.shelve', { discId: 'ES-20261123-3F2A-A1', shelf: '档案室 3 号柜 B 层' }, call);
    expect(shelved).toMatchObject({ ok: true, value: { shelf: '档案室 3 号柜 B 层' } });
    expect(s.audit.records.at(-1)).toMatchObject({ action: 'archive.disc-shelved', actor: 'clerk(1)', before: { shelf: null }, after: { shelf: '档案室 3 号柜 B 层' } });
  });
});
