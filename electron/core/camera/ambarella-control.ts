/**
 * The Ambarella-based recorder protocol (GA/T 947.4 function set) over any frame channel: bulk
 * endpoints, vendor control transfers or HID reports (frame-channels.ts). Command names and the order
 * of the device-info fields come from the camera profile; the defaults are the documented ones.
 */
import { garbageAnswer, printableBytes, refusedCommand, wrongPassword, CameraControlError } from './camera-errors.js';
import type { CameraCapacity, CameraControl, CameraDeviceInfo } from './camera-control.js';
import { formatCameraClock, parseCameraClock } from './camera-clock.js';
import type { CameraProfile, ControlProtocol } from './camera-profile.js';
import { encodeCommand, isSendableField, parseAnswer } from './ambarella-frame.js';
import type { FrameChannel } from './frame-channels.js';

const MIB = 1024 * 1024;

export class AmbarellaControl implements CameraControl {
  readonly talks = true;
  private readonly commands: CameraProfile['control']['commands'];

  constructor(
    readonly protocol: Exclude<ControlProtocol, 'none'>,
    private readonly channel: FrameChannel,
    private readonly control: CameraProfile['control'],
  ) {
    this.commands = control.commands;
  }

  async unlock(password: string): Promise<void> {
    const command = this.commands.login;
    if (!isSendableField(password)) {
      throw new CameraControlError('CAMERA_WRONG_PASSWORD', 'the password holds a character the protocol cannot carry', 'a password without ";", "#" or control characters', 'unsendable password', { command });
    }
    const answer = await this.ask(command, [this.commands.loginLevel, password], { allowErrors: ['PASSWORD'] });
    if (!answer.ok) throw wrongPassword(command, answer.raw);
  }

  async deviceInfo(): Promise<CameraDeviceInfo> {
    const order = this.control.deviceInfoFields;
    const { fields } = await this.askOk(this.commands.deviceInfo, [], order.length);
    const info: CameraDeviceInfo = {};
    order.forEach((name, index) => {
      const value = fields[index]?.trim();
      if (value) info[name] = value;
    });
    return info;
  }

  async readClock(): Promise<Date> {
    const command = this.commands.readClock;
    const { fields, raw } = await this.askOk(command, [], 1);
    const at = parseCameraClock(fields[0] ?? '', this.control.clockUtcOffset);
    if (!at) throw garbageAnswer(command, `@${command};OK;YYYYMMDDhhmmss;#`, raw);
    return at;
  }

  async setClock(at: Date): Promise<void> {
    // Both fields from one instant, so a set across midnight cannot pair one day's date with the next day's time.
    const wall = formatCameraClock(at, this.control.clockUtcOffset);
    await this.askOk(this.commands.setDate, [wall.date], 0);
    await this.askOk(this.commands.setTime, [wall.time], 0);
  }

  async battery(): Promise<number> {
    const command = this.commands.battery;
    const { fields, raw } = await this.askOk(command, [], 1);
    const percent = Number(fields[0]);
    if (!/^\d{1,3}$/.test(fields[0] ?? '') || percent > 100) throw garbageAnswer(command, `@${command};OK;<0-100>;#`, raw);
    return percent;
  }

  async capacity(): Promise<CameraCapacity> {
    const command = this.commands.capacity;
    const { fields, raw } = await this.askOk(command, [], 2);
    const [total, free] = fields.map((field) => (/^\d{1,9}$/.test(field) ? Number(field) : Number.NaN));
    if (total === undefined || free === undefined || !Number.isFinite(total) || !Number.isFinite(free) || free > total) throw garbageAnswer(command, `@${command};OK;<totalMiB>;<freeMiB>;#`, raw);
    return { totalBytes: total * MIB, freeBytes: free * MIB };
  }

  async switchToStorage(): Promise<void> {
    await this.askOk(this.commands.storageMode, [], 0);
  }

  close(): Promise<void> {
    return this.channel.close();
  }

  /** An OK answer with exactly `fieldCount` fields, else a typed error. */
  private async askOk(command: string, fields: string[], fieldCount: number): Promise<{ fields: string[]; raw: string }> {
    const answer = await this.ask(command, fields, { allowErrors: [] });
    if (!answer.ok) throw refusedCommand(command, answer.errorCode, answer.raw);
    if (answer.fields.length !== fieldCount) throw garbageAnswer(command, `@${command};OK;${'<field>;'.repeat(fieldCount)}# (${fieldCount} field(s) after OK)`, answer.raw);
    return { fields: answer.fields, raw: answer.raw };
  }

  private async ask(command: string, fields: string[], options: { allowErrors: string[] }): Promise<({ ok: true; fields: string[] } | { ok: false; errorCode: string }) & { raw: string }> {
    const frame = encodeCommand(command, fields);
    const bytes = await this.channel.exchange(command, frame, this.control.timeoutMs);
    const raw = printableBytes(bytes);
    const parsed = parseAnswer(command, bytes);
    if (!parsed.valid) throw garbageAnswer(command, `@${command};OK;...;# (${parsed.reason})`, raw);
    if (!parsed.answer.ok && !options.allowErrors.includes(parsed.answer.errorCode)) throw refusedCommand(command, parsed.answer.errorCode, raw);
    return { ...parsed.answer, raw };
  }
}
