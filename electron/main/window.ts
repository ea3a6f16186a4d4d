/** The station window: sandboxed, context-isolated, showing only the app's own page. */
import { BrowserWindow } from 'electron';
import { APP_START_URL } from './app-origin.js';

export interface StationWindowOptions {
  /** dist/preload/index.cjs: sandboxed preloads must be one CommonJS file. */
  preloadPath: string;
  /** DevTools let whoever sits at the station run commands by hand; only for development builds. */
  allowDevTools: boolean;
  iconPath?: string;
}

export function createStationWindow(options: StationWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    title: '执法记录采集工作站 Evidence Station',
    // Shown on ready-to-show so the officer never sees a blank white frame.
    show: false,
    backgroundColor: '#0f172a',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: options.allowDevTools,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_START_URL);
  return window;
}
