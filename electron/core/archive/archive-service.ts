/**
 * The archive service: the only code that knows the order of an archive job.
 *
 *   resolve clips -> audit 'archive.started' -> sheets (PDF) -> for each copy: plan discs ->
 *   for each disc: stage bag -> write (burn / copy) -> read back from the medium -> judge against the
 *   catalogue -> register in the disc registry -> audit -> release (eject)
 *
 * A copy is "verified" only when every file read back from the medium matches; only verified discs take
 * clips out of the queue. A failed write registers nothing; a disc that reads back wrong is registered
 * as 'failed-verification' (it exists and must be destroyed or kept apart) and never counts. Every state
 * change is audited with the actor. One job runs at a time (one recorder, and the disks are shared).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import PQueue from 'p-queue';
import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import type { Clip, ClipLabel } from '../domain/clip.js';
import { ProgressMeter } from '../dock/progress-meter.js';
import { normaliseCaseNumber } from '../labels/label-rules.js';
import type { CatalogueStore, Clock, Vault } from '../ports.js';
import { ArchiveError, VerificationFailedError, isArchiveError } from './errors.js';
import { layoutClips, makeDiscId, makeSetId, volumeIdOf } from './layout.js';
import {
  describeTarget,
  parseArchiveTarget,
  type ArchiveCopyResult,
  type ArchiveJob,
  type ArchiveJobError,
  type ArchiveProgress,
  type ArchiveQueue,
  type ArchiveStep,
  type ArchiveTarget,
  type DiscRecord,
  type DiscVerification,
  type DueDisc,
  type ManualQueueEntry,
  type MediaSizeId,
} from './model.js';
import type { ArchiveItem, ArchivePackager, ArchiveSetInfo, AuditCheckpointSource, DiscLabelWriter, DiscRegistryStore, DiscWriter, DiscWriterFactory, StagedDisc } from './ports.js';
import { buildArchiveQueue, DEFAULT_RECHECK_INTERVAL_DAYS, discsDueForRecheck } from './queue.js';
import { planSpanning, tagReserveFor, type SpanUnit } from './spanning.js';
import { judgeReadBack } from './verification.js';

export interface ArchiveServiceDeps {
  catalogue: Pick<CatalogueStore, 'get' | 'query'>;
  vault: Pick<Vault, 'pathOf' | 'has'>;
  /** Appends to the station's hash-chained audit log; resolves with the written record. */
  audit(entry: AuditEntry): Promise<AuditRecord>;
  clock: Clock;
  registry: DiscRegistryStore;
  packager: ArchivePackager;
  writers: DiscWriterFactory;
  labels: DiscLabelWriter;
  checkpoints: AuditCheckpointSource;
  station: { name: string; version: string; agencyName(): Promise<string> };
  options?: ArchiveServiceOptions;
}

export interface ArchiveServiceOptions {
  utcOffsetMinutes?: number;
  recheckIntervalDays?: number;
  /** Minimum time between two progress values of one step. */
  progressIntervalMs?: number;
  /** Monotonic milliseconds for speed and ETA. */
  monotonicMs?: () => number;
  /** Four hex digits that make a set id unique within a day. */
  randomHex?: () => string;
  /** Finished jobs kept for polling. */
  keepJobs?: number;
}

export interface StartArchiveRequest {
  caseNumber?: string;
  clipIds?: string[];
  target: string;
  media?: MediaSizeId;
  /** A second, independent copy for the most important cases (two discs, or disc + disk). */
  secondTarget?: string;
  secondMedia?: MediaSizeId;
}

export interface QueueAddRequest {
  caseNumber?: string;
  clipIds?: string[];
  copies?: number;
  note?: string;
}

export interface ArchiveEvents {
  progress: [ArchiveProgress];
  job: [ArchiveJob];
}

interface CopyPlan {
  copy: number;
  target: ArchiveTarget;
  media?: MediaSizeId;
}

export const ARCHIVE_ACTOR_SYSTEM = 'station:archive';

export class ArchiveService {
  readonly events = new EventEmitter<ArchiveEvents>();
  private readonly jobs = new Map<string, ArchiveJob>();
  private readonly finished = new Map<string, Promise<ArchiveJob>>();
  private readonly controllers = new Map<string, AbortController>();
  /** Resolvers of jobs not finished yet (so a job dropped from the queue still settles). */
  private readonly unsettled = new Map<string, (job: ArchiveJob) => void>();
  private readonly work = new PQueue({ concurrency: 1 });
  private readonly utcOffsetMinutes: number;
  private readonly monotonicMs: () => number;
  private opened = false;

  constructor(private readonly deps: ArchiveServiceDeps) {
    this.utcOffsetMinutes = deps.options?.utcOffsetMinutes ?? 480;
    this.monotonicMs = deps.options?.monotonicMs ?? (() => performance.now());
  }

  async open(): Promise<void> {
    if (this.opened) return;
    await this.deps.registry.open();
    this.opened = true;
  }

  /** Asks running jobs to stop, drops queued ones (they end as failed), waits; then closes the registry. */
  async close(): Promise<void> {
    for (const controller of this.controllers.values()) controller.abort(new ArchiveError('ARCHIVE_ABORTED', 'the station is closing'));
    this.work.clear();
    for (const [jobId, settle] of this.unsettled) {
      const job = this.jobs.get(jobId);
      if (job?.state !== 'queued') continue;
      job.state = 'failed';
      job.error = { code: 'ARCHIVE_ABORTED', message: 'the station closed before the job could start', params: {} };
      job.finishedAt = this.deps.clock.now().toISOString();
      settle(structuredClone(job));
    }
    await this.work.onIdle();
    if (this.opened) await this.deps.registry.close();
    this.opened = false;
  }

  // ---- queue ------------------------------------------------------------------------------

  queue(): ArchiveQueue {
    return buildArchiveQueue({ clips: this.allClips(), discs: this.deps.registry.discs(), manual: this.deps.registry.manualQueue(), now: this.deps.clock.now() });
  }

  /** The clerk picks a case or a selection by hand, optionally asking for two copies. Audited. */
  async addToQueue(request: QueueAddRequest, actor: string): Promise<ManualQueueEntry> {
    const caseNumber = request.caseNumber === undefined ? undefined : normaliseCaseNumber(request.caseNumber);
    const clipIds = [...new Set(request.clipIds ?? [])];
    if (caseNumber === undefined && clipIds.length === 0) throw new ArchiveError('ARCHIVE_NOTHING_TO_ARCHIVE', 'name a case number or clips');
    for (const id of clipIds) if (this.deps.catalogue.get(id) === undefined) throw new ArchiveError('ARCHIVE_CLIP_MISSING', `no clip ${id}`, { clipId: id });
    if (caseNumber !== undefined && this.clipsOfCase(caseNumber).length === 0) throw new ArchiveError('ARCHIVE_NOTHING_TO_ARCHIVE', `no clip is labelled with case ${caseNumber}`, { caseNumber });
    const entry: ManualQueueEntry = {
      id: randomUUID(),
      ...(caseNumber === undefined ? {} : { caseNumber }),
      clipIds,
      copies: Math.min(2, Math.max(1, request.copies ?? 1)),
      addedAt: this.deps.clock.now().toISOString(),
      addedBy: actor,
      ...(request.note === undefined ? {} : { note: request.note }),
    };
    await this.deps.registry.putManualQueue([...this.deps.registry.manualQueue(), entry]);
    await this.deps.audit({ actor, action: 'archive.queue-added', target: 'archive-queue', after: entry });
    return entry;
  }

  // ---- discs ------------------------------------------------------------------------------

  discs(): DiscRecord[] {
    return this.deps.registry.discs();
  }

  disc(discId: string): DiscRecord {
    const disc = this.deps.registry.get(discId);
    if (disc === undefined) throw new ArchiveError('ARCHIVE_DISC_NOT_FOUND', `no disc ${discId} in the registry`, { discId });
    return disc;
  }

  due(intervalDays = this.deps.options?.recheckIntervalDays ?? DEFAULT_RECHECK_INTERVAL_DAYS): DueDisc[] {
    return discsDueForRecheck(this.deps.registry.discs(), this.deps.clock.now(), intervalDays);
  }

  /** Records where a disc is kept. Audited with before and after. */
  async shelve(discId: string, shelf: string, actor: string): Promise<DiscRecord> {
    const disc = this.disc(discId);
    const updated: DiscRecord = { ...disc, shelf };
    await this.deps.registry.putDiscs([updated]);
    await this.deps.audit({ actor, action: 'archive.disc-shelved', target: `disc:${discId}`, before: { shelf: disc.shelf ?? null }, after: { shelf } });
    return updated;
  }

  // ---- jobs -------------------------------------------------------------------------------

  job(jobId: string): ArchiveJob {
    const job = this.jobs.get(jobId);
    if (job === undefined) throw new ArchiveError('ARCHIVE_JOB_NOT_FOUND', `no archive job ${jobId}`, { jobId });
    return structuredClone(job);
  }

  jobList(): ArchiveJob[] {
    return [...this.jobs.values()].map((job) => structuredClone(job));
  }

  /** Resolves when the job has finished (done or failed); never rejects. */
  whenFinished(jobId: string): Promise<ArchiveJob> {
    const pending = this.finished.get(jobId);
    if (pending === undefined) throw new ArchiveError('ARCHIVE_JOB_NOT_FOUND', `no archive job ${jobId}`, { jobId });
    return pending;
  }

  /**
   * Checks the request at once (clips, labels, vault, targets) and queues the job. Resolves with the job
   * as queued; follow it with `job()`, `whenFinished()` or the 'progress' event.
   */
  async start(request: StartArchiveRequest, actor: string): Promise<ArchiveJob> {
    const items = await this.resolveItems(request);
    const copies = this.copyPlans(request);
    const setId = makeSetId(this.deps.clock.now(), this.deps.options?.randomHex?.() ?? randomBytes(2).toString('hex'), this.utcOffsetMinutes);
    return this.enqueue('archive', setId, actor, (job, signal) => this.runArchive(job, items, copies, actor, signal));
  }

  /** Reads a registered disc back again (the scheduled re-check, or on demand). */
  async recheck(discId: string, actor: string, location?: string): Promise<ArchiveJob> {
    const disc = this.disc(discId);
    return this.enqueue('recheck', disc.setId, actor, (job, signal) => this.runRecheck(job, disc.id, actor, location, signal));
  }

  private enqueue(kind: ArchiveJob['kind'], setId: string, actor: string, run: (job: ArchiveJob, signal: AbortSignal) => Promise<void>): ArchiveJob {
    const job: ArchiveJob = { jobId: randomUUID(), kind, setId, state: 'queued', startedAt: this.deps.clock.now().toISOString(), startedBy: actor, copies: [] };
    this.jobs.set(job.jobId, job);
    this.pruneJobs();
    const controller = new AbortController();
    this.controllers.set(job.jobId, controller);
    let settle: (value: ArchiveJob) => void = () => undefined;
    const done = new Promise<ArchiveJob>((resolve) => (settle = resolve));
    this.unsettled.set(job.jobId, settle);
    void this.work
      .add(async () => {
        job.state = 'running';
        this.events.emit('job', structuredClone(job));
        try {
          controller.signal.throwIfAborted();
          await run(job, controller.signal);
          job.state = 'done';
        } catch (error) {
          job.state = 'failed';
          job.error = toJobError(error);
          if (job.progress) job.progress = { ...job.progress, step: 'failed', message: job.error.message };
        } finally {
          job.finishedAt = this.deps.clock.now().toISOString();
          this.controllers.delete(job.jobId);
        }
      })
      .catch((error: unknown) => {
        // Cleared from the queue before it ran (station closing).
        job.state = 'failed';
        job.error = toJobError(error);
      })
      .then(() => {
        this.unsettled.delete(job.jobId);
        this.events.emit('job', structuredClone(job));
        settle(structuredClone(job));
      });
    this.finished.set(job.jobId, done);
    return structuredClone(job);
  }

  private pruneJobs(): void {
    const keep = this.deps.options?.keepJobs ?? 50;
    const finished = [...this.jobs.values()].filter((job) => job.state === 'done' || job.state === 'failed');
    for (const job of finished.slice(0, Math.max(0, finished.length - keep))) {
      this.jobs.delete(job.jobId);
      this.finished.delete(job.jobId);
    }
  }

  // ---- the archive job ----------------------------------------------------------------------

  private async runArchive(job: ArchiveJob, resolved: { clip: Clip; label: ClipLabel }[], copies: CopyPlan[], actor: string, signal: AbortSignal): Promise<void> {
    const progress = this.progressFor(job, copies.length);
    const setTarget = `archive-set:${job.setId}`;
    const started = await this.deps.audit({
      actor,
      action: 'archive.started',
      target: setTarget,
      detail: {
        clipIds: resolved.map((item) => item.clip.id),
        caseNumbers: [...new Set(resolved.map((item) => item.label.caseNumber))],
        targets: copies.map((copy) => ({ copy: copy.copy, target: describeTarget(copy.target), media: copy.media ?? null })),
      },
    });
    try {
      progress.step('planning', {});
      const checkpoint = await this.deps.checkpoints.latestAuditCheckpoint();
      const set: ArchiveSetInfo = {
        setId: job.setId,
        createdAt: this.deps.clock.now().toISOString(),
        createdBy: actor,
        station: this.deps.station.name,
        stationVersion: this.deps.station.version,
        agencyName: await this.deps.station.agencyName(),
        copies: copies.length,
        auditRecord: { seq: started.seq, hash: started.hash },
        ...(checkpoint === undefined ? {} : { checkpoint }),
        utcOffsetMinutes: this.utcOffsetMinutes,
      };
      const laidOut = layoutClips(
        resolved.map((item) => ({ ...item.clip, label: item.label })),
        { utcOffsetMinutes: this.utcOffsetMinutes },
      );
      const items: ArchiveItem[] = resolved.map((item, i) => ({
        clip: item.clip,
        label: item.label,
        vaultPath: this.deps.vault.pathOf(item.clip.id),
        payloadPath: laidOut[i]?.payloadPath ?? '',
        sheetPath: laidOut[i]?.sheetPath ?? '',
      }));

      progress.step('packaging', {});
      const sheetSizes = await this.deps.packager.prepareSheets(set, items, signal);
      const units: SpanUnit[] = [...items]
        .sort((a, b) => a.payloadPath.localeCompare(b.payloadPath))
        .map((item) => ({ id: item.clip.id, group: item.label.caseNumber, fileSizes: [item.clip.size, sheetSizes.get(item.clip.id) ?? 0] }));
      await this.deps.audit({ actor, action: 'archive.packaged', target: setTarget, detail: { clips: items.length, sheets: sheetSizes.size, payloadBytes: items.reduce((n, item) => n + item.clip.size, 0) } });

      let lastMedia: MediaSizeId | undefined;
      for (const planned of copies) {
        signal.throwIfAborted();
        // A second copy on the same kind of recorder: the drive is empty after the first copy was
        // ejected, so plan it for the media the first copy found.
        const copy = planned.media === undefined && planned.target.kind === 'optical' && lastMedia !== undefined ? { ...planned, media: lastMedia } : planned;
        const result = await this.writeCopy(set, items, units, copy, actor, progress, signal);
        job.copies.push(result.copy);
        lastMedia = result.media ?? lastMedia;
      }
      progress.step('done', {});
      await this.deps.audit({ actor, action: 'archive.finished', target: setTarget, detail: { copies: job.copies } });
    } catch (error) {
      progress.step('failed', { message: error instanceof Error ? error.message : String(error) });
      await this.deps.audit({ actor, action: 'archive.failed', target: setTarget, detail: { ...toJobError(error), copiesDone: job.copies } });
      throw error;
    } finally {
      await this.deps.packager.discard(job.setId).catch(() => undefined);
    }
  }

  private async writeCopy(set: ArchiveSetInfo, items: ArchiveItem[], units: SpanUnit[], copy: CopyPlan, actor: string, progress: JobProgress, signal: AbortSignal): Promise<{ copy: ArchiveCopyResult; media?: MediaSizeId }> {
    const writer = this.deps.writers.forTarget(copy.target);
    const capacity = await writer.capacity(copy.media, signal);
    const plan = planSpanning(units, { capacityBytes: capacity.single ? Number.POSITIVE_INFINITY : capacity.capacityBytes, tagReserveBytes: tagReserveFor(units.length * 2) });
    const byId = new Map(items.map((item) => [item.clip.id, item]));
    const discIds = plan.discs.map((disc) => makeDiscId(set.setId, copy.copy, disc.index));
    const assignments = plan.discs.flatMap((disc, i) => disc.unitIds.map((id) => ({ discIndex: disc.index, discId: discIds[i] ?? '', item: byId.get(id) as ArchiveItem })));
    await this.deps.audit({
      actor,
      action: 'archive.planned',
      target: `archive-set:${set.setId}`,
      detail: { copy: copy.copy, target: describeTarget(copy.target), media: capacity.media ?? null, discs: plan.discs.map((disc, i) => ({ discId: discIds[i], clips: disc.unitIds.length, bytes: disc.bytes, cases: disc.groups })), splitCases: plan.splitGroups },
    });

    const written: string[] = [];
    for (const [i, planned] of plan.discs.entries()) {
      signal.throwIfAborted();
      const discId = discIds[i] ?? '';
      const where = { copy: copy.copy, disc: planned.index, discs: plan.discs.length, discId };
      progress.step('packaging', where);
      const staged = await this.deps.packager.stageDisc(
        {
          set,
          copy: copy.copy,
          discIndex: planned.index,
          discCount: plan.discs.length,
          discId,
          volumeId: volumeIdOf(discId),
          items: planned.unitIds.map((id) => byId.get(id) as ArchiveItem),
          assignments,
        },
        signal,
      );
      const record = await this.writeVerifyRegister(writer, staged, planned.index, plan.discs.length, copy, capacity.media, set, actor, progress, where, signal);
      written.push(record.id);
      if (record.status !== 'verified') throw new VerificationFailedError(record.id, record.verifications.at(-1)?.problems ?? []);
    }
    return { copy: { copy: copy.copy, target: describeTarget(copy.target), discIds: written }, ...(capacity.media === undefined ? {} : { media: capacity.media }) };
  }

  private async writeVerifyRegister(
    writer: DiscWriter,
    staged: StagedDisc,
    index: number,
    count: number,
    copy: CopyPlan,
    media: MediaSizeId | undefined,
    set: ArchiveSetInfo,
    actor: string,
    progress: JobProgress,
    where: { copy: number; disc: number; discs: number; discId: string },
    signal: AbortSignal,
  ): Promise<DiscRecord> {
    const discTarget = `disc:${staged.discId}`;
    const writeStep: ArchiveStep = writer.kind === 'folder' ? 'writing' : 'burning';
    progress.step(writeStep, { ...where, bytesTotal: staged.bytes });
    const startedMs = this.monotonicMs();
    let written;
    try {
      written = await writer.write({ disc: staged, index, count, copy: copy.copy, ...(media === undefined ? {} : { media }) }, (p) => {
        if (p.phase === 'waiting-for-media') progress.step('waiting-for-media', { ...where, bytesTotal: staged.bytes, ...(p.message === undefined ? {} : { message: p.message }) });
        else progress.bytes(writeStep, p.bytesDone, p.bytesTotal);
      }, signal);
    } catch (error) {
      // Nothing is registered: the queue still shows every clip of this disc.
      await this.deps.audit({ actor, action: 'archive.disc-write-failed', target: discTarget, detail: { target: describeTarget(copy.target), ...toJobError(error) } });
      throw error;
    }
    await this.deps.audit({
      actor,
      action: 'archive.disc-written',
      target: discTarget,
      detail: { location: written.location, volumeId: written.volumeId, bytes: written.bytesWritten, files: staged.files.length, seconds: Math.round((this.monotonicMs() - startedMs) / 100) / 10 },
    });

    progress.step('verifying', { ...where, bytesTotal: staged.files.reduce((n, file) => n + file.size, 0) });
    const verification = await this.readBackAndJudge(writer, written.location, staged.files, actor, progress, signal);
    await this.deps.audit({
      actor,
      action: verification.ok ? 'archive.disc-verified' : 'archive.disc-verify-failed',
      target: discTarget,
      detail: { files: verification.filesChecked, bytes: verification.bytesChecked, fromDevice: verification.fromDevice, problems: verification.problems.slice(0, 10), moreProblems: Math.max(0, verification.problems.length - 10) + (verification.moreProblems ?? 0) },
    });

    progress.step('registering', where);
    const payload = staged.files.filter((file) => file.role === 'payload' && file.clipId !== undefined);
    const clips = payload.map((file) => this.deps.catalogue.get(file.clipId ?? '')).filter((clip): clip is Clip => clip !== undefined);
    const record: DiscRecord = {
      id: staged.discId,
      setId: set.setId,
      copy: copy.copy,
      copies: set.copies,
      index,
      count,
      kind: writer.kind,
      location: written.location,
      ...(media === undefined ? {} : { media }),
      volumeId: written.volumeId,
      status: verification.ok ? 'verified' : 'failed-verification',
      createdAt: this.deps.clock.now().toISOString(),
      createdBy: actor,
      station: set.station,
      caseNumbers: [...new Set(clips.map((clip) => clip.label?.caseNumber ?? ''))].filter(Boolean),
      parties: [...new Set(clips.map((clip) => clip.label?.party ?? ''))].filter(Boolean),
      clipIds: payload.map((file) => file.clipId ?? ''),
      files: staged.files,
      bytes: staged.bytes,
      auditRecord: set.auditRecord,
      labelText: [],
      verifications: [verification],
    };
    record.labelText = discLabelText(record, set.agencyName, this.utcOffsetMinutes);
    try {
      record.labelPdf = await this.deps.labels.writeLabel(record);
    } catch (error) {
      // The label is a printout; its failure is recorded, the verified copy stands.
      await this.deps.audit({ actor, action: 'archive.label-failed', target: discTarget, detail: toJobError(error) });
    }
    await this.deps.registry.putDiscs([record]);
    await this.deps.audit({ actor, action: 'archive.disc-registered', target: discTarget, after: { status: record.status, setId: record.setId, copy: record.copy, index, count, kind: record.kind, location: record.location, volumeId: record.volumeId, clips: record.clipIds.length, labelPdf: record.labelPdf ?? null } });
    if (record.status === 'verified') {
      // Each clip's own history shows where its long-term copies are (R3.3).
      await Promise.all(
        payload.map((file) => this.deps.audit({ actor, action: 'clip.archived', target: `clip:${file.clipId}`, detail: { discId: record.id, setId: record.setId, copy: record.copy, path: file.path, verified: true } })),
      );
    }
    await writer.release(written.location).catch(() => undefined);
    return record;
  }

  private async readBackAndJudge(writer: DiscWriter, location: string, files: DiscVerificationInput, actor: string, progress: JobProgress, signal: AbortSignal): Promise<DiscVerification> {
    let report;
    try {
      report = await writer.readBack(location, files, (p) => progress.bytes('verifying', p.bytesDone, p.bytesTotal, p.currentFile), signal);
    } catch (error) {
      if (isArchiveError(error) && error.code === 'ARCHIVE_ABORTED') throw error;
      if (signal.aborted) throw error;
      // The medium could not be read at all: that is a failed verification, not a crash.
      report = { files: [], unexpected: [], fromDevice: false };
      const detail = error instanceof Error ? error.message : String(error);
      return { ...judgeReadBack({ expected: files, report, catalogue: (id) => this.catalogueHash(id), at: this.deps.clock.now().toISOString(), by: actor }), problems: [{ path: '/', problem: 'unreadable', detail }, ...files.slice(0, 49).map((file) => ({ path: file.path, problem: 'unreadable' as const, expected: file.sha256 }))] };
    }
    return judgeReadBack({ expected: files, report, catalogue: (id) => this.catalogueHash(id), at: this.deps.clock.now().toISOString(), by: actor });
  }

  private catalogueHash(clipId: string): { sha256: string; size: number } | undefined {
    const clip = this.deps.catalogue.get(clipId);
    return clip === undefined ? undefined : { sha256: clip.id, size: clip.size };
  }

  // ---- the re-check job ---------------------------------------------------------------------

  private async runRecheck(job: ArchiveJob, discId: string, actor: string, location: string | undefined, signal: AbortSignal): Promise<void> {
    const disc = this.disc(discId);
    const where = location ?? disc.location;
    const target: ArchiveTarget = disc.kind === 'optical' ? { kind: 'optical', device: where } : disc.kind === 'image' ? { kind: 'image', path: where } : { kind: 'folder', path: where };
    const writer = this.deps.writers.forTarget(target);
    const progress = this.progressFor(job, disc.copies);
    progress.step('verifying', { copy: disc.copy, disc: disc.index, discs: disc.count, discId, bytesTotal: disc.files.reduce((n, file) => n + file.size, 0) });
    let verification: DiscVerification;
    try {
      const report = await writer.readBack(where, disc.files, (p) => progress.bytes('verifying', p.bytesDone, p.bytesTotal, p.currentFile), signal);
      if (report.volumeId !== undefined && report.volumeId !== disc.volumeId) {
        throw new ArchiveError('ARCHIVE_WRONG_DISC', `the disc in ${where} is ${report.volumeId}, not ${disc.volumeId}`, { expected: disc.volumeId, actual: report.volumeId, discId });
      }
      verification = judgeReadBack({ expected: disc.files, report, catalogue: (id) => this.catalogueHash(id), at: this.deps.clock.now().toISOString(), by: actor });
    } catch (error) {
      if (signal.aborted || (isArchiveError(error) && (error.code === 'ARCHIVE_WRONG_DISC' || error.code === 'ARCHIVE_TOOL_MISSING'))) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      verification = { at: this.deps.clock.now().toISOString(), by: actor, ok: false, filesChecked: disc.files.length, bytesChecked: 0, fromDevice: false, problems: [{ path: '/', problem: 'unreadable', detail }] };
    }
    const updated: DiscRecord = { ...disc, status: verification.ok ? 'verified' : 'failed-verification', verifications: [...disc.verifications, verification] };
    await this.deps.registry.putDiscs([updated]);
    await this.deps.audit({
      actor,
      action: verification.ok ? 'archive.disc-rechecked' : 'archive.disc-recheck-failed',
      target: `disc:${discId}`,
      before: { status: disc.status },
      after: { status: updated.status },
      detail: { location: where, files: verification.filesChecked, bytes: verification.bytesChecked, fromDevice: verification.fromDevice, problems: verification.problems.slice(0, 10) },
    });
    job.verification = verification;
    progress.step(verification.ok ? 'done' : 'failed', { copy: disc.copy, disc: disc.index, discs: disc.count, discId });
    if (!verification.ok) throw new VerificationFailedError(discId, verification.problems);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Every clip in the catalogue, page by page (the catalogue hands out pages in display order cheaply). */
  private *allClips(): Generator<Clip> {
    const pageSize = 1000;
    for (let offset = 0; ; offset += pageSize) {
      const page = this.deps.catalogue.query({ offset, limit: pageSize });
      yield* page.items;
      if (page.items.length < pageSize || offset + pageSize >= page.total) return;
    }
  }

  private clipsOfCase(caseNumber: string): Clip[] {
    const wanted = normaliseCaseNumber(caseNumber);
    const found: Clip[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = this.deps.catalogue.query({ caseNumber, offset, limit: 1000 });
      found.push(...page.items.filter((clip) => clip.label !== undefined && normaliseCaseNumber(clip.label.caseNumber) === wanted));
      if (page.items.length < 1000 || offset + 1000 >= page.total) break;
    }
    return found;
  }

  private async resolveItems(request: StartArchiveRequest): Promise<{ clip: Clip; label: ClipLabel }[]> {
    const clips = new Map<string, Clip>();
    if (request.caseNumber !== undefined) for (const clip of this.clipsOfCase(request.caseNumber)) clips.set(clip.id, clip);
    for (const id of request.clipIds ?? []) {
      const clip = this.deps.catalogue.get(id);
      if (clip === undefined) throw new ArchiveError('ARCHIVE_CLIP_MISSING', `no clip ${id} in the catalogue`, { clipId: id, where: 'catalogue' });
      clips.set(id, clip);
    }
    if (clips.size === 0) throw new ArchiveError('ARCHIVE_NOTHING_TO_ARCHIVE', 'no clip matches the case number or selection', { caseNumber: request.caseNumber ?? '' });
    const unlabelled = [...clips.values()].filter((clip) => clip.label === undefined);
    if (unlabelled.length > 0) throw new ArchiveError('ARCHIVE_CLIP_UNLABELLED', `${unlabelled.length} clip(s) have no label yet`, { count: unlabelled.length, clipId: unlabelled[0]?.id ?? '' });
    for (const clip of clips.values()) {
      if (!(await this.deps.vault.has(clip.id))) throw new ArchiveError('ARCHIVE_CLIP_MISSING', `clip ${clip.id} is not in the vault`, { clipId: clip.id, where: 'vault' });
    }
    return [...clips.values()].map((clip) => ({ clip, label: clip.label as ClipLabel }));
  }

  private copyPlans(request: StartArchiveRequest): CopyPlan[] {
    const first = parseArchiveTarget(request.target);
    if (first === undefined) throw new ArchiveError('ARCHIVE_TARGET_INVALID', 'name a target: an optical drive, stdio:IMAGE_FILE or a folder', { target: request.target });
    const plans: CopyPlan[] = [{ copy: 1, target: first, ...(request.media === undefined ? {} : { media: request.media }) }];
    if (request.secondTarget !== undefined) {
      const second = parseArchiveTarget(request.secondTarget);
      if (second === undefined) throw new ArchiveError('ARCHIVE_TARGET_INVALID', 'the second target is empty', { target: request.secondTarget });
      // The same recorder may take both copies (a fresh blank disc each time); a file or folder may not.
      if (second.kind !== 'optical' && describeTarget(second) === describeTarget(first)) {
        throw new ArchiveError('ARCHIVE_TARGET_INVALID', 'the second copy must go to another image file or folder', { target: request.secondTarget });
      }
      const secondMedia = request.secondMedia ?? request.media;
      plans.push({ copy: 2, target: second, ...(secondMedia === undefined ? {} : { media: secondMedia }) });
    }
    return plans;
  }

  private progressFor(job: ArchiveJob, copies: number): JobProgress {
    return new JobProgress(
      { jobId: job.jobId, setId: job.setId, copies },
      (value) => {
        job.progress = value;
        this.events.emit('progress', value);
      },
      this.monotonicMs,
      this.deps.options?.progressIntervalMs ?? 250,
    );
  }
}

type DiscVerificationInput = StagedDisc['files'];

/** One progress value per job: speed and ETA over a sliding window, at most one per interval per step. */
class JobProgress {
  private meter = new ProgressMeter();
  private current: ArchiveProgress;
  private lastEmitMs = Number.NEGATIVE_INFINITY;

  constructor(
    base: { jobId: string; setId: string; copies: number },
    private readonly emit: (value: ArchiveProgress) => void,
    private readonly nowMs: () => number,
    private readonly intervalMs: number,
  ) {
    this.current = { jobId: base.jobId, setId: base.setId, step: 'planning', copy: 0, copies: base.copies, disc: 0, discs: 0, bytesDone: 0, bytesTotal: 0, speed: 0 };
  }

  step(step: ArchiveStep, fields: Partial<Omit<ArchiveProgress, 'jobId' | 'setId' | 'step'>>): void {
    const changed = step !== this.current.step;
    this.current = { ...this.current, step, bytesDone: 0, speed: 0, ...fields };
    delete this.current.etaSeconds;
    if (fields.currentFile === undefined) delete this.current.currentFile;
    if (fields.message === undefined) delete this.current.message;
    if (changed) this.meter = new ProgressMeter();
    this.meter.sample(this.nowMs(), 0);
    this.push(true);
  }

  bytes(step: ArchiveStep, bytesDone: number, bytesTotal: number, currentFile?: string): void {
    const at = this.nowMs();
    this.meter.sample(at, bytesDone);
    const eta = this.meter.etaSeconds(Math.max(0, bytesTotal - bytesDone));
    this.current = { ...this.current, step, bytesDone, bytesTotal, speed: Math.round(this.meter.speed()) };
    if (eta === undefined) delete this.current.etaSeconds;
    else this.current.etaSeconds = eta;
    if (currentFile !== undefined) this.current.currentFile = currentFile;
    this.push(bytesDone >= bytesTotal);
  }

  private push(force: boolean): void {
    const at = this.nowMs();
    if (!force && at - this.lastEmitMs < this.intervalMs) return;
    this.lastEmitMs = at;
    this.emit({ ...this.current });
  }
}

/** The words printed on the disc and the case insert (zh-CN; a disc outlives any UI language setting). */
export function discLabelText(disc: DiscRecord, agencyName: string, utcOffsetMinutes = 480): string[] {
  const date = new Date(Date.parse(disc.createdAt) + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  const copyLetter = String.fromCharCode(64 + disc.copy);
  return [
    `${agencyName || '执法记录'} 长期保存光盘`.trim(),
    `光盘编号：${disc.id}`,
    `第 ${disc.index} 张 / 共 ${disc.count} 张\u3000副本 ${copyLetter}${disc.copies > 1 ? `（共 ${disc.copies} 份）` : ''}`,
    `案号：${disc.caseNumbers.join('、') || '—'}`,
    `当事人：${disc.parties.join('、') || '—'}`,
    `文件：${disc.clipIds.length} 个视听资料，${disc.bytes >= 1024 ** 3 ? `${(disc.bytes / 1024 ** 3).toFixed(2)} GB` : `${(disc.bytes / 1024 ** 2).toFixed(1)} MB`}`,
    `制作：${date}\u3000${disc.createdBy}\u3000${disc.station}`,
    `校验：SHA-256 逐一回读${disc.status === 'verified' ? '一致' : '不一致（不得作为证据使用）'}`,
  ];
}

function toJobError(error: unknown): ArchiveJobError {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && 'params' in error && typeof error.params === 'object' && error.params !== null) {
    return { code: error.code, message: error.message, params: error.params as Record<string, string | number> };
  }
  if (error instanceof Error && error.name === 'AbortError') return { code: 'ARCHIVE_ABORTED', message: error.message, params: {} };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), params: {} };
}
