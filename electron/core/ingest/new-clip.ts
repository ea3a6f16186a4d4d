/** Builds the catalogue record of a newly verified vault object: at ingest, and when recovery re-adopts one. */
import type { Clip } from '../domain/clip.js';
import type { DockSession } from '../domain/dock.js';
import type { JournalFoundFile } from '../domain/journal.js';
import { hoursLate } from '../domain/hand-in-policy.js';
import type { StationContext } from '../station-context.js';

export async function newClip(ctx: StationContext, sha256: string, file: JournalFoundFile, session: Pick<DockSession, 'id' | 'camera' | 'clockOffsetMs'>, now: Date): Promise<Clip> {
  const media = await ctx.ports.probe.probe(ctx.ports.vault.pathOf(sha256), file.kind);
  const clip: Clip = {
    id: sha256,
    size: file.size,
    kind: file.kind,
    originalName: file.relativePath.split('/').pop() ?? file.relativePath,
    originalPath: file.relativePath,
    camera: session.camera,
    cameraMtime: new Date(file.mtimeMs).toISOString(),
    clockOffsetMs: session.clockOffsetMs,
    receivedAt: now.toISOString(),
    dockSessionId: session.id,
    media,
    hasThumbnail: false,
  };
  // Issue F: the department the clip belongs to - the camera's registered department, else its officer's
  // (core/access/station-access.ts#departmentFor); without access control, what the camera reports.
  const department = ctx.departmentOf ? ctx.departmentOf(session.camera) : session.camera.department;
  if (department !== undefined && department !== '') clip.department = department;
  const late = hoursLate(clip, now, ctx.settings().handInLimitHours);
  if (late !== undefined) clip.late = { hoursAfterRecording: late };
  return clip;
}
