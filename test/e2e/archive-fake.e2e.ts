/**
 * The archive screen end to end against the in-memory fake station (`?fake=1`), in Debian's Chromium:
 * identify -> Alt+7 opens 长期保存 -> the queue shows the case labelled for long-term keeping -> select
 * it, write to a folder (external disk) -> live progress (stages, speed, time left) -> a verified disc
 * in the registry, the queue empty -> shelf location saved -> an old disc due for re-check is verified
 * again -> English. Built and served like renderer-fake.e2e.ts (the web host's CSP header included).
 * Screenshots: test/.artefacts/e2e/archive-fake-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/browser.js';
import { openFakeRenderer, type FakeRendererSession } from './support/fake-renderer.js';
import { loginAs } from './support/accounts.js';

const CASE = '清国土罚（2026）15号';

let session: FakeRendererSession;
let page: Page;
let problems: string[] = [];
const shot = (shotName: string, fullPage = false) => session.shot(shotName, fullPage);


describe.skipIf(!haveChromium)('archive screen against the fake station (Chromium)', () => {
  beforeAll(async () => {
    session = await openFakeRenderer('archive-fake', { width: 1280, height: 900 });
    page = session.page;
    problems = session.problems;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('queue -> archive a case to a folder -> progress -> verified disc -> shelf -> verify again -> English', async () => {
    await page.goto(`${session.baseUrl}/?fake=1&fakeSpeed=1`);
    // Issue F: the fake station's demo accounts (renderer/src/bridge/fake-access.ts).
    await page.getByTestId('login-username').waitFor();
    await loginAs(page, 'zhangwei', 'Zhang-pass-2026');
    await expect.poll(() => page.getByTestId('operator').textContent()).toContain('张伟(010203)');

    // ---- Alt+7 opens the archive tab ----
    await page.keyboard.press('Alt+Digit7');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/archive');
    expect(await page.getByTestId('nav-archive').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('nav-archive').textContent()).toContain('长期保存');

    // ---- the queue: the case labelled for long-term keeping, with its reason ----
    const entry = page.getByTestId('archive-queue-entry').filter({ hasText: CASE });
    await entry.waitFor();
    expect(await page.getByTestId('archive-queue-entry').count()).toBe(1);
    expect(await entry.textContent()).toContain('阻挠');
    expect(await entry.textContent()).toContain('3 个文件');
    const oldDisc = page.getByTestId('archive-disc').filter({ hasText: '清国土罚（2025）88号' });
    await oldDisc.waitFor();
    await oldDisc.getByTestId('archive-disc-due').waitFor();
    expect(await page.getByTestId('archive-start').isDisabled()).toBe(true);
    await shot('01-queue.zh-CN', true);

    // ---- select the case, write to a folder on an external disk ----
    await entry.getByTestId('archive-select-case').click();
    expect(await page.getByTestId('archive-chosen-case').textContent()).toContain(CASE);
    await page.getByTestId('archive-target-kind').selectOption('folder');
    expect(await page.getByTestId('archive-target-media').count()).toBe(0);
    await page.getByTestId('archive-target-path').fill('/media/clerk/证据备份');
    await page.getByTestId('archive-start').click();

    // ---- live progress: a stage before done, with speed and time left ----
    const progress = page.getByTestId('archive-progress');
    await progress.waitFor();
    await expect.poll(() => progress.getAttribute('data-step'), { timeout: 10_000 }).toMatch(/^(packaging|writing|verifying)$/);
    expect(await page.getByTestId('archive-speed').textContent()).toMatch(/MB\/s/);
    expect(await page.getByTestId('archive-start').isDisabled()).toBe(true);
    await shot('02-progress.zh-CN', true);

    // ---- done: verified, registered, the queue empty ----
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const result = page.getByTestId('archive-result');
    expect(await result.getAttribute('data-ok')).toBe('true');
    const newDisc = page.getByTestId('archive-disc').filter({ hasText: CASE });
    await newDisc.waitFor();
    expect(await newDisc.getAttribute('data-status')).toBe('verified');
    expect(await newDisc.textContent()).toContain('/media/clerk/证据备份');
    await page.getByTestId('archive-queue-empty').waitFor();
    expect(await result.textContent()).toContain((await newDisc.getAttribute('data-disc-id')) ?? '?');

    // ---- where the disc is kept ----
    await newDisc.getByTestId('archive-shelf').fill('档案室 B-1-04');
    await newDisc.getByTestId('archive-shelf-save').click();
    await newDisc.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await shot('03-verified.zh-CN', true);

    // ---- the old disc, due for re-check, is verified again: one more line in its history ----
    await oldDisc.getByTestId('archive-reverify').click();
    await expect.poll(() => progress.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    await oldDisc.locator('summary').click();
    await expect.poll(() => oldDisc.getByTestId('archive-verification').count()).toBe(2);
    await expect.poll(() => oldDisc.getByTestId('archive-disc-due').count()).toBe(0);
    await shot('04-reverified.zh-CN', true);

    // ---- the clerk adds another case by hand, asking for two copies ----
    await page.getByTestId('archive-add-case').fill('清国土罚（2026）12号');
    await page.getByTestId('archive-add-copies').selectOption('2');
    await page.getByTestId('archive-add-submit').click();
    const added = page.locator('[data-testid="archive-queue-entry"][data-case="清国土罚（2026）12号"]');
    await added.waitFor({ timeout: 15_000 });
    await expect.poll(() => added.textContent()).toMatch(/手动加入/);
    await expect.poll(() => added.textContent()).toMatch(/已有 0 \/ 需要 2 份/);
    await shot('045-added-by-hand.zh-CN', true);

    // ---- the same screen in English ----
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Long-term archive · discs');
    expect(await page.getByTestId('nav-archive').textContent()).toContain('Archive');
    await shot('05-en', true);

    expect(problems).toEqual([]);
  });
});
