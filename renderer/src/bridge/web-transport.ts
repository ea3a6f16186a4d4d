/**
 * The contract over the loopback host's WebSocket (electron/contract/wire.ts): the client sends
 * {type:'call', id, command, payload}; the host answers {type:'result', id, result} and pushes
 * {type:'event', event, payload}. No token in JS: the host set an HttpOnly cookie when the start URL
 * was opened, and the browser sends it with the upgrade request.
 *
 * The link drops (station restarted, laptop slept): calls in flight fail with CONNECTION_LOST (the
 * station may or may not have done them), new calls wait for the link for a while, and the socket
 * reconnects with backoff. The host keeps the signed-in session per socket, so after a reconnect the
 * session is resumed (auth.resume with its token, issue F) before anything else; the station checks
 * the token and refuses one that is unknown, altered or ended.
 *
 * DOM-free (the socket is injected) so it is unit-tested in node.
 */
import { z } from 'zod';
import type { CommandName, EventName } from '../../../electron/contract/index.js';
import type { ConnectionSource, ConnectionStatus, RawTransport } from './types.js';

export interface SocketHandlers {
  onOpen(): void;
  onClose(code: number, reason: string): void;
  onMessage(data: string): void;
}

export interface SocketLike {
  send(data: string): void;
  close(): void;
}

export type SocketFactory = (url: string, handlers: SocketHandlers) => SocketLike;

/** Answers carrying a session token (issue F). */
const SIGN_IN_COMMANDS: ReadonlySet<string> = new Set(['auth.login', 'auth.badgeLogin', 'auth.setup', 'auth.resume', 'auth.unlock']);

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface WebTransportOptions {
  url: string;
  createSocket: SocketFactory;
  mediaUrl(ticket: string): string;
  thumbnailUrl(clipId: string): string;
  timers?: Timers;
  /** Delay before reconnect attempt n (1, 2, ...). Default 0.5 s doubling to 10 s. */
  backoffMs?: (attempt: number) => number;
  /** A call without an answer after this long resolves to TIMEOUT. Labelling thousands of clips takes a while. */
  callTimeoutMs?: number;
  /** A call made while the link is down waits this long for it before resolving to CONNECTION_LOST. */
  queueTimeoutMs?: number;
}

const ServerMessage = z.union([
  z.object({ type: z.literal('result'), id: z.number(), result: z.unknown() }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
  now: () => Date.now(),
};

export const defaultBackoffMs = (attempt: number): number => Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));

function lostResult(command: string, code: 'CONNECTION_LOST' | 'TIMEOUT') {
  return { ok: false, error: { code, message: code, params: { command } } };
}

interface InFlight {
  command: CommandName;
  payload: unknown;
  resolve: (raw: unknown) => void;
  timer: unknown;
  internal: boolean;
}

interface Queued {
  command: CommandName;
  payload: unknown;
  resolve: (raw: unknown) => void;
  timer: unknown;
}

export class WebTransport implements RawTransport {
  private readonly timers: Timers;
  private readonly backoffMs: (attempt: number) => number;
  private readonly callTimeoutMs: number;
  private readonly queueTimeoutMs: number;
  private socket: SocketLike | undefined;
  /** True once the socket is open and the operator (if any) has been restored. */
  private ready = false;
  private nextId = 1;
  private readonly inFlight = new Map<number, InFlight>();
  private queue: Queued[] = [];
  private readonly eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private status: ConnectionStatus = { state: 'connecting', attempt: 0, everConnected: false };
  private reconnectTimer: unknown;
  /** The bearer token of the session signed in on this page (from auth.login and friends); undefined once signed out. */
  private sessionToken: string | undefined;
  private closedForGood = false;

  readonly connection: ConnectionSource = {
    get: () => this.status,
    subscribe: (listener) => {
      this.statusListeners.add(listener);
      return () => void this.statusListeners.delete(listener);
    },
    retryNow: () => {
      if (this.socket || this.closedForGood) return;
      if (this.reconnectTimer !== undefined) this.timers.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
      this.connect();
    },
  };

  constructor(private readonly options: WebTransportOptions) {
    this.timers = options.timers ?? defaultTimers;
    this.backoffMs = options.backoffMs ?? defaultBackoffMs;
    this.callTimeoutMs = options.callTimeoutMs ?? 120_000;
    this.queueTimeoutMs = options.queueTimeoutMs ?? 15_000;
    this.connect();
  }

  mediaUrl(ticket: string): string {
    return this.options.mediaUrl(ticket);
  }

  thumbnailUrl(clipId: string): string {
    return this.options.thumbnailUrl(clipId);
  }

  call(command: CommandName, payload: unknown): Promise<unknown> {
    return new Promise((resolve) => {
      if (this.ready) {
        this.send(command, payload, resolve, false);
        return;
      }
      const queued: Queued = { command, payload, resolve, timer: undefined };
      queued.timer = this.timers.setTimeout(() => {
        this.queue = this.queue.filter((q) => q !== queued);
        resolve(lostResult(command, 'CONNECTION_LOST'));
      }, this.queueTimeoutMs);
      this.queue.push(queued);
    });
  }

  subscribe(event: EventName, listener: (payload: unknown) => void): () => void {
    const set = this.eventListeners.get(event) ?? new Set();
    set.add(listener);
    this.eventListeners.set(event, set);
    return () => void set.delete(listener);
  }

  /** Stops for good (tests, page unload): no more reconnects; pending calls resolve to CONNECTION_LOST. */
  dispose(): void {
    this.closedForGood = true;
    if (this.reconnectTimer !== undefined) this.timers.clearTimeout(this.reconnectTimer);
    const socket = this.socket;
    this.dropLink();
    socket?.close();
    for (const queued of this.queue) {
      this.timers.clearTimeout(queued.timer);
      queued.resolve(lostResult(queued.command, 'CONNECTION_LOST'));
    }
    this.queue = [];
  }

  private setStatus(status: ConnectionStatus): void {
    this.status = status;
    for (const listener of this.statusListeners) listener(status);
  }

  private connect(): void {
    if (this.closedForGood) return;
    let socket: SocketLike | undefined;
    const handlers: SocketHandlers = {
      onOpen: () => {
        if (this.socket !== socket) return;
        this.onOpen();
      },
      onClose: () => {
        if (this.socket !== socket) return;
        this.onClose();
      },
      onMessage: (data) => {
        if (this.socket !== socket) return;
        this.onMessage(data);
      },
    };
    try {
      socket = this.options.createSocket(this.options.url, handlers);
      this.socket = socket;
    } catch {
      this.socket = undefined;
      this.scheduleReconnect();
    }
  }

  private rememberSession(command: string, result: unknown): void {
    if (command === 'auth.logout') this.sessionToken = undefined;
    else if (SIGN_IN_COMMANDS.has(command)) {
      const token = isOk(result) ? (result as { value?: { token?: unknown } }).value?.token : undefined;
      if (typeof token === 'string') this.sessionToken = token;
      else if (command === 'auth.resume') this.sessionToken = undefined;
    }
  }

  private onOpen(): void {
    this.setStatus({ state: 'connected', attempt: 0, everConnected: true });
    if (this.sessionToken === undefined) {
      this.becomeReady();
      return;
    }
    // Restore the signed-in session on the new socket before any queued call runs.
    this.send('auth.resume', { token: this.sessionToken }, () => this.becomeReady(), true);
  }

  private becomeReady(): void {
    if (!this.socket) return;
    this.ready = true;
    const queued = this.queue;
    this.queue = [];
    for (const q of queued) {
      this.timers.clearTimeout(q.timer);
      this.send(q.command, q.payload, q.resolve, false);
    }
  }

  private onClose(): void {
    this.dropLink();
    this.scheduleReconnect();
  }

  private dropLink(): void {
    this.socket = undefined;
    this.ready = false;
    const inFlight = [...this.inFlight.values()];
    this.inFlight.clear();
    for (const call of inFlight) {
      this.timers.clearTimeout(call.timer);
      call.resolve(lostResult(call.command, 'CONNECTION_LOST'));
    }
  }

  private scheduleReconnect(): void {
    if (this.closedForGood) return;
    const attempt = this.status.attempt + 1;
    const delay = this.backoffMs(attempt);
    this.setStatus({ state: this.status.everConnected ? 'reconnecting' : 'connecting', attempt, retryAt: this.timers.now() + delay, everConnected: this.status.everConnected });
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }

  private send(command: CommandName, payload: unknown, resolve: (raw: unknown) => void, internal: boolean): void {
    const socket = this.socket;
    if (!socket) {
      resolve(lostResult(command, 'CONNECTION_LOST'));
      return;
    }
    const id = this.nextId++;
    const timer = this.timers.setTimeout(() => {
      if (this.inFlight.delete(id)) resolve(lostResult(command, 'TIMEOUT'));
    }, this.callTimeoutMs);
    this.inFlight.set(id, { command, payload, resolve, timer, internal });
    try {
      socket.send(JSON.stringify({ type: 'call', id, command, payload }));
    } catch {
      this.inFlight.delete(id);
      this.timers.clearTimeout(timer);
      resolve(lostResult(command, 'CONNECTION_LOST'));
    }
  }

  private onMessage(data: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      return;
    }
    const message = ServerMessage.safeParse(raw);
    if (!message.success) return;
    if (message.data.type === 'result') {
      const call = this.inFlight.get(message.data.id);
      if (!call) return;
      this.inFlight.delete(message.data.id);
      this.timers.clearTimeout(call.timer);
      const result = message.data.result;
      this.rememberSession(call.command, result);
      call.resolve(result);
      return;
    }
    for (const listener of this.eventListeners.get(message.data.event) ?? []) {
      try {
        listener(message.data.payload);
      } catch {
        // One broken screen must not stop the others from hearing the station.
      }
    }
  }
}

function isOk(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === true;
}
