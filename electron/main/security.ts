/**
 * Hardening applied to every session and webContents the app creates (Electron security checklist:
 * items 4-7, 11-15). The window only ever shows the app's own pages from the app scheme.
 */
import type { Session, WebContents } from 'electron';
import { APP_ORIGIN } from './app-origin.js';
import { withAppContentSecurityPolicy } from './content-security-policy.js';
import { isAllowedNavigation } from './guards.js';

/** Schemes that would reach the network; the station works offline and shows nothing remote. */
const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

export function hardenSession(session: Session, log: (message: string) => void): void {
  // Camera, microphone, notifications, geolocation, USB/HID from the page...: the renderer needs
  // none of them (devices are handled in the main process), so every request is refused.
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`refused the page's permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  // The app protocol handler already writes our CSP; this covers any response where Chromium does
  // run header hooks, so no path serves an app page without the policy.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withAppContentSecurityPolicy(details.url, details.responseHeaders, APP_ORIGIN) });
  });

  // Belt to the CSP's braces: no request leaves the machine, whatever a page tries.
  session.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (details, callback) => {
    log(`blocked a remote request: ${details.url}`);
    callback({ cancel: true });
  });

  // Evidence leaves the station only through the archive and backup stages, never as a download.
  session.on('will-download', (event) => event.preventDefault());
}

export function hardenWebContents(contents: WebContents, log: (message: string) => void): void {
  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url, APP_ORIGIN)) return;
    event.preventDefault();
    log(`blocked navigation to ${url}`);
  };
  contents.on('will-navigate', (event) => guardNavigation(event, event.url));
  contents.on('will-frame-navigate', (event) => guardNavigation(event, event.url));
  contents.on('will-redirect', (event) => guardNavigation(event, event.url));
  contents.setWindowOpenHandler(({ url }) => {
    log(`refused to open a window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('refused to attach a <webview>');
  });
}
