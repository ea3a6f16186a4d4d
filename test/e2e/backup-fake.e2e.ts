/**
 * The off-site backup screen end to end against the in-memory fake station (`?fake=1`), in Debian's
 * Chromium: sign in -> Alt+0 opens 异地备份 -> the alarm (no backup yet) and the pending files -> set
 * a target -> back up now -> live progress -> the alarm gives way to the last good backup -> a sample
 * check is listed -> a target that fails shows the failure in plain words, nothing counted as backed up.
 * Screenshots: test/.artefacts/e2e/backup-fake-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium } from './support/browser.js';
import { openFakeRenderer, type FakeRendererSession } from './support/fake-renderer.js';
import { loginAs } from './support/accounts.js';

let session: FakeRendererSession;
let page: Page;


describe.skipIf(!haveChromium)('backup screen against the fake station (Chromium)', () => {
  beforeAll(async () => {
    session = await openFakeRenderer('backup-fake', { width: 1280, height: 900 });
    page = session.page;
  });

  afterAll(async () => {
    await session?.close();
  });

  it('alarm -> configure -> back up now -> progress -> last good backup -> sample check -> a failing target', async () => {
    await page.goto(`${session.baseUrl}/?fake=1&fakeSpeed=1&fakeAutoDock=0`);
    // Issue F: the fake station's demo accounts (renderer/src/bridge/fake-access.ts).
    await page.getByTestId('login-username').waitFor();
    await loginAs(page, 'zhangwei', 'Zhang-pass-2026');
    await expect.poll(() => page.getByTestId('operator').textContent()).toContain('张伟(010203)');

    await page.keyboard.press('Alt+Digit0');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/backup');
    expect(await page.getByTestId('nav-backup').textContent()).toContain('异地备份');

    // No backup yet: the alarm, everything pending, no key.
    await page.getByTestId('backup-alarm').waitFor();
    expect(await page.getByTestId('backup-alarm').textContent()).toContain('还没有成功的异地备份');
    expect(await page.getByTestId('backup-pending').textContent()).toMatch(/[1-9]\d* 个文件/);
    await session.shot('alarm');

    // Without a target the station refuses in words.
    await page.getByTestId('backup-start').click();
    await page.getByTestId('backup-error').waitFor();
    expect(await page.getByTestId('backup-error').getAttribute('data-code')).toBe('BACKUP_TARGET_INVALID');

    await page.getByTestId('backup-target').fill('/media/backup-disk/evidence');
    await page.getByTestId('backup-save').click();
    await page.getByText('已保存').waitFor();

    await page.getByTestId('backup-start').click();
    await page.getByTestId('backup-progress').waitFor();
    await session.shot('progress');
    await page.getByTestId('backup-ok').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('backup-last-good').textContent()).toContain('个录像文件');
    expect(await page.getByTestId('backup-pending').textContent()).toContain('0 个文件');
    expect(await page.getByTestId('backup-key').textContent()).toMatch(/^[0-9a-f]{16}$/);

    await page.getByTestId('backup-verify').click();
    await page.getByTestId('backup-verifications').waitFor();
    expect(await page.getByTestId('backup-verifications').textContent()).toContain('全部解密且哈希一致');
    await session.shot('good');

    // A target that cannot be reached: the failure is shown, the last good backup stays what it was.
    const lastGood = await page.getByTestId('backup-last-good').textContent();
    await page.getByTestId('backup-target').fill('sftp://backup@fail.example/evidence');
    await page.getByTestId('backup-save').click();
    await page.getByTestId('backup-start').click();
    await page.getByTestId('backup-last-failure').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('backup-last-failure').textContent()).toContain('无法连接备份目标');
    expect(await page.getByTestId('backup-last-good').textContent()).toBe(lastGood);
    await session.shot('failed');
    expect(session.problems).toEqual([]);
  });
});
