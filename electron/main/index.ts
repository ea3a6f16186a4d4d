/**
 * Electron main: the desktop host of the station. It opens the station over the data folder, shows
 * one sandboxed window with the built renderer, binds the contract to IPC, streams footage through
 * the media protocol and closes the station cleanly on quit.
 *
 * ESM entry: everything Electron needs before `ready` (privileged schemes, paths, the single
 * instance lock, the sandbox switch) runs synchronously at the top, never behind an await,
 * because `ready` may fire as soon as this module's static imports have run.
 */
import { app, BrowserWindow, dialog, Menu, protocol, session, type MenuItemConstructorOptions } from 'electron';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStationFromDataDir } from '../adapters/compose.js';
import { defaultMountRoots } from '../adapters/volume/chokidar-volume-watcher.js';
import { APP_PROTOCOL, MEDIA_PROTOCOL } from './app-origin.js';
import { createAppRequestHandler } from './app-protocol.js';
import { bindStationToIpc, type IpcBinding } from './ipc-binding.js';
import { findAppRoot, requestedDataDir } from './launch-options.js';
import { respondToMediaRequest } from './media-protocol.js';
import { hardenSession, hardenWebContents } from './security.js';
import { createStationWindow } from './window.js';
import { resolveDataDir } from '../adapters/data-dir/default-data-dir.js';

/** The data folder name under the OS's app-data folder, in development and in the installed app alike. */
const APP_DATA_NAME = 'evidence-station';

// The preload, the renderer and the icon are found from the app root, wherever this file runs from.
const appRoot = findAppRoot(path.dirname(fileURLToPath(import.meta.url)), (dir) => existsSync(path.join(dir, 'package.json')));
const PRELOAD_PATH = path.join(appRoot, 'dist', 'preload', 'index.cjs');
const RENDERER_DIR = path.join(appRoot, 'dist', 'renderer');
const ICON_PATH = path.join(appRoot, 'resources', 'icons', 'icon.png');

const log = (message: string): void => console.log(`[evidence-station] ${message}`);

// Must happen before `ready`, and only once. `standard` gives the schemes real origins (so the CSP's
// 'self', relative URLs and origin checks work); `secure` makes them secure contexts; `stream` lets
// <video> read partial responses; `corsEnabled` lets the app page fetch() media it was given.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  { scheme: MEDIA_PROTOCOL, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true } },
]);

// Electron derives userData from the product name, which is "执法记录采集工作站" once packaged but
// the package name in development; pin it so both use the same folder (and the same lock).
app.setPath('userData', path.join(app.getPath('appData'), APP_DATA_NAME));
// Every renderer sandboxed, including any a bug might create outside our window factory.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  log('the station is already open in another window; bringing that one forward instead');
  app.quit();
} else {
  startDesktopStation();
}

function startDesktopStation(): void {
  // The same evidence folder whichever host runs the station (Electron, web host, CLI); on Windows this
  // is the local (not roaming) profile, so footage is never synced to domain servers.
  const dataDir = requestedDataDir(process.argv, process.env, process.cwd()) ?? resolveDataDir(undefined);
  const watchRoots = defaultMountRoots(userInfo().username);
  const allowDevTools = !app.isPackaged;
  let mainWindow: BrowserWindow | undefined;
  let opening: ReturnType<typeof openStationFromDataDir> | undefined;
  let binding: IpcBinding | undefined;
  let shutdown: 'running' | 'closing-station' | 'closed' = 'running';

  if (process.platform === 'win32') app.setAppUserModelId('cn.gov.evidence-station');

  const openWindow = (): void => {
    if (!binding) return;
    const window = createStationWindow({ preloadPath: PRELOAD_PATH, allowDevTools, iconPath: ICON_PATH });
    binding.attach(window.webContents);
    window.webContents.on('did-fail-load', (_event, code, description, url) => log(`could not load ${url}: ${description} (${code})`));
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = undefined;
    });
    mainWindow = window;
  };

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; elsewhere closing the window ends the station.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  // The station must close (finish the copy in progress, write station.stopped to the audit log,
  // release the data folder lock) before the process goes. Quit is held until that is done.
  app.on('will-quit', (event) => {
    if (shutdown === 'closed' || !opening) return;
    event.preventDefault();
    if (shutdown === 'closing-station') return;
    shutdown = 'closing-station';
    log('closing the station (an ingest in progress is finished first)');
    binding?.dispose();
    const stationOpening = opening;
    void (async () => {
      try {
        await (await stationOpening).dispose();
      } catch (error) {
        log(`the station did not close cleanly: ${describeError(error)}`);
      } finally {
        shutdown = 'closed';
        app.quit();
      }
    })();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, log);
    Menu.setApplicationMenu(applicationMenu(allowDevTools));

    log(`data folder: ${dataDir}`);
    log(`watching for cameras under: ${watchRoots.join(', ') || '(none on this platform)'}`);
    const stationOpening = openStationFromDataDir({ dataDir, watchRoots, log, fixitySchedule: true, devices: { usb: true }, backupSchedule: true });
    opening = stationOpening;
    const station = stationOpening.then((opened) => opened.station);

    protocol.handle(APP_PROTOCOL, createAppRequestHandler(RENDERER_DIR));
    protocol.handle(MEDIA_PROTOCOL, async (request) => respondToMediaRequest(request, await station));
    // Bound before the window exists; calls made while the station is still opening wait for it.
    binding = bindStationToIpc(station, log);
    openWindow();

    try {
      await stationOpening;
      log('station open');
    } catch (error) {
      log(`could not open the station: ${describeError(error)}`);
      dialog.showErrorBox(
        '工作站无法启动 / The station could not start',
        `无法打开数据文件夹：${dataDir}\nCould not open the data folder: ${dataDir}\n\n${describeError(error)}\n\n` +
          '如果另一个工作站进程（例如网页版 evidence-station serve）正在使用该文件夹，请先关闭它。\n' +
          'If another station process (for example `evidence-station serve`) is using this folder, close it first.',
      );
      app.exit(1);
    }
  });
}

function applicationMenu(allowDevTools: boolean): Menu | null {
  const template: MenuItemConstructorOptions[] = [];
  // macOS needs an Edit menu for copy/paste shortcuts to reach text fields; Windows and Linux do not.
  if (process.platform === 'darwin') template.push({ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' });
  if (allowDevTools) template.push({ role: 'viewMenu' });
  return template.length > 0 ? Menu.buildFromTemplate(template) : null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
