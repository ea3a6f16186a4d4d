/**
 * The backup key: 256 random bits made once at setup, kept in <data>/keys/backup-key (0600) and leaving
 * the station only as the recovery sheet / key file the administrator stores safely. Everything on a
 * target is sealed with it (sealed-format.ts), and object names are keyed HMACs of the content hash,
 * so the target learns neither the content nor which recordings it holds.
 *
 * The key file is text a person can retype from the printed sheet: base32 in groups of four, with a
 * checksum line, so a typo is caught before the key is ever tried on a backup.
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { BackupError } from './errors.js';

export interface BackupKey {
  secret: Buffer;
}

const FILE_HEADER = 'EVIDENCE-STATION BACKUP KEY v1';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function createBackupKey(): BackupKey {
  return { secret: randomBytes(32) };
}

/** 8 bytes that name the key in every sealed header (wrong key = a plain error, not garbage). */
export function keyIdOf(key: BackupKey): Buffer {
  return createHmac('sha256', key.secret).update('evidence-station backup key id').digest().subarray(0, 8);
}

export function keyIdText(key: BackupKey): string {
  return keyIdOf(key).toString('hex');
}

/** The target-side name of a content hash: an HMAC, so the plaintext SHA-256 is not revealed. */
export function targetNameOf(key: BackupKey, sha256: string): string {
  const nameKey = Buffer.from(hkdfSync('sha256', key.secret, Buffer.alloc(0), 'evidence-station backup names', 32));
  return createHmac('sha256', nameKey).update(sha256).digest('hex');
}

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function fromBase32(text: string): Buffer | undefined {
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return undefined;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

function checksum(secret: Buffer): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 8).toUpperCase();
}

/** The key in groups of four characters, as printed on the recovery sheet. */
export function keyGroups(key: BackupKey): string[] {
  return base32(key.secret).match(/.{1,4}/g) ?? [];
}

export function formatKeyFile(key: BackupKey): string {
  const groups = keyGroups(key);
  return [FILE_HEADER, `key-id: ${keyIdText(key)}`, `key: ${groups.slice(0, 7).join('-')}`, `     ${groups.slice(7).join('-')}`, `check: ${checksum(key.secret)}`, ''].join('\n');
}

/**
 * Reads a key file (or the text retyped from the sheet). Case, spaces, dashes and line breaks in the
 * key do not matter; a wrong character is caught by the checksum with BACKUP_KEY_INVALID.
 */
export function parseKeyFile(text: string): BackupKey {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== FILE_HEADER) throw invalid('not a backup key file (the first line must read "EVIDENCE-STATION BACKUP KEY v1")');
  const keyStart = lines.findIndex((line) => line.trim().toLowerCase().startsWith('key:'));
  const checkLine = lines.find((line) => line.trim().toLowerCase().startsWith('check:'));
  if (keyStart < 0 || !checkLine) throw invalid('the key or its check line is missing');
  let keyText = lines[keyStart]?.trim().slice(4) ?? '';
  for (const line of lines.slice(keyStart + 1)) {
    if (/^\s*[a-z-]+:/i.test(line) || line.trim() === '') break;
    keyText += line;
  }
  const cleaned = keyText.replace(/[\s-]/g, '').toUpperCase();
  const secret = cleaned.length === 52 ? fromBase32(cleaned) : undefined;
  if (!secret || secret.length !== 32) throw invalid('the key must be 52 characters A-Z and 2-7 (13 groups of four)');
  const check = checkLine.trim().slice(6).trim().toUpperCase();
  if (check !== checksum(secret)) throw invalid('the key does not match its check value: a character was mistyped');
  return { secret };
}

function invalid(detail: string): BackupError {
  return new BackupError('BACKUP_KEY_INVALID', `invalid backup key: ${detail}`, { detail });
}
