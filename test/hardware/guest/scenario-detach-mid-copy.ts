/**
 * (c) The cable pulled while the station copies the camera's large clip: the dock must end
 * interrupted with a reason and leave no partial object; plugging the camera in again must ingest
 * what is left. The host test checks the vault, the catalogue and the audit chain afterwards.
 */
import type { DockSession } from '../../../electron/core/domain/dock.js';
import { waitFor, type GuestContext } from './guest-context.js';
import { PlainCamera } from './plain-camera.js';
import type { RegisterDeviceInput } from '../../../electron/core/devices/device-registry.js';
import type { StationHarness } from './station-harness.js';

const SERIAL = 'LAB0003';
const LARGE_CLIP = 'LAB30002.MP4';

export const DETACH_CAMERA_REGISTRATION: RegisterDeviceInput = { deviceNumber: 'DSJ-LAB-0003', profileId: 'lab-plain-recorder', serial: SERIAL, officer: { badgeNumber: '3201008', name: '张伟' } };

export async function dockAndPullMidCopy(ctx: GuestContext, harness: StationHarness): Promise<object> {
  let pulledAt: { at: number; bytesDone: number; bytesTotal: number } | undefined;
  const camera = new PlainCamera(SERIAL, ctx.settings.images[SERIAL]!, ctx.settings.clockOffsetsMs[SERIAL] ?? 0);
  const unmountsBefore = harness.mounts.filter((m) => m.type === 'unmounted').length;
  const before = harness.knownSessions();
  const stopListening = harness.onSession((session: DockSession) => {
    const current = session.progress.currentFile;
    // Pull the cable once the large clip is partly copied: neither before it starts nor after it ends.
    if (pulledAt === undefined && current?.originalPath.endsWith(LARGE_CLIP) && current.bytesDone > 0 && current.bytesDone < current.bytesTotal) {
      camera.pullCable();
      pulledAt = { at: Date.now(), bytesDone: current.bytesDone, bytesTotal: current.bytesTotal };
      ctx.note(`cable pulled at ${current.bytesDone} of ${current.bytesTotal} bytes of ${LARGE_CLIP}`);
    }
  });
  camera.writeClockFile();
  camera.plugIn();
  ctx.note('camera plugged in');
  const first = await harness.nextDockFinished(before);
  stopListening();
  if (!pulledAt) throw new Error(`the copy of ${LARGE_CLIP} was never seen in progress, so the cable was not pulled mid-copy (dock ended ${first.state})`);
  // The automounter has noticed the disk is gone before the camera comes back.
  await waitFor('the automounter to unmount the pulled camera', () => (harness.mounts.filter((m) => m.type === 'unmounted').length > unmountsBefore ? true : undefined), 30_000);
  camera.writeClockFile();
  camera.plugIn();
  ctx.note('camera plugged in again');
  const second = await harness.nextDockFinished(new Set([...before, first.id]));
  camera.pullCable();
  return { first, second, pulledAt };
}
