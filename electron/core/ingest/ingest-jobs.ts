/**
 * What each ingest job does. The order in which they run is decided in pipeline/jobs.ts, not here.
 * A file counts as ingested only after the vault has verified its copy; only then is it catalogued.
 */
import type { Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { LiveDock } from '../dock/live-dock.js';
import { completeEarlierPending, pendingFilesOfCamera } from '../dock/pending-files.js';
import type { Job, JobResult } from '../pipeline/jobs.js';
import type { StationContext } from '../station-context.js';
import { newClip } from './new-clip.js';

/** Keep a little room so the vault's filesystem never fills to the last byte (catalogue and audit need it). */
const FREE_SPACE_RESERVE = 64 * 1024 * 1024;

export function createIngestJobHandler(ctx: StationContext) {
  return async function handle(job: Job): Promise<JobResult> {
    try {
      return await run(job);
    } catch (error) {
      // A failing journal, catalogue or audit write (fsync, rename, ENOSPC) stops the dock as failed and
      // says why; it is never swallowed into a session that looks complete.
      if (!('sessionId' in job) || job.name === 'dock.finish') throw error;
      const dock = ctx.docks.live(job.sessionId);
      if (dock.session.state === 'ingesting') {
        const code = error instanceof StationError ? error.code : 'WRITE_FAILED';
        await ctx.docks.stop(dock, 'failed', code, describe(error), error instanceof StationError ? error.params : {}).catch(() => {
          dock.session.state = 'failed';
          dock.session.failure = code;
        });
      }
      return { status: 'stopped' };
    }
  };

  async function run(job: Job): Promise<JobResult> {
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
  }
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
  // What the camera said over its control channel (issue B) is firmer than files on its volume.
  session.camera = { ...listing.identity, ...dock.arrival.identity };
  session.clockOffsetMs = dock.arrival.clockOffsetMs ?? listing.clockOffsetMs;
  if (dock.arrival.device) session.device = dock.arrival.device;
  session.progress.filesTotal = listing.files.length;
  session.progress.bytesTotal = listing.files.reduce((sum, file) => sum + file.size, 0);
  session.progress.step = 'copying';
  // Journalled before anything is copied: after a crash, recovery knows every file this dock promised.
  await ctx.ports.journal.append(session.id, [
    { type: 'found', files: listing.files.map((f) => ({ relativePath: f.relativePath, size: f.size, mtimeMs: f.mtimeMs, kind: f.kind })) },
  ]);
  dock.earlierPending = pendingFilesOfCamera(ctx, session);
  for (const refused of listing.refused) {
    session.problems.push({ originalPath: refused.relativePath, code: 'UNSAFE_ENTRY', message: refused.reason, params: { reason: refused.reason } });
    await ctx.audit(session.operator, 'ingest.refused-entry', `dock:${session.id}`, { detail: refused });
  }
  await ctx.audit(session.operator, 'dock.scanned', `dock:${session.id}`, {
    detail: { camera: session.camera, clockOffsetMs: session.clockOffsetMs, ...(session.device ? { device: session.device } : {}), files: listing.files.length, bytes: session.progress.bytesTotal, refused: listing.refused.length },
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

  await ctx.ports.journal.append(session.id, [{ type: 'file', relativePath: entry.relativePath, state: 'copying' }]);
  for (let attempt = 1; ; attempt++) {
    try {
      const copied = await ctx.ports.vault.ingest(entry.absolutePath, entry.size, onProgress, dock.abort.signal);
      // Verified and published: from here on the object is the vault's, and recovery re-adopts it.
      await ctx.ports.journal.append(session.id, [{ type: 'file', relativePath: entry.relativePath, state: 'stored', sha256: copied.sha256, vault: copied.status }]);
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
      await ctx.ports.journal.append(session.id, [{ type: 'file', relativePath: entry.relativePath, state: 'skipped', code }]);
      dock.settled.add(index);
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
    await catalogued(ctx, dock, index, sha256);
    ctx.events.emit('clips.changed', { ids: [sha256] });
    return { status: 'recorded', clipId: sha256, needsThumbnail: false };
  }

  const clip = await newClip(ctx, sha256, entry, session, now);
  const { media } = clip;

  await ctx.ports.catalogue.putMany([clip]);
  await ctx.audit(session.operator, 'clip.ingested', `clip:${sha256}`, {
    after: { size: clip.size, originalPath: clip.originalPath, device: clip.camera.deviceNumber, recordedAt: media.recordedAt, receivedAt: clip.receivedAt, late: clip.late, damaged: media.damaged },
    detail: { vault: status, dock: session.id },
  });
  ctx.docks.addClip(dock, sha256, false, clip.late !== undefined);
  await catalogued(ctx, dock, index, sha256);
  ctx.events.emit('clips.changed', { ids: [sha256] });
  return { status: 'recorded', clipId: sha256, needsThumbnail: clip.kind === 'video' || clip.kind === 'photo' };
}

/** The file's last state: journalled, counted, and any earlier interrupted dock of this camera completed. */
async function catalogued(ctx: StationContext, dock: LiveDock, index: number, sha256: string): Promise<void> {
  const entry = dock.listing?.files[index];
  if (!entry) return;
  await ctx.ports.journal.append(dock.session.id, [{ type: 'file', relativePath: entry.relativePath, state: 'catalogued', sha256 }]);
  dock.settled.add(index);
  dock.session.progress.filesDone++;
  const waiting = dock.earlierPending.get(entry.relativePath);
  if (waiting) await completeEarlierPending(ctx, waiting, entry.relativePath, sha256, dock.session.id);
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
