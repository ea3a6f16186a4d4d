/**
 * One guest boot, one real station, five cameras in turn: (a) the plain mass-storage camera,
 * (b) the locked camera (wrong password first, then the right one), (b2) the control-transfer camera
 * of (b)'s wrong password, re-registered and plugged in again, (b3) the HID camera, (c) a camera unplugged in the
 * middle of a copy and plugged in again. One boot because booting and loading the station cost
 * tens of seconds under software emulation; each part's results are checked by its own test.
 */
import type { GuestContext } from './guest-context.js';
import { dockControlCamera, dockHidCamera, HID_CAMERA_REGISTRATION } from './scenario-controlled-cameras.js';
import { DETACH_CAMERA_REGISTRATION, dockAndPullMidCopy } from './scenario-detach-mid-copy.js';
import { dockLockedCamera, LOCKED_CAMERA_REGISTRATIONS } from './scenario-locked-camera.js';
import { dockPlainCamera, PLAIN_CAMERA_REGISTRATION } from './scenario-plain-camera.js';
import { StationHarness } from './station-harness.js';

type Part = (ctx: GuestContext, harness: StationHarness) => Promise<object>;

export async function runStationScenarios(ctx: GuestContext): Promise<object> {
  const harness = new StationHarness(ctx);
  await harness.open([PLAIN_CAMERA_REGISTRATION, ...LOCKED_CAMERA_REGISTRATIONS, HID_CAMERA_REGISTRATION, DETACH_CAMERA_REGISTRATION]);
  const parts: Record<string, Part> = { plain: dockPlainCamera, locked: dockLockedCamera, control: dockControlCamera, hid: dockHidCamera, detach: dockAndPullMidCopy };
  const results: Record<string, object> = {};
  // A part that fails is reported and the next one still runs, so one defect does not hide the others.
  for (const [name, part] of Object.entries(parts)) {
    try {
      ctx.note(`part ${name} starts`);
      results[name] = { ok: true, ...(await part(ctx, harness)) };
    } catch (error) {
      ctx.note(`part ${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      results[name] = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  await harness.close();
  return { ...results, cameraStatus: harness.cameraStatus, mounts: harness.mounts };
}
