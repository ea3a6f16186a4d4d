/** The backup's encrypted object format: round trip, and every kind of damage refused in plain words. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBackupKey, formatKeyFile, keyGroups, parseKeyFile, targetNameOf } from '../../electron/core/backup/backup-key.js';
import { BackupError } from '../../electron/core/backup/errors.js';
import { checkTail, finalChunkOffset, HEADER_BYTES, seal, sealedSize, TAG_BYTES, unseal } from '../../electron/core/backup/sealed-format.js';

const CHUNK = 4096;
const key = createBackupKey();

async function* pieces(bytes: Buffer, size = 1000): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function sealed(plain: Buffer, chunk = CHUNK): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const part of seal(key, pieces(plain), chunk)) out.push(part);
  return Buffer.concat(out);
}

async function opened(bytes: Buffer, withKey = key): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const part of unseal(withKey, pieces(bytes, 777), 'objects/ab/abcdef')) out.push(part);
  return Buffer.concat(out);
}

async function failure(promise: Promise<unknown>): Promise<BackupError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BackupError);
  return error as BackupError;
}

const plain = Buffer.from(Array.from({ length: CHUNK * 3 + 123 }, (_, i) => (i * 7) % 251));

describe('sealed object format', () => {
  it('round-trips empty, exact-multiple and ragged sizes, and predicts the sealed size', async () => {
    for (const size of [0, 1, CHUNK, CHUNK * 2, plain.length]) {
      const input = plain.subarray(0, size);
      const bytes = await sealed(input);
      expect(bytes.length).toBe(sealedSize(size, CHUNK));
      expect((await opened(bytes)).equals(input)).toBe(true);
    }
  });

  it('never shows the plaintext and differs on every sealing (fresh salt)', async () => {
    const a = await sealed(plain);
    const b = await sealed(plain);
    expect(a.equals(b)).toBe(false);
    expect(a.includes(plain.subarray(0, 64))).toBe(false);
  });

  it('a wrong key is one clear error before any data', async () => {
    const error = await failure(opened(await sealed(plain), createBackupKey()));
    expect(error.code).toBe('BACKUP_WRONG_KEY');
    expect(error.message).toBe('this key does not open this backup');
  });

  it('a flipped byte in any chunk, or in the header, names the object', async () => {
    const bytes = await sealed(plain);
    const stride = CHUNK + TAG_BYTES;
    for (const at of [HEADER_BYTES + 5, HEADER_BYTES + stride + 100, HEADER_BYTES + 3 * stride + 10, bytes.length - 1, 20]) {
      const damaged = Buffer.from(bytes);
      damaged[at] = (damaged[at] ?? 0) ^ 0x01;
      const error = await failure(opened(damaged));
      expect(error.code).toBe('BACKUP_OBJECT_CORRUPT');
      expect(error.params.object).toBe('objects/ab/abcdef');
    }
  });

  it('detects a truncated object, a cut after a whole chunk, reordered chunks and an extension', async () => {
    const bytes = await sealed(plain);
    const stride = CHUNK + TAG_BYTES;
    const chunk = (i: number) => bytes.subarray(HEADER_BYTES + i * stride, HEADER_BYTES + (i + 1) * stride);
    const header = bytes.subarray(0, HEADER_BYTES);
    const cases = [
      bytes.subarray(0, bytes.length - 10),
      Buffer.concat([header, chunk(0), chunk(1)]),
      Buffer.concat([header, chunk(1), chunk(0), chunk(2), bytes.subarray(HEADER_BYTES + 3 * stride)]),
      Buffer.concat([bytes, chunk(0)]),
      header,
      bytes.subarray(0, 10),
    ];
    for (const damaged of cases) expect((await failure(opened(damaged))).code).toBe('BACKUP_OBJECT_CORRUPT');
  });

  it('checks the final chunk alone from a ranged read (tail check)', async () => {
    const bytes = await sealed(plain);
    const start = finalChunkOffset(plain.length, CHUNK);
    expect(() => checkTail(key, bytes.subarray(0, HEADER_BYTES), bytes.subarray(start), plain.length, 'x')).not.toThrow();
    const damaged = Buffer.from(bytes.subarray(start));
    damaged[0] = (damaged[0] ?? 0) ^ 0xff;
    expect(() => checkTail(key, bytes.subarray(0, HEADER_BYTES), damaged, plain.length, 'x')).toThrow(BackupError);
    expect(() => checkTail(key, bytes.subarray(0, HEADER_BYTES), bytes.subarray(start + 1), plain.length, 'x')).toThrow(/wrong length/);
  });
});

describe('backup key file', () => {
  it('round-trips through the printable text, whatever the case, spaces and line breaks', () => {
    const text = formatKeyFile(key);
    expect(parseKeyFile(text).secret.equals(key.secret)).toBe(true);
    expect(keyGroups(key)).toHaveLength(13);
    const retyped = text.replace(/key: /, 'key:  ').toLowerCase().replace('evidence-station backup key v1', 'EVIDENCE-STATION BACKUP KEY v1');
    expect(parseKeyFile(retyped).secret.equals(key.secret)).toBe(true);
  });

  it('catches a mistyped character with the check value', () => {
    const text = formatKeyFile(key);
    const line = text.split('\n')[2] ?? '';
    const at = line.indexOf(':') + 3;
    const swapped = line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);
    const error = (() => {
      try {
        parseKeyFile(text.replace(line, swapped));
      } catch (e) {
        return e as BackupError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('BACKUP_KEY_INVALID');
    expect(() => parseKeyFile('hello')).toThrow(/not a backup key file/);
  });

  it('names objects on the target by a keyed HMAC, not by their SHA-256', () => {
    const sha = createHash('sha256').update('clip').digest('hex');
    const name = targetNameOf(key, sha);
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(name).not.toBe(sha);
    expect(targetNameOf(createBackupKey(), sha)).not.toBe(name);
    expect(targetNameOf(key, sha)).toBe(name);
  });
});
