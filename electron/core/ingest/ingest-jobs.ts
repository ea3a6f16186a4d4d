/**
 * What each ingest job does. The order in which they run is decided in pipeline/jobs.ts, not here.
 * A file counts as ingested only after the vault has verified its copy; only then is it catalogued.
 */
import type { Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import { hoursLate } from '../dock/hand-in-policy.js';
import type { LiveDock } from '../dock/live-dock.js';
import type { Job, JobResult } from '../pipeline/jobs.js';
import type { StationContext } from '../station-context.js';

/** Keep a little room so the vault's filesystem never fills to the last byte (catalogue and audit need it). */
const FREE_SPACE_RESERVE = 64 * 1024 * 1024;

export function createIngestJobHandler(ctx: StationContext) {
  return async function handle(job: Job): Promise<JobResult> {
    switch (job.name) {
      case 'dock.scan':
        return scan(ctx, ctx.docks.live(job.sessionId));
      case 'file.copy':
        return copy(ctx, ctx.docks.live(job.sessionId), job.index);
      case 'file.record':
        return record(ctx, ctx.docks.live(job.sessionId), job.index, job.copy.sha256, job.copy.status);
      case 'clip.thumbnail':
        return thumbnail(ctx, job.clipId);
      case 'dock.finish':
        await ctx.docks.finish(job.sessionId);
        return { status: 'done' };
    }
  };
}

async function scan(ctx: StationContext, dock: LiveDock): Promise<JobResult> {
  const session = dock.session;
  let listing;
  try {
    listing = await ctx.ports.volumes.list(session.sourceRoot);
  } catch (error) {
    await ctx.docks.stop(dock, 'interrupted', 'SOURCE_VANISHED', describe(error));
    return { status: 'stopped' };
  }
  dock.listing = listing;
  session.camera = listing.identity;
  session.clockOffsetMs = listing.clockOffsetMs;
  session.progress.filesTotal = listing.files.length;
  session.progress.bytesTotal = listing.files.reduce((sum, file) => sum + file.size, 0);
  session.progress.step = 'copying';
  for (const refused of listing.refused) {
    session.problems.push({ originalPath: refused.relativePath, code: 'UNSAFE_ENTRY', message: refused.reason, params: { reason: refused.reason } });
    await ctx.audit(session.operator, 'ingest.refused-entry', `dock:${session.id}`, { detail: refused });
  }
  await ctx.audit(session.operator, 'dock.scanned', `dock:${session.id}`, {
    detail: { camera: listing.identity, clockOffsetMs: listing.clockOffsetMs, files: listing.files.length, bytes: session.progress.bytesTotal, refused: listing.refused.length },
  });

  const free = await ctx.ports.vault.freeBytes();
  if (session.progress.bytesTotal + FREE_SPACE_RESERVE > free) {
    await ctx.docks.stop(dock, 'failed', 'DISK_FULL', `needs ${session.progress.bytesTotal} bytes, ${free} free`, {
      needed: session.progress.bytesTotal + FREE_SPACE_RESERVE,
      free,
    });
    return { status: 'stopped' };
  }
  await ctx.docks.save(dock);
  return { status: 'scanned', fileCount: listing.files.length };
}

async function copy(ctx: StationContext, dock: LiveDock, index: number): Promise<JobResult> {
  const entry = dock.listing?.files[index];
  if (!entry) return { status: 'skipped' };
  const session = dock.session;
  session.progress.currentFile = { originalPath: entry.relativePath, bytesDone: 0, bytesTotal: entry.size };
  const onProgress = (p: { bytesDone: number; phase: 'copying' | 'verifying' }) => {
    session.progress.step = p.phase;
    if (session.progress.currentFile) session.progress.currentFile.bytesDone = p.bytesDone;
    // Verification re-reads the copy: count the copy phase only, so totals match the camera's bytes.
    if (p.phase === 'copying') session.progress.bytesDone = dock.bytesFinished + p.bytesDone;
  };

  for (let attempt = 1; ; attempt++) {
    try {
      const copied = await ctx.ports.vault.ingest(entry.absolutePath, entry.size, onProgress, dock.abort.signal);
      dock.bytesFinished += entry.size;
      session.progress.bytesDone = dock.bytesFinished;
      return { status: 'copied', copy: copied };
    } catch (error) {
      const code = error instanceof StationError ? error.code : 'INTERNAL';
      if (code === 'CHECKSUM_MISMATCH' && attempt < 2) continue;
      if (code === 'SOURCE_VANISHED') {
        await ctx.docks.stop(dock, 'interrupted', code, `${entry.relativePath}: ${describe(error)}`);
        return { status: 'stopped' };
      }
      if (code === 'DISK_FULL' || code === 'WRITE_FAILED' || code === 'INTERNAL') {
        const params = error instanceof StationError ? error.params : {};
        await ctx.docks.stop(dock, 'failed', code, `${entry.relativePath}: ${describe(error)}`, params);
        return { status: 'stopped' };
      }
      // One unreadable or unverifiable file must not hold back the rest of the camera.
      session.problems.push({ originalPath: entry.relativePath, code, message: describe(error) });
      await ctx.audit(session.operator, 'ingest.file-failed', `dock:${session.id}`, { detail: { file: entry.relativePath, code, message: describe(error) } });
      dock.bytesFinished += entry.size;
      return { status: 'skipped' };
    }
  }
}

async function record(ctx: StationContext, dock: LiveDock, index: number, sha256: string, status: 'stored' | 'already-stored'): Promise<JobResult> {
  const entry = dock.listing?.files[index];
  if (!entry) return { status: 'skipped' };
  const session = dock.session;
  session.progress.step = 'cataloguing';
  const now = ctx.ports.clock.now();
  const existing = ctx.ports.catalogue.get(sha256);

  if (existing) {
    const sighting = { dockSessionId: session.id, at: now.toISOString(), originalPath: entry.relativePath };
    const updated: Clip = { ...existing, seenAgain: [...(existing.seenAgain ?? []), sighting] };
    await ctx.ports.catalogue.putMany([updated]);
    await ctx.audit(session.operator, 'clip.seen-again', `clip:${sha256}`, { detail: { ...sighting, vault: status } });
    ctx.docks.addClip(dock, sha256, existing.label !== undefined, existing.late !== undefined && !existing.late.reason);
    session.progress.filesDone++;
    ctx.events.emit('clips.changed', { ids: [sha256] });
    return { status: 'recorded', clipId: sha256, needsThumbnail: false };
  }

  const media = await ctx.ports.probe.probe(ctx.ports.vault.pathOf(sha256), entry.kind);
  const clip: Clip = {
    id: sha256,
    size: entry.size,
    kind: entry.kind,
    originalName: entry.relativePath.split('/').pop() ?? entry.relativePath,
    originalPath: entry.relativePath,
    camera: session.camera,
    cameraMtime: new Date(entry.mtimeMs).toISOString(),
    clockOffsetMs: session.clockOffsetMs,
    receivedAt: now.toISOString(),
    dockSessionId: session.id,
    media,
    hasThumbnail: false,
  };
  const late = hoursLate(clip, now, ctx.settings().handInLimitHours);
  if (late !== undefined) clip.late = { hoursAfterRecording: late };

  await ctx.ports.catalogue.putMany([clip]);
  await ctx.audit(session.operator, 'clip.ingested', `clip:${sha256}`, {
    after: { size: clip.size, originalPath: clip.originalPath, device: clip.camera.deviceNumber, recordedAt: media.recordedAt, receivedAt: clip.receivedAt, late: clip.late, damaged: media.damaged },
    detail: { vault: status, dock: session.id },
  });
  ctx.docks.addClip(dock, sha256, false, late !== undefined);
  session.progress.filesDone++;
  ctx.events.emit('clips.changed', { ids: [sha256] });
  return { status: 'recorded', clipId: sha256, needsThumbnail: clip.kind === 'video' || clip.kind === 'photo' };
}

async function thumbnail(ctx: StationContext, clipId: string): Promise<JobResult> {
  const clip = ctx.ports.catalogue.get(clipId);
  if (!clip || clip.hasThumbnail) return { status: 'done' };
  const made = await ctx.ports.thumbnailer.thumbnail(ctx.ports.vault.pathOf(clipId), clip.kind, ctx.ports.derived.thumbnailPath(clipId));
  if (made) {
    // Re-read: a label may have landed while the frame was being grabbed.
    const latest = ctx.ports.catalogue.get(clipId) ?? clip;
    await ctx.ports.catalogue.putMany([{ ...latest, hasThumbnail: true }]);
    ctx.events.emit('clips.changed', { ids: [clipId] });
  }
  return { status: 'done' };
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
