/**
 * The two other controlled lab cameras docked end to end on the real station:
 *   control  the control-transfer recorder (1209:b0c3, LAB0004) that part (b) refused for its wrong
 *            password: its registration is corrected to the lab password and it is plugged in again;
 *            unlocked, identified, clock read and switched to storage over vendor control transfers.
 *   hid      the HID-controlled recorder (1209:b0c4, LAB0005), the gadget's usb_f_hid function: the
 *            station talks to it through node-hid (hidraw), then it becomes mass storage.
 * Each is tied back to its storage volume by serial and ingested.
 */
import type { ChildProcess } from 'node:child_process';
import type { RegisterDeviceInput } from '../../../electron/core/devices/device-registry.js';
import type { CameraMessage, GuestContext } from './guest-context.js';
import { LAB_PASSWORD, lockedCameraConfig } from './lab-cameras.js';
import type { StationHarness } from './station-harness.js';

export const CONTROL_SERIAL = 'LAB0004';
export const HID_SERIAL = 'LAB0005';

export const HID_CAMERA_REGISTRATION: RegisterDeviceInput = { deviceNumber: 'DSJ-LAB-0005', profileId: 'lab-hid-recorder', serial: HID_SERIAL, officer: { badgeNumber: '3201009', name: '李娜' } };

type Frame = CameraMessage & { serial: string; at: number };

async function dockControlled(ctx: GuestContext, harness: StationHarness, serial: string, variant: 'control' | 'hid'): Promise<{ session: unknown; frames: Frame[] }> {
  const frames: Frame[] = [];
  const before = harness.knownSessions();
  const camera: ChildProcess = await ctx.startLockedCamera(
    lockedCameraConfig(ctx, serial, `${variant}-cam`, variant),
    (message) => {
      if (message.type === 'frame' || message.type === 'storage') frames.push({ ...message, serial, at: Date.now() });
    },
    variant === 'hid' ? 'hid-camera-process' : 'camera-process',
  );
  try {
    camera.send({ type: 'attach' });
    ctx.note(`${variant} camera ${serial} plugged in`);
    const session = await harness.nextDockFinished(before);
    return { session, frames };
  } finally {
    camera.send({ type: 'quit' });
  }
}

export async function dockControlCamera(ctx: GuestContext, harness: StationHarness): Promise<object> {
  // Part (b) left this camera refused for its wrong password; the clerk corrects the registration.
  await harness.registry.update({ deviceNumber: 'DSJ-LAB-0004', password: LAB_PASSWORD }, 'lab:clerk');
  return dockControlled(ctx, harness, CONTROL_SERIAL, 'control');
}

export async function dockHidCamera(ctx: GuestContext, harness: StationHarness): Promise<object> {
  // node-hid is what the station's HID adapter uses; if it cannot load here, say why (the test skips with it).
  try {
    const module = (await import('node-hid')) as unknown as { default?: typeof import('node-hid') } & typeof import('node-hid');
    (module.default ?? module).setDriverType('hidraw');
  } catch (error) {
    return { unavailable: `node-hid does not load in the guest: ${error instanceof Error ? error.message : String(error)}` };
  }
  return dockControlled(ctx, harness, HID_SERIAL, 'hid');
}
