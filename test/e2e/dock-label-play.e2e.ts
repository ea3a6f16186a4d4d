/**
 * The heart of the product, end to end, against the real station: an officer identifies, a camera
 * appears under the mount root and docks itself, the officer watches the copy, is refused when closing
 * with unlabelled clips, labels them all in one batch, closes, finds them in the catalogue and plays one.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, badgeLogin, loginAs, logout } from './support/accounts.js';
import { openStationPage, snapshot, type StationPage } from './support/browser.js';
import type { RunningStation } from './support/station-process.js';

const CASE_NUMBER = '清国土罚（2026）77号';

describe('dock -> verified ingest -> forced labelling -> catalogue -> player', () => {
  let opened: StationPage;
  let station: RunningStation;
  let page: Page;

  beforeAll(async () => {
    opened = await openStationPage('zz-last-state');
    ({ station, page } = opened);
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('signs the officer in at the dock with badge number + PIN', async () => {
    await page.goto(station.url);
    await badgeLogin(page, ACCOUNTS.officer.badgeNumber, ACCOUNTS.officer.pin);
    await expect(page.getByTestId('operator').textContent()).resolves.toContain('张伟(3201008)');
    await snapshot(page, '01-identified');
  });

  it('docks a camera that appears under the mount root and shows its progress to the end', async () => {
    await page.getByTestId('nav-dock').click();
    await station.plugCamera('DSJ-A8-0007', { clipCount: 3 });
    const card = page.getByTestId('dock-card').first();
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).toBe('awaiting-labels');
    await expect(card.textContent()).resolves.toContain('DSJ-A8-0007');
    await snapshot(page, '02-docked');
  });

  it('refuses to close the session while clips are unlabelled, saying why', async () => {
    await page.getByTestId('dock-close').first().click();
    const message = page.getByTestId('dock-message').first();
    await message.waitFor();
    await expect(message.textContent()).resolves.toMatch(/未标注|标注/);
    await snapshot(page, '03-close-refused');
  });

  it('rejects a bad case number field by field, then labels every clip in one batch', async () => {
    await page.getByTestId('nav-label').click();
    const tiles = page.getByTestId('label-tile');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    await tiles.first().click();
    await page.keyboard.press('Control+A');

    await page.getByTestId('label-case').fill('12号');
    await page.getByTestId('label-party').fill('某某建材有限公司');
    await page.getByTestId('label-handler').fill('张伟');
    await page.getByTestId('label-location').fill('清河县城关镇');
    await page.getByTestId('label-apply').click();
    await page.getByTestId('label-field-error-caseNumber').waitFor();
    await snapshot(page, '04-label-rejected');

    await page.getByTestId('label-case').fill(CASE_NUMBER);
    await page.getByTestId('label-apply').click();
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(0);
    await snapshot(page, '05-labelled');
  });

  it('closes the session once every clip is labelled', async () => {
    await page.getByTestId('nav-dock').click();
    const card = page.getByTestId('dock-card').first();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 30_000 }).toBe('ready-to-close');
    await page.getByTestId('dock-close').first().click();
    await expect.poll(async () => page.getByTestId('dock-card').count(), { timeout: 30_000 }).toBe(0);
  });

  it('finds the clips in the catalogue by case number and plays one', async () => {
    await page.getByTestId('nav-catalogue').click();
    await page.getByTestId('catalogue-search').fill(CASE_NUMBER);
    await page.getByTestId('catalogue-search').press('Enter');
    const rows = page.getByTestId('catalogue-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    await snapshot(page, '06-catalogue');

    const videoRow = rows.filter({ hasText: '.MP4' }).first();
    await videoRow.click();
    // Issue F (R5.1): no viewing without approval - the officer asks, the department's supervisor approves.
    await page.getByTestId('grant-reason').fill('复核现场执法过程');
    await page.getByTestId('grant-request').click();
    await page.getByTestId('grant-requested').waitFor();
    const playerUrl = page.url();
    await logout(page);
    await loginAs(page, ACCOUNTS.supervisor.username, ACCOUNTS.supervisor.password);
    await page.getByTestId('nav-grants').click();
    await page.getByTestId('grant-approve').first().click();
    await expect.poll(() => page.getByTestId('grant-pending').count(), { timeout: 15_000 }).toBe(0);
    await logout(page);
    await loginAs(page, ACCOUNTS.officer.username, ACCOUNTS.officer.password);
    await page.goto(playerUrl);
    const video = page.getByTestId('player-video');
    await video.waitFor({ timeout: 30_000 });
    const sha = await page.getByTestId('player-sha256').textContent();
    expect(sha).toMatch(/[0-9a-f]{64}/);
    // Really decoded: metadata loaded and the playhead moves.
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.2);
    expect(await video.evaluate((v: HTMLVideoElement) => v.videoWidth)).toBe(640);
    await snapshot(page, '07-player');
  });
});
