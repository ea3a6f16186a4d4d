/**
 * An in-memory station with a simulated dock, for developing and testing the renderer without the
 * real one (page URL `?fake=1`). It keeps the station's rules: request schemas from the contract, the
 * label rules (renderer/src/rules, checked against the core's), the catalogue's search and order rules
 * and the hand-in and overdue policy (fake-rules.ts, likewise checked). Copying is simulated with
 * progress ticks.
 *
 * A camera docks by itself shortly after someone identifies; docks.ingestFolder docks another one
 * (a path containing "full" runs out of disk, one containing "unplug" is pulled out half-way).
 */
import { commands as contractCommands, type CallResult, type CommandName, type CommandResponse, type ErrorPayload, type EventName, type EventPayload, type ParsedRequest } from '../../../electron/contract/index.js';
import type { CommandFunctions, FrontEndApi } from '../../../electron/contract/front-end-api.js';
import { newDockSession } from '../../../electron/core/domain/dock.js';
import { compileCaseNumberPattern, hasProblems, sealLabel, validateLabel } from '../../../electron/core/labels/label-rules.js';
import { createFakeArchive } from './fake-archive.js';
import { createFakeAccess } from './fake-access.js';
import { createFakeDevices } from './fake-devices.js';
import { createFakeBackup } from './fake-backup.js';
import { createFakeSupervision } from './fake-supervision.js';
import type { FakeJobDeps } from './fake-feature.js';
import { compareClips, DEFAULT_SETTINGS, hoursLate, isOverdueForLabel, matchesQuery } from './fake-rules.js';
import type { AgencySettings, AuditRecord, CameraIdentity, Clip, ClipLabel, DockSession, MediaKind } from '../contract-types.js';

export interface FakeStationOptions {
  /** Multiplies the simulated copy speed (tests use 4-10). */
  speed?: number;
  /** Dock a camera by itself after the first identify (default true). */
  autoDock?: boolean;
  now?: () => Date;
}

export interface FakeStation extends FrontEndApi {
  /** Dock a simulated camera as if its volume had appeared; resolves with the session id. */
  dockCamera(sourceRoot: string, camera?: CameraIdentity): string;
}

type Params = Record<string, string | number>;

class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params: Params = {},
    readonly fields?: ErrorPayload['fields'],
  ) {
    super(message);
  }
}

/** 64 hex characters derived from a seed (FNV-1a, eight salts): stable ids that look like SHA-256. */
export function fakeSha(seed: string): string {
  let out = '';
  for (let salt = 0; salt < 8; salt++) {
    let h = 0x811c9dc5 ^ salt;
    for (let i = 0; i < seed.length; i++) {
      h ^= seed.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

const MB = 1024 * 1024;
const HOUR = 3_600_000;
const OPEN_COMMANDS = new Set<CommandName>(['station.info', 'auth.setup', 'auth.login', 'auth.badgeLogin', 'auth.resume', 'auth.logout', 'auth.whoami', 'auth.lock', 'auth.unlock']);

const UNIT = '清远市自然资源局执法监察支队';
const CAMERAS = {
  zhang: { deviceNumber: 'DSJ-A8-0042', serial: 'A8H2403150042', model: 'DSJ-A8', officerNumber: '010203', officerName: '张伟', unitName: UNIT, department: '一大队' },
  li: { deviceNumber: 'DSJ-A8-0017', serial: 'A8H2311020017', model: 'DSJ-A8', officerNumber: '010311', officerName: '李娜', unitName: UNIT, department: '二大队' },
  wang: { deviceNumber: 'DSJ-V7-0108', serial: 'V7K2209300108', model: 'DSJ-V7', officerNumber: '010457', officerName: '王强', unitName: UNIT, department: '三大队' },
} satisfies Record<string, CameraIdentity>;

interface PlannedFile {
  relativePath: string;
  kind: MediaKind;
  size: number;
  durationMs?: number;
  recordedAt: Date;
  damaged?: string;
}

interface Simulation {
  files: PlannedFile[];
  index: number;
  bytesIntoFile: number;
  phase: 'scanning' | 'copying' | 'verifying' | 'cataloguing';
  ticksInPhase: number;
  failAt?: { kind: 'unplug'; fileIndex: number } | { kind: 'disk-full' };
  timer: ReturnType<typeof setInterval> | undefined;
}

const DAMAGED_MISSING_INDEX =
  'The file has no index (moov atom), which is typical when recording stopped abruptly (battery ran out or the camera was switched off mid-recording), so it cannot be played as is. The original is kept unchanged.';

export function createFakeStation(options: FakeStationOptions = {}): FakeStation {
  const speed = options.speed ?? 1;
  const now = options.now ?? (() => new Date());
  const autoDock = options.autoDock ?? true;

  // The fake lets officers and supervisors view ordinary footage without asking (a standing grant), so the
  // player can be shown at once; the real station's default is none (R5.1), see docs/access-control.md.
  let settings: AgencySettings = {
    ...DEFAULT_SETTINGS,
    agencyName: '清远市自然资源局',
    standingGrants: [
      { role: 'officer', upTo: 'ordinary' },
      { role: 'supervisor', upTo: 'personal-privacy' },
    ],
  };
  let operator: string | undefined;
  let autoDocked = false;
  const clips = new Map<string, Clip>();
  const sessions = new Map<string, DockSession>();
  const simulations = new Map<string, Simulation>();
  const audit: AuditRecord[] = [];
  const tickets = new Map<string, string>();
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  const blobUrls = new Map<string, string>();
  // Fixity: a simulated re-hash of every clip, always good (the real checks are tested on real files).
  let fixityLast: CommandResponse<'fixity.status'>['lastRun'];
  let fixityRunning: EventPayload<'fixity.progress'> | undefined;

  function emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    // Copied, like IPC or JSON would: a screen never holds the fake's own objects.
    const copy = JSON.parse(JSON.stringify(payload)) as EventPayload<E>;
    queueMicrotask(() => {
      for (const listener of listeners.get(event) ?? []) (listener as (p: EventPayload<E>) => void)(copy);
    });
  }

  function record(actor: string, action: string, target: string, extra: Partial<Pick<AuditRecord, 'before' | 'after' | 'detail'>> = {}, at = now()): void {
    const prevHash = audit.at(-1)?.hash ?? '0'.repeat(64);
    const seq = audit.length + 1;
    const body = { seq, at: at.toISOString(), actor, action, target, ...extra, prevHash };
    audit.push({ ...body, hash: fakeSha(JSON.stringify(body)) });
  }

  // ---- sample data: what a station that has been in use for a few weeks holds ----

  function makeClip(seed: string, camera: CameraIdentity, sessionId: string, file: PlannedFile, receivedAt: Date, clockOffsetMs = 0): Clip {
    const id = fakeSha(seed);
    const clip: Clip = {
      id,
      size: file.size,
      kind: file.kind,
      originalName: file.relativePath.split('/').pop() ?? file.relativePath,
      originalPath: file.relativePath,
      camera,
      cameraMtime: new Date(file.recordedAt.getTime() + (file.durationMs ?? 0) + clockOffsetMs).toISOString(),
      clockOffsetMs,
      receivedAt: receivedAt.toISOString(),
      dockSessionId: sessionId,
      media: {
        kind: file.kind,
        ...(file.kind === 'video' ? { videoCodec: 'h264', audioCodec: 'aac', width: 1920, height: 1080 } : {}),
        ...(file.kind === 'photo' ? { width: 4000, height: 3000 } : {}),
        ...(file.kind === 'audio' ? { audioCodec: 'pcm_s16le' } : {}),
        ...(file.durationMs !== undefined ? { durationMs: file.durationMs } : {}),
        recordedAt: new Date(file.recordedAt.getTime() + clockOffsetMs).toISOString(),
        ...(file.damaged ? { damaged: file.damaged } : {}),
      },
      hasThumbnail: (file.kind === 'video' || file.kind === 'photo') && !file.damaged,
    };
    const late = hoursLate(clip, receivedAt, settings.handInLimitHours);
    if (late !== undefined) clip.late = { hoursAfterRecording: late };
    return clip;
  }

  function fileName(kind: MediaKind, at: Date, n: number): string {
    const stamp = `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}_${String(at.getHours()).padStart(2, '0')}${String(at.getMinutes()).padStart(2, '0')}${String(at.getSeconds()).padStart(2, '0')}`;
    const prefix = kind === 'photo' ? 'IMG' : kind === 'audio' ? 'REC' : 'VID';
    const ext = kind === 'photo' ? 'JPG' : kind === 'audio' ? 'WAV' : 'MP4';
    return `DCIM/100MEDIA/${prefix}_${stamp}_${String(n).padStart(4, '0')}.${ext}`;
  }

  function sessionId(at: Date): string {
    return `${at.toISOString().slice(0, 10).replaceAll('-', '')}-${fakeSha(`${at.getTime()}-${sessions.size}`).slice(0, 8)}`;
  }

  function seed(): void {
    const t0 = now().getTime();
    record('station', 'station.started', 'station', { detail: { version: 'fake' } }, new Date(t0 - 20 * 24 * HOUR));
    const cases = [
      { caseNumber: '清国土罚（2026）9号', party: '陈某某', location: '清新区太和镇坑口村', causeOfAction: '未经批准擅自建房', stage: 'investigation' as const },
      { caseNumber: '清国土罚（2026）12号', party: '清远市某某建材有限公司', location: '清城区东城街道新城村', causeOfAction: '非法占用耕地建设厂房', stage: 'procedure-start' as const },
      { caseNumber: '清国土罚（2026）15号', party: '清远某某砂石场', location: '英德市浛洸镇北江河段', causeOfAction: '非法采砂', stage: 'service-enforcement' as const },
    ];
    let n = 0;
    for (const [days, camera, caseIndex, handler] of [
      [12, CAMERAS.wang, 0, '王强'],
      [9, CAMERAS.zhang, 1, '张伟'],
      [6, CAMERAS.wang, 2, '王强'],
      [4, CAMERAS.zhang, 1, '张伟'],
    ] as const) {
      const start = new Date(t0 - days * 24 * HOUR - 5 * HOUR);
      const id = sessionId(start);
      const session = newDockSession(id, camera, '/media/usb0', new Date(start.getTime() + 7 * HOUR), `${camera.officerName}(${camera.officerNumber})`);
      const labelCase = cases[caseIndex];
      for (let k = 0; k < 3; k++) {
        n++;
        const kind: MediaKind = k === 2 ? 'photo' : 'video';
        const recordedAt = new Date(start.getTime() + k * 14 * 60_000);
        const file: PlannedFile = { relativePath: fileName(kind, recordedAt, n), kind, size: kind === 'photo' ? 3.8 * MB : (120 + 90 * k) * MB, recordedAt, ...(kind === 'video' ? { durationMs: (4 * 60 + 17 + 140 * k) * 1000 } : {}) };
        const clip = makeClip(`hist-${n}`, camera, id, file, new Date(start.getTime() + 7 * HOUR));
        if (labelCase) {
          const labelledAt = new Date(start.getTime() + 8 * HOUR);
          clip.label = { ...labelCase, handler, labelledAt: labelledAt.toISOString(), labelledBy: session.operator, ...(caseIndex === 2 ? { longTerm: 'obstruction' as const, notes: '当事人拒绝停止作业并阻挠拍摄' } : {}) };
        }
        clips.set(clip.id, clip);
        session.clipIds.push(clip.id);
        record(session.operator, 'clip.ingested', `clip:${clip.id}`, { after: { size: clip.size, originalPath: clip.originalPath, device: camera.deviceNumber } }, new Date(clip.receivedAt));
        if (clip.label) record(session.operator, 'clip.labelled', `clip:${clip.id}`, { before: null, after: clip.label }, new Date(clip.label.labelledAt));
      }
      session.state = 'closed';
      session.closedAt = new Date(start.getTime() + 8 * HOUR).toISOString();
      session.progress = { ...session.progress, step: 'done', filesDone: 3, filesTotal: 3 };
      sessions.set(id, session);
    }

    // 李娜 docked two days ago and left without labelling (before the station enforced it): overdue.
    {
      const start = new Date(t0 - 52 * HOUR);
      const id = sessionId(start);
      const camera = CAMERAS.li;
      const session = newDockSession(id, camera, '/media/usb1', new Date(start.getTime() + 3 * HOUR), '李娜(010311)');
      for (let k = 0; k < 3; k++) {
        const kind: MediaKind = k === 1 ? 'audio' : 'video';
        const recordedAt = new Date(start.getTime() + k * 23 * 60_000);
        const file: PlannedFile = { relativePath: fileName(kind, recordedAt, 40 + k), kind, size: kind === 'audio' ? 9 * MB : (210 + 40 * k) * MB, recordedAt, durationMs: (k === 1 ? 6 * 60 + 20 : 7 * 60 + 3 * k) * 1000 };
        const clip = makeClip(`li-${k}`, camera, id, file, new Date(start.getTime() + 3 * HOUR));
        clips.set(clip.id, clip);
        session.clipIds.push(clip.id);
        record(session.operator, 'clip.ingested', `clip:${clip.id}`, { after: { size: clip.size, originalPath: clip.originalPath } }, new Date(clip.receivedAt));
      }
      session.state = 'awaiting-labels';
      session.unlabelledCount = 3;
      const bytes = session.clipIds.reduce((sum, clipId) => sum + (clips.get(clipId)?.size ?? 0), 0);
      session.progress = { ...session.progress, step: 'done', filesDone: 3, filesTotal: 3, bytesDone: bytes, bytesTotal: bytes };
      sessions.set(id, session);
    }

    // 王强's camera was pulled out mid-copy this morning: interrupted, two clips made it in.
    {
      const start = new Date(t0 - 4 * HOUR);
      const id = sessionId(start);
      const camera = CAMERAS.wang;
      const session = newDockSession(id, camera, '/media/usb2', new Date(start.getTime() + HOUR), '王强(010457)');
      session.clockOffsetMs = 95_000;
      const planned: PlannedFile[] = [];
      for (let k = 0; k < 5; k++) {
        const recordedAt = new Date(start.getTime() - 3 * HOUR + k * 11 * 60_000);
        planned.push({ relativePath: fileName('video', recordedAt, 60 + k), kind: 'video', size: (150 + 30 * k) * MB, recordedAt, durationMs: (5 * 60 + 40 + 30 * k) * 1000 });
      }
      for (const file of planned.slice(0, 2)) {
        const clip = makeClip(`wang-${file.relativePath}`, camera, id, file, new Date(start.getTime() + HOUR), 95_000);
        clips.set(clip.id, clip);
        session.clipIds.push(clip.id);
      }
      const lost = planned[2];
      session.state = 'interrupted';
      session.failure = 'SOURCE_VANISHED';
      session.unlabelledCount = 2;
      session.problems.push({ originalPath: lost?.relativePath ?? '', code: 'SOURCE_VANISHED', message: `${lost?.relativePath ?? ''}: source disappeared while reading (ENODEV)` });
      const bytesTotal = planned.reduce((sum, f) => sum + f.size, 0);
      session.progress = { sessionId: id, step: 'failed', filesDone: 2, filesTotal: 5, bytesDone: (planned[0]?.size ?? 0) + (planned[1]?.size ?? 0) + 40 * MB, bytesTotal, speed: 0 };
      sessions.set(id, session);
      record(session.operator, 'dock.interrupted', `dock:${id}`, { detail: { code: 'SOURCE_VANISHED' } }, new Date(start.getTime() + HOUR + 60_000));
    }
  }

  // ---- the simulated dock ----

  function plannedFilesFor(camera: CameraIdentity, base: Date, variant: 'main' | 'small'): PlannedFile[] {
    const at = (minutesBefore: number) => new Date(base.getTime() - minutesBefore * 60_000);
    if (variant === 'small') {
      return [
        { relativePath: fileName('video', at(200), 1), kind: 'video', size: 64 * MB, durationMs: 95_000, recordedAt: at(200) },
        { relativePath: fileName('video', at(180), 2), kind: 'video', size: 88 * MB, durationMs: 131_000, recordedAt: at(180) },
        { relativePath: fileName('photo', at(175), 3), kind: 'photo', size: 3.1 * MB, recordedAt: at(175) },
      ];
    }
    void camera;
    return [
      { relativePath: fileName('video', at(31 * 60), 101), kind: 'video', size: 118 * MB, durationMs: 162_000, recordedAt: at(31 * 60) },
      { relativePath: fileName('video', at(372), 102), kind: 'video', size: 236 * MB, durationMs: 312_000, recordedAt: at(372) },
      { relativePath: fileName('video', at(355), 103), kind: 'video', size: 412 * MB, durationMs: 545_000, recordedAt: at(355) },
      { relativePath: fileName('photo', at(344), 104), kind: 'photo', size: 4.2 * MB, recordedAt: at(344) },
      { relativePath: fileName('video', at(320), 105), kind: 'video', size: 41 * MB, recordedAt: at(320), damaged: DAMAGED_MISSING_INDEX },
      { relativePath: fileName('audio', at(301), 106), kind: 'audio', size: 12 * MB, durationMs: 380_000, recordedAt: at(301) },
    ];
  }

  function dockCamera(sourceRoot: string, camera: CameraIdentity = CAMERAS.zhang, by = operator ?? 'station'): string {
    for (const session of sessions.values())
      if (session.sourceRoot === sourceRoot && session.state === 'ingesting') throw new FakeError('SESSION_BUSY', `already ingesting ${sourceRoot}`, { path: sourceRoot });
    const started = now();
    const id = sessionId(started);
    const session = newDockSession(id, { deviceNumber: '' }, sourceRoot, started, by);
    sessions.set(id, session);
    record(by, 'dock.started', `dock:${id}`, { detail: { sourceRoot } });
    const lower = sourceRoot.toLowerCase();
    const files = plannedFilesFor(camera, started, camera === CAMERAS.zhang ? 'main' : 'small');
    const sim: Simulation = {
      files,
      index: 0,
      bytesIntoFile: 0,
      phase: 'scanning',
      ticksInPhase: 0,
      ...(lower.includes('full') ? { failAt: { kind: 'disk-full' as const } } : lower.includes('unplug') ? { failAt: { kind: 'unplug' as const, fileIndex: 1 } } : {}),
      timer: undefined,
    };
    simulations.set(id, sim);
    sim.timer = setInterval(() => tick(session, sim, camera), 200);
    emit('dock.updated', session);
    return id;
  }

  function stopSimulation(session: DockSession, sim: Simulation): void {
    if (sim.timer) clearInterval(sim.timer);
    sim.timer = undefined;
    simulations.delete(session.id);
    session.progress.speed = 0;
    delete session.progress.etaSeconds;
    delete session.progress.currentFile;
  }

  function tick(session: DockSession, sim: Simulation, camera: CameraIdentity): void {
    const p = session.progress;
    sim.ticksInPhase++;
    const rate = (210 + 60 * Math.sin(Date.now() / 700)) * MB * speed; // bytes per second
    if (sim.phase === 'scanning') {
      if (sim.ticksInPhase < 3) return emit('dock.updated', session);
      session.camera = camera;
      session.clockOffsetMs = camera === CAMERAS.zhang ? -3_000 : 41_000;
      p.filesTotal = sim.files.length;
      p.bytesTotal = sim.files.reduce((sum, f) => sum + f.size, 0);
      if (camera === CAMERAS.zhang) {
        session.problems.push({ originalPath: 'DCIM/100MEDIA/.hidden_link.MP4', code: 'UNSAFE_ENTRY', message: 'symlink', params: { reason: 'symlink' } });
        record(session.operator, 'ingest.refused-entry', `dock:${session.id}`, { detail: { relativePath: 'DCIM/100MEDIA/.hidden_link.MP4', reason: 'symlink' } });
      }
      record(session.operator, 'dock.scanned', `dock:${session.id}`, { detail: { camera, files: p.filesTotal, bytes: p.bytesTotal } });
      if (sim.failAt?.kind === 'disk-full') {
        const free = Math.round(p.bytesTotal * 0.4);
        const needed = p.bytesTotal + 64 * MB;
        session.state = 'failed';
        session.failure = 'DISK_FULL';
        p.step = 'failed';
        session.problems.push({ originalPath: '', code: 'DISK_FULL', message: `needs ${needed} bytes, ${free} free`, params: { needed, free } });
        record(session.operator, 'dock.failed', `dock:${session.id}`, { detail: { code: 'DISK_FULL', needed, free } });
        emit('station.notice', { level: 'error', code: 'DISK_FULL', params: { device: camera.deviceNumber, needed, free } });
        stopSimulation(session, sim);
        return emit('dock.updated', session);
      }
      sim.phase = 'copying';
      sim.ticksInPhase = 0;
    }
    const file = sim.files[sim.index];
    if (!file) return finish(session, sim);
    p.speed = rate;
    if (sim.phase === 'copying') {
      p.step = 'copying';
      sim.bytesIntoFile = Math.min(file.size, sim.bytesIntoFile + rate * 0.2);
      if (sim.failAt?.kind === 'unplug' && sim.index === sim.failAt.fileIndex && sim.bytesIntoFile > file.size / 2) {
        // Pulled out half-way through this file: what was verified before it stays.
        sim.bytesIntoFile = file.size / 2;
        p.bytesDone = sim.files.slice(0, sim.index).reduce((sum, f) => sum + f.size, 0) + sim.bytesIntoFile;
        session.state = 'interrupted';
        session.failure = 'SOURCE_VANISHED';
        p.step = 'failed';
        session.problems.push({ originalPath: file.relativePath, code: 'SOURCE_VANISHED', message: `${file.relativePath}: source disappeared while reading (ENODEV)` });
        record(session.operator, 'dock.interrupted', `dock:${session.id}`, { detail: { code: 'SOURCE_VANISHED', file: file.relativePath } });
        emit('station.notice', { level: 'error', code: 'SOURCE_VANISHED', params: { device: camera.deviceNumber } });
        stopSimulation(session, sim);
        return emit('dock.updated', session);
      }
      const before = sim.files.slice(0, sim.index).reduce((sum, f) => sum + f.size, 0);
      p.bytesDone = before + sim.bytesIntoFile;
      p.currentFile = { originalPath: file.relativePath, bytesDone: sim.bytesIntoFile, bytesTotal: file.size };
      p.etaSeconds = Math.max(0, (p.bytesTotal - p.bytesDone) / rate);
      if (sim.bytesIntoFile >= file.size) {
        sim.phase = 'verifying';
        sim.ticksInPhase = 0;
      }
    } else if (sim.phase === 'verifying') {
      p.step = 'verifying';
      p.currentFile = { originalPath: file.relativePath, bytesDone: Math.min(file.size, (sim.ticksInPhase / 2) * file.size), bytesTotal: file.size };
      if (sim.ticksInPhase >= 2) {
        sim.phase = 'cataloguing';
        sim.ticksInPhase = 0;
      }
    } else {
      p.step = 'cataloguing';
      const clip = makeClip(`${session.id}-${file.relativePath}`, camera, session.id, file, now(), session.clockOffsetMs);
      const existing = clips.get(clip.id);
      if (existing) {
        clips.set(clip.id, { ...existing, seenAgain: [...(existing.seenAgain ?? []), { dockSessionId: session.id, at: now().toISOString(), originalPath: file.relativePath }] });
      } else {
        clips.set(clip.id, clip);
        record(session.operator, 'clip.ingested', `clip:${clip.id}`, {
          after: { size: clip.size, originalPath: clip.originalPath, device: camera.deviceNumber, recordedAt: clip.media.recordedAt, receivedAt: clip.receivedAt, late: clip.late, damaged: clip.media.damaged },
          detail: { vault: 'stored', dock: session.id },
        });
      }
      session.clipIds.push(clip.id);
      const stored = clips.get(clip.id);
      if (!stored?.label) session.unlabelledCount++;
      if (stored?.late && !stored.late.reason) session.lateCount++;
      p.filesDone++;
      sim.index++;
      sim.bytesIntoFile = 0;
      sim.phase = 'copying';
      sim.ticksInPhase = 0;
      emit('clips.changed', { ids: [clip.id] });
      if (sim.index >= sim.files.length) return finish(session, sim);
    }
    emit('dock.updated', session);
  }

  function finish(session: DockSession, sim: Simulation): void {
    stopSimulation(session, sim);
    session.state = session.unlabelledCount > 0 ? 'awaiting-labels' : 'ready-to-close';
    session.progress.step = 'done';
    session.progress.bytesDone = session.progress.bytesTotal;
    record(session.operator, 'dock.ingested', `dock:${session.id}`, { after: { state: session.state }, detail: { clips: session.clipIds.length, problems: session.problems.length, late: session.lateCount } });
    emit('dock.updated', session);
  }

  function refresh(session: DockSession): void {
    const list = session.clipIds.map((id) => clips.get(id));
    session.unlabelledCount = list.filter((clip) => clip && !clip.label).length;
    session.lateCount = list.filter((clip) => clip?.late && !clip.late.reason).length;
    if (session.state === 'awaiting-labels' && session.unlabelledCount === 0) session.state = 'ready-to-close';
    if (session.state === 'ready-to-close' && session.unlabelledCount > 0) session.state = 'awaiting-labels';
    emit('dock.updated', session);
  }

  function refreshSessionsContaining(ids: readonly string[]): void {
    const wanted = new Set(ids);
    for (const session of sessions.values()) if (session.state !== 'closed' && session.clipIds.some((id) => wanted.has(id))) refresh(session);
  }

  function requireOperator(): string {
    access.requireActor();
    if (!operator) throw new FakeError('UNAUTHENTICATED', 'sign in first');
    return operator;
  }

  function getClip(id: string): Clip {
    const clip = clips.get(id);
    if (!clip) throw new FakeError('CLIP_NOT_FOUND', `no clip ${id}`, { id });
    return clip;
  }

  // ---- command handlers, as electron/core/commands/handlers.ts ----

  type Handlers = { [C in CommandName]: (request: ParsedRequest<C>) => CommandResponse<C> };

  // What every feature module of the fake gets from the station.
  const featureDeps: FakeJobDeps = {
    clips: () => clips.values(),
    now,
    speed,
    requireOperator,
    emit,
    record: (actor, action, target, extra) => record(actor, action, target, extra as Parameters<typeof record>[3]),
    fail: (code, message, params) => new FakeError(code, message, params),
    sha: fakeSha,
  };
  const access = createFakeAccess({
    ...featureDeps,
    settings: () => settings,
    getClip,
    putClip: (clip) => {
      clips.set(clip.id, clip);
      emit('clips.changed', { ids: [clip.id] });
    },
    setOperator: (next) => {
      operator = next;
      // As before accounts: the first person at the fake station sees a camera dock by itself.
      if (next && autoDock && !autoDocked) {
        autoDocked = true;
        setTimeout(() => dockCamera('/media/usb0', CAMERAS.zhang, next), 700 / speed);
      }
    },
  });

  const fakeDevices = createFakeDevices(featureDeps);
  const handlers: Handlers = {
    'station.info': () => ({
      version: '0.1.0-fake',
      agencyName: settings.agencyName,
      needsSetup: false,
      badgeScanSuffices: settings.badgeScanSuffices,
      ...(operator ? { dataDir: '/var/lib/evidence-station', watchRoots: ['/media'], settings, clipCount: clips.size, operator } : {}),
    }),
    'docks.list': () =>
      [...sessions.values()].filter((s) => s.state !== 'closed').sort((a, b) => b.startedAt.localeCompare(a.startedAt)),
    'docks.ingestFolder': (request) => {
      const by = requireOperator();
      const camera: CameraIdentity = { ...CAMERAS.li, deviceNumber: `DSJ-X1-${fakeSha(request.path).slice(0, 4).toUpperCase()}`, serial: fakeSha(request.path).slice(0, 12).toUpperCase() };
      // Issue B scenarios (fake-devices.ts): a path naming one shows that camera case on the Dock screen.
      const sessionId = fakeDevices.arrive(request.path, camera, (root, identity) => dockCamera(root, identity, by));
      if (sessionId === undefined) {
        const problem = fakeDevices.handlers['cameras.present']({}).find((c) => c.root === request.path)?.problem;
        throw new FakeError(problem?.code ?? 'INTERNAL', problem?.message ?? 'refused', problem?.params ?? {});
      }
      return { sessionId };
    },
    'docks.close': (request) => {
      const by = requireOperator();
      const session = sessions.get(request.sessionId);
      if (!session) throw new FakeError('SESSION_NOT_FOUND', `no dock session ${request.sessionId}`, { sessionId: request.sessionId });
      if (session.state === 'ingesting') throw new FakeError('SESSION_BUSY', 'the camera is still being copied', { sessionId: request.sessionId });
      refresh(session);
      if (session.unlabelledCount > 0) throw new FakeError('SESSION_HAS_UNLABELLED', `${session.unlabelledCount} clips still need case number, party and handler`, { count: session.unlabelledCount });
      if (session.lateCount > 0) throw new FakeError('LATE_REASON_REQUIRED', `${session.lateCount} clips were handed in late and need a reason`, { count: session.lateCount });
      const before = session.state;
      session.state = 'closed';
      session.closedAt = now().toISOString();
      record(by, 'dock.closed', `dock:${session.id}`, { before: { state: before }, after: { state: 'closed' } });
      emit('dock.updated', session);
      return session;
    },
    'docks.lateReason': (request) => {
      const by = requireOperator();
      const session = sessions.get(request.sessionId);
      if (!session) throw new FakeError('SESSION_NOT_FOUND', `no dock session ${request.sessionId}`, { sessionId: request.sessionId });
      const late = request.clipIds.map(getClip).filter((clip) => clip.late !== undefined);
      for (const clip of late) {
        clips.set(clip.id, { ...clip, late: { hoursAfterRecording: clip.late?.hoursAfterRecording ?? 0, reason: request.reason } });
        record(by, 'clip.late-reason', `clip:${clip.id}`, { before: { reason: clip.late?.reason ?? null }, after: { reason: request.reason } });
      }
      refreshSessionsContaining(late.map((clip) => clip.id));
      emit('clips.changed', { ids: late.map((clip) => clip.id) });
      return { updated: late.length };
    },
    'clips.query': (request) => {
      // As on the station: a clip above the person's clearance is absent from items and total alike.
      const all = [...clips.values()]
        .filter((clip) => matchesQuery(clip, request) && access.maySee(clip))
        .sort(compareClips);
      const offset = request.offset ?? 0;
      const limit = request.limit ?? 100;
      return { items: all.slice(offset, offset + limit).map(access.withLevel), total: all.length };
    },
    'clips.get': (request) => ({ clip: getClip(request.id), history: audit.filter((r) => r.target === `clip:${request.id}`).slice(-200) }),
    'clips.label': (request) => {
      const by = requireOperator();
      const problems = validateLabel(request.label, settings);
      if (hasProblems(problems)) throw new FakeError('LABEL_REJECTED', 'the label is incomplete or invalid', {}, problems);
      const label: ClipLabel = sealLabel(request.label, by, now());
      const before = request.ids.map(getClip);
      for (const clip of before) {
        clips.set(clip.id, { ...clip, label });
        record(by, 'clip.labelled', `clip:${clip.id}`, { before: clip.label ?? null, after: label });
      }
      refreshSessionsContaining(request.ids);
      emit('clips.changed', { ids: request.ids });
      return { updated: before.length };
    },
    'clips.overdue': () => {
      const at = now();
      return [...clips.values()]
        .filter((clip) => isOverdueForLabel(clip, at, settings.labelOverdueHours))
        .sort(compareClips);
    },
    'player.open': (request) => {
      const by = requireOperator();
      const clip = getClip(request.id);
      const ticket = `fake-${fakeSha(`${clip.id}-${Date.now()}-${Math.random()}`).slice(0, 32)}`;
      tickets.set(ticket, clip.id);
      const expiresAt = new Date(now().getTime() + 30 * 60_000).toISOString();
      const grantId = access.viewingGrant(clip);
      record(by, 'clip.viewed', `clip:${clip.id}`, { detail: { via: 'fake', expiresAt, grantId } });
      return { ticket, expiresAt, grantId };
    },
    'settings.get': () => settings,
    'settings.update': (request) => {
      const by = requireOperator();
      const next: AgencySettings = { ...settings, ...Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) };
      if (!compileCaseNumberPattern(next.caseNumberPattern))
        throw new FakeError('SETTING_INVALID', 'the case number pattern is not a valid regular expression', { setting: 'caseNumberPattern' }, { caseNumberPattern: { code: 'PATTERN_INVALID', params: {} } });
      record(by, 'settings.updated', 'settings', { before: settings, after: next });
      settings = next;
      return next;
    },
    'fixity.run': () => {
      const by = requireOperator();
      if (fixityRunning) return { runId: fixityRunning.runId, alreadyRunning: true };
      const startedAt = now().toISOString();
      const all = [...clips.values()];
      const runId = `fx-fake-${audit.length + 1}`;
      const progress: EventPayload<'fixity.progress'> = { runId, state: 'running', trigger: 'manual', startedAt, objectsDone: 0, objectsTotal: all.length, bytesDone: 0, bytesTotal: all.reduce((sum, clip) => sum + clip.size, 0), problems: 0, speed: 400 * MB };
      fixityRunning = progress;
      record(by, 'fixity.started', `fixity:${runId}`, { detail: { trigger: 'manual', clips: all.length } });
      emit('fixity.progress', progress);
      const timer = setInterval(() => {
        const clip = all[progress.objectsDone];
        if (clip) {
          progress.objectsDone += 1;
          progress.bytesDone += clip.size;
          emit('fixity.progress', progress);
          return;
        }
        clearInterval(timer);
        progress.state = 'done';
        progress.speed = 0;
        fixityRunning = undefined;
        fixityLast = { runId, trigger: 'manual', by, startedAt, finishedAt: now().toISOString(), complete: true, objectsTotal: all.length, objectsChecked: all.length, bytesChecked: progress.bytesDone, good: all.length, mismatched: 0, missing: 0, unknown: 0, unreadable: 0, readFromDevice: true };
        record(by, 'fixity.finished', `fixity:${runId}`, { detail: fixityLast });
        emit('fixity.progress', progress);
      }, 60 / speed);
      return { runId, alreadyRunning: false };
    },
    'fixity.status': () => {
      const last = fixityLast ? Date.parse(fixityLast.startedAt) : undefined;
      return {
        ...(fixityLast ? { lastRun: fixityLast } : {}),
        problems: [],
        ...(fixityRunning ? { running: { ...fixityRunning } } : {}),
        intervalDays: settings.fixityIntervalDays,
        nextDueAt: new Date(last === undefined ? now().getTime() : last + settings.fixityIntervalDays * 24 * HOUR).toISOString(),
        objectsVerified: fixityLast ? fixityLast.good : 0,
      };
    },
    ...fakeDevices.handlers,
    ...access.handlers,
    ...createFakeArchive(featureDeps),
    ...createFakeSupervision({
      ...featureDeps,
      settings: () => settings,
      badge: () => /\(([^()]+)\)$/.exec(operator ?? '')?.[1],
      isHead: () => true,
    }),
    ...createFakeBackup({ ...featureDeps, settings: () => settings }),
    'audit.verify': () => {
      const result = { ok: true as const, records: audit.length, lastHash: audit.at(-1)?.hash ?? '0'.repeat(64) };
      record(operator ?? 'station', 'audit.verified', 'audit', { detail: result });
      return result;
    },
  };

  async function execute<C extends CommandName>(command: C, raw: unknown): Promise<CallResult<C>> {
    // A little latency, like a real round trip, so loading states are exercised.
    await new Promise((resolve) => setTimeout(resolve, 15));
    const parsed = contractCommands[command].request.safeParse(raw ?? {});
    if (!parsed.success) {
      const fields: NonNullable<ErrorPayload['fields']> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.map(String).join('.') || '_';
        fields[key] ??= { code: issue.message === 'CONTROL_CHARS' ? 'CONTROL_CHARS' : issue.code.toUpperCase(), params: {} };
      }
      return { ok: false, error: { code: 'INVALID_REQUEST', message: parsed.error.message, params: { command }, fields } };
    }
    try {
      if (!OPEN_COMMANDS.has(command)) requireOperator();
      const handler = handlers[command] as (request: unknown) => CommandResponse<C>;
      const value = handler(parsed.data);
      return { ok: true, value: JSON.parse(JSON.stringify(value)) as CommandResponse<C> };
    } catch (error) {
      if (error instanceof FakeError) return { ok: false, error: { code: error.code, message: error.message, params: error.params, ...(error.fields ? { fields: error.fields } : {}) } };
      return { ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), params: {} } };
    }
  }

  // ---- media: drawn thumbnails and photos, a generated tone for audio, nothing playable for video ----

  function thumbnailSvg(clip: Clip, large: boolean): string {
    const hue = parseInt(clip.id.slice(0, 2), 16) * 1.4;
    const w = large ? 1200 : 320;
    const h = large ? 900 : 180;
    const stamp = `${(clip.media.recordedAt ?? clip.receivedAt).slice(0, 19).replace('T', ' ')} ${clip.camera.deviceNumber}`;
    const fs = large ? 30 : 11;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 320 180">
<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},45%,72%)"/><stop offset="1" stop-color="hsl(${hue},35%,88%)"/></linearGradient></defs>
<rect width="320" height="180" fill="url(#s)"/>
<rect y="118" width="320" height="62" fill="hsl(${(hue + 80) % 360},25%,42%)"/>
<rect x="40" y="70" width="70" height="56" fill="hsl(${hue},10%,92%)" stroke="#555" stroke-width="1"/>
<polygon points="34,72 75,44 116,72" fill="hsl(${(hue + 180) % 360},35%,45%)"/>
<rect x="150" y="88" width="110" height="38" fill="hsl(${hue},8%,80%)" stroke="#555" stroke-width="1"/>
<rect x="64" y="98" width="18" height="28" fill="#6b4f3a"/>
<text x="6" y="14" font-family="monospace" font-size="${(fs * 320) / w}" fill="#fff" stroke="#000" stroke-width="0.3">${stamp}</text>
</svg>`;
    return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  }

  function toneUrl(clipId: string): string {
    const cached = blobUrls.get(clipId);
    if (cached) return cached;
    const rate = 8000;
    const seconds = 3;
    const samples = rate * seconds;
    const bytes = new Uint8Array(44 + samples);
    const view = new DataView(bytes.buffer);
    const text = (offset: number, s: string) => [...s].forEach((ch, i) => view.setUint8(offset + i, ch.charCodeAt(0)));
    text(0, 'RIFF');
    view.setUint32(4, 36 + samples, true);
    text(8, 'WAVEfmt ');
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true);
    view.setUint16(22, 1, true);
    view.setUint32(24, rate, true);
    view.setUint32(28, rate, true);
    view.setUint16(32, 1, true);
    view.setUint16(34, 8, true);
    text(36, 'data');
    view.setUint32(40, samples, true);
    for (let i = 0; i < samples; i++) bytes[44 + i] = 128 + Math.round(40 * Math.sin((2 * Math.PI * 440 * i) / rate));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
    blobUrls.set(clipId, url);
    return url;
  }

  function mediaUrl(ticket: string): string {
    const clip = clips.get(tickets.get(ticket) ?? '');
    if (!clip) return '';
    if (clip.kind === 'photo') return thumbnailSvg(clip, true);
    if (clip.kind === 'audio') return toneUrl(clip.id);
    // No real footage in the fake: a blob the <video> element will refuse, like an unplayable file.
    const key = `video-${clip.id}`;
    const cached = blobUrls.get(key);
    if (cached) return cached;
    const url = URL.createObjectURL(new Blob([new Uint8Array(16)], { type: 'video/mp4' }));
    blobUrls.set(key, url);
    return url;
  }

  seed();

  const commandFunctions = Object.fromEntries(
    (Object.keys(contractCommands) as CommandName[]).map((name) => [name, (request: unknown) => execute(name, request)]),
  ) as unknown as CommandFunctions;

  return {
    commands: commandFunctions,
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => void set.delete(listener as (payload: never) => void);
    },
    mediaUrl,
    thumbnailUrl: (clipId) => {
      const clip = clips.get(clipId);
      return clip?.hasThumbnail ? thumbnailSvg(clip, false) : '';
    },
    dockCamera: (sourceRoot, camera) => dockCamera(sourceRoot, camera),
  };
}
