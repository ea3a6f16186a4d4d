/**
 * The one camera-control interface. Every protocol (none, Ambarella bulk, Ambarella vendor control
 * transfers, HID reports) is an adapter behind it; the camera manager never knows which it talks to.
 */
import type { ControlProtocol } from './camera-profile.js';

/** GA/T 947.4 device information, as the camera reports it. Empty fields are left out. */
export interface CameraDeviceInfo {
  productSerial?: string;
  deviceNumber?: string;
  officerNumber?: string;
  officerName?: string;
  unitNumber?: string;
  unitName?: string;
}

export interface CameraCapacity {
  totalBytes: number;
  freeBytes: number;
}

export interface CameraControl {
  readonly protocol: ControlProtocol;
  /** false for plain mass storage: nothing to unlock, nothing to ask. */
  readonly talks: boolean;
  /** Logs in; CameraControlError CAMERA_WRONG_PASSWORD when refused. A no-op where there is no login. */
  unlock(password: string): Promise<void>;
  deviceInfo(): Promise<CameraDeviceInfo | undefined>;
  /** The camera's clock, read now; undefined where the camera cannot tell. */
  readClock(): Promise<Date | undefined>;
  setClock(at: Date): Promise<void>;
  /** Percent 0-100, or undefined. */
  battery(): Promise<number | undefined>;
  capacity(): Promise<CameraCapacity | undefined>;
  /** Asks the camera to show its disk; it then leaves the bus and comes back as mass storage. */
  switchToStorage(): Promise<void>;
  /** Releases the channel; never throws (the device may already be gone). */
  close(): Promise<void>;
}

/** Plain mass storage: the camera says nothing; its identity and clock come from its volume. */
export class NoControl implements CameraControl {
  readonly protocol = 'none' as const;
  readonly talks = false;
  async unlock(): Promise<void> {}
  async deviceInfo(): Promise<undefined> {
    return undefined;
  }
  async readClock(): Promise<undefined> {
    return undefined;
  }
  async setClock(): Promise<void> {
    throw new RangeError('a plain mass-storage camera has no clock to set');
  }
  async battery(): Promise<undefined> {
    return undefined;
  }
  async capacity(): Promise<undefined> {
    return undefined;
  }
  async switchToStorage(): Promise<void> {}
  async close(): Promise<void> {}
}
