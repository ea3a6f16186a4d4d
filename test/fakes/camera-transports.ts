/**
 * Scripted fake devices at the transport boundary (the only fake in the camera layer's tests): each
 * holds the exact bytes it expects from the station and the bytes it answers, in order. Anything
 * unscripted - another byte, another transfer, a transfer after the script - fails the test loudly.
 */
import { TransportError, type BulkTransport, type ControlSetup, type ControlTransport, type HidTransport, type TransportFailure } from '../../electron/core/camera/transport.js';

const utf8 = (value: string | Uint8Array) => (typeof value === 'string' ? new TextEncoder().encode(value) : value);
const show = (bytes: Uint8Array) => JSON.stringify(Buffer.from(bytes).toString('latin1'));

export class UnscriptedTransfer extends Error {}

type BulkStep = { out: string | Uint8Array } | { in: string | Uint8Array } | { fail: TransportFailure; on: 'out' | 'in' };

export class ScriptedBulkDevice implements BulkTransport {
  readonly kind = 'bulk' as const;
  closed = false;
  readonly timeouts: number[] = [];
  private position = 0;

  constructor(private readonly script: BulkStep[]) {}

  async write(data: Uint8Array, timeoutMs: number): Promise<void> {
    this.timeouts.push(timeoutMs);
    const step = this.next('out');
    if ('fail' in step) throw new TransportError(step.fail, `scripted ${step.fail} on OUT`);
    if (!('out' in step)) throw new UnscriptedTransfer(`bulk OUT ${show(data)} but the script expects ${JSON.stringify(step)}`);
    const expected = utf8(step.out);
    if (!Buffer.from(data).equals(Buffer.from(expected))) throw new UnscriptedTransfer(`bulk OUT ${show(data)}, the script expects ${show(expected)}`);
  }

  async read(maxLength: number, timeoutMs: number): Promise<Uint8Array> {
    this.timeouts.push(timeoutMs);
    const step = this.next('in');
    if ('fail' in step) throw new TransportError(step.fail, `scripted ${step.fail} on IN`);
    if (!('in' in step)) throw new UnscriptedTransfer(`bulk IN read but the script expects ${JSON.stringify(step)}`);
    const bytes = utf8(step.in);
    if (bytes.length > maxLength) throw new UnscriptedTransfer(`scripted answer of ${bytes.length} bytes exceeds the read of ${maxLength}`);
    return bytes;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** True when every scripted step happened. */
  finished(): boolean {
    return this.position === this.script.length;
  }

  private next(direction: 'out' | 'in'): BulkStep {
    if (this.closed) throw new TransportError('gone', 'transfer on a closed device');
    const step = this.script[this.position];
    if (!step) throw new UnscriptedTransfer(`bulk ${direction.toUpperCase()} after the end of the script`);
    this.position += 1;
    return step;
  }
}

type ControlStep = { out: ControlSetup & { data: string | Uint8Array } } | { in: ControlSetup & { length: number; answer: string | Uint8Array } } | { fail: TransportFailure };

export class ScriptedControlDevice implements ControlTransport {
  readonly kind = 'control' as const;
  closed = false;
  private position = 0;

  constructor(private readonly script: ControlStep[]) {}

  async controlOut(setup: ControlSetup, data: Uint8Array): Promise<void> {
    const step = this.next();
    if ('fail' in step) throw new TransportError(step.fail, `scripted ${step.fail}`);
    if (!('out' in step)) throw new UnscriptedTransfer(`control OUT ${JSON.stringify(setup)} ${show(data)} but the script expects ${JSON.stringify(step)}`);
    const { data: expectedData, ...expectedSetup } = step.out;
    if (JSON.stringify(setup) !== JSON.stringify(expectedSetup)) throw new UnscriptedTransfer(`control OUT setup ${JSON.stringify(setup)}, the script expects ${JSON.stringify(expectedSetup)}`);
    if (!Buffer.from(data).equals(Buffer.from(utf8(expectedData)))) throw new UnscriptedTransfer(`control OUT data ${show(data)}, the script expects ${show(utf8(expectedData))}`);
  }

  async controlIn(setup: ControlSetup, length: number): Promise<Uint8Array> {
    const step = this.next();
    if ('fail' in step) throw new TransportError(step.fail, `scripted ${step.fail}`);
    if (!('in' in step)) throw new UnscriptedTransfer(`control IN ${JSON.stringify(setup)} but the script expects ${JSON.stringify(step)}`);
    const { answer, ...expected } = step.in;
    if (JSON.stringify({ ...setup, length }) !== JSON.stringify(expected)) throw new UnscriptedTransfer(`control IN ${JSON.stringify({ ...setup, length })}, the script expects ${JSON.stringify(expected)}`);
    return utf8(answer);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  finished(): boolean {
    return this.position === this.script.length;
  }

  private next(): ControlStep {
    if (this.closed) throw new TransportError('gone', 'transfer on a closed device');
    const step = this.script[this.position];
    if (!step) throw new UnscriptedTransfer('control transfer after the end of the script');
    this.position += 1;
    return step;
  }
}

type HidStep = { write: Uint8Array } | { read: Uint8Array } | { fail: TransportFailure };

export class ScriptedHidDevice implements HidTransport {
  readonly kind = 'hid' as const;
  closed = false;
  private position = 0;

  constructor(private readonly script: HidStep[]) {}

  async writeReport(report: Uint8Array): Promise<void> {
    const step = this.next();
    if ('fail' in step) throw new TransportError(step.fail, `scripted ${step.fail}`);
    if (!('write' in step)) throw new UnscriptedTransfer(`HID write ${show(report)} but the script expects ${JSON.stringify(step)}`);
    if (!Buffer.from(report).equals(Buffer.from(step.write))) throw new UnscriptedTransfer(`HID write ${show(report)}, the script expects ${show(step.write)}`);
  }

  async readReport(): Promise<Uint8Array> {
    const step = this.next();
    if ('fail' in step) throw new TransportError(step.fail, `scripted ${step.fail}`);
    if (!('read' in step)) throw new UnscriptedTransfer(`HID read but the script expects ${JSON.stringify(step)}`);
    return step.read;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  finished(): boolean {
    return this.position === this.script.length;
  }

  private next(): HidStep {
    if (this.closed) throw new TransportError('gone', 'transfer on a closed device');
    const step = this.script[this.position];
    if (!step) throw new UnscriptedTransfer('HID transfer after the end of the script');
    this.position += 1;
    return step;
  }
}

/** A frame cut into fixed-length HID reports: [reportId][n][n bytes][zeros]. */
export function hidReports(frame: string, reportId: number, reportLength: number, withId = true): Uint8Array[] {
  const bytes = new TextEncoder().encode(frame);
  const chunk = Math.min(255, reportLength - 2);
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const piece = bytes.subarray(offset, offset + chunk);
    const report = new Uint8Array(withId ? reportLength : reportLength - 1);
    let at = 0;
    if (withId) report[at++] = reportId;
    report[at++] = piece.length;
    report.set(piece, at);
    reports.push(report);
  }
  return reports;
}
