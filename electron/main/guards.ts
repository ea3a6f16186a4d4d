/**
 * Pure decisions behind the window's navigation guards and the IPC sender check, kept free of
 * Electron so they are unit-tested (test/unit/electron-guards.test.ts).
 *
 * Origins are compared by scheme, host and port ourselves: WHATWG `URL.origin` is the opaque
 * "null" for custom schemes like evidence-app://, so comparing `.origin` would match everything.
 */

interface ParsedOrigin {
  protocol: string;
  host: string;
}

function parseOrigin(url: string): ParsedOrigin | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  // Credentials in an app URL are never ours; refusing them closes a confusable-URL trick.
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  // `host` includes the port, so http://127.0.0.1:5173 and :5174 stay different origins.
  if (parsed.host === '') return undefined;
  return { protocol: parsed.protocol.toLowerCase(), host: parsed.host.toLowerCase() };
}

export function isSameAppOrigin(url: string, appOrigin: string): boolean {
  const candidate = parseOrigin(url);
  const app = parseOrigin(appOrigin);
  return candidate !== undefined && app !== undefined && candidate.protocol === app.protocol && candidate.host === app.host;
}

/** A window may only move between the app's own pages; anything else (web, file://, javascript:) is refused. */
export function isAllowedNavigation(url: string, appOrigin: string): boolean {
  return isSameAppOrigin(url, appOrigin);
}

/**
 * Whether an IPC message comes from a frame showing the app's own page. The caller also checks the
 * frame is the top frame of one of the app's windows; this is the URL half of that check.
 */
export function isTrustedSender(frameUrl: string | undefined, appOrigin: string): boolean {
  return frameUrl !== undefined && isSameAppOrigin(frameUrl, appOrigin);
}
