/**
 * The in-memory copy of one access document (accounts, grants) kept in step with its DurableDocument:
 * durable first, then in memory, so a failed write leaves the data as it was; changes run one after
 * another through `serial` so none is lost.
 */
import type { DurableDocument } from './ports.js';

export class CommittedDocument<T> {
  private current: T;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: DurableDocument<T>,
    empty: T,
  ) {
    this.current = structuredClone(empty);
  }

  async load(): Promise<void> {
    this.current = await this.store.load();
  }

  /** The committed data (not a copy: callers clone what they hand out). */
  get data(): T {
    return this.current;
  }

  /** Durable first, then in memory. */
  async save(next: T): Promise<void> {
    await this.store.save(next);
    this.current = next;
  }

  /** Runs `work` after every earlier piece of work has settled. */
  serial<R>(work: () => Promise<R>): Promise<R> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
