/**
 * Start-up recovery from the ingest journals (docs/integrity.md). For each session whose journal was
 * never ended (the station stopped mid-ingest):
 *   - stored, not catalogued: the vault object is re-hashed, then catalogued and audited 'clip.readopted';
 *   - catalogued: the clip goes back on the session (its list lived in memory only);
 *   - found / copying / interrupted: the file is marked pending; the next dock of the camera completes it.
 * A session whose every listed file was taken (killed while closing off the dock) becomes awaiting-labels;
 * one killed before its camera was listed stays interrupted with nothing pending.
 * Then the vault is searched for objects the catalogue lacks (killed between publishing and journalling
 * 'stored'). Each is re-hashed and adopted: with its origin when exactly one 'copying' file of a journal
 * has its size, else with a record saying its origin is unknown. Finally the journals are ended.
 * `.part` files are not this module's business: the vault deletes them before the station starts.
 */
import type { Clip } from '../domain/clip.js';
import type { DockFileProblem, DockSession } from '../domain/dock.js';
import { replayJournal, type JournalFile, type JournalReplay } from '../domain/journal.js';
import { newClip } from '../ingest/new-clip.js';
import type { StationContext } from '../station-context.js';
import { PENDING } from './pending-files.js';

const ACTOR = 'station:recovery';

export async function recoverFromJournals(ctx: StationContext): Promise<void> {
  const journals = await ctx.ports.journal.unfinished();
  if (journals.length === 0) return;
  const replays = journals.map(({ sessionId, records }) => replayJournal(sessionId, records));
  const clipsBySession = new Map<string, Set<string>>();
  const adopt = (sessionId: string, clipId: string) => clipsBySession.set(sessionId, (clipsBySession.get(sessionId) ?? new Set()).add(clipId));

  for (const replay of replays) {
    for (const file of replay.files) {
      if (file.sha256 === undefined) continue;
      if (file.state === 'catalogued') adopt(replay.sessionId, file.sha256);
      if (file.state === 'stored' && (await readopt(ctx, replay, file, file.sha256, 'journal'))) adopt(replay.sessionId, file.sha256);
    }
  }
  await adoptOrphanObjects(ctx, replays, adopt);

  for (const replay of replays) {
    const session = ctx.ports.catalogue.getSession(replay.sessionId);
    if (session) await settleSession(ctx, session, replay, clipsBySession.get(replay.sessionId) ?? new Set());
    await ctx.ports.journal.end(replay.sessionId);
    if (session) await ctx.docks.refresh(replay.sessionId);
  }
}

/** Re-hashes a vault object and puts it in the catalogue under the journalled file; false when it fails the check. */
async function readopt(ctx: StationContext, replay: JournalReplay, file: JournalFile, sha256: string, matchedBy: 'journal' | 'size'): Promise<boolean> {
  const verified = await ctx.ports.vaultInventory.reverify(sha256);
  const target = `clip:${sha256}`;
  if (!verified || verified.size !== file.size) {
    file.state = 'interrupted';
    file.code = 'CHECKSUM_MISMATCH';
    await ctx.audit(ACTOR, 'vault.object-unverifiable', target, { detail: { dock: replay.sessionId, file: file.relativePath, expectedSize: file.size, found: verified?.size ?? 'missing or damaged' } });
    return false;
  }
  const now = ctx.ports.clock.now();
  const existing = ctx.ports.catalogue.get(sha256);
  const session = ctx.ports.catalogue.getSession(replay.sessionId);
  if (!existing) {
    const clip = await newClip(ctx, sha256, file, { id: replay.sessionId, camera: session?.camera ?? { deviceNumber: '' }, clockOffsetMs: session?.clockOffsetMs ?? 0 }, now);
    await ctx.ports.catalogue.putMany([clip]);
  } else if (existing.dockSessionId !== replay.sessionId && !(existing.seenAgain ?? []).some((s) => s.dockSessionId === replay.sessionId)) {
    const sighting = { dockSessionId: replay.sessionId, at: now.toISOString(), originalPath: file.relativePath };
    const updated: Clip = { ...existing, seenAgain: [...(existing.seenAgain ?? []), sighting] };
    await ctx.ports.catalogue.putMany([updated]);
  }
  file.state = 'catalogued';
  await ctx.audit(ACTOR, 'clip.readopted', target, {
    after: { size: file.size, originalPath: file.relativePath },
    detail: { dock: replay.sessionId, rehashed: true, matchedBy, alreadyCatalogued: existing !== undefined },
  });
  return true;
}

async function adoptOrphanObjects(ctx: StationContext, replays: JournalReplay[], adopt: (sessionId: string, clipId: string) => void): Promise<void> {
  const orphans = (await ctx.ports.vaultInventory.objectIds()).filter((id) => !ctx.ports.catalogue.get(id));
  const copying = replays.flatMap((replay) => replay.files.filter((file) => file.state === 'copying').map((file) => ({ replay, file })));
  for (const sha256 of orphans) {
    const verified = await ctx.ports.vaultInventory.reverify(sha256);
    if (!verified) {
      await ctx.audit(ACTOR, 'vault.object-unverifiable', `clip:${sha256}`, { detail: { reason: 'an object not in the catalogue does not match its content address' } });
      continue;
    }
    const candidates = copying.filter(({ file }) => file.size === verified.size && file.state === 'copying');
    const match = candidates.length === 1 ? candidates[0] : undefined;
    if (match && (await readopt(ctx, match.replay, match.file, sha256, 'size'))) {
      adopt(match.replay.sessionId, sha256);
      continue;
    }
    await adoptUnknownOrigin(ctx, sha256, verified.size);
  }
}

/** An object nobody journalled (or ambiguous): kept and catalogued, with the record saying so. */
async function adoptUnknownOrigin(ctx: StationContext, sha256: string, size: number): Promise<void> {
  const now = ctx.ports.clock.now();
  const file = { relativePath: `(unknown origin)/${sha256}`, size, mtimeMs: now.getTime(), kind: 'other' as const };
  const clip = await newClip(ctx, sha256, file, { id: '', camera: { deviceNumber: '' }, clockOffsetMs: 0 }, now);
  delete clip.late;
  await ctx.ports.catalogue.putMany([clip]);
  await ctx.audit(ACTOR, 'clip.readopted', `clip:${sha256}`, { after: { size }, detail: { rehashed: true, origin: 'unknown: a vault object no catalogue record or journal names' } });
}

/** The session as the journal leaves it: its clips back, unfinished files pending, no longer 'ingesting'. */
async function settleSession(ctx: StationContext, session: DockSession, replay: JournalReplay, clipIds: Set<string>): Promise<void> {
  const listed = new Set(session.problems.map((p) => p.originalPath));
  const pending: DockFileProblem[] = replay.files
    .filter((file) => file.state !== 'catalogued' && file.state !== 'skipped' && !listed.has(file.relativePath))
    .map((file) => ({ originalPath: file.relativePath, code: file.code ?? 'STATION_STOPPED', message: `not finished when the station stopped (${file.state})`, params: { [PENDING]: 1, reached: file.state } }));
  const wasIngesting = session.state === 'ingesting';
  // Killed after the last file was catalogued but before the dock was closed off: nothing is missing.
  const allTaken = replay.scanned && pending.length === 0 && !session.problems.some((p) => p.params?.[PENDING] === 1);
  const state = !wasIngesting ? session.state : allTaken ? 'awaiting-labels' : 'interrupted';
  const next: DockSession = {
    ...session,
    clipIds: [...new Set([...session.clipIds, ...clipIds])],
    problems: [...session.problems, ...pending],
    state,
    ...(wasIngesting && !allTaken ? { failure: 'STATION_STOPPED', progress: { ...session.progress, step: 'failed' as const } } : {}),
    ...(wasIngesting && allTaken ? { progress: { ...session.progress, step: 'done' as const } } : {}),
  };
  if (next.progress.filesTotal === 0) next.progress = { ...next.progress, filesTotal: replay.files.length };
  await ctx.ports.catalogue.putSession(next);
  await ctx.audit(ACTOR, state === 'interrupted' ? 'dock.interrupted' : 'dock.recovered', `dock:${session.id}`, {
    before: { state: session.state },
    after: { state: next.state },
    detail: { reason: 'station stopped during ingest', readopted: clipIds.size, pending: pending.length },
  });
}
