/** Dock sessions: started when a camera is docked, closed only when every clip carries its label. */
import { randomUUID } from 'node:crypto';
import { newDockSession, type DockArrival, type DockSession, type DockState } from '../domain/dock.js';
import { StationError, type StationErrorCode } from '../domain/errors.js';
import type { StationContext } from '../station-context.js';
import { recoverFromJournals } from './crash-recovery.js';
import { LiveDock } from './live-dock.js';
import { PENDING, pendingProblems } from './pending-files.js';

const PROGRESS_INTERVAL_MS = 250;

export class DockRegistry {
  private readonly liveDocks = new Map<string, LiveDock>();
  private ctx!: StationContext;

  bind(ctx: StationContext): void {
    this.ctx = ctx;
  }

  /**
   * After a crash: the ingest journals are replayed (stored files re-adopted, the rest marked pending,
   * vault objects the catalogue lacks re-adopted), then any session still ingesting is interrupted.
   * Docking the camera again completes them.
   */
  async recoverAfterRestart(): Promise<void> {
    await recoverFromJournals(this.ctx);
    for (const session of this.ctx.ports.catalogue.listSessions()) {
      if (session.state !== 'ingesting') continue;
      const recovered: DockSession = { ...session, state: 'interrupted', failure: 'STATION_STOPPED', progress: { ...session.progress, step: 'failed' } };
      await this.ctx.ports.catalogue.putSession(recovered);
      await this.ctx.audit('station', 'dock.interrupted', `dock:${session.id}`, { before: { state: session.state }, after: { state: recovered.state }, detail: { reason: 'station stopped during ingest' } });
    }
  }

  async start(sourceRoot: string, operator: string, arrival: DockArrival = {}): Promise<LiveDock> {
    for (const dock of this.liveDocks.values()) {
      if (dock.session.sourceRoot === sourceRoot && dock.session.state === 'ingesting')
        throw new StationError('SESSION_BUSY', `already ingesting ${sourceRoot}`, { path: sourceRoot });
    }
    const now = this.ctx.ports.clock.now();
    const id = `${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomUUID().slice(0, 8)}`;
    const session = newDockSession(id, { deviceNumber: '' }, sourceRoot, now, operator);
    const dock = new LiveDock(session, arrival);
    this.liveDocks.set(id, dock);
    await this.ctx.ports.catalogue.putSession(session);
    await this.ctx.ports.journal.append(id, [{ type: 'session', sessionId: id, sourceRoot, operator, at: now.toISOString() }]);
    await this.ctx.audit(operator, 'dock.started', `dock:${id}`, { detail: { sourceRoot } });
    dock.ticker = setInterval(() => this.emitProgress(dock), PROGRESS_INTERVAL_MS);
    this.emitProgress(dock);
    return dock;
  }

  live(sessionId: string): LiveDock {
    const dock = this.liveDocks.get(sessionId);
    if (!dock) throw new StationError('SESSION_NOT_FOUND', `no live dock ${sessionId}`, { sessionId });
    return dock;
  }

  fileCount(sessionId: string): number {
    return this.liveDocks.get(sessionId)?.fileCount() ?? 0;
  }

  get(sessionId: string): DockSession | undefined {
    return this.liveDocks.get(sessionId)?.session ?? this.ctx.ports.catalogue.getSession(sessionId);
  }

  /** Live sessions first, then the stored ones that still need the officer (not closed). */
  open(): DockSession[] {
    const byId = new Map<string, DockSession>();
    for (const session of this.ctx.ports.catalogue.listSessions()) if (session.state !== 'closed') byId.set(session.id, session);
    for (const dock of this.liveDocks.values()) byId.set(dock.session.id, dock.session);
    return [...byId.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  addClip(dock: LiveDock, clipId: string, labelled: boolean, lateWithoutReason: boolean): void {
    if (dock.session.clipIds.includes(clipId)) return;
    dock.session.clipIds.push(clipId);
    if (!labelled) dock.session.unlabelledCount++;
    if (lateWithoutReason) dock.session.lateCount++;
  }

  async stop(dock: LiveDock, state: Extract<DockState, 'interrupted' | 'failed'>, code: StationErrorCode, message: string, params: Record<string, string | number> = {}): Promise<void> {
    dock.session.state = state;
    dock.session.failure = code;
    // Every file not yet taken is marked pending (interrupted): the next dock of this camera completes it.
    const pending = pendingProblems(dock, code, message, params);
    if (pending.length === 0) dock.session.problems.push({ originalPath: dock.session.progress.currentFile?.originalPath ?? '', code, message, params });
    dock.session.problems.push(...pending);
    await this.ctx.ports.journal.append(dock.session.id, pending.map((p) => ({ type: 'file' as const, relativePath: p.originalPath, state: 'interrupted' as const, code })));
    await this.ctx.audit(dock.session.operator, state === 'interrupted' ? 'dock.interrupted' : 'dock.failed', `dock:${dock.session.id}`, { detail: { code, message, ...params } });
    this.ctx.events.emit('station.notice', { level: 'error', code, params: { device: dock.session.camera.deviceNumber, ...params } });
  }

  async finish(sessionId: string): Promise<void> {
    const dock = this.liveDocks.get(sessionId);
    if (!dock) return;
    const session = dock.session;
    if (session.state === 'ingesting') session.state = session.unlabelledCount > 0 ? 'awaiting-labels' : 'ready-to-close';
    session.progress.step = session.state === 'failed' || session.state === 'interrupted' ? 'failed' : 'done';
    session.progress.speed = 0;
    delete session.progress.etaSeconds;
    delete session.progress.currentFile;
    try {
      await this.save(dock);
      await this.ctx.audit(session.operator, 'dock.ingested', `dock:${session.id}`, {
        after: { state: session.state },
        detail: { clips: session.clipIds.length, filesTotal: session.progress.filesTotal, problems: session.problems.length, late: session.lateCount, pending: session.problems.filter((p) => p.params?.[PENDING] === 1).length },
      });
      // The outcome is now in the catalogue and the audit log: the journal has done its job. Not so after
      // a write failure: a copy may have reached the vault while its journal or catalogue write failed,
      // and only the journal lets the next start find and re-adopt that object.
      if (session.state !== 'failed') await this.ctx.ports.journal.end(session.id);
    } finally {
      // Even when the disk refused the last writes, whoever waits for this dock hears it ended; the
      // journal (if not ended) lets the next start finish the bookkeeping.
      this.liveDocks.delete(sessionId);
      dock.finish();
      this.ctx.events.emit('dock.updated', session);
    }
  }

  async save(dock: LiveDock): Promise<void> {
    await this.ctx.ports.catalogue.putSession(dock.session);
  }

  /** Recounts from the catalogue after labels or late reasons change, and moves the state on. */
  async refresh(sessionId: string): Promise<DockSession | undefined> {
    const live = this.liveDocks.get(sessionId);
    const current = live?.session ?? this.ctx.ports.catalogue.getSession(sessionId);
    if (!current) return undefined;
    const clips = current.clipIds.map((id) => this.ctx.ports.catalogue.get(id));
    const unlabelledCount = clips.filter((clip) => clip && !clip.label).length;
    const lateCount = clips.filter((clip) => clip?.late && !clip.late.reason).length;
    let state = current.state;
    if (state === 'awaiting-labels' && unlabelledCount === 0) state = 'ready-to-close';
    if (state === 'ready-to-close' && unlabelledCount > 0) state = 'awaiting-labels';
    // A live session is ours and the ingest jobs hold it: edit it in place. A stored one is the
    // catalogue's own object: replace it, never edit it.
    const next: DockSession = live ? Object.assign(live.session, { unlabelledCount, lateCount, state }) : { ...current, unlabelledCount, lateCount, state };
    await this.ctx.ports.catalogue.putSession(next);
    this.ctx.events.emit('dock.updated', next);
    return next;
  }

  /** A clip docked again belongs to several sessions: every open one that lists it is recounted. */
  async refreshSessionsContaining(clipIds: readonly string[]): Promise<void> {
    const wanted = new Set(clipIds);
    for (const session of this.open()) if (session.clipIds.some((id) => wanted.has(id))) await this.refresh(session.id);
  }

  async close(sessionId: string, operator: string): Promise<DockSession> {
    const session = this.get(sessionId);
    if (!session) throw new StationError('SESSION_NOT_FOUND', `no dock session ${sessionId}`, { sessionId });
    if (session.state === 'ingesting') throw new StationError('SESSION_BUSY', 'the camera is still being copied', { sessionId });
    const current = (await this.refresh(sessionId)) ?? session;
    if (current.unlabelledCount > 0)
      throw new StationError('SESSION_HAS_UNLABELLED', `${current.unlabelledCount} clips still need case number, party and handler`, { count: current.unlabelledCount });
    if (current.lateCount > 0)
      throw new StationError('LATE_REASON_REQUIRED', `${current.lateCount} clips were handed in late and need a reason`, { count: current.lateCount });
    const before = current.state;
    const closed: DockSession = { ...current, state: 'closed', closedAt: this.ctx.ports.clock.now().toISOString() };
    await this.ctx.ports.catalogue.putSession(closed);
    await this.ctx.audit(operator, 'dock.closed', `dock:${sessionId}`, { before: { state: before }, after: { state: 'closed' } });
    this.ctx.events.emit('dock.updated', closed);
    return closed;
  }

  private emitProgress(dock: LiveDock): void {
    const progress = dock.session.progress;
    dock.meter.sample(this.ctx.ports.clock.now().getTime(), progress.bytesDone);
    progress.speed = dock.meter.speed();
    const eta = dock.meter.etaSeconds(progress.bytesTotal - progress.bytesDone);
    if (eta === undefined) delete progress.etaSeconds;
    else progress.etaSeconds = eta;
    this.ctx.events.emit('dock.updated', dock.session);
  }
}
