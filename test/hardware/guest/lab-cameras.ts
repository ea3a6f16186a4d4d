/** The locked lab cameras' settings (docs/hardware-lab.md), shared by the scenarios that play them. */
import type { LockedCameraProcessConfig } from './camera-process.js';
import type { GuestContext } from './guest-context.js';

export const LOCKED_SERIAL = 'LAB0002';
export const LAB_PASSWORD = '000000';

const VARIANTS = {
  bulk: { productId: 0xb0c2, product: 'DSJ-LAB Locked Recorder' },
  control: { productId: 0xb0c3, product: 'DSJ-LAB Locked Recorder C' },
  hid: { productId: 0xb0c4, product: 'DSJ-LAB HID Recorder' },
} as const;

/**
 * `control`: the variant that speaks the protocol over vendor control transfers (1209:b0c3); `hid`:
 * the HID-controlled recorder (1209:b0c4, hid-camera-process.ts). The camera exposes its own image
 * when the run copied one for its serial, else LAB0002's.
 */
export function lockedCameraConfig(ctx: GuestContext, serial = LOCKED_SERIAL, gadgetName = 'locked', variant: keyof typeof VARIANTS = 'bulk'): LockedCameraProcessConfig {
  return {
    gadgetName,
    serial,
    ...VARIANTS[variant],
    image: ctx.settings.images[serial] ?? ctx.settings.images[LOCKED_SERIAL]!,
    password: LAB_PASSWORD,
    info: { productSerial: serial, deviceNumber: `DSJ-LAB-${serial.slice(3)}`, officerNumber: '3201009', officerName: '李娜', unitNumber: '320100', unitName: '实验大队' },
    clockOffsetMs: ctx.settings.clockOffsetsMs[serial] ?? 0,
    utcOffsetMinutes: 480,
    batteryPercent: 87,
    capacity: { totalMiB: 16, freeMiB: 9 },
  };
}
