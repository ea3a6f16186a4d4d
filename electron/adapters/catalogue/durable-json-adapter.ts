/**
 * A lowdb Adapter whose write survives a crash or power cut: lowdb's own JSONFile (steno) renames a
 * temp file into place but never fsyncs, so after a power cut the catalogue can come back empty or
 * torn. Here a write is: temp file in the same folder (rename is only atomic within a filesystem),
 * fsync it, rename over the real file, fsync the folder (so the rename itself is on disk). A crash at
 * any point leaves either the old file or the new one, plus at worst a stray temp file that the store
 * removes at open.
 *
 * Reading never guesses: a missing file is "no data yet" (null), anything unparseable is an error
 * naming the file, so a damaged catalogue is never replaced by an empty one.
 *
 * Files are compact JSON in pure ASCII (non-ASCII characters as \uXXXX escapes): decoding UTF-8 with
 * Chinese text was a third of the catalogue's cold open (650 ms of ~2.5 s for 270 MB), decoding ASCII
 * takes 200 ms. The files grow ~15%, read back identically with any JSON parser, and no tool on the
 * way (editor, backup, archive) can damage their encoding.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Adapter } from 'lowdb';
import { StationError } from '../../core/domain/errors.js';
import { writeNewFileSynced } from '../vault/durable-write.js';

/** The file operations a durable write needs; replaceable so tests can inject a failing disk. */
export interface DurableFileOps {
  /** Creates `file`, writes `bytes` and fsyncs it before resolving. */
  writeAndSync(file: string, bytes: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Makes a rename inside `folder` durable. */
  syncFolder(folder: string): Promise<void>;
}

export const nodeDurableFileOps: DurableFileOps = {
  // 'wx': a temp name is never reused, so finding one already there means something is wrong.
  writeAndSync: writeNewFileSynced,
  rename,
  async syncFolder(folder) {
    // Windows cannot open a folder for fsync; NTFS journals the rename's metadata itself.
    if (process.platform === 'win32') return;
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

const TEMP_SUFFIX = '.tmp';

/** Temp files this adapter creates: `.<name>.<random>.tmp`, hidden and never a valid data file name. */
export function isDurableTempFileName(fileName: string): boolean {
  return fileName.startsWith('.') && fileName.endsWith(TEMP_SUFFIX);
}

/** A catalogue file that exists but cannot be used. Opening stops here rather than start empty. */
export class CatalogueFileError extends StationError {
  constructor(
    readonly file: string,
    problem: string,
    cause?: unknown,
  ) {
    super('INTERNAL', `catalogue file ${file} ${problem}; the catalogue was not opened, so no record was overwritten. Restore the file from backup or move it aside.`, { file });
    this.name = 'CatalogueFileError';
    if (cause !== undefined) this.cause = cause;
  }
}

/** Checks parsed JSON and returns it typed; throws a plain Error describing what is wrong. */
export type JsonShapeCheck<T> = (value: unknown) => T;

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class DurableJsonFile<T> implements Adapter<T> {
  readonly #folder: string;
  /** Writes run one after another in call order, so an older snapshot can never land last. */
  #lastWrite: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly checkShape: JsonShapeCheck<T>,
    private readonly ops: DurableFileOps = nodeDurableFileOps,
  ) {
    this.#folder = path.dirname(file);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      // Synchronous on purpose: JSON.parse right after blocks this thread anyway, and the async
      // readFile fetches a 1 MB shard in 512 KB steps that each wait for this thread, which at open
      // (300,000 clips) left it idle ~0.5 s and held more files in memory (+60 MB RSS).
      text = readFileSync(this.file).toString('utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw new CatalogueFileError(this.file, `cannot be read (${describe(error)})`, error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new CatalogueFileError(this.file, `is not valid JSON (${describe(error)}, ${text.length} characters)`, error);
    }
    try {
      return this.checkShape(parsed);
    } catch (error) {
      throw new CatalogueFileError(this.file, `has unexpected content (${describe(error)})`, error);
    }
  }

  /** Resolves once the data is on disk (file and folder fsync'd). The snapshot is taken at call time. */
  write(data: T): Promise<void> {
    const bytes = encodeJsonAsAscii(JSON.stringify(data));
    const result = this.#lastWrite.then(() => this.#replaceFile(bytes));
    // The chain must survive a failed write, or every later write would fail with the same error.
    this.#lastWrite = result.catch(() => undefined);
    return result;
  }

  async #replaceFile(bytes: Uint8Array): Promise<void> {
    const temp = path.join(this.#folder, `.${path.basename(this.file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    try {
      await this.ops.writeAndSync(temp, bytes);
      await this.ops.rename(temp, this.file);
    } catch (error) {
      // The old file is untouched; only the temp file can be left over.
      await unlink(temp).catch(() => undefined);
      throw writeError(this.file, error);
    }
    try {
      await this.ops.syncFolder(this.#folder);
    } catch (error) {
      throw writeError(this.file, error);
    }
  }
}

const HEX_DIGITS = Uint8Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/**
 * The bytes of a JSON text with every non-ASCII code unit written as its \uXXXX escape (valid only
 * because JSON text has non-ASCII characters nowhere but inside strings). One pass straight into a
 * buffer sized for the worst case: ~3 ms for a 1.2 MB shard, half of escaping into a string and
 * encoding that.
 */
export function encodeJsonAsAscii(json: string): Buffer {
  const bytes = Buffer.allocUnsafe(json.length * 6);
  let length = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code < 0x7f) {
      bytes[length++] = code;
      continue;
    }
    bytes[length] = 0x5c; // backslash
    bytes[length + 1] = 0x75; // u
    bytes[length + 2] = HEX_DIGITS[code >> 12] as number;
    bytes[length + 3] = HEX_DIGITS[(code >> 8) & 15] as number;
    bytes[length + 4] = HEX_DIGITS[(code >> 4) & 15] as number;
    bytes[length + 5] = HEX_DIGITS[code & 15] as number;
    length += 6;
  }
  return bytes.subarray(0, length);
}

function writeError(file: string, cause: unknown): StationError {
  const code = errorCode(cause);
  const error =
    code === 'ENOSPC'
      ? new StationError('DISK_FULL', `no space left to write catalogue file ${file}`, { file })
      : new StationError('WRITE_FAILED', `writing catalogue file ${file} failed: ${describe(cause)}`, { file, ...(code === undefined ? {} : { errno: code }) });
  error.cause = cause;
  return error;
}
