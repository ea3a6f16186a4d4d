/**
 * The hardware boundary of the camera layer. Adapters (usb@2, node-hid) implement these with real
 * devices; tests script them byte for byte (test/fakes/camera-transports.ts). Everything above this
 * file is real code in every test.
 *
 * A transport reports failures as TransportError so protocol code can tell "no answer" from
 * "device unplugged" without knowing libusb's or hidapi's error names.
 */

export type TransportFailure = 'timeout' | 'gone' | 'io';

export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** A vendor-specific interface with one bulk OUT and one bulk IN endpoint. */
export interface BulkTransport {
  readonly kind: 'bulk';
  /** One bulk OUT transfer carrying all of `data`. */
  write(data: Uint8Array, timeoutMs: number): Promise<void>;
  /** One bulk IN transfer of at most `maxLength` bytes (a short packet ends it). */
  read(maxLength: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The setup fields of a control transfer other than the length (taken from the data or the request). */
export interface ControlSetup {
  bmRequestType: number;
  bRequest: number;
  wValue: number;
  wIndex: number;
}

/** Vendor control transfers on endpoint 0. */
export interface ControlTransport {
  readonly kind: 'control';
  controlOut(setup: ControlSetup, data: Uint8Array, timeoutMs: number): Promise<void>;
  controlIn(setup: ControlSetup, length: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** A HID device: output reports out, input reports in. */
export interface HidTransport {
  readonly kind: 'hid';
  /** Writes one output report; `report[0]` is the report ID (0 when the device numbers none). */
  writeReport(report: Uint8Array): Promise<void>;
  /** The next input report (report ID first when the device numbers its reports); TransportError('timeout') when none came. */
  readReport(timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export type CameraTransport = BulkTransport | ControlTransport | HidTransport;
