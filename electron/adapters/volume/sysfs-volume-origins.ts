/**
 * Linux: the USB device a mounted volume came from. The mount's block device numbers (mountinfo)
 * lead to /sys/dev/block/MAJ:MIN, a link into the device tree
 * (.../usb1/1-2/1-2:1.0/host6/.../block/sdb/sdb1); walking up from there, the first folder with
 * idVendor and idProduct is the USB device, with its serial, busnum and devnum.
 * The sysfs root and the mountinfo path are options so medium tests build a fake tree in a temp dir.
 */
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { UsbDescriptor } from '../../core/camera/camera-profile.js';
import type { VolumeOrigins } from '../../core/camera/ports.js';
import { mountHolding, parseMountInfo } from './mountinfo.js';

export interface SysfsVolumeOriginsOptions {
  sysfsRoot?: string;
  mountInfoPath?: string;
}

async function readAttribute(folder: string, name: string): Promise<string | undefined> {
  const text = await readFile(path.join(folder, name), 'utf8').catch(() => undefined);
  const value = text?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export class SysfsVolumeOrigins implements VolumeOrigins {
  private readonly sysfsRoot: string;
  private readonly mountInfoPath: string;

  constructor(options: SysfsVolumeOriginsOptions = {}) {
    this.sysfsRoot = path.resolve(options.sysfsRoot ?? '/sys');
    this.mountInfoPath = options.mountInfoPath ?? '/proc/self/mountinfo';
  }

  async usbParentOf(root: string): Promise<UsbDescriptor | undefined> {
    const mountInfo = await readFile(this.mountInfoPath, 'utf8').catch(() => undefined);
    if (mountInfo === undefined) return undefined;
    const mount = mountHolding(parseMountInfo(mountInfo), path.resolve(root));
    // Only a volume mounted AT this root is the camera's own disk; a folder on the system disk is not.
    if (!mount || mount.mountPoint !== path.resolve(root)) return undefined;
    const link = path.join(this.sysfsRoot, 'dev', 'block', `${mount.major}:${mount.minor}`);
    let folder = await realpath(link).catch(() => undefined);
    while (folder !== undefined && folder.startsWith(this.sysfsRoot) && folder !== this.sysfsRoot) {
      const vendor = await readAttribute(folder, 'idVendor');
      const product = await readAttribute(folder, 'idProduct');
      if (vendor !== undefined && product !== undefined) return this.describe(folder, vendor, product);
      folder = path.dirname(folder);
    }
    return undefined;
  }

  private async describe(folder: string, vendor: string, product: string): Promise<UsbDescriptor | undefined> {
    const vendorId = Number.parseInt(vendor, 16);
    const productId = Number.parseInt(product, 16);
    if (!Number.isFinite(vendorId) || !Number.isFinite(productId)) return undefined;
    const [serial, manufacturer, productName, busnum, devnum] = await Promise.all(['serial', 'manufacturer', 'product', 'busnum', 'devnum'].map((name) => readAttribute(folder, name)));
    return {
      vendorId,
      productId,
      ...(serial ? { serial } : {}),
      ...(manufacturer ? { manufacturer } : {}),
      ...(productName ? { product: productName } : {}),
      ...(busnum ? { busNumber: Number(busnum) } : {}),
      ...(devnum ? { deviceAddress: Number(devnum) } : {}),
      portPath: path.basename(folder),
    };
  }
}

/** Platforms without sysfs: no parent is known; the camera manager ties by serial and timing. */
export const NO_VOLUME_ORIGINS: VolumeOrigins = { usbParentOf: async () => undefined };
