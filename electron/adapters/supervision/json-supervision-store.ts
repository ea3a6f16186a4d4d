/**
 * Supervision's records on lowdb: <data>/supervision/supervision.json, one DurableJsonDocument (temp
 * file, fsync, rename, fsync folder; commit after durable, changes one after another). Each record list is checked against the contract's schemas
 * at open: a damaged file stops the station rather than start empty.
 */
import { z } from 'zod';
import { Bookmark, Gap, PartyCopyRequest, SpotCheckDraw, SpotCheckItem } from '../../contract/supervision.js';
import { emptySupervisionData, type SupervisionData } from '../../core/supervision/model.js';
import type { SupervisionStore } from '../../core/supervision/ports.js';
import { type DurableFileOps, nodeDurableFileOps } from '../catalogue/durable-json-adapter.js';
import { DurableJsonDocument } from '../catalogue/durable-json-document.js';

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
  private readonly document: DurableJsonDocument<SupervisionData>;

  constructor(
    readonly file: string,
    ops: DurableFileOps = nodeDurableFileOps,
  ) {
    this.document = new DurableJsonDocument(file, { name: 'the supervision store', empty: emptySupervisionData, checkShape: checkFile, ops });
  }

  open(): Promise<void> {
    return this.document.open();
  }

  snapshot(): SupervisionData {
    return structuredClone(this.document.data);
  }

  apply<T>(change: (data: SupervisionData) => T): Promise<T> {
    return this.document.apply((current) => {
      const next = structuredClone(current);
      const result = change(next);
      return { next, result };
    });
  }

  close(): Promise<void> {
    return this.document.close();
  }
}
