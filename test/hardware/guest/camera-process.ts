/**
 * The locked lab camera (docs/camera-protocols.md), one process of its own in the guest: its
 * FunctionFS reads block a thread each, which must not be the station's. Driven by the scenario
 * runner over the fork IPC channel:
 *   in:  { type: 'attach' } | { type: 'quit' }
 *   out: { type: 'ready' } | { type: 'frame', via, command, reply } | { type: 'storage' } | { type: 'failed', message }
 * Before unlock it is 1209:b0c2 (or b0c3) with one vendor interface; after `@ATH` it re-enumerates as
 * 1209:b0c1 mass storage over the camera's FAT image, with the same serial.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Gadget } from './gadget.js';
import { EVENT_SIZE, FfsEvent, parseEvents, vendorInterfaceDescriptors, vendorInterfaceStrings, type SetupRequest } from './functionfs.js';
import { LockedCameraSession, type LockedCameraConfig } from './locked-camera-session.js';

export interface LockedCameraProcessConfig extends LockedCameraConfig {
  gadgetName: string;
  serial: string;
  /** 0xb0c2 (bulk-protocol recorder) or 0xb0c3 (control-transfer recorder); it answers both ways either way. */
  productId: number;
  product: string;
  image: string;
}

const FRAME_BYTES = 512;
const VENDOR_OUT = 0x41;
const VENDOR_IN = 0xc1;

const config = JSON.parse(process.argv[2] ?? '{}') as LockedCameraProcessConfig;
const send = (message: object) => process.send?.(message);
const session = new LockedCameraSession(config);
let inStorage = false;
let pendingControlReply: Buffer | undefined;
let pendingStorage = false;

const gadget = new Gadget({ name: config.gadgetName, vendorId: 0x1209, productId: config.productId, manufacturer: 'EvidenceLab', product: config.product, serial: config.serial });
// FunctionFS instance names are global to the kernel: one per gadget.
const ffsInstance = config.gadgetName.replace(/[^A-Za-z0-9]/g, '');
gadget.addFunctionFs(ffsInstance);
const ffsDir = path.join('/run', `ffs-${config.gadgetName}`);
mkdirSync(ffsDir, { recursive: true });
execFileSync('mount', ['-t', 'functionfs', ffsInstance, ffsDir]);

const ep0 = await open(path.join(ffsDir, 'ep0'), 'r+');
await ep0.write(vendorInterfaceDescriptors());
await ep0.write(vendorInterfaceStrings('DSJ-LAB Control'));
gadget.link(`ffs.${ffsInstance}`);

function answer(frame: Buffer, via: 'bulk' | 'control'): { reply: Buffer; enterStorage: boolean } {
  const result = session.answer(frame, new Date());
  send({ type: 'frame', via, command: result.command, request: frame.toString('utf8'), reply: result.reply });
  return { reply: Buffer.from(result.reply, 'utf8'), enterStorage: result.enterStorage };
}

/** Unplug, become the mass-storage camera with the same serial, plug in again. */
async function enterStorageMode(): Promise<void> {
  if (inStorage) return;
  inStorage = true;
  // Let the answer frame reach the host before the cable "drops".
  await sleep(200);
  gadget.unbind();
  gadget.unlink(`ffs.${ffsInstance}`);
  gadget.setProductId(0xb0c1);
  gadget.addMassStorage(config.image);
  await sleep(300);
  gadget.bind();
  send({ type: 'storage' });
}

async function handleSetup(setup: SetupRequest): Promise<void> {
  if (setup.bRequestType === VENDOR_OUT && setup.bRequest === 0x01) {
    const data = Buffer.alloc(setup.wLength);
    const { bytesRead } = await ep0.read(data, 0, setup.wLength, null);
    const { reply, enterStorage } = answer(data.subarray(0, bytesRead), 'control');
    pendingControlReply = reply;
    pendingStorage = enterStorage;
    return;
  }
  if (setup.bRequestType === VENDOR_IN && setup.bRequest === 0x02) {
    const reply = pendingControlReply ?? Buffer.alloc(0);
    const storageNext = pendingStorage;
    pendingControlReply = undefined;
    pendingStorage = false;
    await ep0.write(reply.subarray(0, setup.wLength));
    if (storageNext) void enterStorageMode();
    return;
  }
  // Anything else is not ours: stall it (a read on an IN request, a write on an OUT one).
  try {
    if (setup.bRequestType & 0x80) await ep0.read(Buffer.alloc(1), 0, 0, null);
    else await ep0.write(Buffer.alloc(0));
  } catch {
    // The stall itself is reported as an error by the kernel.
  }
}

async function controlLoop(): Promise<void> {
  const buffer = Buffer.alloc(EVENT_SIZE * 4);
  for (;;) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await ep0.read(buffer, 0, buffer.length, null));
    } catch (error) {
      if (inStorage) return;
      send({ type: 'log', message: `ep0 read: ${(error as Error).message}` });
      await sleep(100);
      continue;
    }
    for (const event of parseEvents(buffer.subarray(0, bytesRead))) {
      if (event.type === FfsEvent.SETUP && event.setup) await handleSetup(event.setup);
    }
  }
}

async function bulkLoop(): Promise<void> {
  let out: FileHandle | undefined;
  let inbound: FileHandle | undefined;
  const frame = Buffer.alloc(FRAME_BYTES);
  while (!inStorage) {
    try {
      out ??= await open(path.join(ffsDir, 'ep1'), 'r');
      inbound ??= await open(path.join(ffsDir, 'ep2'), 'w');
      const { bytesRead } = await out.read(frame, 0, FRAME_BYTES, null);
      if (bytesRead === 0) continue;
      const { reply, enterStorage } = answer(Buffer.from(frame.subarray(0, bytesRead)), 'bulk');
      await inbound.write(reply);
      if (enterStorage) await enterStorageMode();
    } catch (error) {
      // Not yet configured by the host, or the host went away: wait for the next enable.
      if (inStorage) break;
      send({ type: 'log', message: `bulk: ${(error as Error).message}` });
      await sleep(200);
    }
  }
  await out?.close().catch(() => undefined);
  await inbound?.close().catch(() => undefined);
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'attach') {
    gadget.bind();
  } else if (message.type === 'quit') {
    try {
      gadget.unbind();
    } finally {
      process.exit(0);
    }
  }
});

void controlLoop();
void bulkLoop();
send({ type: 'ready' });
