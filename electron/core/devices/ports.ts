/** Where the device registry lives: one durable file under the data folder (adapters/devices). */
import type { RegisteredDevice } from './device-model.js';

export interface DeviceRegistryStore {
  load(): Promise<RegisteredDevice[]>;
  /** Replaces the whole registry; durable (fsync'd) when the promise resolves. */
  save(devices: RegisteredDevice[]): Promise<void>;
}
