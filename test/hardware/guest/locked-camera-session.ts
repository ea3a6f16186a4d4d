/**
 * The emulated locked camera's side of the vendor protocol (docs/camera-protocols.md): one command
 * frame in, one answer frame out. Written from the shared spec, independently of the station's
 * adapter, so the lab checks the adapter against the spec rather than against itself. Pure.
 */

export interface LockedCameraInfo {
  productSerial: string;
  deviceNumber: string;
  officerNumber: string;
  officerName: string;
  unitNumber: string;
  unitName: string;
}

export interface LockedCameraConfig {
  password: string;
  info: LockedCameraInfo;
  /** Camera clock minus true time, in ms: the lab makes it deliberately wrong by a known amount. */
  clockOffsetMs: number;
  /** The zone of the camera's wall clock, in minutes east of UTC (+08:00 = 480). */
  utcOffsetMinutes: number;
  batteryPercent: number;
  capacity: { totalMiB: number; freeMiB: number };
}

export interface SessionAnswer {
  command: string;
  reply: string;
  /** True after a successful storage-mode command: the camera must now re-enumerate as mass storage. */
  enterStorage: boolean;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYYMMDDhhmmss` of `at` on a wall clock `utcOffsetMinutes` east of UTC. */
export function wallClockText(at: Date, utcOffsetMinutes: number): string {
  const wall = new Date(at.getTime() + utcOffsetMinutes * 60_000);
  return `${wall.getUTCFullYear()}${two(wall.getUTCMonth() + 1)}${two(wall.getUTCDate())}${two(wall.getUTCHours())}${two(wall.getUTCMinutes())}${two(wall.getUTCSeconds())}`;
}

function wallClockInstant(text: string, utcOffsetMinutes: number): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(wall).getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return wall - utcOffsetMinutes * 60_000;
}

export class LockedCameraSession {
  private loggedIn = false;
  private clockOffsetMs: number;

  constructor(private readonly config: LockedCameraConfig) {
    this.clockOffsetMs = config.clockOffsetMs;
  }

  /** The camera's own reading of the time right now. */
  cameraNow(now: Date): Date {
    return new Date(now.getTime() + this.clockOffsetMs);
  }

  answer(frame: Uint8Array, now: Date): SessionAnswer {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(frame);
    } catch {
      return { command: '?', reply: '@?;ERR;BADCMD;#', enterStorage: false };
    }
    // A frame is '@' name ';' (field ';')* '#'.
    if (!text.startsWith('@') || !text.endsWith(';#')) return { command: '?', reply: '@?;ERR;BADCMD;#', enterStorage: false };
    const [command = '', ...fields] = text.slice(1, -2).split(';');
    const ok = (...values: string[]) => ({ command, reply: `@${[command, 'OK', ...values].join(';')};#`, enterStorage: false });
    const err = (code: string) => ({ command, reply: `@${command};ERR;${code};#`, enterStorage: false });

    if (command === 'Ver') {
      if (fields.length !== 2 || fields[0] !== '8') return err('BADARG');
      if (fields[1] !== this.config.password) {
        this.loggedIn = false;
        return err('PASSWORD');
      }
      this.loggedIn = true;
      return ok();
    }
    const known = ['Gdv', 'Gtm', 'Sdt', 'Stm', 'Bat', 'Cap', 'ATH'];
    if (!known.includes(command)) return err('BADCMD');
    if (!this.loggedIn) return err('NOLOGIN');

    const info = this.config.info;
    switch (command) {
      case 'Gdv':
        if (fields.length !== 0) return err('BADARG');
        return ok(info.productSerial, info.deviceNumber, info.officerNumber, info.officerName, info.unitNumber, info.unitName);
      case 'Gtm':
        if (fields.length !== 0) return err('BADARG');
        return ok(wallClockText(this.cameraNow(now), this.config.utcOffsetMinutes));
      case 'Sdt':
      case 'Stm': {
        if (fields.length !== 1) return err('BADARG');
        const current = wallClockText(this.cameraNow(now), this.config.utcOffsetMinutes);
        const value = fields[0] ?? '';
        const wanted = command === 'Sdt' ? (/^\d{8}$/.test(value) ? value + current.slice(8) : '') : /^\d{6}$/.test(value) ? current.slice(0, 8) + value : '';
        const instant = wallClockInstant(wanted, this.config.utcOffsetMinutes);
        if (instant === undefined) return err('BADARG');
        this.clockOffsetMs = instant - now.getTime();
        return ok();
      }
      case 'Bat':
        return fields.length === 0 ? ok(String(this.config.batteryPercent)) : err('BADARG');
      case 'Cap':
        return fields.length === 0 ? ok(String(this.config.capacity.totalMiB), String(this.config.capacity.freeMiB)) : err('BADARG');
      default:
        // 'ATH': answer first, then the caller re-enumerates the gadget as mass storage.
        if (fields.length !== 0) return err('BADARG');
        return { ...ok(), enterStorage: true };
    }
  }
}
