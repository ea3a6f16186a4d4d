/**
 * The long-term archive against the real station (`evidence-station serve`, loopback web host): a
 * camera docks, its clips are labelled 作为证据使用 (long-term) in the label queue, the archive tab lists
 * the case, the clerk writes it to a folder on an "external disk" (a folder in the test's temp dir), the
 * station packages, writes, reads back and verifies, and the disc shows as verified in the registry.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, loginAs } from './support/accounts.js';
import { openStationPage, snapshot, type StationPage } from './support/browser.js';
import type { RunningStation } from './support/station-process.js';

const CASE_NUMBER = '清国土罚（2026）88号';

describe('label long-term -> archive tab -> write to an external disk folder -> verified disc', () => {
  let opened: StationPage;
  let station: RunningStation;
  let page: Page;

  beforeAll(async () => {
    opened = await openStationPage('archive-real-zz-last-state');
    ({ station, page } = opened);
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('docks a camera and labels every clip for long-term keeping', async () => {
    await page.goto(station.url);
    // Issue F: the evidence clerk docks, labels and archives (bureau-wide reach, archive.manage).
    await loginAs(page, ACCOUNTS.clerk.username, ACCOUNTS.clerk.password);
    await page.getByTestId('nav-dock').waitFor();
    await station.plugCamera('DSJ-A8-0031', { clipCount: 2 });
    const card = page.getByTestId('dock-card').first();
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).toBe('awaiting-labels');

    await page.getByTestId('nav-label').click();
    const tiles = page.getByTestId('label-tile');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await tiles.first().click();
    await page.keyboard.press('Control+A');
    await page.getByTestId('label-case').fill(CASE_NUMBER);
    await page.getByTestId('label-party').fill('某某石材有限公司');
    await page.getByTestId('label-handler').fill('李娜');
    await page.getByTestId('label-location').fill('清河县城关镇');
    await page.getByTestId('label-long-term').selectOption('evidence');
    await page.getByTestId('label-apply').click();
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(0);
  });

  it('archives the case to a folder, reads it back and registers a verified disc', async () => {
    const disk = path.join(station.work, 'external-disk');
    await mkdir(disk);
    await page.getByTestId('nav-archive').click();
    const entry = page.getByTestId('archive-queue-entry').filter({ hasText: CASE_NUMBER });
    await entry.waitFor({ timeout: 30_000 });
    await expect(entry.textContent()).resolves.toContain('作为证据使用');
    await snapshot(page, 'archive-real-01-queue');

    await entry.getByTestId('archive-select-case').click();
    await page.getByTestId('archive-target-kind').selectOption('folder');
    await page.getByTestId('archive-target-path').fill(disk);
    await page.getByTestId('archive-start').click();
    const progress = page.getByTestId('archive-progress');
    await progress.waitFor({ timeout: 30_000 });
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 120_000 }).toMatch(/^(done|failed)$/);
    await snapshot(page, 'archive-real-02-done');
    expect(await page.getByTestId('archive-result').getAttribute('data-ok'), (await page.getByTestId('archive-result').textContent()) ?? '').toBe('true');

    const disc = page.getByTestId('archive-disc').filter({ hasText: CASE_NUMBER });
    await disc.waitFor({ timeout: 30_000 });
    expect(await disc.getAttribute('data-status')).toBe('verified');
    await page.getByTestId('archive-queue-empty').waitFor({ timeout: 30_000 });
    const discId = (await disc.getAttribute('data-disc-id')) ?? '';
    expect(await readdir(disk)).toContain(discId);

    await disc.getByTestId('archive-shelf').fill('档案室 C-2-01');
    await disc.getByTestId('archive-shelf-save').click();
    await disc.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await snapshot(page, 'archive-real-03-registry');
  });
});
