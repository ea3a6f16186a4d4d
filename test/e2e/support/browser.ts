/** Debian's Chromium driven by playwright-core; screenshots and the console kept as test artefacts. */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot, startStation, type RunningStation, type StartStationOptions } from './station-process.js';

export const artefactDir = path.join(repoRoot, 'test', '.artefacts', 'e2e');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Whether Debian's Chromium is there; browser tests skip (with their describe's name) when it is not. */
export const haveChromium = await stat(CHROMIUM).then(
  () => true,
  () => false,
);

export async function launchChromium(): Promise<Browser> {
  await mkdir(artefactDir, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
  });
}

export async function snapshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artefactDir, `${name}.png`), fullPage: true });
}

export interface StationPage {
  station: RunningStation;
  page: Page;
  close(): Promise<void>;
}

/** The real station (`evidence-station serve`) and one Chromium page on it; console errors reported at close. */
export async function openStationPage(lastShotName: string, options: StartStationOptions = {}): Promise<StationPage> {
  const station = await startStation(options);
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  return {
    station,
    page,
    close: async () => {
      await snapshot(page, lastShotName).catch(() => undefined);
      await browser.close();
      await station.stop();
      if (consoleErrors.length > 0) console.warn(`browser console errors:\n${consoleErrors.join('\n')}`);
    },
  };
}
