/** The real station in this process (for faults that need no kill): open, identify, dock, wait. */
import { openStationFromDataDir, type OpenedStation, type OpenStationOptions } from '../../../electron/adapters/compose.js';
import type { CallContext } from '../../../electron/core/commands/handlers.js';
import type { DockSession } from '../../../electron/core/domain/dock.js';
import { staffCall } from '../../fakes/actors.js';

export const officer: CallContext = { via: 'cli' };

export async function openStation(options: OpenStationOptions): Promise<OpenedStation> {
  const opened = await openStationFromDataDir(options);
  Object.assign(officer, staffCall({ displayName: '张伟', badgeNumber: '3201008' }));
  return opened;
}

export async function startDock(opened: OpenedStation, root: string): Promise<string> {
  const started = await opened.station.execute('docks.ingestFolder', { path: root }, officer);
  if (!started.ok) throw new Error(started.error.message);
  return started.value.sessionId;
}

export async function dock(opened: OpenedStation, root: string): Promise<DockSession> {
  const session = await opened.station.whenDocked(await startDock(opened, root));
  await opened.station.idle();
  return session;
}
