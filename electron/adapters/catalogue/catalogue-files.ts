/**
 * What the catalogue's files hold and the checks they pass at open, plus how records are kept in
 * memory (a JSON round trip, frozen). Checks are structural and cheap, not a full schema parse: the
 * contract's zod Clip schema takes ~0.6 s over 300,000 clips and returns a second copy of each.
 */
import type { Clip } from '../../core/domain/clip.js';
import type { DockSession } from '../../core/domain/dock.js';

export interface MetaFile {
  schemaVersion: number;
  shardPrefixChars: 1 | 2;
}

/**
 * A shard on disk: its clips as a list. A list, not an object keyed by id: JSON.parse internalises
 * every object key, and 300,000 unique 64-character keys made the open ~20% slower and the heap
 * ~45 MB larger than parsing ids as plain values and building a Map.
 */
export interface ShardFile {
  clips: Clip[];
}

export interface SessionsFile {
  sessions: Record<string, DockSession>;
}

/** Memory holds exactly what a reopen will read back (no undefined fields, no Dates, no class instances). */
export function jsonRoundTrip<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Freezes a clip and the objects inside it, field by field: a generic deep freeze was ~3x slower over
 * 300,000 clips at open. Keep in step with the nested objects of Clip.
 */
export function freezeClip(clip: Clip): Clip {
  Object.freeze(clip.camera);
  Object.freeze(clip.media);
  if (clip.label !== undefined) Object.freeze(clip.label);
  if (clip.late !== undefined) Object.freeze(clip.late);
  if (clip.seenAgain !== undefined) {
    for (const docking of clip.seenAgain) Object.freeze(docking);
    Object.freeze(clip.seenAgain);
  }
  return Object.freeze(clip);
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key in value) deepFreeze(value[key]);
    Object.freeze(value);
  }
  return value;
}

/** Lower-case hex SHA-256; a loop, because the regex's call overhead showed up at open. */
export function isSha256Hex(id: string): boolean {
  if (id.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const code = id.charCodeAt(i);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkMetaFile(value: unknown): MetaFile {
  if (!isPlainObject(value) || typeof value.schemaVersion !== 'number' || (value.shardPrefixChars !== 1 && value.shardPrefixChars !== 2)) {
    throw new Error('expected { schemaVersion: number, shardPrefixChars: 1 | 2 }');
  }
  return { schemaVersion: value.schemaVersion, shardPrefixChars: value.shardPrefixChars };
}

/**
 * What is wrong with a record as a clip of this shard, if anything: the id must be a lower-case hex
 * SHA-256 starting with the shard's prefix, and the fields searching relies on must be there. The
 * same check guards putMany, so the store never writes a record it would refuse to open.
 */
export function clipRecordProblem(record: unknown, prefix: string): string | undefined {
  if (!isPlainObject(record) || typeof record.id !== 'string') return 'has no id';
  if (!isSha256Hex(record.id)) return `has id ${record.id}, not a lower-case hex SHA-256`;
  if (!record.id.startsWith(prefix)) return `(id ${record.id}) does not belong in shard ${prefix}`;
  if (typeof record.receivedAt !== 'string' || !isPlainObject(record.media) || !isPlainObject(record.camera)) {
    return `(id ${record.id}) lacks receivedAt, media or camera`;
  }
  return undefined;
}

/** Checks every record (see clipRecordProblem) and freezes it, in the same pass. */
export function checkShardFile(value: unknown, prefix: string): ShardFile {
  if (!isPlainObject(value) || !Array.isArray(value.clips)) throw new Error('expected { clips: Clip[] }');
  const records: unknown[] = value.clips;
  for (let position = 0; position < records.length; position++) {
    const record = records[position];
    const problem = clipRecordProblem(record, prefix);
    if (problem !== undefined) throw new Error(`record ${position} ${problem}`);
    freezeClip(record as Clip);
  }
  return value as unknown as ShardFile;
}

/** The shard's records by id, or the first id that appears twice. */
export function indexById(clips: readonly Clip[]): Map<string, Clip> | { duplicate: string } {
  const byId = new Map<string, Clip>();
  for (const clip of clips) {
    if (byId.has(clip.id)) return { duplicate: clip.id };
    byId.set(clip.id, clip);
  }
  return byId;
}

export function checkSessionsFile(value: unknown): SessionsFile {
  if (!isPlainObject(value) || !isPlainObject(value.sessions)) throw new Error('expected { sessions: { [id]: DockSession } }');
  for (const id in value.sessions) {
    const session = value.sessions[id];
    if (!isPlainObject(session) || session.id !== id) throw new Error(`session ${id} is not a session with that id`);
    deepFreeze(session);
  }
  return value as unknown as SessionsFile;
}
