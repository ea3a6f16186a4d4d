/**
 * Fixity (R3.2): re-hash every vault object, report mismatches, missing objects and objects the
 * catalogue does not know, audit each run (start, every problem naming the clip, result) and keep the
 * results. Pure orchestration over ports: the vault's re-hash (VaultFixity), the catalogue, the audit
 * log, a small durable store.
 *
 * One run at a time, one object at a time, yielding to the event loop between objects: fixity is low
 * priority and must not starve an ingest. Originals are never touched: a damaged or missing object is
 * restored from a disc or backup copy by people; the station only says so (and keeps saying it until a
 * later run finds the object good).
 */
import { randomUUID } from 'node:crypto';
import type { Clip } from '../domain/clip.js';
import { StationError } from '../domain/errors.js';
import type { StationContext } from '../station-context.js';
import { EMPTY_FIXITY_STATE, type FixityProblem, type FixityProgress, type FixityRunSummary, type FixityState, type FixityStatus, type FixityTrigger } from './model.js';
import type { FixityPorts } from './ports.js';
import { effectiveIntervalDays, fixityDueAt, shouldStartScheduledFixity } from './schedule.js';

const PROGRESS_INTERVAL_MS = 250;
/** Notices for single problems; beyond this, one summary notice says how many. */
const MAX_PROBLEM_NOTICES = 10;
const CATALOGUE_PAGE = 5000;
const SAVE_INTERVAL_MS = 5 * 60_000;

export const FIXITY_SCHEDULE_ACTOR = 'station:fixity-schedule';

interface RunningRun {
  progress: FixityProgress;
  abort: AbortController;
  done: Promise<void>;
}

export class FixityService {
  private state: FixityState | undefined;
  private loading: Promise<FixityState> | undefined;
  private running: RunningRun | undefined;
  private closed = false;

  constructor(
    private readonly ctx: StationContext,
    private readonly ports: FixityPorts,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  /** Loads the stored results; a run that was in progress when the station stopped is recorded as interrupted. */
  private load(): Promise<FixityState> {
    this.loading ??= (async () => {
      const stored = await this.ports.store.load();
      this.state = { ...EMPTY_FIXITY_STATE, ...stored };
      if (this.state.inProgress) {
        const cut = this.state.inProgress;
        this.state.lastIncompleteStartedAt = cut.startedAt;
        delete this.state.inProgress;
        await this.ports.store.save(this.state);
        await this.ctx.audit('station', 'fixity.interrupted', `fixity:${cut.runId}`, { detail: { startedAt: cut.startedAt, by: cut.by, reason: 'the station stopped during the run' } });
      }
      return this.state;
    })();
    return this.loading;
  }

  async status(): Promise<FixityStatus> {
    const state = await this.load();
    const intervalDays = effectiveIntervalDays(this.ctx.settings().fixityIntervalDays);
    return {
      ...(state.lastRun ? { lastRun: state.lastRun } : {}),
      problems: state.problems,
      ...(this.running ? { running: { ...this.running.progress } } : {}),
      intervalDays,
      nextDueAt: this.dueAt(state).toISOString(),
      objectsVerified: Object.keys(state.verifiedAt).length,
    };
  }

  private dueAt(state: FixityState): Date {
    const incomplete = state.lastIncompleteStartedAt;
    return fixityDueAt({
      now: this.ctx.ports.clock.now(),
      intervalDays: this.ctx.settings().fixityIntervalDays,
      ...(state.lastCompleteStartedAt ? { lastCompleteStartedAt: state.lastCompleteStartedAt } : {}),
      ...(incomplete ? { lastIncompleteStartedAt: incomplete } : {}),
    });
  }

  /** Starts a run, or returns the one already running. */
  async start(by: string, trigger: FixityTrigger = 'manual'): Promise<{ runId: string; alreadyRunning: boolean }> {
    if (this.closed) throw new StationError('SESSION_BUSY', 'the station is stopping');
    await this.load();
    if (this.running) return { runId: this.running.progress.runId, alreadyRunning: true };
    const now = this.ctx.ports.clock.now();
    const runId = `fx-${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
    const progress: FixityProgress = { runId, state: 'running', trigger, startedAt: now.toISOString(), objectsDone: 0, objectsTotal: 0, bytesDone: 0, bytesTotal: 0, problems: 0, speed: 0 };
    const abort = new AbortController();
    const run: RunningRun = { progress, abort, done: Promise.resolve() };
    this.running = run;
    run.done = this.execute(run, by).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.log(`fixity run ${runId} failed: ${message}`);
      this.ctx.events.emit('station.notice', { level: 'error', code: 'FIXITY_FAILED', params: { runId, message } });
    }).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return { runId, alreadyRunning: false };
  }

  /** Called by the host's timer: starts a run when one is due and nothing else needs the disks. */
  async runIfDue(): Promise<string | undefined> {
    if (this.closed) return undefined;
    const state = await this.load();
    const incomplete = state.lastIncompleteStartedAt;
    const due = shouldStartScheduledFixity({
      now: this.ctx.ports.clock.now(),
      intervalDays: this.ctx.settings().fixityIntervalDays,
      ...(state.lastCompleteStartedAt ? { lastCompleteStartedAt: state.lastCompleteStartedAt } : {}),
      ...(incomplete ? { lastIncompleteStartedAt: incomplete } : {}),
      running: this.running !== undefined,
      ingesting: this.ctx.docks.open().some((session) => session.state === 'ingesting'),
    });
    if (!due) return undefined;
    return (await this.start(FIXITY_SCHEDULE_ACTOR, 'schedule')).runId;
  }

  /** Resolves when no run is going. */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running.done;
  }

  /** Stops a running run (it is recorded as not complete) and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    this.running?.abort.abort();
    await this.whenIdle();
  }

  private async execute(run: RunningRun, by: string): Promise<void> {
    const state = await this.load();
    const { progress, abort } = run;
    const { runId, startedAt, trigger } = progress;
    const { catalogue } = this.ctx.ports;

    state.inProgress = { runId, startedAt, trigger, by };
    await this.ports.store.save(state);

    const clips = allClips(catalogue);
    const objects = await this.ports.vault.listObjects();
    progress.objectsTotal = clips.length;
    progress.bytesTotal = clips.reduce((sum, clip) => sum + clip.size, 0);
    await this.ctx.audit(by, 'fixity.started', `fixity:${runId}`, { detail: { trigger, clips: clips.length, vaultObjects: objects.length, bytes: progress.bytesTotal } });
    this.emitProgress(progress);

    const found = new Map<string, FixityProblem>();
    const previous = new Map(state.problems.map((problem) => [problem.key, problem]));
    const good = new Set<string>();
    let readFromDevice = true;
    let notices = 0;
    let lastEmit = Date.now();
    let lastSample = { at: Date.now(), bytes: 0 };
    let lastSave = Date.now();

    const report = async (problem: Omit<FixityProblem, 'firstSeenAt' | 'lastSeenAt' | 'runId'>): Promise<void> => {
      const at = this.ctx.ports.clock.now().toISOString();
      const full: FixityProblem = { ...problem, firstSeenAt: previous.get(problem.key)?.firstSeenAt ?? at, lastSeenAt: at, runId };
      found.set(full.key, full);
      progress.problems = found.size;
      const target = full.clipId ? `clip:${full.clipId}` : `vault:${full.key}`;
      await this.ctx.audit(by, 'fixity.problem', target, { detail: { runId, ...problem } });
      if (full.kind === 'unknown') return;
      if (notices++ < MAX_PROBLEM_NOTICES) {
        const params: Record<string, string | number> = { clip: full.clipId ?? full.key, kind: full.kind };
        if (full.originalName) params.file = full.originalName;
        if (full.expected) params.expected = full.expected;
        if (full.actual) params.actual = full.actual;
        this.ctx.events.emit('station.notice', { level: 'error', code: full.kind === 'missing' ? 'FIXITY_MISSING' : full.kind === 'mismatch' ? 'FIXITY_MISMATCH' : 'FIXITY_UNREADABLE', params });
      }
    };

    for (const clip of clips) {
      if (abort.signal.aborted) break;
      try {
        const result = await this.ports.vault.rehash(clip.id, abort.signal);
        if (result.status === 'missing') {
          await report({ kind: 'missing', key: clip.id, clipId: clip.id, originalName: clip.originalName, expected: clip.id, expectedSize: clip.size });
        } else {
          readFromDevice &&= result.readFromDevice;
          progress.bytesDone += result.size;
          if (result.sha256 === clip.id && result.size === clip.size) {
            good.add(clip.id);
            state.verifiedAt[clip.id] = this.ctx.ports.clock.now().toISOString();
          } else {
            await report({ kind: 'mismatch', key: clip.id, clipId: clip.id, originalName: clip.originalName, expected: clip.id, actual: result.sha256, expectedSize: clip.size, actualSize: result.size });
          }
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        const detail = error instanceof Error ? error.message : String(error);
        await report({ kind: 'unreadable', key: clip.id, clipId: clip.id, originalName: clip.originalName, expected: clip.id, detail });
      }
      progress.objectsDone += 1;
      const now = Date.now();
      if (now - lastEmit >= PROGRESS_INTERVAL_MS) {
        progress.speed = Math.max(0, ((progress.bytesDone - lastSample.bytes) * 1000) / Math.max(1, now - lastSample.at));
        lastSample = { at: now, bytes: progress.bytesDone };
        lastEmit = now;
        this.emitProgress(progress);
      }
      // A long run keeps its per-object times even if the station is cut off part-way.
      if (now - lastSave >= SAVE_INTERVAL_MS) {
        lastSave = now;
        await this.ports.store.save(state);
      }
      // Low priority: let ingest, the UI and the audit log in between two objects.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }

    const complete = !abort.signal.aborted;
    if (complete) {
      // Checked last: an object published by an ingest that was cataloguing while the list was taken is known by now.
      for (const entry of objects) {
        if (entry.sha256 !== undefined && catalogue.get(entry.sha256)) continue;
        await report({ kind: 'unknown', key: entry.key, ...(entry.sha256 ? { actual: entry.sha256 } : {}), actualSize: entry.size, detail: entry.sha256 ? 'not in the catalogue' : 'not a content-addressed object name' });
      }
    }

    // A complete run replaces the list; a stopped one only clears what it found good and adds what it found.
    const problems = complete ? [...found.values()] : [...[...previous.values()].filter((p) => !good.has(p.key) && !found.has(p.key)), ...found.values()];
    const finishedAt = this.ctx.ports.clock.now().toISOString();
    const count = (kind: FixityProblem['kind']) => [...found.values()].filter((p) => p.kind === kind).length;
    const summary: FixityRunSummary = {
      runId,
      trigger,
      by,
      startedAt,
      finishedAt,
      complete,
      objectsTotal: clips.length,
      objectsChecked: progress.objectsDone,
      bytesChecked: progress.bytesDone,
      good: good.size,
      mismatched: count('mismatch'),
      missing: count('missing'),
      unknown: count('unknown'),
      unreadable: count('unreadable'),
      readFromDevice,
    };
    // Per-object times of clips no longer in the catalogue are dropped, so the store does not grow forever.
    if (complete) for (const key of Object.keys(state.verifiedAt)) if (!catalogue.get(key)) delete state.verifiedAt[key];
    state.problems = problems;
    state.lastRun = summary;
    if (complete) state.lastCompleteStartedAt = startedAt;
    else state.lastIncompleteStartedAt = startedAt;
    delete state.inProgress;
    await this.ports.store.save(state);
    await this.ctx.audit(by, complete ? 'fixity.finished' : 'fixity.stopped', `fixity:${runId}`, { detail: { ...summary, openProblems: problems.length } });

    progress.state = complete ? 'done' : 'stopped';
    progress.speed = 0;
    this.emitProgress(progress);
    const serious = problems.filter((p) => p.kind !== 'unknown').length;
    if (serious > 0) {
      this.ctx.events.emit('station.notice', { level: 'error', code: 'FIXITY_PROBLEMS', params: { count: serious, mismatched: summary.mismatched, missing: summary.missing, unreadable: summary.unreadable, unknown: summary.unknown, runId } });
    } else if (summary.unknown > 0) {
      this.ctx.events.emit('station.notice', { level: 'warning', code: 'FIXITY_UNKNOWN_OBJECTS', params: { count: summary.unknown, runId } });
    }
  }

  private emitProgress(progress: FixityProgress): void {
    this.ctx.events.emit('fixity.progress', { ...progress });
  }
}

function allClips(catalogue: StationContext['ports']['catalogue']): Clip[] {
  const clips: Clip[] = [];
  const total = catalogue.count();
  for (let offset = 0; offset < total; offset += CATALOGUE_PAGE) {
    const page = catalogue.query({ offset, limit: CATALOGUE_PAGE });
    clips.push(...page.items);
    if (page.items.length === 0) break;
  }
  return clips;
}
