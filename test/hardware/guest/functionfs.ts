/**
 * The binary blobs and events of the kernel's FunctionFS (include/uapi/linux/usb/functionfs.h): a
 * user-space program becomes a USB function by writing its descriptors and strings to ep0, then
 * reads SETUP and state events from ep0 and moves data on ep1, ep2, ... Pure.
 */

const DESCRIPTORS_MAGIC_V2 = 3;
const STRINGS_MAGIC = 2;
const HAS_FS_DESC = 1;
const HAS_HS_DESC = 2;

export const EVENT_SIZE = 12;
export const FfsEvent = { BIND: 0, UNBIND: 1, ENABLE: 2, DISABLE: 3, SETUP: 4, SUSPEND: 5, RESUME: 6 } as const;

export interface SetupRequest {
  bRequestType: number;
  bRequest: number;
  wValue: number;
  wIndex: number;
  wLength: number;
}

export interface ParsedEvent {
  type: number;
  setup?: SetupRequest;
}

/** One vendor-specific interface (class 0xFF/0x00/0x00) with a bulk OUT (ep1) and a bulk IN (ep2) endpoint. */
function interfaceDescriptors(maxPacket: number): number[] {
  const iface = [9, 4, 0, 0, 2, 0xff, 0x00, 0x00, 1];
  const bulkOut = [7, 5, 0x01, 0x02, maxPacket & 0xff, maxPacket >> 8, 0];
  const bulkIn = [7, 5, 0x82, 0x02, maxPacket & 0xff, maxPacket >> 8, 0];
  return [...iface, ...bulkOut, ...bulkIn];
}

export function vendorInterfaceDescriptors(): Buffer {
  const fullSpeed = interfaceDescriptors(64);
  const highSpeed = interfaceDescriptors(512);
  const header = Buffer.alloc(20);
  const length = header.length + fullSpeed.length + highSpeed.length;
  header.writeUInt32LE(DESCRIPTORS_MAGIC_V2, 0);
  header.writeUInt32LE(length, 4);
  header.writeUInt32LE(HAS_FS_DESC | HAS_HS_DESC, 8);
  header.writeUInt32LE(3, 12); // full-speed descriptor count
  header.writeUInt32LE(3, 16); // high-speed descriptor count
  return Buffer.concat([header, Buffer.from(fullSpeed), Buffer.from(highSpeed)]);
}

/** The interface's name (string index 1), US English. */
export function vendorInterfaceStrings(interfaceName: string): Buffer {
  const text = Buffer.from(`${interfaceName}\0`, 'utf8');
  const header = Buffer.alloc(18);
  header.writeUInt32LE(STRINGS_MAGIC, 0);
  header.writeUInt32LE(header.length + text.length, 4);
  header.writeUInt32LE(1, 8); // strings per language
  header.writeUInt32LE(1, 12); // languages
  header.writeUInt16LE(0x0409, 16);
  return Buffer.concat([header, text]);
}

export function parseEvents(bytes: Buffer): ParsedEvent[] {
  const events: ParsedEvent[] = [];
  for (let at = 0; at + EVENT_SIZE <= bytes.length; at += EVENT_SIZE) {
    const type = bytes[at + 8] ?? -1;
    if (type === FfsEvent.SETUP) {
      events.push({
        type,
        setup: {
          bRequestType: bytes[at] ?? 0,
          bRequest: bytes[at + 1] ?? 0,
          wValue: bytes.readUInt16LE(at + 2),
          wIndex: bytes.readUInt16LE(at + 4),
          wLength: bytes.readUInt16LE(at + 6),
        },
      });
    } else {
      events.push({ type });
    }
  }
  return events;
}
