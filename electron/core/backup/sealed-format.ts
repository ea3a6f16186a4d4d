/**
 * The encrypted object format on a backup target ("sealed" objects): AES-256-GCM in fixed-size chunks,
 * streamed, so a 4 GB recording never has to fit in memory.
 *
 *   header  = "ESBK" | version (1 byte) | chunk size (u32 BE) | key id (8 bytes) | salt (16 bytes)   = 33 bytes
 *   chunk i = ciphertext (chunk size bytes, fewer for the last) | GCM tag (16 bytes)
 *
 * Every object gets its own AES key, HKDF-SHA256(backup key, salt, "evidence-station backup object"),
 * so the 12-byte nonce can simply be the chunk index (never reused under one key). The additional
 * authenticated data of chunk i is header | i (u64 BE) | final flag (1 byte): a chunk moved to another
 * place, a chunk cut off the end, a chunk added after the final one, a changed header - each fails
 * authentication. An empty object is one final chunk with no ciphertext.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { BackupError } from './errors.js';
import { keyIdOf, type BackupKey } from './backup-key.js';

const MAGIC = Buffer.from('ESBK', 'ascii');
export const SEALED_VERSION = 1;
export const HEADER_BYTES = 4 + 1 + 4 + 8 + 16;
export const TAG_BYTES = 16;
export const DEFAULT_CHUNK_BYTES = 1024 * 1024;

export interface SealedHeader {
  version: number;
  chunkBytes: number;
  keyId: Buffer;
  salt: Buffer;
  bytes: Buffer;
}

/** Size on the target of a plaintext of `size` bytes: lets a listing be checked without reading it. */
export function sealedSize(size: number, chunkBytes = DEFAULT_CHUNK_BYTES): number {
  const chunks = Math.max(1, Math.ceil(size / chunkBytes));
  return HEADER_BYTES + size + chunks * TAG_BYTES;
}

export function makeHeader(key: BackupKey, chunkBytes = DEFAULT_CHUNK_BYTES, salt: Buffer = randomBytes(16)): SealedHeader {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt8(SEALED_VERSION, 4);
  bytes.writeUInt32BE(chunkBytes, 5);
  const keyId = keyIdOf(key);
  keyId.copy(bytes, 9);
  salt.copy(bytes, 17);
  return { version: SEALED_VERSION, chunkBytes, keyId, salt, bytes };
}

/** Reads a header; a foreign file, another version or another key is refused in plain words. */
export function parseHeader(bytes: Buffer, key: BackupKey, objectName: string): SealedHeader {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, 4).equals(MAGIC)) throw corrupt(objectName, 'not an Evidence Station backup object (bad header)');
  const version = bytes.readUInt8(4);
  if (version !== SEALED_VERSION) throw corrupt(objectName, `unknown format version ${version}`);
  const chunkBytes = bytes.readUInt32BE(5);
  if (chunkBytes < 1024 || chunkBytes > 64 * 1024 * 1024) throw corrupt(objectName, `impossible chunk size ${chunkBytes}`);
  const keyId = Buffer.from(bytes.subarray(9, 17));
  if (!keyId.equals(keyIdOf(key))) throw new BackupError('BACKUP_WRONG_KEY', 'this key does not open this backup', { object: objectName, keyId: keyId.toString('hex') });
  return { version, chunkBytes, keyId, salt: Buffer.from(bytes.subarray(17, 33)), bytes: Buffer.from(bytes.subarray(0, HEADER_BYTES)) };
}

function objectKey(key: BackupKey, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key.secret, salt, 'evidence-station backup object', 32));
}

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function aad(header: SealedHeader, index: number, final: boolean): Buffer {
  const extra = Buffer.alloc(9);
  extra.writeBigUInt64BE(BigInt(index), 0);
  extra.writeUInt8(final ? 1 : 0, 8);
  return Buffer.concat([header.bytes, extra]);
}

export function sealChunk(aesKey: Buffer, header: SealedHeader, index: number, final: boolean, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', aesKey, nonce(index));
  cipher.setAAD(aad(header, index, final));
  const body = cipher.update(plain);
  const rest = cipher.final();
  return Buffer.concat([body, rest, cipher.getAuthTag()]);
}

/** Undefined when the chunk does not authenticate (tampered, moved, cut off or not final when it should be). */
export function openChunk(aesKey: Buffer, header: SealedHeader, index: number, final: boolean, sealed: Buffer): Buffer | undefined {
  if (sealed.length < TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', aesKey, nonce(index));
  decipher.setAAD(aad(header, index, final));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return undefined;
  }
}

function corrupt(objectName: string, detail: string): BackupError {
  return new BackupError('BACKUP_OBJECT_CORRUPT', `backup object ${objectName} is damaged: ${detail}`, { object: objectName, detail });
}

/** Re-cuts any stream of buffers into pieces of exactly `size` bytes (the last may be shorter). */
async function* rechunk(source: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.length) {
      const take = Math.min(size - pendingBytes, piece.length - offset);
      pending.push(piece.subarray(offset, offset + take));
      pendingBytes += take;
      offset += take;
      if (pendingBytes === size) {
        yield Buffer.concat(pending, size);
        pending = [];
        pendingBytes = 0;
      }
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/** Encrypts a plaintext stream into the sealed format. Holds one chunk back to know which is final. */
export async function* seal(key: BackupKey, plain: AsyncIterable<Buffer>, chunkBytes = DEFAULT_CHUNK_BYTES): AsyncGenerator<Buffer> {
  const header = makeHeader(key, chunkBytes);
  const aesKey = objectKey(key, header.salt);
  yield header.bytes;
  let index = 0;
  let held: Buffer | undefined;
  for await (const chunk of rechunk(plain, chunkBytes)) {
    if (held) yield sealChunk(aesKey, header, index++, false, held);
    held = chunk;
  }
  yield sealChunk(aesKey, header, index, true, held ?? Buffer.alloc(0));
}

/**
 * Decrypts a sealed stream, yielding plaintext only after each chunk authenticated. A damaged object
 * throws BACKUP_OBJECT_CORRUPT naming it; plaintext already yielded must then be thrown away by the
 * caller (restores write to a temporary file and rename only after the whole object checked out).
 */
export async function* unseal(key: BackupKey, sealed: AsyncIterable<Buffer>, objectName: string): AsyncGenerator<Buffer> {
  let header: SealedHeader | undefined;
  let aesKey: Buffer | undefined;
  let index = 0;
  let held: Buffer | undefined;
  let headerBytes = Buffer.alloc(0);
  const open = (chunk: Buffer, final: boolean): Buffer => {
    if (!header || !aesKey) throw corrupt(objectName, 'no header');
    const plain = openChunk(aesKey, header, index, final, chunk);
    if (!plain) throw corrupt(objectName, final ? `chunk ${index} (the last) does not authenticate: altered, or the object was cut off` : `chunk ${index} does not authenticate: altered or out of place`);
    index += 1;
    return plain;
  };
  async function* body(): AsyncGenerator<Buffer> {
    for await (const piece of sealed) {
      if (!header) {
        headerBytes = Buffer.concat([headerBytes, piece]);
        if (headerBytes.length < HEADER_BYTES) continue;
        header = parseHeader(headerBytes.subarray(0, HEADER_BYTES), key, objectName);
        aesKey = objectKey(key, header.salt);
        const rest = headerBytes.subarray(HEADER_BYTES);
        if (rest.length > 0) yield rest;
        continue;
      }
      yield piece;
    }
  }
  const stream = body();
  // The chunk size is known only once the header is read; rechunk lazily after that.
  const first = await stream.next();
  if (!header) throw corrupt(objectName, 'shorter than a header');
  const chunkBytes = (header as SealedHeader).chunkBytes + TAG_BYTES;
  async function* withFirst(): AsyncGenerator<Buffer> {
    if (!first.done) yield first.value;
    yield* stream;
  }
  for await (const chunk of rechunk(withFirst(), chunkBytes)) {
    if (held) yield open(held, false);
    held = chunk;
  }
  if (!held) {
    // No chunk at all: legal only for... nothing - even an empty object has its final tag.
    throw corrupt(objectName, 'no chunks: the object was cut off after its header');
  }
  yield open(held, true);
}

/** Seals a small buffer whole (manifests, key checks). */
export async function sealBuffer(key: BackupKey, plain: Buffer): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of seal(key, (async function* () { yield plain; })())) parts.push(part);
  return Buffer.concat(parts);
}

export async function unsealBuffer(key: BackupKey, sealedBytes: Buffer, objectName: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of unseal(key, (async function* () { yield sealedBytes; })(), objectName)) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * Authenticates the final chunk alone from the header and the object's tail (ranged reads): proves
 * that the object is complete, has the expected length and ends with an authentic final chunk.
 */
export function checkTail(key: BackupKey, headerBytes: Buffer, tail: Buffer, plainSize: number, objectName: string): void {
  const header = parseHeader(headerBytes, key, objectName);
  const chunks = Math.max(1, Math.ceil(plainSize / header.chunkBytes));
  const lastPlain = plainSize - (chunks - 1) * header.chunkBytes;
  if (tail.length !== lastPlain + TAG_BYTES) throw corrupt(objectName, 'the last chunk has the wrong length');
  const plain = openChunk(objectKey(key, header.salt), header, chunks - 1, true, tail);
  if (!plain) throw corrupt(objectName, `chunk ${chunks - 1} (the last) does not authenticate`);
}

/** Where the final chunk starts for a plaintext of `plainSize` bytes (for the ranged read of checkTail). */
export function finalChunkOffset(plainSize: number, chunkBytes = DEFAULT_CHUNK_BYTES): number {
  const chunks = Math.max(1, Math.ceil(plainSize / chunkBytes));
  return HEADER_BYTES + (chunks - 1) * (chunkBytes + TAG_BYTES);
}
