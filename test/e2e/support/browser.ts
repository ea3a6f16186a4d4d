/** Debian's Chromium driven by playwright-core; screenshots and the console kept as test artefacts. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from './station-process.js';

export const artefactDir = path.join(repoRoot, 'test', '.artefacts', 'e2e');

export async function launchChromium(): Promise<Browser> {
  await mkdir(artefactDir, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
}

export async function snapshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artefactDir, `${name}.png`), fullPage: true });
}
