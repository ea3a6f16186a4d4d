/** The pure halves of Electron main's security decisions. Imports nothing from 'electron'. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, APP_START_URL } from '../../electron/main/app-origin.js';
import { APP_CONTENT_SECURITY_POLICY, withAppContentSecurityPolicy } from '../../electron/main/content-security-policy.js';
import { isAllowedNavigation, isSameAppOrigin, isTrustedSender } from '../../electron/main/guards.js';
import { findAppRoot, requestedDataDir } from '../../electron/main/launch-options.js';

describe('isAllowedNavigation', () => {
  it('lets the window move between the app’s own pages', () => {
    expect(isAllowedNavigation(APP_START_URL, APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation(`${APP_ORIGIN}/catalogue?x=1#top`, APP_ORIGIN)).toBe(true);
    expect(isAllowedNavigation('EVIDENCE-APP://STATION/index.html', APP_ORIGIN)).toBe(true);
  });

  it.each([
    ['the web', 'https://example.com/'],
    ['a loopback server', 'http://127.0.0.1:8080/'],
    ['a local file', 'file:///etc/passwd'],
    ['script URLs', 'javascript:alert(1)'],
    ['data URLs', 'data:text/html,<script>alert(1)</script>'],
    ['a blank page', 'about:blank'],
    ['another host of the app scheme', 'evidence-app://elsewhere/index.html'],
    ['the media scheme', 'evidence-media://ticket/abc'],
    ['a look-alike with credentials', 'evidence-app://station@evil/index.html'],
    ['credentials on the app host', 'evidence-app://user:pw@station/index.html'],
    ['something that is not a URL', 'not a url'],
    ['the empty string', ''],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedNavigation(url, APP_ORIGIN)).toBe(false);
  });

  it('compares ports too, for development origins', () => {
    expect(isSameAppOrigin('http://127.0.0.1:5173/a', 'http://127.0.0.1:5173')).toBe(true);
    expect(isSameAppOrigin('http://127.0.0.1:5174/a', 'http://127.0.0.1:5173')).toBe(false);
  });

  it('does not rely on URL.origin, which is "null" for every custom scheme', () => {
    expect(new URL(APP_START_URL).origin).toBe(new URL('evil-scheme://x/').origin);
    expect(isSameAppOrigin('evil-scheme://x/', APP_ORIGIN)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts a frame showing the app page', () => {
    expect(isTrustedSender(APP_START_URL, APP_ORIGIN)).toBe(true);
  });

  it('distrusts a frame that is gone, blank, or elsewhere', () => {
    expect(isTrustedSender(undefined, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('about:blank', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('https://example.com/', APP_ORIGIN)).toBe(false);
    expect(isTrustedSender('file:///home/officer/page.html', APP_ORIGIN)).toBe(false);
  });
});

describe('withAppContentSecurityPolicy', () => {
  it('replaces any policy an app response carried, whatever the header case', () => {
    const headers = withAppContentSecurityPolicy(APP_START_URL, { 'content-security-policy': ["script-src 'unsafe-inline'"], 'Content-Type': ['text/html'] }, APP_ORIGIN);
    expect(headers).toEqual({ 'Content-Security-Policy': [APP_CONTENT_SECURITY_POLICY], 'Content-Type': ['text/html'] });
  });

  it('leaves responses from other origins as they came', () => {
    const original = { 'Content-Type': ['text/html'] };
    expect(withAppContentSecurityPolicy('https://example.com/', original, APP_ORIGIN)).toEqual(original);
    expect(withAppContentSecurityPolicy('https://example.com/', undefined, APP_ORIGIN)).toEqual({});
  });

  it('keeps scripts to the app itself and footage to the media protocol', () => {
    expect(APP_CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(APP_CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval)/);
    expect(APP_CONTENT_SECURITY_POLICY).toMatch(/media-src[^;]*evidence-media:/);
    expect(APP_CONTENT_SECURITY_POLICY).not.toMatch(/https?:/);
  });
});

describe('requestedDataDir', () => {
  const cwd = path.resolve('/work/station');
  const electronArgv = ['/opt/electron/electron', '.', '--enable-logging'];

  it('reads --data <dir> and --data=<dir> anywhere among Electron’s own arguments', () => {
    expect(requestedDataDir([...electronArgv, '--data', '/srv/evidence'], {}, cwd)).toBe(path.resolve('/srv/evidence'));
    expect(requestedDataDir([...electronArgv, '--data=rel/dir'], {}, cwd)).toBe(path.resolve(cwd, 'rel/dir'));
  });

  it('prefers the flag to EVIDENCE_DATA, and uses EVIDENCE_DATA without one', () => {
    expect(requestedDataDir([...electronArgv, '--data=/a'], { EVIDENCE_DATA: '/b' }, cwd)).toBe(path.resolve('/a'));
    expect(requestedDataDir(electronArgv, { EVIDENCE_DATA: '/b' }, cwd)).toBe(path.resolve('/b'));
  });

  it('asks for nothing when neither is given or the flag has no value', () => {
    expect(requestedDataDir(electronArgv, {}, cwd)).toBeUndefined();
    expect(requestedDataDir([...electronArgv, '--data'], { EVIDENCE_DATA: '' }, cwd)).toBeUndefined();
    expect(requestedDataDir([...electronArgv, '--data', '--enable-logging'], {}, cwd)).toBeUndefined();
    expect(requestedDataDir([...electronArgv, '--data='], {}, cwd)).toBeUndefined();
  });
});

describe('findAppRoot', () => {
  const root = path.resolve('/opt/evidence-station/resources/app.asar');
  const hasPackageJson = (dir: string) => dir === root;

  it('finds the folder with package.json from the built main, the source, or the root itself', () => {
    expect(findAppRoot(path.join(root, 'dist', 'node', 'electron', 'main'), hasPackageJson)).toBe(root);
    expect(findAppRoot(path.join(root, 'electron', 'main'), hasPackageJson)).toBe(root);
    expect(findAppRoot(root, hasPackageJson)).toBe(root);
  });

  it('fails plainly when there is none', () => {
    expect(() => findAppRoot(path.resolve('/tmp/nowhere'), () => false)).toThrow(/no package.json/);
  });
});
