/**
 * The ingest journal on disk: one append-only JSONL file per dock session, `<dir>/<sessionId>.jsonl`.
 * Every append is written in full and fsync'd before it resolves (the first one also fsyncs the folder,
 * so the file's name survives power loss). A crash can tear only the last line, which `unfinished()`
 * drops: the transition it described had not been promised yet. `end()` deletes the file once the
 * session's outcome is in the catalogue and the audit log. No lowdb: a journal is written far more
 * often than it is read, and appending a line is all it needs.
 */
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { JournalRecord } from '../../core/domain/journal.js';
import { StationError } from '../../core/domain/errors.js';
import type { IngestJournal } from '../../core/ports.js';

const SESSION_ID = /^[0-9A-Za-z-]{1,64}$/;
const SUFFIX = '.jsonl';

export class JsonlIngestJournal implements IngestJournal {
  private readonly created = new Set<string>();

  constructor(private readonly dir: string) {}

  async append(sessionId: string, records: JournalRecord[]): Promise<void> {
    if (records.length === 0) return;
    const file = this.fileOf(sessionId);
    const bytes = Buffer.from(records.map((record) => `${JSON.stringify(record)}\n`).join(''), 'utf8');
    const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o640);
    try {
      for (let written = 0; written < bytes.length; ) written += (await handle.write(bytes, written, bytes.length - written, null)).bytesWritten;
      await handle.datasync();
    } finally {
      await handle.close();
    }
    if (!this.created.has(sessionId)) {
      await fsyncDirectory(this.dir);
      this.created.add(sessionId);
    }
  }

  async unfinished(): Promise<{ sessionId: string; records: JournalRecord[] }[]> {
    await mkdir(this.dir, { recursive: true });
    const found: { sessionId: string; records: JournalRecord[] }[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      if (!name.endsWith(SUFFIX)) continue;
      const sessionId = name.slice(0, -SUFFIX.length);
      if (!SESSION_ID.test(sessionId)) continue;
      found.push({ sessionId, records: parseLines(await readFile(path.join(this.dir, name), 'utf8')) });
    }
    return found;
  }

  async end(sessionId: string): Promise<void> {
    try {
      await unlink(this.fileOf(sessionId));
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
      return;
    }
    this.created.delete(sessionId);
    await fsyncDirectory(this.dir);
  }

  private fileOf(sessionId: string): string {
    if (!SESSION_ID.test(sessionId)) throw new StationError('INVALID_REQUEST', 'not a dock session id', { sessionId: sessionId.slice(0, 80) });
    return path.join(this.dir, `${sessionId}${SUFFIX}`);
  }
}

/** Complete lines only: a line without its newline, or one that does not parse, was torn by a crash. */
function parseLines(text: string): JournalRecord[] {
  const lines = text.split('\n');
  lines.pop(); // after the last '\n': empty, or a torn tail
  const records: JournalRecord[] = [];
  for (const line of lines) {
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      break;
    }
  }
  return records;
}

async function fsyncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    await handle.sync();
  } finally {
    await handle?.close();
  }
}
