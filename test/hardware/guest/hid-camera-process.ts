/**
 * The HID-controlled lab camera (docs/camera-protocols.md, "HID variant"; profile lab-hid-recorder,
 * 1209:b0c4), one process of its own in the guest: its /dev/hidgN reads block a thread each. Written
 * from the spec, not from the station's adapter. Driven over the fork IPC channel like the locked
 * camera (camera-process.ts):
 *   in:  { type: 'attach' } | { type: 'quit' }
 *   out: { type: 'ready' } | { type: 'frame', via: 'hid', command, request, reply } | { type: 'storage' } | { type: 'log', message }
 *
 * Reports (reportId 0, reportLength 64): the spec's report is [reportId][n][n frame bytes][zero
 * padding], 64 bytes with the ID byte; an unnumbered report travels without that byte, so on the
 * wire (and in the report descriptor) each report is 63 bytes: [n][up to 62 frame bytes][padding].
 * Frames are collected until their last byte is '#'; each answer goes back cut the same way.
 * After `@ATH` it unbinds, becomes 1209:b0c1 mass storage with the same serial, and binds again.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LockedCameraProcessConfig } from './camera-process.js';
import { Gadget } from './gadget.js';
import { LockedCameraSession } from './locked-camera-session.js';

const REPORT_LENGTH = 64;
/** Bytes of one unnumbered report on the wire: the spec's report less its (absent) ID byte. */
const WIRE_REPORT = REPORT_LENGTH - 1;
const CHUNK = REPORT_LENGTH - 2;
const HASH = 0x23;
const MAX_FRAME = 512;

/** Vendor-defined HID collection: one 63-byte input report and one 63-byte output report, no report IDs. */
const REPORT_DESCRIPTOR = Buffer.from([
  0x06, 0x00, 0xff, // Usage Page (vendor defined 0xFF00)
  0x09, 0x01, // Usage (1)
  0xa1, 0x01, // Collection (Application)
  0x15, 0x00, // Logical Minimum (0)
  0x26, 0xff, 0x00, // Logical Maximum (255)
  0x75, 0x08, // Report Size (8)
  0x95, WIRE_REPORT, // Report Count (63)
  0x09, 0x01, // Usage (1)
  0x81, 0x02, // Input (Data, Variable, Absolute)
  0x95, WIRE_REPORT, // Report Count (63)
  0x09, 0x01, // Usage (1)
  0x91, 0x02, // Output (Data, Variable, Absolute)
  0xc0, // End Collection
]);

const config = JSON.parse(process.argv[2] ?? '{}') as LockedCameraProcessConfig;
const send = (message: object) => process.send?.(message);
const session = new LockedCameraSession(config);
const instance = config.gadgetName.replace(/[^A-Za-z0-9]/g, '');
const gadget = new Gadget({ name: config.gadgetName, vendorId: 0x1209, productId: config.productId, manufacturer: 'EvidenceLab', product: config.product, serial: config.serial });
gadget.addHid(instance, { reportLength: REPORT_LENGTH, reportDescriptor: REPORT_DESCRIPTOR });
gadget.link(`hid.${instance}`);
let inStorage = false;

/** Unplug, become the mass-storage camera with the same serial, plug in again. */
async function enterStorageMode(): Promise<void> {
  if (inStorage) return;
  inStorage = true;
  // Let the last input report reach the host before the cable "drops".
  await sleep(200);
  gadget.unbind();
  gadget.unlink(`hid.${instance}`);
  gadget.setProductId(0xb0c1);
  gadget.addMassStorage(config.image);
  await sleep(300);
  gadget.bind();
  send({ type: 'storage' });
}

async function answerFrame(device: FileHandle, frame: Buffer): Promise<boolean> {
  const result = session.answer(frame, new Date());
  send({ type: 'frame', via: 'hid', command: result.command, request: frame.toString('utf8'), reply: result.reply });
  const reply = Buffer.from(result.reply, 'utf8');
  for (let offset = 0; offset < reply.length; offset += CHUNK) {
    const piece = reply.subarray(offset, offset + CHUNK);
    const report = Buffer.alloc(WIRE_REPORT);
    report[0] = piece.length;
    piece.copy(report, 1);
    await device.write(report);
  }
  return result.enterStorage;
}

/** Output reports in, frames out; runs from the first bind until the camera switches to storage. */
async function serve(): Promise<void> {
  let path: string | undefined;
  for (let tries = 0; (path = gadget.hidDevice(instance)) === undefined; tries++) {
    if (tries > 100) throw new Error(`no /dev/hidg node for hid.${instance} after binding`);
    await sleep(50);
  }
  const device = await open(path, 'r+');
  send({ type: 'log', message: `HID function on ${path}` });
  const report = Buffer.alloc(REPORT_LENGTH);
  let frame: number[] = [];
  while (!inStorage) {
    const { bytesRead } = await device.read(report, 0, report.length, null);
    const length = report[0] ?? 0;
    if (bytesRead === 0) continue;
    if (length === 0 || length > bytesRead - 1) {
      send({ type: 'log', message: `ignored an output report of ${bytesRead} bytes with length byte ${length}` });
      continue;
    }
    frame.push(...report.subarray(1, 1 + length));
    if (frame.length > MAX_FRAME) {
      send({ type: 'log', message: `dropped a frame longer than ${MAX_FRAME} bytes` });
      frame = [];
      continue;
    }
    if (frame[frame.length - 1] !== HASH) continue;
    const complete = Buffer.from(frame);
    frame = [];
    if (await answerFrame(device, complete)) await enterStorageMode();
  }
  // A read on the unbound function may never return; the process ends on 'quit'.
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'attach') {
    gadget.bind();
    serve().catch((error: unknown) => {
      if (!inStorage) send({ type: 'log', message: `HID camera failed: ${error instanceof Error ? error.message : String(error)}` });
    });
  } else if (message.type === 'quit') {
    try {
      gadget.unbind();
    } finally {
      process.exit(0);
    }
  }
});

send({ type: 'ready' });
