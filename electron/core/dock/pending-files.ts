/**
 * Files a dock could not take because it stopped (camera unplugged, disk full, station killed) are kept on
 * the session as problems marked pending. The next dock of the same camera completes them: when it
 * catalogues a file of that path, the earlier session is told, and leaves 'interrupted' once nothing is
 * pending. (The vault deduplicates, so a file copied before the stop is not copied twice.)
 */
import type { DockFileProblem, DockSession } from '../domain/dock.js';
import type { StationContext } from '../station-context.js';
import type { LiveDock } from './live-dock.js';

/** Problem param: 1 while the file waits for the next dock, 0 once a later dock completed it. */
export const PENDING = 'pending';

export function isPending(problem: DockFileProblem): boolean {
  return problem.params?.[PENDING] === 1;
}

/** One pending problem per listed file that reached no final state; the first carries the stop's message. */
export function pendingProblems(dock: LiveDock, code: string, message: string, params: Record<string, string | number>): DockFileProblem[] {
  const files = dock.listing?.files ?? [];
  const problems: DockFileProblem[] = [];
  files.forEach((file, index) => {
    if (dock.settled.has(index)) return;
    problems.push({ originalPath: file.relativePath, code, message: problems.length === 0 ? message : `not copied: ${code}`, params: { ...params, [PENDING]: 1 } });
  });
  return problems;
}

function sameCamera(a: Pick<DockSession, 'camera' | 'sourceRoot'>, b: Pick<DockSession, 'camera' | 'sourceRoot'>): boolean {
  return a.camera.deviceNumber !== '' ? a.camera.deviceNumber === b.camera.deviceNumber : a.sourceRoot === b.sourceRoot;
}

/** Pending files of this camera in earlier sessions: relative path -> session ids. */
export function pendingFilesOfCamera(ctx: StationContext, session: DockSession): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const earlier of ctx.ports.catalogue.listSessions()) {
    if (earlier.id === session.id || earlier.state === 'ingesting' || !sameCamera(earlier, session)) continue;
    for (const problem of earlier.problems) {
      if (!isPending(problem)) continue;
      byPath.set(problem.originalPath, [...(byPath.get(problem.originalPath) ?? []), earlier.id]);
    }
  }
  return byPath;
}

/** Several docks may complete the same earlier session at once: its read-modify-write runs one at a time. */
let serial: Promise<unknown> = Promise.resolve();

export function completeEarlierPending(ctx: StationContext, sessionIds: readonly string[], relativePath: string, clipId: string, bySessionId: string): Promise<void> {
  const next = serial.then(async () => {
    for (const id of sessionIds) await completeOne(ctx, id, relativePath, clipId, bySessionId);
  });
  serial = next.catch(() => undefined);
  return next;
}

async function completeOne(ctx: StationContext, sessionId: string, relativePath: string, clipId: string, bySessionId: string): Promise<void> {
  const stored = ctx.ports.catalogue.getSession(sessionId);
  if (!stored || !stored.problems.some((p) => p.originalPath === relativePath && isPending(p))) return;
  const problems = stored.problems.map((p) => (p.originalPath === relativePath && isPending(p) ? { ...p, params: { ...p.params, [PENDING]: 0, completedBy: bySessionId } } : p));
  const stillPending = problems.filter(isPending).length;
  const state = stillPending === 0 && (stored.state === 'interrupted' || stored.state === 'failed') ? 'awaiting-labels' : stored.state;
  const clipIds = stored.clipIds.includes(clipId) ? stored.clipIds : [...stored.clipIds, clipId];
  await ctx.ports.catalogue.putSession({ ...stored, problems, clipIds, state });
  await ctx.audit('station', 'dock.file-completed', `dock:${sessionId}`, {
    before: { state: stored.state },
    after: { state },
    detail: { file: relativePath, clip: clipId, completedBy: bySessionId, stillPending },
  });
  await ctx.docks.refresh(sessionId);
}
