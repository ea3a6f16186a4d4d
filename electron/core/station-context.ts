/** What the station's services share: the ports, the current settings, the audit writer, the docks. */
import type { AuditEntry, AuditRecord } from './domain/audit.js';
import type { AgencySettings } from './domain/settings.js';
import type { DockRegistry } from './dock/dock-registry.js';
import type { StationEvents } from './events.js';
import type { AuditLog, CameraVolumeReader, CatalogueStore, Clock, DerivedFiles, MediaProbe, SettingsStore, Thumbnailer, Vault } from './ports.js';

export interface StationPorts {
  vault: Vault;
  catalogue: CatalogueStore;
  auditLog: AuditLog;
  probe: MediaProbe;
  thumbnailer: Thumbnailer;
  volumes: CameraVolumeReader;
  settings: SettingsStore;
  derived: DerivedFiles;
  clock: Clock;
}

export interface StationContext {
  ports: StationPorts;
  events: StationEvents;
  docks: DockRegistry;
  settings(): AgencySettings;
  audit(actor: string, action: string, target: string, extra?: Omit<AuditEntry, 'actor' | 'action' | 'target'>): Promise<AuditRecord>;
}
