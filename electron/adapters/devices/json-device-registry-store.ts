/**
 * The device registry in one durable JSON file under the data folder (<data>/devices/registry.json):
 * lowdb over the fsync'ing adapter (temp file, fsync, rename, fsync the folder), checked by schema on
 * every read so a damaged file is named, never silently replaced by an empty registry.
 */
import { Low } from 'lowdb';
import { z } from 'zod';
import { DeviceView } from '../../contract/devices.js';
import type { RegisteredDevice } from '../../core/devices/device-model.js';
import type { DeviceRegistryStore } from '../../core/devices/ports.js';
import { DurableJsonFile } from '../catalogue/durable-json-adapter.js';

interface RegistryFile {
  version: 1;
  devices: RegisteredDevice[];
}

const StoredDevice = DeviceView.omit({ hasPassword: true }).extend({ password: z.string().optional() });
const RegistryFileSchema = z.object({ version: z.literal(1), devices: z.array(StoredDevice) });

function checkFile(value: unknown): RegistryFile {
  return RegistryFileSchema.parse(value) as RegistryFile;
}

export class JsonDeviceRegistryStore implements DeviceRegistryStore {
  private readonly db: Low<RegistryFile>;

  constructor(file: string) {
    this.db = new Low(new DurableJsonFile(file, checkFile), { version: 1, devices: [] });
  }

  async load(): Promise<RegisteredDevice[]> {
    await this.db.read();
    return structuredClone(this.db.data.devices);
  }

  async save(devices: RegisteredDevice[]): Promise<void> {
    this.db.data = { version: 1, devices: structuredClone(devices) };
    await this.db.write();
  }
}
