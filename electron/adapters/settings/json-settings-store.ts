/** Agency settings in one small durable JSON file (lowdb core over the fsync'ing adapter). */
import { Low } from 'lowdb';
import { AgencySettings as AgencySettingsSchema } from '../../contract/schemas.js';
import { DEFAULT_SETTINGS, type AgencySettings } from '../../core/domain/settings.js';
import type { SettingsStore } from '../../core/ports.js';
import { DurableJsonFile } from '../catalogue/durable-json-adapter.js';

/** Settings written by an older version lack newer keys: defaults fill them, stored values win. */
function checkSettings(value: unknown): AgencySettings {
  const merged = { ...DEFAULT_SETTINGS, ...(typeof value === 'object' && value !== null ? value : {}) };
  return AgencySettingsSchema.parse(merged);
}

export class JsonSettingsStore implements SettingsStore {
  private readonly db: Low<AgencySettings>;

  constructor(file: string) {
    this.db = new Low(new DurableJsonFile(file, checkSettings), DEFAULT_SETTINGS);
  }

  async load(): Promise<AgencySettings> {
    await this.db.read();
    return { ...this.db.data };
  }

  async save(settings: AgencySettings): Promise<void> {
    this.db.data = { ...settings };
    await this.db.write();
  }
}
