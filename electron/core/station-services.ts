/** Station-level facilities the command handlers need beyond the ports. */
import type { AgencySettings } from './domain/settings.js';
import type { ViewTickets } from './player/view-tickets.js';

export interface StationServices {
  version: string;
  dataDir: string;
  watchRoots: string[];
  tickets: ViewTickets;
  dockFolder(path: string, operator: string): Promise<string>;
  saveSettings(settings: AgencySettings): Promise<void>;
}
