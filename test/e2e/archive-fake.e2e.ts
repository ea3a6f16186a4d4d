/**
 * The archive screen end to end against the in-memory fake station (`?fake=1`), in Debian's Chromium:
 * identify -> Alt+7 opens 长期保存 -> the queue shows the case labelled for long-term keeping -> select
 * it, write to a folder (external disk) -> live progress (stages, speed, time left) -> a verified disc
 * in the registry, the queue empty -> shelf location saved -> an old disc due for re-check is verified
 * again -> English. Built and served like renderer-fake.e2e.ts (the web host's CSP header included).
 * Screenshots: test/.artefacts/e2e/archive-fake-*.png.
 */
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/host/static-files.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artefacts = path.join(repo, 'test/.artefacts/e2e');
const outDir = path.join(repo, 'test/.artefacts/archive-fake-build');
const CHROMIUM = '/usr/bin/chromium';
const CASE = '清国土罚（2026）15号';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
let baseUrl = '';
const problems: string[] = [];

async function shot(name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(artefacts, `archive-fake-${name}.png`), fullPage });
}

const haveChromium = await stat(CHROMIUM).then(
  () => true,
  () => false,
);

describe.skipIf(!haveChromium)('archive screen against the fake station (Chromium)', () => {
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
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

  it('queue -> archive a case to a folder -> progress -> verified disc -> shelf -> verify again -> English', async () => {
    await page.goto(`${baseUrl}/?fake=1&fakeSpeed=1`);
    await page.getByTestId('identify-badge').waitFor();
    await page.getByTestId('identify-badge').fill('010203');
    await page.getByTestId('identify-name').fill('张伟');
    await page.getByTestId('identify-submit').click();
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

    // ---- the same screen in English ----
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Long-term archive · discs');
    expect(await page.getByTestId('nav-archive').textContent()).toContain('Archive');
    await shot('05-en', true);

    expect(problems).toEqual([]);
  });
});
