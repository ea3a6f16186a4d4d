/**
 * Supervision's records on lowdb: <data>/supervision/supervision.json, written by the catalogue's
 * DurableJsonFile (temp file, fsync, rename, fsync folder), so a power cut leaves the old state or the
 * new one. Commit after durable: the state in memory changes only once the file is on disk, and changes
 * run one after another so none is lost. Each record list is checked against the contract's schemas
 * at open: a damaged file stops the station rather than start empty.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { Bookmark, Gap, PartyCopyRequest, SpotCheckDraw, SpotCheckItem } from '../../contract/supervision.js';
import { emptySupervisionData, type SupervisionData } from '../../core/supervision/model.js';
import type { SupervisionStore } from '../../core/supervision/ports.js';
import { DurableJsonFile, type DurableFileOps, nodeDurableFileOps } from '../catalogue/durable-json-adapter.js';

const FileShape = z.object({
  version: z.literal(1),
  bookmarks: z.array(Bookmark),
  gaps: z.array(Gap),
  draws: z.array(SpotCheckDraw),
  items: z.array(SpotCheckItem),
  partyCopies: z.array(PartyCopyRequest.extend({ requestedByUserId: z.string().optional() })),
});

function checkFile(value: unknown): SupervisionData {
  const parsed = FileShape.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'malformed'}`);
  }
  return parsed.data as SupervisionData;
}

export class JsonSupervisionStore implements SupervisionStore {
  private db: Low<SupervisionData> | undefined;
  private adapter: DurableJsonFile<SupervisionData> | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly ops: DurableFileOps = nodeDurableFileOps,
  ) {}

  async open(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const adapter = new DurableJsonFile<SupervisionData>(this.file, checkFile, this.ops);
    const db = new Low<SupervisionData>(adapter, emptySupervisionData());
    await db.read();
    this.db = db;
    this.adapter = adapter;
  }

  snapshot(): SupervisionData {
    return structuredClone(this.opened().data);
  }

  apply<T>(change: (data: SupervisionData) => T): Promise<T> {
    const run = this.chain.then(async () => {
      const db = this.opened();
      const next = structuredClone(db.data);
      const result = change(next);
      // Readers keep seeing the old state until the new one is on disk.
      await this.adapter?.write(next);
      db.data = next;
      return result;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.db = undefined;
  }

  private opened(): Low<SupervisionData> {
    if (this.db === undefined) throw new Error('the supervision store is not open');
    return this.db;
  }
}
