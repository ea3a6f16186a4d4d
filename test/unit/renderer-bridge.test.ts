/**
 * The renderer's bridge: the WebSocket transport (queueing, reconnect with backoff, operator restored
 * after a reconnect, timeouts) and the validation layer (bad results and events become error values).
 */
import { describe, expect, it } from 'vitest';
import { commandNames } from '../../electron/contract/index.js';
import { transportFromFrontEndApi } from '../../renderer/src/bridge/electron-transport.js';
import type { RawTransport } from '../../renderer/src/bridge/types.js';
import { alwaysConnected } from '../../renderer/src/bridge/types.js';
import { createValidatedApi, validateResult } from '../../renderer/src/bridge/validated-api.js';
import { WebTransport, type SocketHandlers, type Timers } from '../../renderer/src/bridge/web-transport.js';

class ManualTimers implements Timers {
  private time = 0;
  private next = 1;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = until;
  }
}

interface FakeSocket {
  url: string;
  handlers: SocketHandlers;
  sent: { type: string; id: number; command: string; payload: unknown }[];
  closed: boolean;
}

function harness() {
  const timers = new ManualTimers();
  const sockets: FakeSocket[] = [];
  const transport = new WebTransport({
    url: 'ws://127.0.0.1:1234/ws',
    createSocket: (url, handlers) => {
      const socket: FakeSocket = { url, handlers, sent: [], closed: false };
      sockets.push(socket);
      return {
        send: (data) => socket.sent.push(JSON.parse(data) as FakeSocket['sent'][number]),
        close: () => {
          socket.closed = true;
        },
      };
    },
    mediaUrl: (ticket) => `/media/${encodeURIComponent(ticket)}`,
    thumbnailUrl: (id) => `/thumbs/${id}.jpg`,
    timers,
    callTimeoutMs: 5_000,
    queueTimeoutMs: 3_000,
  });
  const last = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket');
    return socket;
  };
  const reply = (socket: FakeSocket, id: number, result: unknown) => socket.handlers.onMessage(JSON.stringify({ type: 'result', id, result }));
  return { timers, sockets, transport, last, reply };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('web transport', () => {
  it('sends one call message per call and resolves with the matching result', async () => {
    const { transport, last, reply } = harness();
    last().handlers.onOpen();
    const pending = transport.call('docks.list', {});
    const message = last().sent[0];
    expect(message).toMatchObject({ type: 'call', command: 'docks.list', payload: {} });
    reply(last(), message?.id ?? -1, { ok: true, value: [] });
    await expect(pending).resolves.toEqual({ ok: true, value: [] });
  });

  it('queues calls made before the socket opens, and gives up on them after a while', async () => {
    const { transport, last, reply } = harness();
    const early = transport.call('station.info', {});
    expect(last().sent).toHaveLength(0);
    last().handlers.onOpen();
    expect(last().sent[0]?.command).toBe('station.info');
    reply(last(), last().sent[0]?.id ?? -1, { ok: true, value: 'info' });
    await expect(early).resolves.toEqual({ ok: true, value: 'info' });

    const other = harness();
    const stuck = other.transport.call('docks.list', {});
    other.timers.advance(3_001);
    await expect(stuck).resolves.toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
    expect(other.transport.connection.get()).toMatchObject({ state: 'connecting', everConnected: false });
  });

  it('a call with no answer resolves to TIMEOUT; a late answer is ignored', async () => {
    const { transport, last, timers, reply } = harness();
    last().handlers.onOpen();
    const pending = transport.call('audit.verify', {});
    timers.advance(5_001);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'TIMEOUT', params: { command: 'audit.verify' } } });
    reply(last(), last().sent[0]?.id ?? -1, { ok: true, value: {} });
  });

  it('when the link drops: in-flight calls fail, it reconnects with backoff and tells the UI', async () => {
    const { transport, sockets, last, timers } = harness();
    const states: string[] = [];
    transport.connection.subscribe((s) => states.push(`${s.state}:${s.attempt}`));
    last().handlers.onOpen();
    const inFlight = transport.call('clips.label', { ids: [], label: {} });
    last().handlers.onClose(1006, '');
    await expect(inFlight).resolves.toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
    expect(transport.connection.get()).toMatchObject({ state: 'reconnecting', attempt: 1, everConnected: true, retryAt: 500 });
    expect(sockets).toHaveLength(1);
    timers.advance(500);
    expect(sockets).toHaveLength(2);
    last().handlers.onClose(1006, '');
    expect(transport.connection.get()).toMatchObject({ attempt: 2 });
    timers.advance(999);
    expect(sockets).toHaveLength(2);
    timers.advance(1);
    expect(sockets).toHaveLength(3);
    last().handlers.onOpen();
    expect(states).toEqual(['connected:0', 'reconnecting:1', 'reconnecting:2', 'connected:0']);
  });

  it('resumes the signed-in session on the new socket before any queued call runs, and forgets it at sign-out', async () => {
    const { transport, last, timers, reply } = harness();
    last().handlers.onOpen();
    const login = transport.call('auth.login', { username: 'zhangwei', password: 'Zhang-pass-2026' });
    reply(last(), last().sent[0]?.id ?? -1, { ok: true, value: { token: 'tok-1', operator: '张伟(010203)' } });
    await login;

    last().handlers.onClose(1006, '');
    const queued = transport.call('docks.list', {});
    timers.advance(500);
    const second = last();
    second.handlers.onOpen();
    expect(second.sent.map((m) => m.command)).toEqual(['auth.resume']);
    expect(second.sent[0]?.payload).toEqual({ token: 'tok-1' });
    reply(second, second.sent[0]?.id ?? -1, { ok: true, value: { token: 'tok-1', operator: '张伟(010203)' } });
    expect(second.sent.map((m) => m.command)).toEqual(['auth.resume', 'docks.list']);
    reply(second, second.sent[1]?.id ?? -1, { ok: true, value: [] });
    await expect(queued).resolves.toEqual({ ok: true, value: [] });

    const logout = transport.call('auth.logout', {});
    reply(second, second.sent[2]?.id ?? -1, { ok: true, value: { ended: true } });
    await logout;
    second.handlers.onClose(1006, '');
    timers.advance(500);
    last().handlers.onOpen();
    expect(last().sent.map((m) => m.command)).toEqual([]);
  });

  it('pushes events to subscribers and ignores junk on the wire', () => {
    const { transport, last } = harness();
    last().handlers.onOpen();
    const got: unknown[] = [];
    const off = transport.subscribe('clips.changed', (p) => got.push(p));
    last().handlers.onMessage('not json');
    last().handlers.onMessage(JSON.stringify({ type: 'weird' }));
    last().handlers.onMessage(JSON.stringify({ type: 'event', event: 'clips.changed', payload: { ids: ['a'] } }));
    off();
    last().handlers.onMessage(JSON.stringify({ type: 'event', event: 'clips.changed', payload: { ids: ['b'] } }));
    expect(got).toEqual([{ ids: ['a'] }]);
    expect(transport.mediaUrl('a/b c')).toBe('/media/a%2Fb%20c');
  });

  it('dispose stops reconnecting', () => {
    const { transport, sockets, last, timers } = harness();
    last().handlers.onOpen();
    transport.dispose();
    expect(sockets[0]?.closed).toBe(true);
    timers.advance(60_000);
    expect(sockets).toHaveLength(1);
  });
});

function rawTransport(results: Record<string, unknown>, events: Map<string, (p: unknown) => void>): RawTransport {
  return {
    connection: alwaysConnected(),
    call: async (command) => {
      if (command === 'docks.list') throw new Error('link gone');
      return results[command];
    },
    subscribe: (event, listener) => {
      events.set(event, listener);
      return () => events.delete(event);
    },
    mediaUrl: (t) => t,
    thumbnailUrl: (id) => id,
  };
}

describe('validation layer', () => {
  it('offers exactly one function per contract command', () => {
    const api = createValidatedApi('web', rawTransport({}, new Map()));
    expect(Object.keys(api.commands).sort()).toEqual([...commandNames].sort());
  });

  it('passes good results and station errors through, and turns bad data into INVALID_RESPONSE', async () => {
    const settings = { agencyName: 'x', handInLimitHours: 24, caseNumberPattern: '.*', caseNumberExample: 'e', labelOverdueHours: 24, gapThresholdMinutes: 5, deleteFromCameraAfterVerify: false, syncCameraClock: false, fixityIntervalDays: 7 };
    const api = createValidatedApi(
      'web',
      rawTransport(
        {
          'settings.get': { ok: true, value: settings },
          'clips.overdue': { ok: true, value: [{ id: 'not-a-clip' }] },
          'docks.close': { ok: false, error: { code: 'SESSION_HAS_UNLABELLED', message: 'm', params: { count: 3 } } },
          'audit.verify': 'garbage',
        },
        new Map(),
      ),
    );
    // Fields added later (issues E, F) are defaulted by the schema, so an older answer still parses.
    await expect(api.commands['settings.get']({})).resolves.toMatchObject({ ok: true, value: { ...settings, loginMaxFailures: 5, standingGrants: [] } });
    await expect(api.commands['docks.close']({ sessionId: 's' })).resolves.toEqual({ ok: false, error: { code: 'SESSION_HAS_UNLABELLED', message: 'm', params: { count: 3 } } });
    const bad = await api.commands['clips.overdue']({});
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_RESPONSE', params: { command: 'clips.overdue' } } });
    await expect(api.commands['audit.verify']({})).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_RESPONSE' } });
    await expect(api.commands['docks.list']({})).resolves.toMatchObject({ ok: false, error: { code: 'CONNECTION_LOST' } });
    expect(validateResult('station.info', { ok: false, error: { code: 'X' } })).toMatchObject({ ok: false, error: { code: 'INVALID_RESPONSE' } });
  });

  it('delivers valid events and reports invalid ones as a warning notice instead of crashing', () => {
    const events = new Map<string, (p: unknown) => void>();
    const api = createValidatedApi('web', rawTransport({}, events));
    const changed: unknown[] = [];
    const notices: unknown[] = [];
    api.on('clips.changed', (p) => changed.push(p));
    api.on('station.notice', (p) => notices.push(p));
    events.get('clips.changed')?.({ ids: ['a'] });
    events.get('clips.changed')?.({ ids: 'nope' });
    events.get('station.notice')?.({ level: 'error', code: 'DISK_FULL', params: { needed: 1, free: 0 } });
    expect(changed).toEqual([{ ids: ['a'] }]);
    expect(notices).toEqual([
      { level: 'warning', code: 'INVALID_EVENT', params: { event: 'clips.changed', detail: expect.stringContaining('ids') } },
      { level: 'error', code: 'DISK_FULL', params: { needed: 1, free: 0 } },
    ]);
  });

  it('wraps a preload-style FrontEndApi and survives a host that lacks a command', async () => {
    const api = createValidatedApi(
      'electron',
      transportFromFrontEndApi({
        commands: {} as never,
        on: () => () => undefined,
        mediaUrl: (t) => `evidence-media://media/${t}`,
        thumbnailUrl: (id) => `evidence-media://thumbs/${id}`,
      }),
    );
    await expect(api.commands['station.info']({})).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(api.mediaUrl('t1')).toBe('evidence-media://media/t1');
    await flush();
  });
});
