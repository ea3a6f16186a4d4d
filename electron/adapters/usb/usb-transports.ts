/**
 * Camera transports over usb@2 (libusb): one vendor interface with a bulk OUT and a bulk IN endpoint,
 * or vendor control transfers on endpoint 0. Each call sets its own timeout; failures come out as
 * TransportError (timeout / gone / io) so the protocol code can word them.
 */
import type { Device, InEndpoint, Interface, OutEndpoint } from 'usb';
import type { BulkTransport, ControlSetup, ControlTransport } from '../../core/camera/transport.js';
import { TransportError } from '../../core/camera/transport.js';
import { toTransportError } from './libusb-errors.js';

const BULK = 2; // LIBUSB_TRANSFER_TYPE_BULK

/** Opens the device, claims the interface (taking it from a kernel driver on Linux if one holds it). */
export function claimInterface(device: Device, interfaceNumber: number): Interface {
  try {
    device.open();
    const iface = device.interface(interfaceNumber);
    if (process.platform === 'linux' && iface.isKernelDriverActive()) iface.detachKernelDriver();
    iface.claim();
    return iface;
  } catch (error) {
    try {
      device.close();
    } catch {
      // not open
    }
    throw toTransportError(error, `open interface ${interfaceNumber}`);
  }
}

function release(device: Device, iface: Interface): Promise<void> {
  // usb@2 re-reads the configuration descriptor after the release and throws, uncaught inside
  // libusb's callback, when the device left in between (unplugged just then, or re-enumerating after
  // the storage-mode command): the whole station process died (seen in the hardware lab). The
  // interface is not used again, so a failed re-read is of no consequence.
  const reloadable = iface as unknown as { refresh?: () => void };
  const refresh = reloadable.refresh?.bind(iface);
  if (refresh) {
    reloadable.refresh = () => {
      try {
        refresh();
      } catch {
        // the device is gone
      }
    };
  }
  return new Promise((resolve) => {
    try {
      iface.release(true, () => {
        try {
          device.close();
        } catch {
          // already gone
        }
        resolve();
      });
    } catch {
      try {
        device.close();
      } catch {
        // already gone
      }
      resolve();
    }
  });
}

export class UsbBulkTransport implements BulkTransport {
  readonly kind = 'bulk' as const;
  private readonly inEndpoint: InEndpoint;
  private readonly outEndpoint: OutEndpoint;

  constructor(
    private readonly device: Device,
    private readonly iface: Interface,
  ) {
    const bulkIn = iface.endpoints.find((endpoint) => endpoint.direction === 'in' && endpoint.transferType === BULK) as InEndpoint | undefined;
    const bulkOut = iface.endpoints.find((endpoint) => endpoint.direction === 'out' && endpoint.transferType === BULK) as OutEndpoint | undefined;
    if (!bulkIn || !bulkOut) throw new TransportError('io', `interface ${iface.interfaceNumber} has no bulk IN and bulk OUT endpoint pair`);
    this.inEndpoint = bulkIn;
    this.outEndpoint = bulkOut;
  }

  write(data: Uint8Array, timeoutMs: number): Promise<void> {
    this.outEndpoint.timeout = timeoutMs;
    return new Promise((resolve, reject) => {
      try {
        this.outEndpoint.transfer(Buffer.from(data), (error) => (error ? reject(toTransportError(error, 'bulk OUT')) : resolve()));
      } catch (error) {
        reject(toTransportError(error, 'bulk OUT'));
      }
    });
  }

  read(maxLength: number, timeoutMs: number): Promise<Uint8Array> {
    this.inEndpoint.timeout = timeoutMs;
    return new Promise((resolve, reject) => {
      try {
        this.inEndpoint.transfer(maxLength, (error, data) => (error ? reject(toTransportError(error, 'bulk IN')) : resolve(new Uint8Array(data ?? Buffer.alloc(0)))));
      } catch (error) {
        reject(toTransportError(error, 'bulk IN'));
      }
    });
  }

  close(): Promise<void> {
    return release(this.device, this.iface);
  }
}

export class UsbControlTransport implements ControlTransport {
  readonly kind = 'control' as const;

  constructor(
    private readonly device: Device,
    private readonly iface: Interface,
  ) {}

  controlOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<void> {
    return this.transfer(setup, Buffer.from(data), timeoutMs).then(() => undefined);
  }

  async controlIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array> {
    const data = await this.transfer(setup, length, timeoutMs);
    return typeof data === 'number' || data === undefined ? new Uint8Array(0) : new Uint8Array(data);
  }

  close(): Promise<void> {
    return release(this.device, this.iface);
  }

  private transfer(setup: ControlSetup, dataOrLength: Buffer | number, timeoutMs: number): Promise<Buffer | number | undefined> {
    this.device.timeout = timeoutMs;
    return new Promise((resolve, reject) => {
      try {
        this.device.controlTransfer(setup.bmRequestType, setup.bRequest, setup.wValue, setup.wIndex, dataOrLength, (error, data) => (error ? reject(toTransportError(error, 'control transfer')) : resolve(data)));
      } catch (error) {
        reject(toTransportError(error, 'control transfer'));
      }
    });
  }
}
