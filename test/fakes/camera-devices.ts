/**
 * Fakes around the camera manager: a USB bus whose devices hand out scripted transports, volume
 * origins and probes from maps, an in-memory registry store. Strict: opening an unknown device or
 * probing an unknown volume fails the test.
 */
import type { CameraProfile } from '../../electron/core/camera/camera-profile.js';
import type { UsbDeviceInfo, UsbDeviceSource, UsbEvent, VolumeOrigins, VolumeProbe, VolumeProbeResult } from '../../electron/core/camera/ports.js';
import type { CameraTransport } from '../../electron/core/camera/transport.js';
import { TransportError } from '../../electron/core/camera/transport.js';
import type { UsbDescriptor } from '../../electron/core/camera/camera-profile.js';
import type { RegisteredDevice } from '../../electron/core/devices/device-model.js';
import type { DeviceRegistryStore } from '../../electron/core/devices/ports.js';

export class FakeUsbBus implements UsbDeviceSource {
  private listener: ((event: UsbEvent) => void) | undefined;
  private readonly devices = new Map<string, { info: UsbDeviceInfo; transport?: () => CameraTransport }>();
  readonly opened: string[] = [];

  async watch(listener: (event: UsbEvent) => void): Promise<() => Promise<void>> {
    this.listener = listener;
    for (const { info } of this.devices.values()) listener({ type: 'attach', device: info });
    return async () => {
      this.listener = undefined;
    };
  }

  async open(key: string, kind: CameraTransport['kind'], profile: CameraProfile): Promise<CameraTransport> {
    const device = this.devices.get(key);
    if (!device) throw new TransportError('gone', `no device ${key}`);
    if (!device.transport) throw new Error(`test did not script a transport for ${key} (${kind}, ${profile.id})`);
    this.opened.push(key);
    const transport = device.transport();
    if (transport.kind !== kind) throw new Error(`the manager asked for ${kind}, the script has ${transport.kind}`);
    return transport;
  }

  plug(info: UsbDeviceInfo, transport?: () => CameraTransport): void {
    this.devices.set(info.key, { info, ...(transport ? { transport } : {}) });
    this.listener?.({ type: 'attach', device: info });
  }

  /** The next open of `key` gets this transport (the device stays plugged in: no bus event). */
  rescript(key: string, transport: () => CameraTransport): void {
    const device = this.devices.get(key);
    if (!device) throw new Error(`no device ${key} to rescript`);
    device.transport = transport;
  }

  unplug(key: string): void {
    this.devices.delete(key);
    this.listener?.({ type: 'detach', key });
  }
}

export class FakeVolumes implements VolumeOrigins, VolumeProbe {
  readonly parents = new Map<string, UsbDescriptor>();
  readonly contents = new Map<string, VolumeProbeResult>();

  async usbParentOf(root: string): Promise<UsbDescriptor | undefined> {
    return this.parents.get(root);
  }

  async probe(root: string): Promise<VolumeProbeResult> {
    const found = this.contents.get(root);
    if (!found) throw new Error(`test did not script the volume ${root}`);
    return found;
  }
}

export class MemoryRegistryStore implements DeviceRegistryStore {
  saved: RegisteredDevice[] = [];
  saves = 0;
  failNext: Error | undefined;

  async load(): Promise<RegisteredDevice[]> {
    return structuredClone(this.saved);
  }

  async save(devices: RegisteredDevice[]): Promise<void> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    this.saves += 1;
    this.saved = structuredClone(devices);
  }
}
