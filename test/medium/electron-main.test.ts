/**
 * Electron main's wiring, run for real against a scripted stand-in for the `electron` module: the
 * real compose root opens a real station in a temp data folder; only Electron itself is faked.
 * This is what can be checked where the Electron binary is missing (test/e2e/electron.e2e.ts runs
 * the real thing where it is not). The stand-in records what main asked of Electron and lets the
 * test play Electron's part: emit `ready`, send IPC, navigate, close the window.
 */
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MEDIA_PROTOCOL } from '../../electron/contract/front-end-api.js';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../electron/contract/wire.js';
import { APP_PROTOCOL, APP_START_URL } from '../../electron/main/app-origin.js';

const PASSWORD = 'Secret-pass-1';

interface FakeFrame {
  url: string;
  processId: number;
  routingId: number;
  parent: FakeFrame | null;
}

interface Preventable {
  url?: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

type Listener = (...args: unknown[]) => unknown;
type WindowOpenHandler = (details: { url: string }) => { action: string };

// Built inside vi.hoisted so the vi.mock factory below can hand it out as the 'electron' module.
const fake = vi.hoisted(() => {
  class Emitter {
    private readonly listeners = new Map<string, Listener[]>();
    on(event: string, listener: Listener): this {
      this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
      return this;
    }
    once(event: string, listener: Listener): this {
      const wrapper: Listener = (...args) => {
        this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapper));
        return listener(...args);
      };
      return this.on(event, wrapper);
    }
    emit(event: string, ...args: unknown[]): void {
      for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
    }
  }

  const preventable = (url?: string): Preventable => ({
    ...(url === undefined ? {} : { url }),
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  });

  const calls = {
    registeredSchemes: [] as { scheme: string; privileges: Record<string, boolean> }[],
    schemesRegisteredBeforeReady: false,
    userData: '',
    sandboxEnabled: false,
    quitRequests: 0,
    exitCode: undefined as number | undefined,
    errorBoxes: [] as string[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
    ipcHandlers: new Map<string, Listener>(),
    permissionRequest: undefined as undefined | ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void),
    beforeRequest: undefined as undefined | { urls: string[]; listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void },
  };

  let isReady = false;
  let resolveReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  class FakeApp extends Emitter {
    readonly isPackaged = false;
    quitted = false;
    getPath(name: string): string {
      if (name === 'userData') return calls.userData;
      return path.join(tmpdir(), `fake-electron-${name}`);
    }
    setPath(name: string, value: string): void {
      if (name === 'userData') calls.userData = value;
    }
    enableSandbox(): void {
      calls.sandboxEnabled = true;
    }
    requestSingleInstanceLock(): boolean {
      return true;
    }
    setAppUserModelId(): void {}
    whenReady(): Promise<void> {
      return readyPromise;
    }
    isReady(): boolean {
      return isReady;
    }
    /** Plays Electron's quit: will-quit may be prevented, as main does while the station closes. */
    quit(): void {
      calls.quitRequests += 1;
      const event = preventable();
      this.emit('will-quit', event);
      if (!event.defaultPrevented) this.quitted = true;
    }
    exit(code: number): void {
      calls.exitCode = code;
    }
    becomeReady(): void {
      isReady = true;
      this.emit('ready');
      resolveReady();
    }
  }
  const app = new FakeApp();

  let nextId = 1;
  class FakeWebContents extends Emitter {
    readonly id = nextId++;
    readonly mainFrame: FakeFrame = { url: '', processId: 7, routingId: this.id, parent: null };
    readonly sent: { channel: string; message: unknown }[] = [];
    windowOpenHandler: WindowOpenHandler | undefined;
    destroyed = false;
    getURL(): string {
      return this.mainFrame.url;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    send(channel: string, message: unknown): void {
      this.sent.push({ channel, message });
    }
    setWindowOpenHandler(handler: WindowOpenHandler): void {
      this.windowOpenHandler = handler;
    }
    /** What Electron emits when the page asks to go somewhere: true when main let it. */
    tryNavigate(url: string): boolean {
      const event = preventable(url);
      this.emit('will-navigate', event);
      return !event.defaultPrevented;
    }
  }

  class BrowserWindow extends Emitter {
    static readonly instances: BrowserWindow[] = [];
    static getAllWindows(): BrowserWindow[] {
      return BrowserWindow.instances.filter((window) => !window.webContents.destroyed);
    }
    readonly webContents = new FakeWebContents();
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      BrowserWindow.instances.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string): Promise<void> {
      this.webContents.mainFrame.url = url;
      this.webContents.emit('did-navigate', {}, url);
    }
    show(): void {}
    focus(): void {}
    restore(): void {}
    isMinimized(): boolean {
      return false;
    }
    /** The person closes the window. */
    closeByUser(): void {
      this.webContents.destroyed = true;
      this.webContents.emit('destroyed');
      this.emit('closed');
      if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
    }
  }

  const electronModule = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged(schemes: { scheme: string; privileges: Record<string, boolean> }[]) {
        calls.registeredSchemes.push(...schemes);
        calls.schemesRegisteredBeforeReady = !isReady;
      },
      handle(scheme: string, handler: (request: Request) => Promise<Response>) {
        calls.protocolHandlers.set(scheme, handler);
      },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler(handler: typeof calls.permissionRequest) {
          calls.permissionRequest = handler;
        },
        setPermissionCheckHandler() {},
        setDevicePermissionHandler() {},
        on() {},
        webRequest: {
          onHeadersReceived() {},
          onBeforeRequest(filter: { urls: string[] }, listener: NonNullable<typeof calls.beforeRequest>['listener']) {
            calls.beforeRequest = { urls: filter.urls, listener };
          },
        },
      },
    },
    ipcMain: {
      handle(channel: string, handler: Listener) {
        calls.ipcHandlers.set(channel, handler);
      },
      removeHandler(channel: string) {
        calls.ipcHandlers.delete(channel);
      },
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu() {} },
    dialog: {
      showErrorBox(title: string, content: string) {
        calls.errorBoxes.push(`${title}\n${content}`);
      },
    },
  };
  return { app, BrowserWindow, calls, electronModule };
});

vi.mock('electron', () => fake.electronModule);

let dataDir: string;
let cameraDir: string;

/** An IPC call as Electron would deliver it from `frame` of the station window. */
function callFrom(frame: FakeFrame, senderId: number, command: unknown, payload: unknown): Promise<unknown> {
  const handler = fake.calls.ipcHandlers.get(IPC_CALL_CHANNEL);
  if (!handler) throw new Error('main registered no IPC handler');
  const sender = fake.BrowserWindow.instances.find((window) => window.webContents.id === senderId)?.webContents ?? { id: senderId, mainFrame: frame };
  return Promise.resolve(handler({ sender, senderFrame: frame }, command, payload));
}

const stationWindow = () => {
  const window = fake.BrowserWindow.instances[0];
  if (!window) throw new Error('main opened no window');
  return window;
};
const call = (command: unknown, payload: unknown = {}) => callFrom(stationWindow().webContents.mainFrame, stationWindow().webContents.id, command, payload);

async function eventually<T>(read: () => T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'es-electron-main-'));
  dataDir = path.join(root, 'data');
  cameraDir = path.join(root, 'camera');
  await mkdir(path.join(cameraDir, 'DCIM'), { recursive: true });
  vi.stubEnv('EVIDENCE_DATA', dataDir);
  await import('../../electron/main/index.js');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(path.dirname(dataDir), { recursive: true, force: true });
});

describe('before ready', () => {
  it('registers both schemes as privileged, before ready and with the privileges they need', () => {
    expect(fake.calls.schemesRegisteredBeforeReady).toBe(true);
    const byScheme = Object.fromEntries(fake.calls.registeredSchemes.map((entry) => [entry.scheme, entry.privileges]));
    expect(byScheme[APP_PROTOCOL]).toMatchObject({ standard: true, secure: true });
    expect(byScheme[MEDIA_PROTOCOL]).toMatchObject({ standard: true, secure: true, stream: true, supportFetchAPI: true });
  });

  it('pins userData, sandboxes every renderer, and opens no window yet', () => {
    expect(path.basename(fake.calls.userData)).toBe('evidence-station');
    expect(fake.calls.sandboxEnabled).toBe(true);
    expect(fake.BrowserWindow.instances).toHaveLength(0);
  });
});

describe('after ready', () => {
  beforeAll(async () => {
    fake.app.becomeReady();
    await eventually(() => fake.BrowserWindow.instances[0], 'the station window');
  });

  it('opens one locked-down window on the app page with the bundled preload', () => {
    const { webPreferences } = stationWindow().options;
    expect(webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(webPreferences.preload)).toMatch(/dist[/\\]preload[/\\]index\.cjs$/);
    expect(stationWindow().webContents.getURL()).toBe(APP_START_URL);
  });

  it('answers commands from the station window with the station opened on the requested data folder', async () => {
    // A fresh station: only the minimum before anyone signs in, and the first administrator to create.
    expect(await call('station.info')).toMatchObject({ ok: true, value: { needsSetup: true } });
    expect(await call('auth.setup', { username: 'admin', displayName: '管理员', department: '信息中心', password: PASSWORD })).toMatchObject({ ok: true, value: { operator: '管理员(admin)' } });
    const info = (await call('station.info')) as { ok: boolean; value: { dataDir: string } };
    expect(info.ok).toBe(true);
    expect(info.value.dataDir).toBe(dataDir);
    expect(await call('users.create', { username: 'zhangwei', displayName: '张伟', badgeNumber: '010203', department: '执法一科', roles: ['officer'], clearance: 'ordinary', password: PASSWORD })).toMatchObject({ ok: true });
  });

  it('keeps the sign-in per window, checks it on the station side, and forgets it when the page is reloaded', async () => {
    stationWindow().webContents.emit('did-navigate', {}, APP_START_URL);
    expect(await call('docks.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await call('auth.login', { username: 'zhangwei', password: PASSWORD })).toMatchObject({ ok: true, value: { operator: '张伟(010203)' } });
    expect(await call('docks.list')).toMatchObject({ ok: true });
    // The renderer hides the users screen from an officer; the station refuses it anyway.
    expect(await call('users.list')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', params: { action: 'users.manage' } } });
    stationWindow().webContents.emit('did-navigate', {}, APP_START_URL);
    expect(await call('docks.list')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses calls from other pages, sub-frames and unknown senders, and unknown commands', async () => {
    const contents = stationWindow().webContents;
    const elsewhere: FakeFrame = { ...contents.mainFrame, url: 'https://example.com/' };
    const subFrame: FakeFrame = { url: APP_START_URL, processId: 7, routingId: 999, parent: contents.mainFrame };
    await expect(callFrom(elsewhere, contents.id, 'station.info', {})).rejects.toThrow(/refused/);
    await expect(callFrom(subFrame, contents.id, 'station.info', {})).rejects.toThrow(/refused/);
    await expect(callFrom(contents.mainFrame, 4242, 'station.info', {})).rejects.toThrow(/refused/);
    expect(await call('ipc.raw')).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
    expect(await call({ not: 'a name' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_COMMAND' } });
  });

  it('validates payloads through the contract before any handler runs', async () => {
    expect(await call('auth.login', { username: '', password: 'x', extra: true })).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('forwards station events to the window as {event, payload}', async () => {
    await call('auth.login', { username: 'zhangwei', password: PASSWORD });
    expect(await call('docks.ingestFolder', { path: cameraDir })).toMatchObject({ ok: true });
    const sent = await eventually(() => stationWindow().webContents.sent.find((entry) => entry.channel === IPC_EVENT_CHANNEL), 'a forwarded event');
    expect(sent.message).toMatchObject({ event: 'dock.updated', payload: { sourceRoot: cameraDir } });
  });

  it('serves the media protocol through the station, refusing unknown tickets', async () => {
    const media = fake.calls.protocolHandlers.get(MEDIA_PROTOCOL);
    expect(media).toBeDefined();
    expect((await media?.(new Request(`${MEDIA_PROTOCOL}://ticket/never-issued`)))?.status).toBe(403);
    expect(fake.calls.protocolHandlers.get(APP_PROTOCOL)).toBeDefined();
  });

  it('keeps the window on the app: navigation, new windows, permissions and remote requests are refused', () => {
    const contents = stationWindow().webContents;
    expect(contents.tryNavigate('https://example.com/')).toBe(false);
    expect(contents.tryNavigate('file:///etc/passwd')).toBe(false);
    expect(contents.tryNavigate(`${APP_START_URL}#/catalogue`)).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const attach = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-attach-webview', attach);
    expect(attach.defaultPrevented).toBe(true);

    const granted: boolean[] = [];
    fake.calls.permissionRequest?.(contents, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    const cancelled: boolean[] = [];
    fake.calls.beforeRequest?.listener({ url: 'https://example.com/x.js' }, (response) => cancelled.push(response.cancel));
    expect(cancelled).toEqual([true]);
    expect(fake.calls.beforeRequest?.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*']));
  });

  it('closes the station before the process quits when the last window closes', async () => {
    stationWindow().closeByUser();
    await eventually(() => (fake.app.quitted ? true : undefined), 'the app to finish quitting');
    expect(fake.calls.quitRequests).toBe(2);
    expect(fake.calls.errorBoxes).toEqual([]);
    const audit = await readFile(path.join(dataDir, 'audit', 'audit.jsonl'), 'utf8');
    // station.stopped, then the closing signed checkpoint that covers it (docs/audit-trail.md).
    const [stopped, checkpoint] = audit.trim().split('\n').slice(-2);
    expect(stopped).toContain('"action":"station.stopped"');
    expect(checkpoint).toContain('"action":"audit.checkpoint"');
    await expect(stat(path.join(dataDir, 'station.lock'))).rejects.toThrow();
    expect(fake.calls.ipcHandlers.has(IPC_CALL_CHANNEL)).toBe(false);
  });
});
