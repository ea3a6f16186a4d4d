/**
 * The renderer against its in-memory fake station (`?fake=1`), in Debian's Chromium. The renderer is
 * built into a scratch folder and served by a small static server that sends the web host's own
 * Content-Security-Policy header, so CSP problems show up here too. Page errors, console errors and
 * warnings are collected in `problems` for the test to assert on.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../../../electron/host/static-files.js';
import { artefactDir, launchChromium } from './browser.js';
import { repoRoot } from './station-process.js';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

export interface FakeRendererSession {
  page: Page;
  baseUrl: string;
  problems: string[];
  shot(name: string, fullPage?: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function openFakeRenderer(name: string, viewport: { width: number; height: number }): Promise<FakeRendererSession> {
  const outDir = path.join(repoRoot, 'test', '.artefacts', `${name}-build`);
  await mkdir(artefactDir, { recursive: true });
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });

  const server: Server = createServer((request, response) => {
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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  const browser: Browser = await launchChromium();
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });

  return {
    page,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    problems,
    shot: async (shotName, fullPage = false) => {
      await page.screenshot({ path: path.join(artefactDir, `${name}-${shotName}.png`), fullPage });
    },
    close: async () => {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
