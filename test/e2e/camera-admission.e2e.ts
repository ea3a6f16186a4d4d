/**
 * Issue B end to end against the real station (`evidence-station serve`, no USB needed): an
 * unregistered emulated camera appears under the mount root and is refused with a clear message; the
 * clerk registers it in one step from the prefilled form on the Dock screen; the station docks it at
 * once; the registry screen lists it. A foreign stick beside it is never read.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, loginAs } from './support/accounts.js';
import { launchChromium, snapshot } from './support/browser.js';
import { startStation, type RunningStation } from './support/station-process.js';

describe('camera admission: refused, registered in one step, docked', () => {
  let station: RunningStation;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // No camera registered before serve starts: the admission test's own starting point.
    station = await startStation({ cameras: [] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await snapshot(page, 'camera-admission-last').catch(() => undefined);
    await browser?.close();
    await station?.stop();
  });

  it('shows an unregistered camera refused, with the reason and the one-step registration', async () => {
    await page.goto(station.url);
    await loginAs(page, ACCOUNTS.clerk.username, ACCOUNTS.clerk.password);
    await page.getByTestId('nav-dock').click();
    await station.plugCamera('CAM-UNREGISTERED', { deviceNumber: 'DSJ-A8-0055', clipCount: 1, clipSeconds: 1 });
    const camera = page.getByTestId('present-camera').filter({ hasText: 'DSJ-A8-0055' });
    await camera.waitFor({ timeout: 30_000 });
    await expect.poll(() => camera.getAttribute('data-code'), { timeout: 30_000 }).toBe('CAMERA_UNREGISTERED');
    await expect(camera.getByTestId('present-camera-problem').textContent()).resolves.toContain('未在设备登记簿中登记');
    // Prefilled from what the camera reported.
    await expect(camera.getByTestId('register-camera-number').inputValue()).resolves.toBe('DSJ-A8-0055');
    await expect(camera.getByTestId('register-camera-badge').inputValue()).resolves.toBe('3201008');
    await expect(camera.getByTestId('register-camera-name').inputValue()).resolves.toBe('张伟');
    expect(await page.getByTestId('dock-card').count()).toBe(0);
    await snapshot(page, 'camera-refused');
  });

  it('never reads a foreign stick', async () => {
    const staging = path.join(station.work, 'staging-stick');
    await mkdir(staging, { recursive: true });
    await writeFile(path.join(staging, 'notes.txt'), 'not evidence');
    await rename(staging, path.join(station.mountRoot, 'STICK'));
    const stick = page.locator('[data-testid="present-camera"][data-code="CAMERA_FOREIGN_DEVICE"]');
    await stick.waitFor({ timeout: 30_000 });
    await expect(stick.textContent()).resolves.toContain('不是记录仪');
  });

  it('registers the camera in one step; the station docks it at once', async () => {
    const camera = page.getByTestId('present-camera').filter({ hasText: 'DSJ-A8-0055' });
    await camera.getByTestId('register-camera-department').fill('执法一科');
    await camera.getByTestId('register-camera-submit').click();
    const card = page.getByTestId('dock-card').first();
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).toMatch(/awaiting-labels|ready-to-close/);
    await expect(card.textContent()).resolves.toContain('DSJ-A8-0055');
    await expect.poll(() => page.getByTestId('present-camera').filter({ hasText: 'DSJ-A8-0055' }).count()).toBe(0);
    await snapshot(page, 'camera-registered-docked');
  });

  it('lists the camera in the device registry, bound to its officer', async () => {
    await page.getByTestId('nav-devices').click();
    const row = page.getByTestId('device-DSJ-A8-0055');
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('张伟');
    await expect(row.textContent()).resolves.toContain('执法一科');
  });
});
