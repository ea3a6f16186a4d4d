/** Supervision test support: clips with chosen times and officers, an in-memory store, a context. */
import type { Clip } from '../../electron/core/domain/clip.js';
import { DEFAULT_SETTINGS, type AgencySettings } from '../../electron/core/domain/settings.js';
import type { DockRegistry } from '../../electron/core/dock/dock-registry.js';
import { StationEvents } from '../../electron/core/events.js';
import type { StationContext } from '../../electron/core/station-context.js';
import { emptySupervisionData, type SupervisionData } from '../../electron/core/supervision/model.js';
import type { SupervisionStore } from '../../electron/core/supervision/ports.js';
import { fakePorts, FixedClock } from './ports.js';

let counter = 0;

/** A video clip recorded at `start` for `minutes`, by default on 张伟's camera in 执法一科. */
export function testClip(start: string, minutes: number, overrides: Partial<Clip> & { officer?: string; officerName?: string; device?: string } = {}): Clip {
  const { officer = '3201008', officerName = '张伟', device = 'DSJ-A8-0042', ...rest } = overrides;
  const id = (++counter).toString(16).padStart(8, '0').repeat(8);
  return {
    id,
    size: 1000,
    kind: 'video',
    originalName: `VID_${counter}.MP4`,
    originalPath: `DCIM/VID_${counter}.MP4`,
    camera: { deviceNumber: device, officerNumber: officer, officerName },
    cameraMtime: start,
    clockOffsetMs: 0,
    receivedAt: start,
    dockSessionId: 'dock-1',
    media: { kind: 'video', durationMs: minutes * 60_000, recordedAt: start },
    hasThumbnail: false,
    department: '执法一科',
    ...rest,
  };
}

export class MemorySupervisionStore implements SupervisionStore {
  data: SupervisionData = emptySupervisionData();
  async open(): Promise<void> {}
  snapshot(): SupervisionData {
    return structuredClone(this.data);
  }
  async apply<T>(change: (data: SupervisionData) => T): Promise<T> {
    const next = structuredClone(this.data);
    const result = change(next);
    this.data = next;
    return result;
  }
  async close(): Promise<void> {}
}

export async function supervisionContext(clips: Clip[], settings: Partial<AgencySettings> = {}, now = '2026-11-23T08:00:00Z') {
  const ports = fakePorts(new FixedClock(new Date(now)));
  await ports.catalogue.open();
  await ports.catalogue.putMany(clips);
  const current: AgencySettings = { ...DEFAULT_SETTINGS, ...settings };
  const ctx: StationContext = {
    ports,
    events: new StationEvents(),
    docks: undefined as unknown as DockRegistry,
    settings: () => current,
    audit: (actor, action, target, extra) => ports.auditLog.append({ actor, action, target, ...extra }),
  };
  return { ctx, ports, store: new MemorySupervisionStore() };
}
