/** What the station's services share: the ports, the current settings, the audit writer, the docks. */
import type { AuditEntry, AuditRecord } from './domain/audit.js';
import type { AgencySettings } from './domain/settings.js';
import type { AccessPorts } from './access/ports.js';
import type { CameraIdentity } from './domain/clip.js';
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
  /** Issue F: accounts, grants and case levels (durable) and the password hasher. Optional: without it nobody can sign in (unit tests act with in-process actors). */
  access?: AccessPorts;
}

export interface StationContext {
  ports: StationPorts;
  events: StationEvents;
  docks: DockRegistry;
  settings(): AgencySettings;
  /** Issue F: the 科室 a camera's clips belong to when the camera does not name one (the account holding its officer's badge). */
  departmentOf?(camera: CameraIdentity): string | undefined;
  audit(actor: string, action: string, target: string, extra?: Omit<AuditEntry, 'actor' | 'action' | 'target'>): Promise<AuditRecord>;
}
