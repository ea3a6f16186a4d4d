/**
 * The ingest journal: each dock session's per-file state, written durably before every transition that
 * matters, so a station killed at any point knows on its next start what each camera file had reached.
 *
 *   found -> copying -> stored -> catalogued        (copied and verified happen inside the vault's .part
 *                \-> skipped                          and are never trusted after a crash, so they are not
 *                \-> interrupted                      journalled: a .part is always thrown away)
 */
import type { MediaKind } from './clip.js';

export type JournalFileState = 'found' | 'copying' | 'stored' | 'catalogued' | 'skipped' | 'interrupted';

export interface JournalFoundFile {
  relativePath: string;
  size: number;
  mtimeMs: number;
  kind: MediaKind;
}

export type JournalRecord =
  | { type: 'session'; sessionId: string; sourceRoot: string; operator: string; at: string }
  | { type: 'found'; files: JournalFoundFile[] }
  | { type: 'file'; relativePath: string; state: 'copying' }
  | { type: 'file'; relativePath: string; state: 'stored'; sha256: string; vault: 'stored' | 'already-stored' }
  | { type: 'file'; relativePath: string; state: 'catalogued'; sha256: string }
  | { type: 'file'; relativePath: string; state: 'skipped' | 'interrupted'; code: string };

/** One camera file as far as the journal knows it. */
export interface JournalFile extends JournalFoundFile {
  state: JournalFileState;
  sha256?: string;
  vault?: 'stored' | 'already-stored';
  code?: string;
}

/** A session's journal folded into its latest per-file states. */
export interface JournalReplay {
  sessionId: string;
  sourceRoot: string;
  operator: string;
  /** Whether the camera was listed (a 'found' record exists). */
  scanned: boolean;
  files: JournalFile[];
}

/** Folds journal records (in write order) into the latest state of each file. Pure. */
export function replayJournal(sessionId: string, records: readonly JournalRecord[]): JournalReplay {
  const replay: JournalReplay = { sessionId, sourceRoot: '', operator: 'station', scanned: false, files: [] };
  const byPath = new Map<string, JournalFile>();
  for (const record of records) {
    if (record.type === 'session') {
      replay.sourceRoot = record.sourceRoot;
      replay.operator = record.operator;
    } else if (record.type === 'found') {
      replay.scanned = true;
      for (const file of record.files) {
        const entry: JournalFile = { ...file, state: 'found' };
        byPath.set(file.relativePath, entry);
        replay.files.push(entry);
      }
    } else {
      const file = byPath.get(record.relativePath);
      if (!file) continue;
      file.state = record.state;
      if ('sha256' in record) file.sha256 = record.sha256;
      if ('vault' in record) file.vault = record.vault;
      if ('code' in record) file.code = record.code;
    }
  }
  return replay;
}
