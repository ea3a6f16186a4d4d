/** A typed event hub for the contract's events; hosts subscribe and forward to their front ends. */
import { eventNames, type EventName, type EventPayload } from '../contract/index.js';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;

export class StationEvents {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener<EventName>);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener<EventName>);
  }

  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    const unsubscribers = eventNames.map((event) =>
      this.on(event, (payload) => listener(event, payload)),
    );
    return () => unsubscribers.forEach((off) => off());
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        listener(payload);
      } catch {
        // A broken front end must not stop the station's work.
      }
    }
  }
}
