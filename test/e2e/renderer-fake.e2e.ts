/**
 * The renderer end to end against its in-memory fake station (`?fake=1`), in Debian's Chromium:
 * identify (badge scanner) -> a camera docks with live progress -> closing is refused -> the label
 * queue opens filtered to the session -> one batch labels every clip -> late reason -> close ->
 * catalogue -> player -> supervision -> settings -> English. Screenshots go to test/.artefacts/e2e/.
 *
 * The renderer is built into a scratch folder and served by a small static server that sends the web
 * host's own Content-Security-Policy header, so CSP problems show up here too. The full-stack e2e (real
 * station behind the loopback web host) uses the same data-testid selectors.
 */
import type { Page, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/browser.js';
import { openFakeRenderer, type FakeRendererSession } from './support/fake-renderer.js';

/** Waits until a locator's attribute has the wanted value. */
async function attributeIs(locator: Locator, name: string, value: string, timeout = 20_000): Promise<void> {
  await expect.poll(() => locator.getAttribute(name), { timeout }).toBe(value);
}

let session: FakeRendererSession;
let page: Page;
let problems: string[] = [];
const shot = (shotName: string, fullPage = false) => session.shot(shotName, fullPage);


describe.skipIf(!haveChromium)('renderer against the fake station (Chromium)', () => {
  beforeAll(async () => {
    session = await openFakeRenderer('renderer-fake', { width: 1280, height: 800 });
    page = session.page;
    problems = session.problems;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('identify -> dock -> refused close -> batch label -> late reason -> close -> catalogue -> player -> supervise -> settings -> English', async () => {
    await page.goto(`${session.baseUrl}/?fake=1&fakeSpeed=4`);

    // ---- sign in at the dock (issue F): a badge scanner types digits and Enter, then the PIN ----
    await page.getByTestId('login-username').waitFor();
    expect(await page.locator('h1').textContent()).toBe('登录');
    await shot('01-login.zh-CN');
    await page.getByTestId('login-mode-badge').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('badge-number');
    await page.keyboard.type('010203');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('badge-pin');
    await page.keyboard.type('246810');
    await page.getByTestId('badge-submit').click();
    await expect.poll(() => page.getByTestId('operator').textContent()).toContain('张伟(010203)');

    // ---- dock: the camera docks by itself and is copied with progress ----
    const card = page.getByTestId('dock-card').filter({ hasText: 'DSJ-A8-0042' });
    await card.waitFor({ timeout: 15_000 });
    const sessionId = (await card.getAttribute('data-session-id')) ?? '';
    expect(sessionId).not.toBe('');
    await attributeIs(card, 'data-state', 'ingesting');
    await expect.poll(async () => Number(await card.getByTestId('dock-progress-total').getAttribute('aria-valuenow')), { timeout: 15_000 }).toBeGreaterThan(0);
    await shot('02-dock-progress.zh-CN');
    await attributeIs(card, 'data-state', 'awaiting-labels');
    expect(await card.getByTestId('dock-progress-total').getAttribute('aria-valuenow')).toBe('100');
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain('符号链接'); // the refused symlink, with its reason
    expect(cardText).toContain('待标注');
    await shot('03-dock-done.zh-CN', true);

    // ---- close is refused: the message shows and the label queue opens on this session ----
    await card.getByTestId('dock-close').click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/label?session=${encodeURIComponent(sessionId)}`);
    const refusal = page.getByTestId('dock-message');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('SESSION_HAS_UNLABELLED');
    expect(await refusal.textContent()).toContain('还有 6 个文件未标注案号、当事人和承办人');
    const tiles = page.getByTestId('label-tile');
    await expect.poll(() => tiles.count()).toBe(6);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('label-case');
    expect(await page.getByTestId('label-case').getAttribute('placeholder')).toBe('清国土罚（2026）12号');
    await shot('04-label-refused.zh-CN');

    // ---- an incomplete form is never applied; each field says what is wrong ----
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('label-field-error-caseNumber').waitFor();
    await page.getByTestId('label-field-error-party').waitFor();
    await page.getByTestId('label-field-error-location').waitFor();
    await page.getByTestId('label-case').fill('12号');
    await page.keyboard.press('Enter'); // Enter moves on, never submits
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('label-party');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('label-field-error-caseNumber').textContent()).toContain('清国土罚（2026）12号');
    await shot('05-label-errors.zh-CN');
    expect(await tiles.count()).toBe(6);

    // ---- select all with the keyboard and label them in one batch ----
    await tiles.first().click();
    await page.keyboard.press('Control+a');
    await expect.poll(() => page.locator('[data-testid=label-tile][aria-selected=true]').count()).toBe(6);
    await page.keyboard.press('Enter'); // from the grid to the case number field
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('label-case');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('清国土罚(2026)12号');
    await page.keyboard.press('Enter');
    await page.keyboard.type('清远市某某建材有限公司');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('label-handler').inputValue()).toBe('张伟'); // the camera's officer
    await page.keyboard.press('Enter');
    await page.getByTestId('label-stage').selectOption('investigation');
    await page.getByTestId('label-location').fill('清城区东城街道新城村');
    await shot('06-label-filled.zh-CN');
    await page.getByTestId('label-location').press('Control+Enter');
    await page.getByTestId('label-empty').waitFor();
    expect(await page.getByTestId('label-status').count()).toBe(0);
    expect(await page.getByTestId('label-empty').textContent()).toContain('已标注 6 个文件');
    await shot('07-label-done.zh-CN');

    // ---- back on the dock: the late hand-in needs its reason, then the session closes ----
    await page.getByTestId('label-back-to-dock').click();
    await attributeIs(card, 'data-state', 'ready-to-close');
    await card.getByTestId('dock-close').click();
    await expect.poll(() => card.getByTestId('dock-message').getAttribute('data-code')).toBe('LATE_REASON_REQUIRED');
    await card.getByTestId('dock-late-reason').fill('连续外勤执法，返回单位后 24 小时内上交');
    await card.getByTestId('dock-late-submit').click();
    await expect.poll(() => card.getByTestId('dock-message').textContent()).toContain('已为 1 个文件记录迟交原因');
    await card.getByTestId('dock-close').click();
    // A closed session leaves the dock screen; a notice says the camera may be unplugged.
    await expect.poll(() => card.count()).toBe(0);
    const closedNotice = page.locator('[data-testid=notice][data-code=SESSION_CLOSED]');
    expect(await closedNotice.textContent()).toContain('设备 DSJ-A8-0042 的本次采集已结束（6 个文件已校验入库并标注）');
    await shot('08-dock-closed.zh-CN', true);

    // ---- catalogue: Alt+3, search finds the labelled clips ----
    await page.keyboard.press('Alt+3');
    await page.getByTestId('catalogue-search').waitFor();
    await page.getByTestId('catalogue-search').fill('清国土罚(2026)12号');
    await page.getByTestId('catalogue-search').press('Enter');
    const rows = page.getByTestId('catalogue-row');
    await expect.poll(() => rows.filter({ hasText: 'VID_' }).filter({ hasText: '张伟' }).count()).toBeGreaterThanOrEqual(4);
    for (const text of await rows.allTextContents()) expect(text).toContain('清国土罚（2026）12号');
    await shot('09-catalogue.zh-CN');

    // ---- player: a video, its SHA-256 and the audit history ----
    const videoRow = rows.filter({ hasText: '09:05' }).first();
    const clipId = (await videoRow.getAttribute('data-clip-id')) ?? '';
    await videoRow.click();
    await page.getByTestId('player-video').waitFor();
    await expect.poll(async () => ((await page.getByTestId('player-sha256').textContent()) ?? '').replaceAll(' ', '')).toBe(clipId);
    const history = (await page.getByTestId('player-history').textContent()) ?? '';
    expect(history).toContain('标注');
    expect(history).toContain('回放观看');
    expect(await page.getByTestId('player-label').textContent()).toContain('清远市某某建材有限公司');
    await shot('10-player.zh-CN', true);

    // ---- supervision: overdue clips by officer, and the audit trail check ----
    await page.getByTestId('nav-supervise').click();
    await page.getByTestId('overdue-group').first().waitFor();
    expect(await page.getByTestId('overdue-group').first().textContent()).toContain('李娜');
    await page.getByTestId('audit-verify').click();
    await attributeIs(page.getByTestId('audit-result'), 'data-ok', 'true');
    await shot('11-supervise.zh-CN');

    // ---- settings: the example is checked against the pattern as it is typed ----
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-caseNumberExample').waitFor();
    expect(await page.getByTestId('settings-example-check').textContent()).toContain('示例符合案号格式');
    await page.getByTestId('settings-handInLimitHours').fill('48');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => page.getByTestId('settings-status').textContent()).toBe('设置已保存。');
    await shot('12-settings.zh-CN');

    // ---- English, kept across a reload ----
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-dock').textContent()).toContain('Dock');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('nav-label').click();
    await page.getByTestId('label-tile').first().waitFor();
    await shot('13-label.en');
    await page.getByTestId('nav-dock').click();
    await page.getByTestId('dock-card').first().waitFor();
    await shot('14-dock.en', true);
    await page.reload();
    await page.getByTestId('login-username').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    await shot('15-login.en');

    expect(problems).toEqual([]);
  });
});
