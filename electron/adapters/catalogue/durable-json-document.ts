/**
 * One JSON document on lowdb, written by DurableJsonFile (temp file, fsync, rename, fsync folder), so a
 * power cut leaves the old state or the new one. Commit after durable: the state in memory changes only
 * once the file is on disk, and changes run one after another so none is lost. A file that fails its
 * shape check stops the open rather than start empty. Used by the stores that keep a single document
 * (disc registry, supervision records).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DurableJsonFile, nodeDurableFileOps, type DurableFileOps, type JsonShapeCheck } from './durable-json-adapter.js';

export interface DurableJsonDocumentOptions<T> {
  /** Names the store in "… is not open" errors, e.g. "the disc registry". */
  name: string;
  /** The data of a file that does not exist yet. */
  empty: () => T;
  checkShape: JsonShapeCheck<T>;
  ops?: DurableFileOps;
  /** Called with the data once it is read at open and after each committed change (e.g. to rebuild an index). */
  onCommit?: (data: T) => void;
}

export class DurableJsonDocument<T> {
  #db: Low<T> | undefined;
  #adapter: DurableJsonFile<T> | undefined;
  #chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: DurableJsonDocumentOptions<T>,
  ) {}

  async open(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const adapter = new DurableJsonFile<T>(this.file, this.options.checkShape, this.options.ops ?? nodeDurableFileOps);
    const db = new Low<T>(adapter, this.options.empty());
    await db.read();
    this.#db = db;
    this.#adapter = adapter;
    this.options.onCommit?.(db.data);
  }

  /** The committed data (not a copy: callers clone what they hand out). */
  get data(): T {
    return this.opened().data;
  }

  /** Throws unless open (for reads served from a caller's own index). */
  assertOpen(): void {
    this.opened();
  }

  /** Runs `change` after every earlier change; its `next` becomes the data once it is on disk. */
  apply<R>(change: (current: T) => { next: T; result: R }): Promise<R> {
    const run = this.#chain.then(async () => {
      const db = this.opened();
      const { next, result } = change(db.data);
      // Readers keep seeing the old state until the new one is on disk.
      await this.#adapter?.write(next);
      db.data = next;
      this.options.onCommit?.(next);
      return result;
    });
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#chain.catch(() => undefined);
    this.#db = undefined;
  }

  private opened(): Low<T> {
    if (this.#db === undefined) throw new Error(`${this.options.name} is not open`);
    return this.#db;
  }
}
