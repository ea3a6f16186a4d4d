/**
 * Hot-plug with usb@2 (docs/cameras.md "Why usb@2"): `usb.on('attach' | 'detach')` plus
 * `getDeviceList()` at start. usb@3's WebUSB surface has no attach/detach for devices the user did
 * not pick in a browser chooser and no way to list the bus without one, which a station that docks
 * whatever is plugged in cannot use. Loaded lazily: a missing native module is a warning.
 *
 * Only devices some profile could match (VID/PID) are opened to read their string descriptors;
 * the station never touches keyboards, hubs or anyone else's devices.
 */
import type { Device } from 'usb';
import type { CameraProfile } from '../../core/camera/camera-profile.js';
import type { UsbDeviceInfo, UsbDeviceSource, UsbEvent } from '../../core/camera/ports.js';
import { TransportError, type CameraTransport } from '../../core/camera/transport.js';
import { openHidCamera } from '../hid/node-hid-transport.js';
import { claimInterface, UsbBulkTransport, UsbControlTransport } from './usb-transports.js';

type UsbModule = typeof import('usb');

export interface NodeUsbDeviceSourceOptions {
  /** Whether a VID/PID is one the profiles know; others are never opened. */
  interesting(vendorId: number, productId: number): boolean;
  log?: (message: string) => void;
}

export function usbKey(device: Pick<Device, 'busNumber' | 'deviceAddress'>): string {
  return `${device.busNumber}-${device.deviceAddress}`;
}

function stringDescriptor(device: Device, index: number): Promise<string | undefined> {
  if (index === 0) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    try {
      device.getStringDescriptor(index, (error, value) => resolve(error ? undefined : value?.trim() || undefined));
    } catch {
      resolve(undefined);
    }
  });
}

export class NodeUsbDeviceSource implements UsbDeviceSource {
  private readonly log: (message: string) => void;
  private module: Promise<UsbModule | undefined> | undefined;
  private readonly present = new Map<string, { device: Device; info: UsbDeviceInfo }>();

  constructor(private readonly options: NodeUsbDeviceSourceOptions) {
    this.log = options.log ?? (() => undefined);
  }

  private load(): Promise<UsbModule | undefined> {
    this.module ??= import('usb').then(
      (module) => module,
      (error: unknown) => {
        this.log(`USB cameras are not available: the usb module did not load (${error instanceof Error ? error.message : String(error)}); volumes still dock`);
        return undefined;
      },
    );
    return this.module;
  }

  async watch(listener: (event: UsbEvent) => void): Promise<() => Promise<void>> {
    const module = await this.load();
    if (!module) return async () => undefined;
    const { usb } = module;
    const onAttach = (device: Device) => {
      void this.describe(device).then((info) => {
        if (!info) return;
        this.present.set(info.key, { device, info });
        listener({ type: 'attach', device: info });
      });
    };
    const onDetach = (device: Device) => {
      const key = usbKey(device);
      if (!this.present.delete(key)) return;
      listener({ type: 'detach', key });
    };
    usb.on('attach', onAttach);
    usb.on('detach', onDetach);
    for (const device of module.getDeviceList()) onAttach(device);
    return async () => {
      usb.off('attach', onAttach);
      usb.off('detach', onDetach);
    };
  }

  async open(key: string, kind: CameraTransport['kind'], profile: CameraProfile): Promise<CameraTransport> {
    const entry = this.present.get(key);
    if (!entry) throw new TransportError('gone', `USB device ${key} is no longer there`);
    if (kind === 'hid') return openHidCamera(entry.info, this.log);
    const iface = claimInterface(entry.device, profile.control.interface);
    try {
      return kind === 'bulk' ? new UsbBulkTransport(entry.device, iface) : new UsbControlTransport(entry.device, iface);
    } catch (error) {
      try {
        entry.device.close();
      } catch {
        // already closed
      }
      throw error;
    }
  }

  private async describe(device: Device): Promise<UsbDeviceInfo | undefined> {
    const descriptor = device.deviceDescriptor;
    if (!this.options.interesting(descriptor.idVendor, descriptor.idProduct)) return undefined;
    const info: UsbDeviceInfo = {
      key: usbKey(device),
      vendorId: descriptor.idVendor,
      productId: descriptor.idProduct,
      busNumber: device.busNumber,
      deviceAddress: device.deviceAddress,
      portPath: `${device.busNumber}-${(device.portNumbers ?? []).join('.')}`,
    };
    try {
      device.open();
    } catch (error) {
      // Usually permissions: the udev rules in native/linux give the station's user access.
      this.log(`cannot open USB ${info.key} to read its strings (${error instanceof Error ? error.message : String(error)}); see native/linux/udev`);
      return info;
    }
    try {
      const [manufacturer, product, serial] = await Promise.all([stringDescriptor(device, descriptor.iManufacturer), stringDescriptor(device, descriptor.iProduct), stringDescriptor(device, descriptor.iSerialNumber)]);
      return { ...info, ...(manufacturer ? { manufacturer } : {}), ...(product ? { product } : {}), ...(serial ? { serial } : {}) };
    } finally {
      try {
        device.close();
      } catch {
        // gone meanwhile
      }
    }
  }
}
