/**
 * The preload against a stand-in for Electron's renderer modules: what the page receives must be
 * exactly FrontEndApi, and nothing of IPC itself.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MEDIA_PROTOCOL, type FrontEndApi } from '../../electron/contract/front-end-api.js';
import { commandNames, eventNames } from '../../electron/contract/index.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../electron/contract/wire.js';

type IpcListener = (event: { sender: string }, message: unknown) => void;

const fake = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
  ipcListeners: new Map<string, ((event: { sender: string }, message: unknown) => void)[]>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => fake.exposed.set(key, value) },
  ipcRenderer: {
    invoke: fake.invoke,
    on: (channel: string, listener: IpcListener) => fake.ipcListeners.set(channel, [...(fake.ipcListeners.get(channel) ?? []), listener]),
  },
}));

let api: FrontEndApi;

/** What main does with webContents.send: every IPC listener gets Electron's event object first. */
function sendFromMain(message: unknown): void {
  for (const listener of fake.ipcListeners.get(IPC_EVENT_CHANNEL) ?? []) listener({ sender: 'the raw ipc event' }, message);
}

beforeAll(async () => {
  await import('../../electron/preload/index.js');
  api = fake.exposed.get('evidenceStation') as FrontEndApi;
});

describe('the preload bridge', () => {
  it('exposes one object, evidenceStation, with exactly the FrontEndApi members', () => {
    expect([...fake.exposed.keys()]).toEqual(['evidenceStation']);
    expect(Object.keys(api).sort()).toEqual(['commands', 'mediaUrl', 'on', 'thumbnailUrl']);
    expect(Object.keys(api.commands).sort()).toEqual([...commandNames].sort());
    expect(JSON.stringify(api)).not.toMatch(/ipc|invoke|send/i);
  });

  it('sends each command over the call channel with its name and request, and returns the answer', async () => {
    const request = { username: 'zhangsan', password: 'Secret-pass-1' };
    await expect(api.commands['auth.login'](request)).resolves.toEqual({ ok: true, value: 'answer' });
    expect(fake.invoke).toHaveBeenLastCalledWith(IPC_CALL_CHANNEL, 'auth.login', request);
    await api.commands['docks.list']({});
    expect(fake.invoke).toHaveBeenLastCalledWith(IPC_CALL_CHANNEL, 'docks.list', {});
  });

  it('delivers only the payload of the event listened for, never the IPC event object', () => {
    const heard: unknown[] = [];
    const off = api.on('clips.changed', (payload) => heard.push(payload));
    sendFromMain({ event: 'clips.changed', payload: { ids: ['a'] } });
    sendFromMain({ event: 'dock.updated', payload: { id: 'other' } });
    sendFromMain({ event: 'not.an.event', payload: {} });
    sendFromMain('garbage');
    off();
    expect(heard).toEqual([{ ids: ['a'] }]);
  });

  it('unsubscribes exactly the subscription it was returned for', () => {
    const heard: string[] = [];
    const listener = () => heard.push('heard');
    const first = api.on('station.notice', listener);
    const second = api.on('station.notice', listener);
    first();
    sendFromMain({ event: 'station.notice', payload: { level: 'info', code: 'X', params: {} } });
    expect(heard).toEqual(['heard']);
    second();
    sendFromMain({ event: 'station.notice', payload: { level: 'info', code: 'X', params: {} } });
    expect(heard).toEqual(['heard']);
  });

  it('keeps delivering when one listener throws', () => {
    const heard: string[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const offBroken = api.on('clips.changed', () => {
      throw new Error('broken screen');
    });
    const offWorking = api.on('clips.changed', () => heard.push('still heard'));
    sendFromMain({ event: 'clips.changed', payload: { ids: [] } });
    offBroken();
    offWorking();
    quiet.mockRestore();
    expect(heard).toEqual(['still heard']);
  });

  it('refuses to listen for events the contract does not name', () => {
    const on = api.on as (event: string, listener: () => void) => () => void;
    expect(() => on('ipc.raw', () => undefined)).toThrow(/unknown event/);
    for (const event of eventNames) expect(() => on(event, () => undefined)()).not.toThrow();
  });

  it('builds media and thumbnail addresses on the media protocol', () => {
    expect(api.mediaUrl('a/b+c=')).toBe(`${MEDIA_PROTOCOL}://ticket/a%2Fb%2Bc%3D`);
    expect(api.thumbnailUrl('ab'.repeat(32))).toBe(`${MEDIA_PROTOCOL}://thumb/${'ab'.repeat(32)}`);
  });
});
