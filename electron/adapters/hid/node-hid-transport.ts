/**
 * Camera transport over node-hid (hidapi). On Linux the hidraw backend is used: it leaves the
 * device's other interfaces to their kernel drivers and works with the udev rules in native/linux.
 * Loaded lazily: a missing native module is a warning, not a crash.
 */
import type { UsbDescriptor } from '../../core/camera/camera-profile.js';
import { TransportError, type HidTransport } from '../../core/camera/transport.js';

type NodeHid = typeof import('node-hid');
type HidDevice = Awaited<ReturnType<NodeHid['HIDAsync']['open']>>;

let loaded: Promise<NodeHid | undefined> | undefined;

export function loadNodeHid(log: (message: string) => void = () => undefined): Promise<NodeHid | undefined> {
  loaded ??= import('node-hid').then(
    (module) => {
      const hid = ((module as unknown as { default?: NodeHid }).default ?? module) as NodeHid;
      if (process.platform === 'linux') hid.setDriverType('hidraw');
      return hid;
    },
    (error: unknown) => {
      log(`HID cameras are not available: node-hid did not load (${error instanceof Error ? error.message : String(error)})`);
      return undefined;
    },
  );
  return loaded;
}

export class NodeHidTransport implements HidTransport {
  readonly kind = 'hid' as const;

  constructor(private readonly device: HidDevice) {}

  async writeReport(report: Uint8Array): Promise<void> {
    try {
      await this.device.write(Buffer.from(report));
    } catch (error) {
      throw new TransportError('gone', `HID write: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async readReport(timeoutMs: number): Promise<Uint8Array> {
    let data: Buffer | undefined;
    try {
      data = await this.device.read(timeoutMs);
    } catch (error) {
      throw new TransportError('gone', `HID read: ${error instanceof Error ? error.message : String(error)}`);
    }
    // hidapi returns nothing (or an empty buffer) when the timeout passes without a report.
    if (data === undefined || data.length === 0) throw new TransportError('timeout', `no HID input report within ${timeoutMs} ms`);
    return new Uint8Array(data);
  }

  async close(): Promise<void> {
    try {
      await this.device.close();
    } catch {
      // already gone
    }
  }
}

/** Opens the HID interface of a camera found on the bus (same VID/PID, same serial where it has one). */
export async function openHidCamera(device: UsbDescriptor, log: (message: string) => void): Promise<HidTransport> {
  const hid = await loadNodeHid(log);
  if (!hid) throw new TransportError('io', 'node-hid is not available');
  const candidates = (await hid.devicesAsync(device.vendorId, device.productId)).filter((candidate) => device.serial === undefined || candidate.serialNumber === device.serial);
  const found = candidates.find((candidate) => candidate.path !== undefined);
  if (!found?.path) throw new TransportError('gone', 'the HID interface of the camera is not (or no longer) there');
  try {
    return new NodeHidTransport(await hid.HIDAsync.open(found.path));
  } catch (error) {
    throw new TransportError('io', `could not open the HID device (${error instanceof Error ? error.message : String(error)}); on Linux, see native/linux/udev`);
  }
}
