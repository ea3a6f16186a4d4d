/**
 * Supervision on the screens, against the real station with its seeded accounts: after two dockings of
 * one camera 20 minutes apart the station asks the officer for a written explanation, the officer writes
 * it on 抽查审查, the head sees it on the continuity timeline; the head draws last month's sample, reviews
 * a clip, and the officer sees the result; the clerk records a party's copy request, the head approves
 * it, the clerk produces it on a folder and the package's manifest verifies; the legal office, granted a
 * viewing by the head, replays a clip at another speed, steps frames and bookmarks a moment with a note.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, badgeLogin, loginAs, logout } from './support/accounts.js';
import { openStationPage, snapshot, type StationPage } from './support/browser.js';
import type { RunningStation } from './support/station-process.js';

const EXPLANATION = '存储卡已满，更换后继续录制';

describe('supervision screens', () => {
  let opened: StationPage;
  let station: RunningStation;
  let page: Page;
  let clipForReplay = '';

  beforeAll(async () => {
    opened = await openStationPage('supervision-zz-last-state');
    ({ station, page } = opened);
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('docks one camera three times: twice today 20 minutes apart, once last month', async () => {
    await page.goto(station.url);
    await badgeLogin(page, ACCOUNTS.officer.badgeNumber, ACCOUNTS.officer.pin);
    await page.getByTestId('nav-dock').click();
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 5 * 86_400_000);
    const today = new Date(now.getTime() - 3 * 3_600_000);
    const plugs = [
      ['first', today],
      ['second', new Date(today.getTime() + 20 * 60_000)],
      ['earlier', lastMonth],
    ] as const;
    for (const [index, [name, recordedAt]] of plugs.entries()) {
      await station.plugCamera(name, { clipCount: 2, withGap: false, recordedAt });
      await expect.poll(() => page.locator('[data-testid="dock-card"]:not([data-state="ingesting"])').count(), { timeout: 90_000 }).toBe(index + 1);
    }
    await snapshot(page, 'supervision-01-docked');
  });

  it('shows the officer the explanation the station asked for, and records the written answer', async () => {
    await page.getByTestId('nav-review').click();
    const gap = page.getByTestId('gap-to-explain');
    await expect.poll(() => gap.count(), { timeout: 15_000 }).toBe(1);
    await gap.getByTestId('gap-explain-text').fill(EXPLANATION);
    await gap.getByTestId('gap-explain-submit').click();
    await expect.poll(() => gap.count(), { timeout: 15_000 }).toBe(0);
    await snapshot(page, 'supervision-02-explained');
  });

  it('shows the head the gap and its explanation on the continuity timeline', async () => {
    await logout(page);
    await loginAs(page, ACCOUNTS.head.username, ACCOUNTS.head.password);
    await page.getByTestId('nav-supervise').click();
    const explanation = page.getByTestId('gap-explanation');
    await explanation.first().waitFor({ timeout: 15_000 });
    await expect(explanation.first().textContent()).resolves.toContain(EXPLANATION);
    await snapshot(page, 'supervision-03-timeline');
  });

  it('lets the head draw last month’s sample and review a clip', async () => {
    await page.getByTestId('nav-review').click();
    await page.getByTestId('spotcheck-draw').click();
    await page.getByTestId('spotcheck-draw-result').waitFor();
    const items = page.getByTestId('spotcheck-item');
    // Last month's videos (an audio file identical to today's is one clip, recorded today).
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const drawn = await items.count();
    const first = items.first();
    await first.getByTestId('review-full-yes').check();
    await first.getByTestId('review-lawful-no').check();
    await first.getByTestId('review-interruptions-na').check();
    await first.getByTestId('review-findings').fill('未告知当事人正在录像');
    await first.getByTestId('review-submit').click();
    await expect.poll(() => items.count(), { timeout: 15_000 }).toBe(drawn - 1);
    await snapshot(page, 'supervision-04-reviewed');
  });

  it('shows the officer the result of the review', async () => {
    await logout(page);
    await badgeLogin(page, ACCOUNTS.officer.badgeNumber, ACCOUNTS.officer.pin);
    await page.getByTestId('nav-review').click();
    const result = page.getByTestId('spotcheck-result');
    await result.first().waitFor({ timeout: 15_000 });
    await expect(result.first().textContent()).resolves.toContain('未告知当事人正在录像');
    await expect(page.getByTestId('spotcheck-queue').count()).resolves.toBe(0);
    await snapshot(page, 'supervision-05-result');
  });

  it('takes a party’s copy request from the clerk, its approval from the head, and produces a verified package', async () => {
    // The clips' ids as the clerk would copy them from the player: read here from the catalogue's files.
    const shards = path.join(station.work, 'data', 'catalogue', 'clips');
    const videos = readdirSync(shards)
      .filter((name) => name.endsWith('.json'))
      .flatMap((name) => (JSON.parse(readFileSync(path.join(shards, name), 'utf8')) as { clips: { id: string; kind: string }[] }).clips)
      .filter((clip) => clip.kind === 'video')
      .map((clip) => clip.id)
      .slice(0, 2);
    expect(videos).toHaveLength(2);

    await logout(page);
    await loginAs(page, ACCOUNTS.clerk.username, ACCOUNTS.clerk.password);
    await page.getByTestId('nav-copies').click();
    await page.getByTestId('copy-name').fill('李四');
    await page.getByTestId('copy-id-number').fill('110105194912310021');
    await page.getByTestId('copy-clips').fill(videos.join('\n'));
    await page.getByTestId('copy-reason').fill('申请行政复议');
    await page.getByTestId('copy-request-submit').click();
    await expect(page.getByTestId('copy-request-error').getAttribute('data-code')).resolves.toBe('ID_NUMBER_INVALID');
    await page.getByTestId('copy-id-number').fill('11010519491231002X');
    await page.getByTestId('copy-request-submit').click();
    const row = page.getByTestId('copy-request').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 15_000 }).toBe('pending');
    await expect(row.textContent()).resolves.toContain('110***********002X');

    await logout(page);
    await loginAs(page, ACCOUNTS.head.username, ACCOUNTS.head.password);
    await page.getByTestId('nav-copies').click();
    await page.getByTestId('copy-approve').first().click();
    await expect.poll(() => page.getByTestId('copy-request').first().getAttribute('data-status'), { timeout: 15_000 }).toBe('approved');

    await logout(page);
    await loginAs(page, ACCOUNTS.clerk.username, ACCOUNTS.clerk.password);
    await page.getByTestId('nav-copies').click();
    await page.getByTestId('copy-destination').fill(path.join(station.work, 'no-such-disk'));
    await page.getByTestId('copy-produce').click();
    await expect(page.getByTestId('copy-error').getAttribute('data-code')).resolves.toBe('EXPORT_DESTINATION_MISSING');
    const usb = path.join(station.work, 'usb1');
    await mkdir(usb);
    await page.getByTestId('copy-destination').fill(usb);
    await page.getByTestId('copy-watermark').uncheck();
    await page.getByTestId('copy-produce').click();
    await page.getByTestId('copy-production').waitFor({ timeout: 60_000 });
    await snapshot(page, 'supervision-06-copy');

    const [folder] = readdirSync(usb);
    const root = path.join(usb, folder ?? '');
    const lines = readFileSync(path.join(root, 'manifest-sha256.txt'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      const [hash, name] = line.split('  ') as [string, string];
      expect(createHash('sha256').update(readFileSync(path.join(root, name))).digest('hex'), name).toBe(hash);
    }
    expect(existsSync(path.join(root, 'cover-sheet.pdf'))).toBe(true);
    clipForReplay = videos[0] ?? '';
  });

  it('replays at 0.25x-4x, steps frames and keeps a bookmark with its note', async () => {
    const gotoPlayer = async () => {
      await page.evaluate((id) => {
        window.location.hash = `#/player/${id}`;
      }, clipForReplay);
    };
    await logout(page);
    await loginAs(page, ACCOUNTS.legal.username, ACCOUNTS.legal.password);
    await gotoPlayer();
    await page.getByTestId('grant-reason').fill('复核执法过程，准备行政复议答复');
    await page.getByTestId('grant-request').click();
    await page.getByTestId('grant-requested').waitFor();
    await logout(page);

    await loginAs(page, ACCOUNTS.head.username, ACCOUNTS.head.password);
    await page.getByTestId('nav-grants').click();
    const pending = page.getByTestId('grant-pending').first();
    await pending.waitFor();
    await pending.getByTestId('grant-hours').fill('1');
    await pending.getByTestId('grant-approve').click();
    await expect.poll(() => page.getByTestId('grant-pending').count(), { timeout: 15_000 }).toBe(0);
    await logout(page);

    await loginAs(page, ACCOUNTS.legal.username, ACCOUNTS.legal.password);
    await gotoPlayer();
    const video = page.getByTestId('player-video');
    await video.waitFor({ timeout: 30_000 });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await page.getByTestId('replay-rate-0.25').click();
    expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(0.25);
    await page.getByTestId('replay-rate-4').click();
    expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(4);
    await page.getByTestId('replay-frame-forward').click();
    await page.getByTestId('replay-frame-forward').click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeCloseTo(0.08, 2);
    expect(await video.evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
    await page.getByTestId('replay-frame-back').click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeCloseTo(0.04, 2);
    // The keyboard: '.' one frame forward, ']' faster (from 4x it stays at 4x), '[' slower.
    await page.locator('body').press('.');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 }).toBeCloseTo(0.08, 2);
    await page.locator('body').press('[');
    expect(await video.evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(2);

    await page.getByTestId('bookmark-note').fill('当事人拒绝出示证件');
    await page.getByTestId('bookmark-add').click();
    const bookmarks = page.getByTestId('bookmarks');
    await bookmarks.waitFor({ timeout: 15_000 });
    await expect(bookmarks.textContent()).resolves.toContain('当事人拒绝出示证件');
    await expect(bookmarks.textContent()).resolves.toContain('00:00.08');
    await snapshot(page, 'supervision-07-replay');
  });
});
