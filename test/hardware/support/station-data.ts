/**
 * Reads what the guest's station left in its data folder (the folder is on the host; the guest
 * wrote it over 9p), without opening a station over it: opening one would tidy up (remove partial
 * copies, recover journals) and hide exactly what these tests look for.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JsonlAuditLog } from '../../../electron/adapters/audit/jsonl-audit-log.js';
import { ShardedCatalogueStore } from '../../../electron/adapters/catalogue/sharded-catalogue-store.js';
import type { Clip } from '../../../electron/core/domain/clip.js';
import type { DockSession } from '../../../electron/core/domain/dock.js';

export interface StationDataView {
  sessions: DockSession[];
  clips: Clip[];
  /** Vault objects by content address, with the SHA-256 of their bytes as read back now. */
  vaultObjects: Map<string, string>;
  /** Files left in the vault's incoming folder (partial copies). */
  incoming: string[];
  audit: Awaited<ReturnType<JsonlAuditLog['verify']>>;
  auditActions: string[];
}

function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

export async function readStationData(dataDir: string): Promise<StationDataView> {
  const catalogue = new ShardedCatalogueStore(path.join(dataDir, 'catalogue'));
  await catalogue.open();
  const sessions = catalogue.listSessions();
  const clips = [...new Set(sessions.flatMap((session) => session.clipIds))].map((id) => catalogue.get(id)).filter((clip): clip is Clip => clip !== undefined);
  await catalogue.close();

  const vaultObjects = new Map<string, string>();
  for (const file of filesUnder(path.join(dataDir, 'vault', 'objects'))) {
    vaultObjects.set(path.basename(file), createHash('sha256').update(readFileSync(file)).digest('hex'));
  }
  const incoming = filesUnder(path.join(dataDir, 'vault', 'incoming'));

  const auditPath = path.join(dataDir, 'audit', 'audit.jsonl');
  const auditLog = new JsonlAuditLog(auditPath);
  await auditLog.open();
  const audit = await auditLog.verify();
  await auditLog.close();
  const auditActions = readFileSync(auditPath, 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { action: string }).action);
  return { sessions, clips, vaultObjects, incoming, audit, auditActions };
}
