/** What the rest of the renderer gets from the bridge: the contract's FrontEndApi plus the link state. */
import type { CommandName, EventName } from '../../../electron/contract/index.js';
import type { FrontEndApi } from '../../../electron/contract/front-end-api.js';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Reconnect attempts since the link was last up (0 while connected). */
  attempt: number;
  /** Epoch ms of the next reconnect attempt, while reconnecting. */
  retryAt?: number;
  /** Whether the link was ever up since the page loaded (a never-connected page likely lacks its session cookie). */
  everConnected: boolean;
}

export interface ConnectionSource {
  get(): ConnectionStatus;
  subscribe(listener: (status: ConnectionStatus) => void): () => void;
  /** Try to reconnect now instead of waiting for the backoff. */
  retryNow(): void;
}

export type StationKind = 'electron' | 'web' | 'fake';

/** A FrontEndApi whose every result and event has been checked against the contract's schemas. */
export interface StationConnection extends FrontEndApi {
  readonly kind: StationKind;
  readonly connection: ConnectionSource;
}

/**
 * The untyped wire below the validation layer: raw results (meant to be a CallResult) and raw event
 * payloads. A transport never throws for a call: a lost link becomes a CallResult error.
 */
export interface RawTransport {
  call(command: CommandName, payload: unknown): Promise<unknown>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  readonly connection: ConnectionSource;
  mediaUrl(ticket: string): string;
  thumbnailUrl(clipId: string): string;
}

/** A connection that is always up (Electron IPC, the in-memory fake). */
export function alwaysConnected(): ConnectionSource {
  const status: ConnectionStatus = { state: 'connected', attempt: 0, everConnected: true };
  return { get: () => status, subscribe: () => () => undefined, retryNow: () => undefined };
}
