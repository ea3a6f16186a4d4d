/**
 * The disc registry on lowdb: <data>/archive/registry.json, { version, discs, manualQueue }, written by
 * the catalogue's DurableJsonFile (temp file, fsync, rename, fsync folder), so a power cut leaves the old
 * registry or the new one, never a torn file. Commit after durable: the in-memory state changes only
 * once the file is on disk, and changes are applied one after another so none is lost.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { DiscRecord as DiscRecordSchema, ManualQueueEntry as ManualQueueEntrySchema } from '../../contract/archive.js';
import type { DiscRecord, ManualQueueEntry } from '../../core/archive/model.js';
import type { DiscRegistryStore } from '../../core/archive/ports.js';
import { DurableJsonFile, type DurableFileOps, nodeDurableFileOps } from '../catalogue/durable-json-adapter.js';

interface RegistryFile {
  version: 1;
  discs: DiscRecord[];
  manualQueue: ManualQueueEntry[];
}

function checkRegistry(value: unknown): RegistryFile {
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  const file = value as Partial<RegistryFile>;
  if (file.version !== 1) throw new Error(`unknown registry version ${String(file.version)}`);
  if (!Array.isArray(file.discs) || !Array.isArray(file.manualQueue)) throw new Error('discs or manualQueue missing');
  file.discs.forEach((disc, i) => {
    const parsed = DiscRecordSchema.safeParse(disc);
    if (!parsed.success) throw new Error(`disc #${i} is malformed: ${parsed.error.issues[0]?.message ?? ''}`);
  });
  file.manualQueue.forEach((entry, i) => {
    if (!ManualQueueEntrySchema.safeParse(entry).success) throw new Error(`queue entry #${i} is malformed`);
  });
  return file as RegistryFile;
}

export class LowdbDiscRegistry implements DiscRegistryStore {
  private db: Low<RegistryFile> | undefined;
  private adapter: DurableJsonFile<RegistryFile> | undefined;
  private byId = new Map<string, DiscRecord>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly ops: DurableFileOps = nodeDurableFileOps,
  ) {}

  async open(): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const adapter = new DurableJsonFile<RegistryFile>(this.file, checkRegistry, this.ops);
    const db = new Low<RegistryFile>(adapter, { version: 1, discs: [], manualQueue: [] });
    await db.read();
    this.db = db;
    this.adapter = adapter;
    this.byId = new Map(db.data.discs.map((disc) => [disc.id, disc]));
  }

  discs(): DiscRecord[] {
    return structuredClone(this.opened().data.discs);
  }

  get(discId: string): DiscRecord | undefined {
    this.opened();
    const disc = this.byId.get(discId);
    return disc === undefined ? undefined : structuredClone(disc);
  }

  putDiscs(discs: DiscRecord[]): Promise<void> {
    return this.apply((data) => {
      const next = new Map(data.discs.map((disc) => [disc.id, disc]));
      for (const disc of discs) next.set(disc.id, structuredClone(disc));
      return { ...data, discs: [...next.values()] };
    });
  }

  manualQueue(): ManualQueueEntry[] {
    return structuredClone(this.opened().data.manualQueue);
  }

  putManualQueue(entries: ManualQueueEntry[]): Promise<void> {
    return this.apply((data) => ({ ...data, manualQueue: structuredClone(entries) }));
  }

  async close(): Promise<void> {
    await this.chain.catch(() => undefined);
    this.db = undefined;
  }

  private apply(change: (data: RegistryFile) => RegistryFile): Promise<void> {
    const run = this.chain.then(async () => {
      const db = this.opened();
      const next = change(db.data);
      // Readers keep seeing the old state until the new one is on disk.
      await this.adapter?.write(next);
      db.data = next;
      this.byId = new Map(next.discs.map((disc) => [disc.id, disc]));
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private opened(): Low<RegistryFile> {
    if (this.db === undefined) throw new Error('the disc registry is not open');
    return this.db;
  }
}
