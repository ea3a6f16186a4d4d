/** Station-level facilities the command handlers need beyond the ports. */
import type { AgencySettings } from './domain/settings.js';
import type { StationAccess } from './access/station-access.js';
import type { ViewTickets } from './player/view-tickets.js';

export interface StationServices {
  version: string;
  dataDir: string;
  watchRoots: string[];
  tickets: ViewTickets;
  /** Issue F: accounts, sessions, grants, case levels and the checks made with them. */
  access: StationAccess;
  dockFolder(path: string, operator: string): Promise<string>;
  saveSettings(settings: AgencySettings): Promise<void>;
}
