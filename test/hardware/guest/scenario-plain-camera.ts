/**
 * (a) The plain mass-storage camera docked on the real station: mounted by the automounter, seen
 * on USB and tied to its volume by the device layer, identified from its volume, clock offset from
 * its CLOCK.TXT, every clip ingested. The host test checks the vault and catalogue afterwards.
 */
import type { RegisterDeviceInput } from '../../../electron/core/devices/device-registry.js';
import type { GuestContext } from './guest-context.js';
import { PlainCamera } from './plain-camera.js';
import type { StationHarness } from './station-harness.js';

const SERIAL = 'LAB0001';

export const PLAIN_CAMERA_REGISTRATION: RegisterDeviceInput = { deviceNumber: 'DSJ-LAB-0001', profileId: 'lab-plain-recorder', serial: SERIAL, officer: { badgeNumber: '3201008', name: '张伟' } };

export async function dockPlainCamera(ctx: GuestContext, harness: StationHarness): Promise<object> {
  const camera = new PlainCamera(SERIAL, ctx.settings.images[SERIAL]!, ctx.settings.clockOffsetsMs[SERIAL] ?? 0);
  const before = harness.knownSessions();
  const clockWrittenAt = Date.now();
  camera.writeClockFile();
  camera.plugIn();
  ctx.note('plain camera plugged in');
  const session = await harness.nextDockFinished(before);
  camera.pullCable();
  return { session, clockWrittenAt, scannedAt: harness.scannedAt.get(session.id) };
}
