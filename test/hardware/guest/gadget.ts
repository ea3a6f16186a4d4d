/**
 * One USB gadget in the guest kernel's configfs (drivers/usb/gadget/configfs): the device the
 * station's host side sees through dummy_hcd. Synchronous writes: each is one small sysfs file.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const GADGETS = '/sys/kernel/config/usb_gadget';

export interface GadgetIdentity {
  name: string;
  vendorId: number;
  productId: number;
  manufacturer: string;
  product: string;
  serial: string;
}

const hex4 = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;

export class Gadget {
  readonly dir: string;
  private readonly config: string;

  constructor(identity: GadgetIdentity) {
    this.dir = path.join(GADGETS, identity.name);
    this.config = path.join(this.dir, 'configs', 'c.1');
    mkdirSync(this.dir, { recursive: true });
    this.write('idVendor', hex4(identity.vendorId));
    this.write('idProduct', hex4(identity.productId));
    this.write('bcdUSB', '0x0200');
    this.write('bcdDevice', '0x0100');
    const strings = path.join(this.dir, 'strings', '0x409');
    mkdirSync(strings, { recursive: true });
    writeFileSync(path.join(strings, 'manufacturer'), identity.manufacturer);
    writeFileSync(path.join(strings, 'product'), identity.product);
    writeFileSync(path.join(strings, 'serialnumber'), identity.serial);
    mkdirSync(path.join(this.config, 'strings', '0x409'), { recursive: true });
    writeFileSync(path.join(this.config, 'strings', '0x409', 'configuration'), 'camera');
    writeFileSync(path.join(this.config, 'MaxPower'), '250');
  }

  private write(file: string, value: string): void {
    writeFileSync(path.join(this.dir, file), value);
  }

  setProductId(productId: number): void {
    this.write('idProduct', hex4(productId));
  }

  /** A read-only mass-storage function over `image` (a whole-disk FAT image). */
  addMassStorage(image: string): void {
    const fn = path.join(this.dir, 'functions', 'mass_storage.disk');
    mkdirSync(fn, { recursive: true });
    writeFileSync(path.join(fn, 'stall'), '1');
    writeFileSync(path.join(fn, 'lun.0', 'removable'), '1');
    writeFileSync(path.join(fn, 'lun.0', 'ro'), '1');
    writeFileSync(path.join(fn, 'lun.0', 'file'), image);
    this.link('mass_storage.disk');
  }

  /**
   * A HID function (usb_f_hid) named `instance`: one interface, interrupt IN and OUT endpoints of
   * `reportLength` bytes, the given report descriptor. Its character device (/dev/hidgN) appears
   * once the gadget is bound; `hidDevice` finds it.
   */
  addHid(instance: string, options: { reportLength: number; reportDescriptor: Buffer }): void {
    const fn = path.join(this.dir, 'functions', `hid.${instance}`);
    mkdirSync(fn, { recursive: true });
    writeFileSync(path.join(fn, 'protocol'), '0');
    writeFileSync(path.join(fn, 'subclass'), '0');
    writeFileSync(path.join(fn, 'report_length'), String(options.reportLength));
    writeFileSync(path.join(fn, 'report_desc'), options.reportDescriptor);
  }

  /** The /dev node of HID function `instance` (matched by its major:minor in sysfs), if it exists yet. */
  hidDevice(instance: string): string | undefined {
    const wanted = readFileSync(path.join(this.dir, 'functions', `hid.${instance}`, 'dev'), 'utf8').trim();
    const classDir = '/sys/class/hidg';
    if (!existsSync(classDir)) return undefined;
    const name = readdirSync(classDir).find((entry) => readFileSync(path.join(classDir, entry, 'dev'), 'utf8').trim() === wanted);
    return name !== undefined && existsSync(path.join('/dev', name)) ? path.join('/dev', name) : undefined;
  }

  /** A FunctionFS function named `instance`: mount it with `mount -t functionfs <instance> <dir>`. */
  addFunctionFs(instance: string): void {
    mkdirSync(path.join(this.dir, 'functions', `ffs.${instance}`), { recursive: true });
  }

  link(functionName: string): void {
    const target = path.join(this.config, functionName);
    if (!existsSync(target)) symlinkSync(path.join(this.dir, 'functions', functionName), target);
  }

  unlink(functionName: string): void {
    const target = path.join(this.config, functionName);
    if (existsSync(target)) unlinkSync(target);
  }

  /** Plug in: the gadget appears on the dummy host controller's bus. */
  bind(): void {
    const udc = readdirSync('/sys/class/udc')[0];
    if (udc === undefined) throw new Error('no USB device controller in this kernel (is dummy_hcd loaded?)');
    this.write('UDC', udc);
  }

  /** Pull the cable: the host sees a disconnect at once, transfers in flight fail. */
  unbind(): void {
    if (this.bound()) this.write('UDC', '\n');
  }

  bound(): boolean {
    return readFileSync(path.join(this.dir, 'UDC'), 'utf8').trim() !== '';
  }
}
