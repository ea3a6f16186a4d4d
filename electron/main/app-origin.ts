/**
 * Where the app's own pages live. The renderer is served from a privileged custom scheme rather
 * than file:// because:
 * - file:// pages share one opaque origin with every other local file, so "same origin" checks
 *   (navigation guards, IPC sender checks) would admit any HTML file on the disk;
 * - webRequest.onHeadersReceived does not reliably fire for file:// or custom schemes, so a CSP
 *   can only be guaranteed by a handler that writes the headers itself, which file:// has not;
 * - the handler confines reads to dist/renderer, whereas a file:// page can reference any path.
 * The renderer is built with vite `base: './'`, so relative asset URLs resolve under this origin.
 */
import { MEDIA_PROTOCOL } from '../contract/front-end-api.js';

export const APP_PROTOCOL = 'evidence-app';
export const APP_HOST = 'station';
export const APP_ORIGIN = `${APP_PROTOCOL}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export { MEDIA_PROTOCOL };
