/**
 * (b) The locked camera docked on the real station: a camera registered with the wrong password (the
 * control-transfer variant, 1209:b0c3) is refused without its disk ever appearing; the right one is unlocked over the vendor protocol, its
 * identity (@Gdv), battery and clock (@Gtm, deliberately wrong by a known amount) are read, it is
 * switched to storage (@ATH), its new mass-storage volume is tied back to it by serial, and ingested.
 */
import type { ChildProcess } from 'node:child_process';
import { waitFor, type CameraMessage, type GuestContext } from './guest-context.js';
import { lockedCameraConfig, LOCKED_SERIAL } from './lab-cameras.js';
import type { RegisterDeviceInput } from '../../../electron/core/devices/device-registry.js';
import type { StationHarness } from './station-harness.js';

const WRONG_SERIAL = 'LAB0004';

export const LOCKED_CAMERA_REGISTRATIONS: RegisterDeviceInput[] = [
  { deviceNumber: 'DSJ-LAB-0002', profileId: 'lab-locked-recorder', serial: LOCKED_SERIAL, officer: { badgeNumber: '3201009', name: '李娜' } },
  // Registered with a password the camera does not accept; this one speaks over control transfers.
  { deviceNumber: 'DSJ-LAB-0004', profileId: 'lab-locked-recorder-control', serial: WRONG_SERIAL, officer: { badgeNumber: '3201009', name: '李娜' }, password: '111111' },
];

export async function dockLockedCamera(ctx: GuestContext, harness: StationHarness): Promise<object> {
  const frames: (CameraMessage & { serial: string; at: number })[] = [];
  const start = (serial: string, gadgetName: string, variant: 'bulk' | 'control'): Promise<ChildProcess> =>
    ctx.startLockedCamera(lockedCameraConfig(ctx, serial, gadgetName, variant), (message) => {
      if (message.type === 'frame' || message.type === 'storage') frames.push({ ...message, serial, at: Date.now() });
    });

  const before = harness.knownSessions();
  // The wrong password first: only one gadget can hold the emulated controller at a time.
  const wrong = await start(WRONG_SERIAL, 'locked-wrong', 'control');
  let refusal;
  try {
    wrong.send({ type: 'attach' });
    refusal = await waitFor('the station to give up on the camera with the wrong password', () => harness.cameraStatus.find((camera) => camera.usb?.serial === WRONG_SERIAL && (camera.state === 'refused' || camera.state === 'failed')), 60_000);
  } finally {
    wrong.send({ type: 'quit' });
  }
  await waitFor('the wrong-password camera to be gone', () => harness.cameraStatus.find((camera) => camera.usb?.serial === WRONG_SERIAL && camera.state === 'removed'), 30_000);

  const camera = await start(LOCKED_SERIAL, 'locked', 'bulk');
  let session;
  try {
    camera.send({ type: 'attach' });
    ctx.note('locked camera plugged in');
    session = await harness.nextDockFinished(before);
  } finally {
    camera.send({ type: 'quit' });
  }
  const wrongPasswordSessions = [...harness.sessions.values()].filter((s) => s.camera.serial === WRONG_SERIAL).length;
  return { session, refusal, frames, scannedAt: harness.scannedAt.get(session.id), wrongPasswordSessions };
}
