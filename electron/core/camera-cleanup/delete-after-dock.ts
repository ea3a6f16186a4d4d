/**
 * "Never delete from a camera unless the copy is verified and the agency setting allows it" (DESIGN,
 * integrity rules; R3.1-R3.2). An explicit step after a dock has finished: it deletes the camera's files
 * only when
 *   - the agency setting deleteFromCameraAfterVerify is on (default off),
 *   - the dock finished cleanly (not interrupted or failed, no problem recorded, nothing refused),
 *   - the camera, listed again now, holds exactly files this session stored (same path, size, mtime),
 *   - every one of their vault objects, re-hashed just now from the device, still has its SHA-256,
 *   - and the camera cleaner's own re-check of each camera file (hash read from the medium) agrees.
 * If anything is off, nothing is deleted and the reason is audited and shown. Each deleted file gets
 * its own audit record (before: path and SHA-256), then one summary record for the dock.
 */
import type { Clip } from '../domain/clip.js';
import type { DockSession } from '../domain/dock.js';
import type { CameraFileEntry, CameraVolumeListing } from '../ports.js';
import type { StationContext } from '../station-context.js';
import type { VerifiedCameraFile } from './ports.js';

export type CameraCleanupRefusal =
  | 'no-cleaner'
  | 'cannot-reverify'
  | 'dock-not-clean'
  | 'dock-had-problems'
  | 'camera-unreadable'
  | 'camera-has-refused-entries'
  | 'camera-empty'
  | 'file-not-stored'
  | 'file-changed'
  | 'vault-object-missing'
  | 'vault-object-damaged'
  | 'camera-file-check-failed';

export type CameraCleanupResult =
  | { status: 'off' }
  | { status: 'refused'; reason: CameraCleanupRefusal; params: Record<string, string | number> }
  | { status: 'deleted'; deleted: VerifiedCameraFile[]; failures: { relativePath: string; code: string; message: string }[] };

class Refused extends Error {
  constructor(
    readonly reason: CameraCleanupRefusal,
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

/**
 * Runs the step for a dock that has just finished. `ingestListing` is what the dock copied from (its
 * listing at docking), so a file changed on the camera since then is caught even if its size is the same.
 */
export async function deleteFromCameraAfterDock(ctx: StationContext, session: DockSession, ingestListing?: CameraVolumeListing): Promise<CameraCleanupResult> {
  if (!ctx.settings().deleteFromCameraAfterVerify) return { status: 'off' };
  const device = session.camera.deviceNumber;
  let files: VerifiedCameraFile[];
  try {
    files = await planDeletion(ctx, session, ingestListing);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    await ctx.audit('station', 'camera.delete-refused', `dock:${session.id}`, { detail: { reason: error.reason, ...error.params, sourceRoot: session.sourceRoot } });
    ctx.events.emit('station.notice', { level: 'warning', code: 'CAMERA_DELETE_REFUSED', params: { device, reason: error.reason, ...error.params } });
    return { status: 'refused', reason: error.reason, params: error.params };
  }

  const cleaner = ctx.ports.cameraCleaner;
  if (!cleaner) throw new Error('unreachable: planDeletion checks the cleaner');
  const outcome = await cleaner.deleteVerified(session.sourceRoot, files, async (file) => {
    await ctx.audit(session.operator, 'camera.file-deleted', `clip:${file.sha256}`, {
      before: { path: file.relativePath, sha256: file.sha256, size: file.size, device },
      detail: { dockSessionId: session.id, sourceRoot: session.sourceRoot, reason: 'deleteFromCameraAfterVerify' },
    });
  });
  const failures = outcome.failures.map((failure) => ({ relativePath: failure.file.relativePath, code: failure.code, message: failure.message }));
  if (outcome.phase === 'refused') {
    const first = failures[0];
    const params = { file: first?.relativePath ?? '', code: first?.code ?? '' };
    await ctx.audit('station', 'camera.delete-refused', `dock:${session.id}`, { detail: { reason: 'camera-file-check-failed', ...params, failures } });
    ctx.events.emit('station.notice', { level: 'warning', code: 'CAMERA_DELETE_REFUSED', params: { device, reason: 'camera-file-check-failed', ...params } });
    return { status: 'refused', reason: 'camera-file-check-failed', params };
  }
  await ctx.audit(session.operator, 'camera.cleaned', `dock:${session.id}`, {
    detail: { deleted: outcome.deleted.length, planned: files.length, failures, sourceRoot: session.sourceRoot, device },
  });
  if (failures.length > 0) {
    ctx.events.emit('station.notice', { level: 'error', code: 'CAMERA_DELETE_INCOMPLETE', params: { device, deleted: outcome.deleted.length, planned: files.length, file: failures[0]?.relativePath ?? '' } });
  } else {
    ctx.events.emit('station.notice', { level: 'info', code: 'CAMERA_CLEANED', params: { device, count: outcome.deleted.length } });
  }
  return { status: 'deleted', deleted: outcome.deleted, failures };
}

/** Every check that needs no camera write; throws Refused with the first reason found. */
async function planDeletion(ctx: StationContext, session: DockSession, ingestListing: CameraVolumeListing | undefined): Promise<VerifiedCameraFile[]> {
  const { cameraCleaner, fixity, catalogue, volumes } = ctx.ports;
  if (!cameraCleaner) throw new Refused('no-cleaner');
  if (!fixity) throw new Refused('cannot-reverify');
  if (session.state === 'interrupted' || session.state === 'failed' || session.state === 'ingesting') throw new Refused('dock-not-clean', { state: session.state });
  if (session.problems.length > 0) throw new Refused('dock-had-problems', { count: session.problems.length, file: session.problems[0]?.originalPath ?? '' });

  // What this session stored, by the path it was read from (a duplicate on the camera is a "seen again").
  const stored = new Map<string, Clip>();
  for (const id of session.clipIds) {
    const clip = catalogue.get(id);
    if (!clip) continue;
    if (clip.dockSessionId === session.id) stored.set(clip.originalPath, clip);
    for (const sighting of clip.seenAgain ?? []) if (sighting.dockSessionId === session.id) stored.set(sighting.originalPath, clip);
  }

  let listing: CameraVolumeListing;
  try {
    listing = await volumes.list(session.sourceRoot);
  } catch (error) {
    throw new Refused('camera-unreadable', { message: error instanceof Error ? error.message : String(error) });
  }
  if (listing.refused.length > 0) throw new Refused('camera-has-refused-entries', { count: listing.refused.length, file: listing.refused[0]?.relativePath ?? '' });
  if (listing.files.length === 0) throw new Refused('camera-empty');
  const atIngest = new Map<string, CameraFileEntry>((ingestListing?.files ?? []).map((file) => [file.relativePath, file]));

  const files: VerifiedCameraFile[] = [];
  for (const entry of listing.files) {
    const clip = stored.get(entry.relativePath);
    if (!clip) throw new Refused('file-not-stored', { file: entry.relativePath });
    const before = atIngest.get(entry.relativePath);
    if (entry.size !== clip.size || (before !== undefined && (before.size !== entry.size || before.mtimeMs !== entry.mtimeMs))) {
      throw new Refused('file-changed', { file: entry.relativePath });
    }
    files.push({ relativePath: entry.relativePath, sha256: clip.id, size: clip.size });
  }

  // Re-verified just before deletion: the vault's bytes, read again from the device.
  const checked = new Set<string>();
  for (const file of files) {
    if (checked.has(file.sha256)) continue;
    checked.add(file.sha256);
    let result;
    try {
      result = await fixity.vault.rehash(file.sha256);
    } catch (error) {
      throw new Refused('vault-object-damaged', { file: file.relativePath, clip: file.sha256, message: error instanceof Error ? error.message : String(error) });
    }
    if (result.status === 'missing') throw new Refused('vault-object-missing', { file: file.relativePath, clip: file.sha256 });
    if (result.sha256 !== file.sha256 || result.size !== file.size) throw new Refused('vault-object-damaged', { file: file.relativePath, clip: file.sha256, actual: result.sha256 });
  }
  return files;
}
