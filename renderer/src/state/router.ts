/**
 * Hash routes (#/dock, #/label?session=ID, #/player/<clip id>, ...): they work from file://, a custom
 * protocol and the web host alike, survive a reload and give the browser's back button meaning.
 */
import { useSyncExternalStore } from 'react';

export const SCREENS = ['dock', 'label', 'catalogue', 'player', 'supervise', 'settings', 'archive', 'review', 'copies', 'backup', 'devices', 'users', 'grants'] as const;
export type Screen = (typeof SCREENS)[number];

export type Route =
  | { screen: 'dock' }
  | { screen: 'label'; session?: string }
  | { screen: 'catalogue' }
  | { screen: 'player'; clipId?: string }
  | { screen: 'supervise' }
  | { screen: 'settings' }
  | { screen: 'archive' }
  | { screen: 'review' }
  | { screen: 'copies' }
  | { screen: 'backup' }
  | { screen: 'devices' }
  | { screen: 'users' }
  | { screen: 'grants' };

const CLIP_ID = /^[0-9a-f]{64}$/;

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = raw.split('?');
  const [screen, arg] = path.split('/');
  const params = new URLSearchParams(query);
  switch (screen) {
    case 'label': {
      const session = params.get('session');
      return session ? { screen: 'label', session } : { screen: 'label' };
    }
    case 'catalogue':
      return { screen: 'catalogue' };
    case 'player':
      return arg && CLIP_ID.test(arg) ? { screen: 'player', clipId: arg } : { screen: 'player' };
    case 'supervise':
      return { screen: 'supervise' };
    case 'settings':
      return { screen: 'settings' };
    case 'archive':
      return { screen: 'archive' };
    case 'review':
      return { screen: 'review' };
    case 'copies':
      return { screen: 'copies' };
    case 'backup':
      return { screen: 'backup' };
    case 'devices':
      return { screen: 'devices' };
    case 'users':
      return { screen: 'users' };
    case 'grants':
      return { screen: 'grants' };
    default:
      return { screen: 'dock' };
  }
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'label':
      return route.session ? `#/label?session=${encodeURIComponent(route.session)}` : '#/label';
    case 'player':
      return route.clipId ? `#/player/${route.clipId}` : '#/player';
    default:
      return `#/${route.screen}`;
  }
}

export function navigate(route: Route): void {
  const hash = routeHash(route);
  if (window.location.hash !== hash) window.location.hash = hash;
}

let cachedHash: string | undefined;
let cachedRoute: Route = { screen: 'dock' };

function currentRoute(): Route {
  const hash = window.location.hash;
  if (hash !== cachedHash) {
    cachedHash = hash;
    cachedRoute = parseHash(hash);
  }
  return cachedRoute;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, currentRoute);
}
