/**
 * The usb@2 transports over stand-in libusb objects (the shape of usb's Device / Interface / Endpoint):
 * the bulk pair is found, each transfer gets its own timeout, libusb failures become TransportErrors,
 * control transfers carry the setup as given, close releases the interface and closes the device.
 */
import type { Device, Interface } from 'usb';
import { describe, expect, it } from 'vitest';
import { UsbBulkTransport, UsbControlTransport } from '../../electron/adapters/usb/usb-transports.js';
import { TransportError } from '../../electron/core/camera/transport.js';

type Callback = (error: (Error & { errno: number }) | undefined, data?: Buffer) => void;

function libusbError(errno: number): Error & { errno: number } {
  return Object.assign(new Error(`LIBUSB ${errno}`), { errno });
}

function standIns(answers: { in?: Buffer; inError?: number; outError?: number } = {}) {
  const log: string[] = [];
  const inEndpoint = {
    direction: 'in',
    transferType: 2,
    timeout: 0,
    transfer(length: number, cb: Callback) {
      log.push(`IN ${length} timeout=${this.timeout}`);
      cb(answers.inError === undefined ? undefined : libusbError(answers.inError), answers.in);
    },
  };
  const outEndpoint = {
    direction: 'out',
    transferType: 2,
    timeout: 0,
    transfer(data: Buffer, cb: Callback) {
      log.push(`OUT ${data.toString('latin1')} timeout=${this.timeout}`);
      cb(answers.outError === undefined ? undefined : libusbError(answers.outError));
    },
  };
  const interruptIn = { direction: 'in', transferType: 3, timeout: 0, transfer: () => log.push('wrong endpoint') };
  const iface = {
    interfaceNumber: 0,
    endpoints: [interruptIn, inEndpoint, outEndpoint],
    release(_closeEndpoints: boolean, cb: () => void) {
      log.push('release');
      cb();
    },
  };
  const device = {
    timeout: 0,
    close: () => log.push('close'),
    controlTransfer(bmRequestType: number, bRequest: number, wValue: number, wIndex: number, dataOrLength: Buffer | number, cb: (error: undefined, data: Buffer | number) => void) {
      log.push(`CTRL ${bmRequestType.toString(16)} ${bRequest} ${wValue} ${wIndex} ${typeof dataOrLength === 'number' ? `len=${dataOrLength}` : dataOrLength.toString('latin1')} timeout=${this.timeout}`);
      cb(undefined, typeof dataOrLength === 'number' ? Buffer.from('@Bat;OK;5;#') : dataOrLength.length);
    },
  };
  return { log, device: device as unknown as Device, iface: iface as unknown as Interface };
}

describe('usb@2 transports', () => {
  it('bulk: writes and reads on the bulk pair with the given timeouts, then releases and closes', async () => {
    const { log, device, iface } = standIns({ in: Buffer.from('@Ver;OK;#') });
    const transport = new UsbBulkTransport(device, iface);
    await transport.write(new TextEncoder().encode('@Ver;8;000000;#'), 1500);
    expect(new TextDecoder().decode(await transport.read(512, 700))).toBe('@Ver;OK;#');
    await transport.close();
    expect(log).toEqual(['OUT @Ver;8;000000;# timeout=1500', 'IN 512 timeout=700', 'release', 'close']);
  });

  it('bulk: a libusb timeout and a vanished device become typed transport errors', async () => {
    const timedOut = standIns({ inError: 2 });
    const error = await new UsbBulkTransport(timedOut.device, timedOut.iface).read(512, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).failure).toBe('timeout');
    const gone = standIns({ outError: -4 });
    await expect(new UsbBulkTransport(gone.device, gone.iface).write(Uint8Array.of(0x40), 10)).rejects.toMatchObject({ failure: 'gone' });
  });

  it('bulk: an interface without a bulk pair is refused', () => {
    const { device, iface } = standIns();
    (iface as unknown as { endpoints: unknown[] }).endpoints = [];
    expect(() => new UsbBulkTransport(device, iface)).toThrow(TransportError);
  });

  it('control: passes the setup through and returns the IN data', async () => {
    const { log, device, iface } = standIns();
    const transport = new UsbControlTransport(device, iface);
    await transport.controlOut({ bmRequestType: 0x41, bRequest: 1, wValue: 0, wIndex: 0 }, new TextEncoder().encode('@Bat;#'), 900);
    const answer = await transport.controlIn({ bmRequestType: 0xc1, bRequest: 2, wValue: 0, wIndex: 0 }, 512, 900);
    expect(new TextDecoder().decode(answer)).toBe('@Bat;OK;5;#');
    expect(log).toEqual(['CTRL 41 1 0 0 @Bat;# timeout=900', 'CTRL c1 2 0 0 len=512 timeout=900']);
  });
});
