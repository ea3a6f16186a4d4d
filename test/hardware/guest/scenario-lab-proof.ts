/**
 * Proves the lab itself, with usb@2 straight on the guest's USB host side and no station code:
 * the locked camera enumerates with the spec's identity, answers the vendor protocol on its bulk
 * endpoints and over vendor control transfers, and after `@ATH` comes back as mass storage with
 * the same serial; its volume is mounted and every file hashed.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Device, InEndpoint, OutEndpoint } from 'usb';
import { Automounter, type MountEvent } from './automounter.js';
import { waitFor, type GuestContext } from './guest-context.js';
import { lockedCameraConfig } from './lab-cameras.js';

const usbLib = createRequire(import.meta.url)('usb') as typeof import('usb');

interface SeenDevice {
  vendorId: number;
  productId: number;
  manufacturer?: string;
  product?: string;
  serial?: string;
  interfaces?: { number: number; class: number; subclass: number; protocol: number; endpoints: { address: number; type: number; maxPacket: number }[] }[];
}

function stringDescriptor(device: Device, index: number): Promise<string | undefined> {
  return new Promise((resolve) => device.getStringDescriptor(index, (error, value) => resolve(error ? undefined : value)));
}

async function describe(device: Device): Promise<SeenDevice> {
  const d = device.deviceDescriptor;
  return {
    vendorId: d.idVendor,
    productId: d.idProduct,
    manufacturer: await stringDescriptor(device, d.iManufacturer),
    product: await stringDescriptor(device, d.iProduct),
    serial: await stringDescriptor(device, d.iSerialNumber),
    interfaces: device.configDescriptor?.interfaces.map((alts) => {
      const i = alts[0]!;
      return { number: i.bInterfaceNumber, class: i.bInterfaceClass, subclass: i.bInterfaceSubClass, protocol: i.bInterfaceProtocol, endpoints: i.endpoints.map((e) => ({ address: e.bEndpointAddress, type: e.bmAttributes & 3, maxPacket: e.wMaxPacketSize })) };
    }),
  };
}

function bulk(out: OutEndpoint, inbound: InEndpoint, frame: string): Promise<string> {
  return new Promise((resolve, reject) => {
    out.transfer(Buffer.from(frame, 'utf8'), (error) => {
      if (error) return reject(error);
      inbound.transfer(512, (inError, data) => (inError ? reject(inError) : resolve(data?.toString('utf8') ?? '')));
    });
  });
}

function control(device: Device, frame: string): Promise<string> {
  return new Promise((resolve, reject) => {
    device.controlTransfer(0x41, 0x01, 0, 0, Buffer.from(frame, 'utf8'), (error) => {
      if (error) return reject(error);
      device.controlTransfer(0xc1, 0x02, 0, 0, 512, (inError, data) => (inError ? reject(inError) : resolve(Buffer.isBuffer(data) ? data.toString('utf8') : '')));
    });
  });
}

async function hashTree(root: string, folder = ''): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of await readdir(path.join(root, folder), { withFileTypes: true })) {
    const relative = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(hashes, await hashTree(root, relative));
    else hashes[relative] = createHash('sha256').update(await readFile(path.join(root, relative))).digest('hex');
  }
  return hashes;
}

export async function runLabProof(ctx: GuestContext): Promise<object> {
  const mounts: MountEvent[] = [];
  const automounter = new Automounter(path.join(ctx.workDir, 'media'), (event) => {
    ctx.note(`automounter: ${event.type} ${event.device} at ${event.mountPoint}${event.message ? ` (${event.message})` : ''}`);
    mounts.push(event);
  });
  automounter.start();
  const attached: Device[] = [];
  const detached: { vendorId: number; productId: number }[] = [];
  usbLib.usb.on('attach', (device) => {
    ctx.note(`usb attach ${device.deviceDescriptor.idVendor.toString(16)}:${device.deviceDescriptor.idProduct.toString(16)}`);
    attached.push(device);
  });
  usbLib.usb.on('detach', (device) => detached.push({ vendorId: device.deviceDescriptor.idVendor, productId: device.deviceDescriptor.idProduct }));

  const config = lockedCameraConfig(ctx);
  const camera = await ctx.startLockedCamera(config, () => undefined);
  camera.send({ type: 'attach' });

  const locked = await waitFor('the locked camera (1209:b0c2) to attach', () => attached.find((d) => d.deviceDescriptor.idVendor === 0x1209 && d.deviceDescriptor.idProduct === 0xb0c2));
  locked.open();
  const lockedSeen = await describe(locked);
  ctx.note(`locked camera: ${JSON.stringify(lockedSeen)}`);
  const iface = locked.interface(0);
  iface.claim();
  const out = iface.endpoints.find((e) => e.direction === 'out') as OutEndpoint;
  const inbound = iface.endpoints.find((e) => e.direction === 'in') as InEndpoint;
  out.timeout = 3000;
  inbound.timeout = 3000;

  const exchanges: { via: string; request: string; reply: string; guestNowMs: number }[] = [];
  const ask = async (via: 'bulk' | 'control', frame: string) => {
    const reply = via === 'bulk' ? await bulk(out, inbound, frame) : await control(locked, frame);
    exchanges.push({ via, request: frame, reply, guestNowMs: Date.now() });
    return reply;
  };
  await ask('bulk', '@Gdv;#');
  await ask('bulk', '@Ver;8;123456;#');
  await ask('bulk', '@Ver;8;000000;#');
  await ask('bulk', '@Gdv;#');
  await ask('bulk', '@Gtm;#');
  await ask('bulk', '@Bat;#');
  await ask('bulk', '@Cap;#');
  await ask('bulk', '@Xyz;#');
  await ask('control', '@Bat;#');
  await ask('control', '@Gtm;#');
  await ask('bulk', '@ATH;#');
  await new Promise<void>((resolve) => iface.release(true, () => resolve()));
  try {
    locked.close();
  } catch {
    // The device may already be gone.
  }

  const storage = await waitFor('the unlocked camera to come back as mass storage (1209:b0c1)', () => attached.find((d) => d.deviceDescriptor.idVendor === 0x1209 && d.deviceDescriptor.idProduct === 0xb0c1));
  storage.open();
  const storageSeen = await describe(storage);
  storage.close();
  const mount = await waitFor('the camera volume to be mounted', () => mounts.find((m) => m.type === 'mounted'));
  const files = await hashTree(mount.mountPoint);
  camera.send({ type: 'quit' });
  automounter.stop();
  usbLib.usb.removeAllListeners('attach');
  usbLib.usb.removeAllListeners('detach');
  return { locked: lockedSeen, exchanges, lockedDetached: detached.some((d) => d.productId === 0xb0c2), storage: storageSeen, mount, files, clockOffsetMs: config.clockOffsetMs };
}
