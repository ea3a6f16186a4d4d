/**
 * The real station inside the guest: opened from a data folder on the host (over 9p), watching the
 * automounter's mount root, exactly as Electron main or `evidence-station serve` opens it. Records
 * every dock session update and every event name so the host test can check what happened.
 */
import path from 'node:path';
import { openStationFromDataDir, type OpenedStation } from '../../../electron/adapters/compose.js';
import type { EventName, EventPayload } from '../../../electron/contract/index.js';
import type { RegisterDeviceInput } from '../../../electron/core/devices/device-registry.js';
import type { DockSession } from '../../../electron/core/domain/dock.js';
import { Automounter, type MountEvent } from './automounter.js';
import { waitFor, type GuestContext } from './guest-context.js';

export class StationHarness {
  readonly mounts: MountEvent[] = [];
  readonly sessions = new Map<string, DockSession>();
  /** When each session was first seen past its scan: the camera volume (and its clock) had been read by then. */
  readonly scannedAt = new Map<string, number>();
  readonly events: { name: EventName; at: number; payload: unknown }[] = [];
  /** Every camera.status the device layer emitted, in order. */
  readonly cameraStatus: (EventPayload<'camera.status'> & { seenAt: number })[] = [];
  readonly mediaRoot: string;
  readonly dataDir: string;
  private automounter: Automounter;
  private readonly sessionListeners = new Set<(session: DockSession) => void>();
  private opened: OpenedStation | undefined;

  constructor(private readonly ctx: GuestContext) {
    this.mediaRoot = path.join(ctx.workDir, 'media');
    this.dataDir = path.join(ctx.workDir, 'data');
    this.automounter = new Automounter(this.mediaRoot, (event) => {
      ctx.note(`automounter: ${event.type} ${event.device} at ${event.mountPoint}${event.message ? ` (${event.message})` : ''}`);
      this.mounts.push(event);
    });
  }

  get station(): OpenedStation['station'] {
    if (!this.opened) throw new Error('the station is not open');
    return this.opened.station;
  }

  /**
   * Opens the station with the USB device layer on (usb@2 hotplug, sysfs volume tie, the camera
   * profiles in resources/cameras/) and registers `devices` in its device registry first.
   */
  async open(devices: RegisterDeviceInput[]): Promise<void> {
    this.automounter.start();
    this.opened = await openStationFromDataDir({
      dataDir: this.dataDir,
      watchRoots: [this.mediaRoot],
      log: (message) => this.ctx.note(`station: ${message}`),
      devices: { usb: true, profilesDir: path.join(this.ctx.settings.repoRoot, 'resources', 'cameras') },
    });
    for (const device of devices) await this.opened.devices.registry.register(device, 'lab:clerk');
    this.opened.station.events.onAny((name, payload) => {
      this.events.push({ name, at: Date.now(), payload: name === 'dock.updated' ? undefined : payload });
    });
    this.opened.station.events.on('camera.status', (camera) => {
      this.ctx.note(`camera ${camera.id} ${camera.state}${camera.problem ? ` (${camera.problem.code}: ${camera.problem.message})` : ''}`);
      this.cameraStatus.push({ ...camera, seenAt: Date.now() });
    });
    this.opened.station.events.on('dock.updated', (session) => {
      const known = this.sessions.get(session.id);
      if (!known || known.state !== session.state) this.ctx.note(`dock ${session.id} ${session.state} (${session.camera.deviceNumber || 'camera not yet identified'})`);
      const progress = session.progress;
      if (known && (known.progress.step !== progress.step || known.progress.filesDone !== progress.filesDone)) this.ctx.note(`dock ${session.id} ${progress.step} ${progress.filesDone}/${progress.filesTotal} files, ${progress.bytesDone}/${progress.bytesTotal} bytes`);
      this.sessions.set(session.id, session);
      if (session.progress.step !== 'scanning' && !this.scannedAt.has(session.id)) this.scannedAt.set(session.id, Date.now());
      for (const listener of this.sessionListeners) listener(session);
    });
  }

  /** The station's device registry (register, update: e.g. a corrected camera password). */
  get registry(): OpenedStation['devices']['registry'] {
    if (!this.opened) throw new Error('the station is not open');
    return this.opened.devices.registry;
  }

  /** Calls `listener` on every dock session update until the returned function is called. */
  onSession(listener: (session: DockSession) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  /** The ids of the sessions seen so far: what the next dock is not. */
  knownSessions(): Set<string> {
    return new Set(this.sessions.keys());
  }

  /** The first session not in `except` whose camera volume is mounted; resolves when its ingest has ended. */
  async nextDockFinished(except: Set<string>, timeoutMs = 90_000): Promise<DockSession> {
    const id = await waitFor('a dock session to start', () => [...this.sessions.keys()].find((key) => !except.has(key)), timeoutMs);
    // A heartbeat in the log: where a slow or stuck ingest stands.
    const heartbeat = setInterval(() => {
      const p = this.sessions.get(id)?.progress;
      if (p) this.ctx.note(`dock ${id} still ${p.step}: ${p.filesDone}/${p.filesTotal} files, ${p.bytesDone}/${p.bytesTotal} bytes${p.currentFile ? `, at ${p.currentFile.originalPath} ${p.currentFile.bytesDone}/${p.currentFile.bytesTotal}` : ''}`);
    }, 5_000);
    const finished = await this.station.whenDocked(id).finally(() => clearInterval(heartbeat));
    this.ctx.note(`dock ${id} ended ${finished.state}${finished.failure ? ` (${finished.failure})` : ''}`);
    return finished;
  }

  async close(): Promise<void> {
    this.ctx.note('closing the station');
    await this.opened?.dispose();
    this.ctx.note('station closed');
    this.opened = undefined;
    this.automounter.stop();
  }
}
