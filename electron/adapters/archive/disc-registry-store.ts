/**
 * The disc registry on lowdb: <data>/archive/registry.json, { version, discs, manualQueue }, one
 * DurableJsonDocument (temp file, fsync, rename, fsync folder; commit after durable, changes one after
 * another), so a power cut leaves the old registry or the new one, never a torn file.
 */
import { DiscRecord as DiscRecordSchema, ManualQueueEntry as ManualQueueEntrySchema } from '../../contract/archive.js';
import type { DiscRecord, ManualQueueEntry } from '../../core/archive/model.js';
import type { DiscRegistryStore } from '../../core/archive/ports.js';
import { type DurableFileOps, nodeDurableFileOps } from '../catalogue/durable-json-adapter.js';
import { DurableJsonDocument } from '../catalogue/durable-json-document.js';

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
  private readonly document: DurableJsonDocument<RegistryFile>;
  private byId = new Map<string, DiscRecord>();

  constructor(
    readonly file: string,
    ops: DurableFileOps = nodeDurableFileOps,
  ) {
    this.document = new DurableJsonDocument(file, {
      name: 'the disc registry',
      empty: () => ({ version: 1, discs: [], manualQueue: [] }),
      checkShape: checkRegistry,
      ops,
      onCommit: (data) => {
        this.byId = new Map(data.discs.map((disc) => [disc.id, disc]));
      },
    });
  }

  open(): Promise<void> {
    return this.document.open();
  }

  discs(): DiscRecord[] {
    return structuredClone(this.document.data.discs);
  }

  get(discId: string): DiscRecord | undefined {
    this.document.assertOpen();
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
    return structuredClone(this.document.data.manualQueue);
  }

  putManualQueue(entries: ManualQueueEntry[]): Promise<void> {
    return this.apply((data) => ({ ...data, manualQueue: structuredClone(entries) }));
  }

  close(): Promise<void> {
    return this.document.close();
  }

  private apply(change: (data: RegistryFile) => RegistryFile): Promise<void> {
    return this.document.apply((current) => ({ next: change(current), result: undefined }));
  }
}
