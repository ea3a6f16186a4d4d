/**
 * The catalogue on lowdb, built to stay fast and durable at hundreds of thousands of clips.
 *
 * Why not one lowdb file: lowdb rewrites its whole file on every write (a synchronous JSON.stringify
 * that blocks the process) and never fsyncs. One label write passes 100 ms at ~20k clips and 1 s at
 * ~150k (5-8 s at 300k, measured by bench/catalogue.bench.ts), and a power cut can lose it.
 *
 * Layout (`dir/`):
 *   meta.json          { schemaVersion, shardPrefixChars }: how the rest is to be read.
 *   clips/00.json ..   one lowdb `Low` per shard: { clips: Clip[] }, compact ASCII JSON. A clip lives
 *   clips/ff.json      in the shard named by the first 1 or 2 hex chars of its id; SHA-256 spreads
 *                      clips evenly, so at 300k clips a 256-way shard is ~1,200 clips / ~1.2 MB.
 *   sessions.json      { sessions: { [id]: DockSession } } (few, small).
 * Every file is written by DurableJsonFile: temp file, fsync, rename, fsync folder.
 *
 * Writes: putMany groups clips by shard and rewrites each touched shard once, a few shards in parallel.
 * Each shard has a serial queue, so concurrent putMany calls on one shard run one after the other and
 * each builds on the last committed state: no update is lost. A shard's new state is written first and
 * only then becomes the in-memory state ("commit after durable"): get() and query() never show a label
 * that is not on disk, and a failed write changes nothing. putMany is atomic per shard, not across
 * shards; it is insert-or-replace, so retrying a failed call is safe.
 *
 * Reads: the shards' lowdb `data.clips` arrays are the in-memory database; a per-shard Map from id to
 * the same record objects makes get() O(1). query() walks a RecordingTimeIndex (references to the
 * same records, kept in display order, with each clip's folded search text cached), so a search is
 * one pass of `includes` with no sort, and a date range is cut out by binary search.
 *
 * Records are stored as a JSON round trip of what the caller passed (memory equals what a reopen
 * reads back) and frozen: get() and query() hand out the store's own objects, and an in-place edit of
 * one would show an undurable change and break the index. Change a clip by putting a new object.
 *
 * Opening refuses to guess: an unreadable or malformed file, a missing meta.json next to data, a
 * newer schema or a shard of the wrong layout stops open() with an error naming the file. Leftover
 * temp files from a crash are removed (the real files are always complete).
 *
 * Cost at 300,000 clips (bench/catalogue.bench.ts on a shared 2-core VM, load ~3): ~290 MB of shard
 * files; open 2.2-3.3 s (2.7-3.1 s of CPU, of which JSON.parse is ~45% and GC ~20%); ~290 MB heap,
 * ~410-450 MB RSS, ~500 MB once every search text is cached; a label write ~15 ms (p95 17-28 ms),
 * 3-5 ms of it the fsyncs and the rest JSON.stringify and encoding one 1.2 MB shard; a search ~13 ms
 * (p95 ~20 ms).
 *
 * One process must own a catalogue folder at a time. Nothing here locks the folder: the app's
 * single-instance lock has to ensure it.
 */
import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { CatalogueStore, ClipPage, ClipQuery } from '../../core/ports.js';
import type { Clip } from '../../core/domain/clip.js';
import type { DockSession } from '../../core/domain/dock.js';
import { StationError } from '../../core/domain/errors.js';
import { compileClipQuery } from './clip-filter.js';
import { CatalogueFileError, DurableJsonFile, isDurableTempFileName, nodeDurableFileOps, type DurableFileOps } from './durable-json-adapter.js';
import {
  checkMetaFile,
  checkSessionsFile,
  checkShardFile,
  clipRecordProblem,
  deepFreeze,
  freezeClip,
  indexById,
  isSha256Hex,
  jsonRoundTrip,
  type MetaFile,
  type SessionsFile,
  type ShardFile,
} from './catalogue-files.js';
import { RecordingTimeIndex } from './recording-time-index.js';
import { forEachBounded, SerialQueue } from './task-queues.js';

export const CATALOGUE_SCHEMA_VERSION = 1;
const DEFAULT_PAGE_SIZE = 100;
/** Shard files written at once by one putMany: enough to overlap fsyncs, few enough to bound memory. */
const DEFAULT_WRITE_CONCURRENCY = 8;
/** Longest the idle search-text warm-up holds the event loop at a time. */
const WARM_UP_SLICE_MS = 10;
const SHARD_FILE = /^([0-9a-f]+)\.json$/;

export interface ShardedCatalogueStoreOptions {
  /** 1 = 16 shards, 2 = 256 shards (default). Fixed when the catalogue is created (kept in meta.json). */
  shardPrefixChars?: 1 | 2;
  /** Shard files one putMany writes in parallel. */
  writeConcurrency?: number;
  /** The file operations behind every write; tests inject a failing disk here. */
  fileOps?: DurableFileOps;
}

interface Shard {
  readonly prefix: string;
  /** `db.data.clips` is the shard's in-memory data; `byId` points into it for get(). */
  readonly db: Low<ShardFile>;
  byId: Map<string, Clip>;
  readonly queue: SerialQueue;
}

/** What open() builds; absent while closed, so nothing can read a half-opened catalogue. */
interface OpenCatalogue {
  readonly shards: readonly Shard[];
  readonly prefixChars: 1 | 2;
  readonly index: RecordingTimeIndex;
  readonly sessions: Low<SessionsFile>;
  readonly sessionQueue: SerialQueue;
}

export class ShardedCatalogueStore implements CatalogueStore {
  readonly #dir: string;
  readonly #clipsDir: string;
  readonly #requestedPrefixChars: 1 | 2 | undefined;
  readonly #writeConcurrency: number;
  readonly #fileOps: DurableFileOps;
  #state: OpenCatalogue | undefined;
  #opening: Promise<void> | undefined;
  /** Writes started and not yet settled; close() waits for them. */
  readonly #writesInFlight = new Set<Promise<void>>();

  constructor(dir: string, options: ShardedCatalogueStoreOptions = {}) {
    this.#dir = dir;
    this.#clipsDir = path.join(dir, 'clips');
    this.#requestedPrefixChars = options.shardPrefixChars;
    this.#writeConcurrency = options.writeConcurrency ?? DEFAULT_WRITE_CONCURRENCY;
    this.#fileOps = options.fileOps ?? nodeDurableFileOps;
  }

  /** Idempotent; concurrent calls share one opening. */
  open(): Promise<void> {
    if (this.#state !== undefined) return Promise.resolve();
    this.#opening ??= this.#load().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #load(): Promise<void> {
    await mkdir(this.#clipsDir, { recursive: true });
    await Promise.all([removeTempFiles(this.#dir), removeTempFiles(this.#clipsDir)]);
    const prefixChars = await this.#openMeta();
    const shardFileNames = await this.#checkShardFileNames(prefixChars);

    const shards: Shard[] = [];
    for (let i = 0; i < 16 ** prefixChars; i++) {
      const prefix = i.toString(16).padStart(prefixChars, '0');
      const file = path.join(this.#clipsDir, `${prefix}.json`);
      const adapter = new DurableJsonFile<ShardFile>(file, (value) => checkShardFile(value, prefix), this.#fileOps);
      shards.push({ prefix, db: new Low<ShardFile>(adapter, { clips: [] }), byId: new Map(), queue: new SerialQueue() });
    }
    // One shard after another: reading is synchronous (see DurableJsonFile.read) and parsing is
    // this thread's work either way. Shards without a file are empty, not missing.
    for (const shard of shards) {
      if (!shardFileNames.has(`${shard.prefix}.json`)) continue;
      await shard.db.read();
      const byId = indexById(shard.db.data.clips);
      if (!(byId instanceof Map)) throw new CatalogueFileError(path.join(this.#clipsDir, `${shard.prefix}.json`), `has unexpected content (record ${byId.duplicate} appears twice)`);
      shard.byId = byId;
    }

    const sessionsAdapter = new DurableJsonFile<SessionsFile>(path.join(this.#dir, 'sessions.json'), checkSessionsFile, this.#fileOps);
    const sessions = new Low<SessionsFile>(sessionsAdapter, { sessions: {} });
    await sessions.read();

    const index = new RecordingTimeIndex();
    index.rebuild(allClips(shards));
    const state: OpenCatalogue = { shards, prefixChars, index, sessions, sessionQueue: new SerialQueue() };
    this.#state = state;
    this.#warmSearchTextWhenIdle(state);
  }

  get(id: string): Clip | undefined {
    const state = this.#opened();
    if (!isSha256Hex(id)) return undefined;
    return shardOf(state, id).byId.get(id);
  }

  async putMany(clips: Clip[]): Promise<void> {
    const state = this.#opened();
    const recordsByShard = new Map<Shard, Map<string, Clip>>();
    for (const clip of clips) {
      const record = jsonRoundTrip(clip);
      const id = isSha256Hex(record.id) ? record.id : undefined;
      const problem = clipRecordProblem(record, id?.slice(0, state.prefixChars) ?? '');
      if (id === undefined || problem !== undefined) {
        throw new StationError('INVALID_REQUEST', `clip ${problem ?? ''}: nothing was stored`, { id: String(clip.id) });
      }
      const shard = shardOf(state, id);
      let records = recordsByShard.get(shard);
      if (records === undefined) recordsByShard.set(shard, (records = new Map()));
      // A later copy of the same id in one batch wins, as it would in separate calls.
      records.set(id, freezeClip(record));
    }
    await this.#tracked(
      forEachBounded([...recordsByShard], this.#writeConcurrency, ([shard, records]) => shard.queue.run(() => this.#commitToShard(state, shard, records))),
    );
  }

  query(q: ClipQuery): ClipPage {
    const { index } = this.#opened();
    const compiled = compileClipQuery(q);
    const offset = Math.max(0, Math.floor(q.offset ?? 0));
    const limit = Math.max(0, Math.floor(q.limit ?? DEFAULT_PAGE_SIZE));
    const { start, end } = index.range(compiled.fromMs, compiled.toMs);
    const items: Clip[] = [];
    if (!compiled.hasFieldCriteria) {
      // Only a time range (or nothing): the page is a slice and the total is the range's length.
      for (let position = start + offset; position < end && items.length < limit; position++) items.push(index.rowAt(position).clip);
      return { items, total: end - start };
    }
    let total = 0;
    for (let position = start; position < end; position++) {
      const row = index.rowAt(position);
      if (!compiled.matches(row)) continue;
      if (total >= offset && items.length < limit) items.push(row.clip);
      total++;
    }
    return { items, total };
  }

  count(): number {
    return this.#opened().index.size;
  }

  getSession(id: string): DockSession | undefined {
    const sessions = this.#opened().sessions.data.sessions;
    return Object.hasOwn(sessions, id) ? sessions[id] : undefined;
  }

  /** Newest docking first. */
  listSessions(): DockSession[] {
    return Object.values(this.#opened().sessions.data.sessions).sort((a, b) => (a.startedAt < b.startedAt ? 1 : a.startedAt > b.startedAt ? -1 : 0));
  }

  async putSession(session: DockSession): Promise<void> {
    const state = this.#opened();
    if (typeof session.id !== 'string' || session.id === '') throw new StationError('INVALID_REQUEST', 'dock session needs an id');
    const record = deepFreeze(jsonRoundTrip(session));
    await this.#tracked(
      state.sessionQueue.run(async () => {
        const next: SessionsFile = { sessions: { ...state.sessions.data.sessions, [record.id]: record } };
        await state.sessions.adapter.write(next);
        state.sessions.data = next;
      }),
    );
  }

  /** Waits for writes in flight (their outcome is theirs to report), then releases the catalogue. */
  async close(): Promise<void> {
    await this.#opening?.catch(() => undefined);
    if (this.#state === undefined) return;
    this.#state = undefined;
    await Promise.allSettled([...this.#writesInFlight]);
  }

  #tracked(write: Promise<void>): Promise<void> {
    this.#writesInFlight.add(write);
    return write.finally(() => this.#writesInFlight.delete(write));
  }

  /** Runs inside the shard's queue: write the next state durably, then make it the current one. */
  async #commitToShard(state: OpenCatalogue, shard: Shard, records: Map<string, Clip>): Promise<void> {
    const nextById = new Map(shard.byId);
    const changes: { before: Clip | undefined; after: Clip }[] = [];
    for (const [id, record] of records) {
      changes.push({ before: nextById.get(id), after: record });
      nextById.set(id, record);
    }
    const next: ShardFile = { clips: [...nextById.values()] };
    // Low.write() would write `db.data` in place, making the change visible before it is durable.
    await shard.db.adapter.write(next);
    shard.db.data = next;
    shard.byId = nextById;
    state.index.apply(changes);
  }

  /**
   * Folds every clip's search text in 10 ms slices between other work, so the first searches after
   * open do not pay for it (~1 s at 300,000 clips); a search before it finishes folds what it needs.
   */
  #warmSearchTextWhenIdle(state: OpenCatalogue): void {
    const slice = (): void => {
      if (this.#state !== state) return;
      if (!state.index.warmSearchText(WARM_UP_SLICE_MS)) setImmediate(slice);
    };
    setImmediate(slice);
  }

  #opened(): OpenCatalogue {
    if (this.#state === undefined) throw new StationError('INTERNAL', `catalogue ${this.#dir} is not open`);
    return this.#state;
  }

  async #openMeta(): Promise<1 | 2> {
    const meta = new Low<MetaFile | null>(new DurableJsonFile<MetaFile | null>(path.join(this.#dir, 'meta.json'), checkMetaFile, this.#fileOps), null);
    await meta.read();
    if (meta.data === null) {
      // Data without meta.json is not a new catalogue: something deleted or lost it.
      const existing = [
        ...(await readdir(this.#clipsDir)).filter((name) => SHARD_FILE.test(name)).map((name) => path.join('clips', name)),
        ...(await readdir(this.#dir)).filter((name) => name === 'sessions.json'),
      ];
      if (existing.length > 0) {
        throw new CatalogueFileError(path.join(this.#dir, 'meta.json'), `is missing although data files exist (${existing.slice(0, 3).join(', ')}${existing.length > 3 ? ', ...' : ''})`);
      }
      const created: MetaFile = { schemaVersion: CATALOGUE_SCHEMA_VERSION, shardPrefixChars: this.#requestedPrefixChars ?? 2 };
      await meta.adapter.write(created);
      return created.shardPrefixChars;
    }
    if (meta.data.schemaVersion > CATALOGUE_SCHEMA_VERSION) {
      throw new CatalogueFileError(path.join(this.#dir, 'meta.json'), `was written by a newer station (schema ${meta.data.schemaVersion}, this one reads ${CATALOGUE_SCHEMA_VERSION})`);
    }
    if (this.#requestedPrefixChars !== undefined && this.#requestedPrefixChars !== meta.data.shardPrefixChars) {
      throw new CatalogueFileError(
        path.join(this.#dir, 'meta.json'),
        `says shards use ${meta.data.shardPrefixChars} hex char(s) but ${this.#requestedPrefixChars} were requested`,
      );
    }
    return meta.data.shardPrefixChars;
  }

  /** The shard files present; a shard-looking file of another width means the layout is not ours. */
  async #checkShardFileNames(prefixChars: 1 | 2): Promise<Set<string>> {
    const names = new Set<string>();
    for (const name of await readdir(this.#clipsDir)) {
      const match = SHARD_FILE.exec(name);
      if (match === null) continue;
      if (match[1]?.length !== prefixChars) {
        throw new CatalogueFileError(path.join(this.#clipsDir, name), `does not belong to this catalogue's layout (${prefixChars} hex char shard names)`);
      }
      names.add(name);
    }
    return names;
  }
}

function shardOf(state: OpenCatalogue, id: string): Shard {
  const shard = state.shards[Number.parseInt(id.slice(0, state.prefixChars), 16)];
  if (shard === undefined) throw new StationError('INTERNAL', `no shard for clip ${id}`);
  return shard;
}

function* allClips(shards: readonly Shard[]): Generator<Clip> {
  for (const shard of shards) yield* shard.db.data.clips;
}

async function removeTempFiles(folder: string): Promise<void> {
  const names = await readdir(folder);
  await Promise.all(names.filter(isDurableTempFileName).map((name) => unlink(path.join(folder, name))));
}
