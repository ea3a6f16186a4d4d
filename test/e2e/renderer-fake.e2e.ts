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
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/host/static-files.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artefacts = path.join(repo, 'test/.artefacts/e2e');
const outDir = path.join(repo, 'test/.artefacts/renderer-fake-build');
const CHROMIUM = '/usr/bin/chromium';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
let baseUrl = '';
const problems: string[] = [];

async function shot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(artefacts, `renderer-fake-${name}.png`), fullPage });
}

/** Waits until a locator's attribute has the wanted value. */
async function attributeIs(locator: Locator, name: string, value: string, timeout = 20_000): Promise<void> {
  await expect.poll(() => locator.getAttribute(name), { timeout }).toBe(value);
}

const haveChromium = await stat(CHROMIUM).then(
  () => true,
  () => false,
);

describe.skipIf(!haveChromium)('renderer against the fake station (Chromium)', () => {
  beforeAll(async () => {
    await mkdir(artefacts, { recursive: true });
    await build({ configFile: path.join(repo, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });

    server = createServer((request, response) => {
      void (async () => {
        const url = new URL(request.url ?? '/', 'http://127.0.0.1');
        const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
        const file = path.resolve(outDir, relative);
        if (!file.startsWith(outDir + path.sep)) return void response.writeHead(403).end();
        const body = await readFile(file).catch(() => undefined);
        if (!body) return void response.writeHead(404).end();
        response.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
        response.end(body);
      })();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('identify -> dock -> refused close -> batch label -> late reason -> close -> catalogue -> player -> supervise -> settings -> English', async () => {
    await page.goto(`${baseUrl}/?fake=1&fakeSpeed=4`);

    // ---- identify: a badge scanner types digits and Enter ----
    const badge = page.getByTestId('identify-badge');
    await badge.waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('identify-badge');
    expect(await page.locator('h1').textContent()).toBe('人员登记');
    await shot('01-identify.zh-CN');
    await page.keyboard.type('010203');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('identify-name');
    await page.keyboard.type('张伟');
    await page.getByTestId('identify-submit').click();
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
    await page.getByTestId('identify-badge').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Identify yourself');
    await shot('15-identify.en');

    expect(problems).toEqual([]);
  });
});
