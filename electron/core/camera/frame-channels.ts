/**
 * How one command frame goes out and one answer frame comes back, per transport (docs/camera-protocols.md):
 *   bulk     one bulk OUT transfer, one bulk IN transfer of at most 512 bytes
 *   control  control OUT 0x41/0x01 (wIndex = interface) with the frame, control IN 0xC1/0x02 of 512
 *   hid      the frame cut into reports [reportId][n][n bytes][zero padding]; the answer likewise,
 *            collected until its last byte is '#'
 * Transport failures become camera errors here, so the protocol code above sees only those.
 */
import { deviceGone, garbageAnswer, noAnswer, printableBytes } from './camera-errors.js';
import { MAX_FRAME_BYTES } from './ambarella-frame.js';
import { TransportError, type BulkTransport, type ControlTransport, type HidTransport } from './transport.js';

export interface FrameChannel {
  /** Sends `frame` (the command `command`) and returns the raw answer bytes. */
  exchange(command: string, frame: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

async function mapTransportErrors<T>(command: string, timeoutMs: number, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof TransportError) {
      if (error.failure === 'timeout') throw noAnswer(command, timeoutMs);
      if (error.failure === 'gone') throw deviceGone(command, error.message);
      // Any other I/O failure mid-conversation: the device is not usable any more.
      throw deviceGone(command, error.message);
    }
    throw error;
  }
}

async function closeQuietly(close: () => Promise<void>): Promise<void> {
  try {
    await close();
  } catch {
    // The device may have left the bus already (after the storage-mode command it always does).
  }
}

export class BulkFrameChannel implements FrameChannel {
  constructor(private readonly transport: BulkTransport) {}

  exchange(command: string, frame: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    return mapTransportErrors(command, timeoutMs, async () => {
      await this.transport.write(frame, timeoutMs);
      return this.transport.read(MAX_FRAME_BYTES, timeoutMs);
    });
  }

  close(): Promise<void> {
    return closeQuietly(() => this.transport.close());
  }
}

export const VENDOR_OUT = { bmRequestType: 0x41, bRequest: 0x01 } as const;
export const VENDOR_IN = { bmRequestType: 0xc1, bRequest: 0x02 } as const;

export class ControlFrameChannel implements FrameChannel {
  constructor(
    private readonly transport: ControlTransport,
    private readonly interfaceNumber: number,
  ) {}

  exchange(command: string, frame: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    return mapTransportErrors(command, timeoutMs, async () => {
      await this.transport.controlOut({ ...VENDOR_OUT, wValue: 0, wIndex: this.interfaceNumber }, frame, timeoutMs);
      return this.transport.controlIn({ ...VENDOR_IN, wValue: 0, wIndex: this.interfaceNumber }, MAX_FRAME_BYTES, timeoutMs);
    });
  }

  close(): Promise<void> {
    return closeQuietly(() => this.transport.close());
  }
}

const HASH = 0x23;

export class HidFrameChannel implements FrameChannel {
  /** Bytes of frame per report: the report minus its ID byte and the length byte. */
  private readonly chunk: number;

  constructor(
    private readonly transport: HidTransport,
    private readonly reportId: number,
    private readonly reportLength: number,
  ) {
    this.chunk = Math.min(255, reportLength - 2);
  }

  exchange(command: string, frame: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    return mapTransportErrors(command, timeoutMs, async () => {
      for (let offset = 0; offset < frame.length; offset += this.chunk) {
        const piece = frame.subarray(offset, offset + this.chunk);
        const report = new Uint8Array(this.reportLength);
        report[0] = this.reportId;
        report[1] = piece.length;
        report.set(piece, 2);
        await this.transport.writeReport(report);
      }
      const answer: number[] = [];
      while (answer.length === 0 || answer[answer.length - 1] !== HASH) {
        const report = await this.transport.readReport(timeoutMs);
        // hidraw gives the report ID first only for numbered reports; unnumbered ones start at the data.
        const data = this.reportId === 0 ? report : report.subarray(1);
        if (this.reportId !== 0 && report[0] !== this.reportId) throw garbageAnswer(command, `input report ${this.reportId}`, `input report ${report[0] ?? 'empty'}: ${printableBytes(report)}`);
        const length = data[0] ?? 0;
        if (length === 0 || length > data.length - 1) throw garbageAnswer(command, `a report with 1..${data.length - 1} frame bytes`, printableBytes(data));
        answer.push(...data.subarray(1, 1 + length));
        if (answer.length > MAX_FRAME_BYTES) throw garbageAnswer(command, `an answer of at most ${MAX_FRAME_BYTES} bytes ending in '#'`, printableBytes(Uint8Array.from(answer)));
      }
      return Uint8Array.from(answer);
    });
  }

  close(): Promise<void> {
    return closeQuietly(() => this.transport.close());
  }
}
