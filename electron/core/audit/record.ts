/**
 * One audit record: how it is hashed, sealed into the chain, written as a line and read back.
 * Pure - no file system - so the verifier and every adapter agree on the exact bytes being hashed.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry, AuditRecord } from '../domain/audit.js';
import { canonicalJson } from './canonical-json.js';

/** prevHash of the first record: there is nothing before it to link to. */
export const GENESIS_PREV_HASH = '0'.repeat(64);

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Hex SHA-256 over the canonical JSON of every field except `hash` (a `hash` field, if present, is
 * ignored, so a full record can be passed too). Extra, unknown fields are hashed as well: a field
 * slipped into a line on disk therefore shows up as an edit.
 */
export function hashRecord(recordWithoutHash: Omit<AuditRecord, 'hash'>): string {
  return hashFields(recordWithoutHash);
}

function hashFields(fields: object): string {
  const { hash: _ignoredHash, ...hashed } = fields as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/**
 * Turns a caller's entry into the exact values that will be stored: only the known fields, and
 * before/after/detail passed through a JSON round trip. Without that round trip a Date, a -0 or an
 * undefined array slot would hash one way now and another way when the line is read back.
 * Throws (TypeError) for a missing actor/action/target or content with no JSON form (bigint,
 * circular), so the caller hears about it before anything is sealed.
 */
export function normaliseEntry(entry: AuditEntry): AuditEntry {
  // "Who did what to which record" (R3.3): a record missing any of the three traces nothing.
  for (const name of ['actor', 'action', 'target'] as const) {
    if (typeof entry[name] !== 'string' || entry[name].trim() === '') {
      throw new TypeError(`audit entry needs a non-empty '${name}'`);
    }
  }
  const normalised: AuditEntry = { actor: entry.actor, action: entry.action, target: entry.target };
  const before = toJsonValue(entry.before);
  const after = toJsonValue(entry.after);
  const detail = toJsonValue(entry.detail);
  if (before !== undefined) normalised.before = before;
  if (after !== undefined) normalised.after = after;
  if (detail !== undefined) normalised.detail = detail;
  return normalised;
}

function toJsonValue(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

/** Seals an entry as the record following `prevHash`. `at` is the station time, ISO 8601. */
export function sealRecord(entry: AuditEntry, seq: number, at: string, prevHash: string): AuditRecord {
  const { actor, action, target, before, after, detail } = normaliseEntry(entry);
  // Field order here is the order on disk: seq first so a clerk reading the file can follow it.
  const unsealed: Omit<AuditRecord, 'hash'> = { seq, at, actor, action, target, before, after, detail, prevHash };
  for (const optional of ['before', 'after', 'detail'] as const) {
    if (unsealed[optional] === undefined) delete unsealed[optional];
  }
  return { ...unsealed, hash: hashRecord(unsealed) };
}

/** The line written to the log, line end included. JSON.stringify escapes every newline inside values. */
export function formatRecordLine(record: AuditRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export type ParsedLine =
  | { kind: 'record'; record: AuditRecord }
  | { kind: 'empty' }
  | { kind: 'not-json' }
  | { kind: 'malformed'; seq?: number; problem: string };

/** Reads one line (without its line end) back into a record, saying precisely what is wrong if it can't. */
export function parseRecordLine(line: string): ParsedLine {
  if (line.trim() === '') return { kind: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'not-json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { kind: 'malformed', problem: 'not a JSON object' };
  }
  const fields = value as Record<string, unknown>;
  const seq = fields.seq;
  const seqIfValid = typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 1 ? seq : undefined;
  const problem = shapeProblem(fields, seqIfValid);
  if (problem !== undefined) return { kind: 'malformed', seq: seqIfValid, problem };
  // shapeProblem has checked every required field; unknown extra fields stay so the hash check sees them.
  return { kind: 'record', record: fields as unknown as AuditRecord };
}

function shapeProblem(fields: Record<string, unknown>, seq: number | undefined): string | undefined {
  if (seq === undefined) return "field 'seq' missing or not a whole number from 1";
  for (const name of ['at', 'actor', 'action', 'target'] as const) {
    if (typeof fields[name] !== 'string') return `field '${name}' missing or not text`;
  }
  for (const name of ['prevHash', 'hash'] as const) {
    const value = fields[name];
    if (typeof value !== 'string' || !SHA256_HEX.test(value)) return `field '${name}' missing or not a SHA-256 hex digest`;
  }
  return undefined;
}

/** True when the record's stored hash matches its content. */
export function recordHashMatches(record: AuditRecord): boolean {
  return hashFields(record) === record.hash;
}
