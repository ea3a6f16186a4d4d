/** What the station's services share: the ports, the current settings, the audit writer, the docks. */
import type { AuditEntry, AuditRecord } from './domain/audit.js';
import type { AgencySettings } from './domain/settings.js';
import type { CameraCleaner } from './camera-cleanup/ports.js';
import type { DockRegistry } from './dock/dock-registry.js';
import type { FixityPorts } from './fixity/ports.js';
import type { StationEvents } from './events.js';
import type { AuditLog, CameraVolumeReader, CatalogueStore, Clock, DerivedFiles, IngestJournal, MediaProbe, SettingsStore, Thumbnailer, Vault, VaultInventory } from './ports.js';

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
  /** Issue C: per-file ingest states for crash resume, and the vault's inventory for re-adoption. */
  journal: IngestJournal;
  vaultInventory: VaultInventory;
  /** Issue C item 6: scheduled re-hash of the vault. Optional: without it the fixity commands answer with an error. */
  fixity?: FixityPorts;
  /** Issue C item 3: deleting verified files from a camera. Optional: without it nothing is ever deleted. */
  cameraCleaner?: CameraCleaner;
}

export interface StationContext {
  ports: StationPorts;
  events: StationEvents;
  docks: DockRegistry;
  settings(): AgencySettings;
  audit(actor: string, action: string, target: string, extra?: Omit<AuditEntry, 'actor' | 'action' | 'target'>): Promise<AuditRecord>;
}
