/**
 * Confidentiality of cases on the screens (issue F, R5.3), against the real station: a supervisor labels
 * one clip with a level chosen in the label form and the rest under another case, then raises that
 * whole case from the catalogue; an officer without the clearance, who found the case's clips before,
 * no longer finds them and was never offered the controls. The audit trail holds both changes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, badgeLogin, loginAs, logout } from './support/accounts.js';
import { openStationPage, snapshot, type StationPage } from './support/browser.js';
import type { RunningStation } from './support/station-process.js';

/** Labelled through the form with "personal privacy" chosen there. */
const PRIVATE_CASE = '清国土罚（2026）31号';
/** Labelled at the ordinary level, then raised as a case from the catalogue. */
const RAISED_CASE = '清国土罚（2026）32号';

describe('case confidentiality on the screens', () => {
  let opened: StationPage;
  let station: RunningStation;
  let page: Page;

  const rows = () => page.getByTestId('catalogue-row');
  /** The catalogue filtered by one case number; resolves once the list for that filter is shown. */
  const filterByCase = async (caseNumber: string) => {
    await page.getByTestId('nav-catalogue').click();
    await page.getByTestId('catalogue-filter-case').fill(caseNumber);
    await page.getByTestId('catalogue-filter-case').press('Enter');
    await expect.poll(() => page.getByTestId('catalogue-total').textContent(), { timeout: 15_000 }).toMatch(/共 \d+ 条/);
  };

  beforeAll(async () => {
    opened = await openStationPage('case-level-zz-last-state');
    ({ station, page } = opened);
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('docks the officer’s camera', async () => {
    await page.goto(station.url);
    await badgeLogin(page, ACCOUNTS.officer.badgeNumber, ACCOUNTS.officer.pin);
    await page.getByTestId('nav-dock').click();
    await station.plugCamera('CASE-LEVEL-CAM', { clipCount: 2 });
    const card = page.getByTestId('dock-card').first();
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).toBe('awaiting-labels');
    await logout(page);
  });

  it('a supervisor labels one clip with a level chosen in the label form, the rest at the level they have', async () => {
    await loginAs(page, ACCOUNTS.supervisor.username, ACCOUNTS.supervisor.password);
    await page.getByTestId('nav-label').click();
    const tiles = page.getByTestId('label-tile');
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const queued = await tiles.count();

    // One tile selected (the first): labelled and set to personal privacy in the same step.
    await tiles.first().click();
    await page.getByTestId('label-case').fill(PRIVATE_CASE);
    await page.getByTestId('label-party').fill('陈某某');
    await page.getByTestId('label-location').fill('清新区太和镇坑口村');
    await page.getByTestId('label-confidentiality').selectOption('personal-privacy');
    await page.getByTestId('label-apply').click();
    // A level without a reason is stopped before anything is labelled.
    await page.getByTestId('label-confidentiality-error').waitFor();
    expect(await tiles.count()).toBe(queued);
    await page.getByTestId('label-confidentiality-reason').fill('画面含未成年人');
    await page.getByTestId('label-apply').click();
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(queued - 1);
    expect(await page.getByTestId('label-level-error').count()).toBe(0);
    // The choice goes back to "leave as it is" for the next batch.
    await expect(page.getByTestId('label-confidentiality').inputValue()).resolves.toBe('');

    await tiles.first().click();
    await page.keyboard.press('Control+A');
    await page.getByTestId('label-case').fill(RAISED_CASE);
    await page.getByTestId('label-party').fill('清远市某某建材有限公司');
    await page.getByTestId('label-location').fill('清城区东城街道新城村');
    await page.getByTestId('label-apply').click();
    await expect.poll(() => tiles.count(), { timeout: 30_000 }).toBe(0);

    await filterByCase(PRIVATE_CASE);
    // The label form raised the clip, not the case: the case keeps its own level.
    await expect.poll(() => page.getByTestId('case-level').getAttribute('data-level'), { timeout: 15_000 }).toBe('ordinary');
    await logout(page);
  });

  it('the officer finds the ordinary case but not the private one, and is offered no level control', async () => {
    await loginAs(page, ACCOUNTS.officer.username, ACCOUNTS.officer.password);
    await filterByCase(RAISED_CASE);
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('case-level').getAttribute('data-level')).toBe('ordinary');
    expect(await page.getByTestId('case-level-select').count()).toBe(0);
    await filterByCase(PRIVATE_CASE);
    await expect.poll(() => page.getByTestId('catalogue-total').textContent(), { timeout: 15_000 }).toContain('共 0 条');
    expect(await page.getByTestId('case-confidentiality').count()).toBe(0);
    await logout(page);
  });

  it('a supervisor raises the whole case from the catalogue, with a reason', async () => {
    await loginAs(page, ACCOUNTS.supervisor.username, ACCOUNTS.supervisor.password);
    await filterByCase(RAISED_CASE);
    const control = page.getByTestId('case-confidentiality');
    await control.waitFor();
    await expect(page.getByTestId('case-level').getAttribute('data-level')).resolves.toBe('ordinary');
    // The supervisor's clearance is personal privacy: nothing above it is offered.
    await expect(page.getByTestId('case-level-select').locator('option').allTextContents()).resolves.toEqual(['普通', '个人隐私']);
    await page.getByTestId('case-level-select').selectOption('personal-privacy');
    await expect(page.getByTestId('case-level-save').isDisabled()).resolves.toBe(true);
    await page.getByTestId('case-level-reason').fill('涉及当事人个人信息');
    await page.getByTestId('case-level-save').click();
    await page.getByTestId('case-level-saved').waitFor();
    // The list reloads on the station's change event: every clip of the case now carries the level.
    await expect.poll(() => page.getByTestId('case-level').getAttribute('data-level'), { timeout: 15_000 }).toBe('personal-privacy');
    await snapshot(page, 'case-level-01-raised');
    await logout(page);
  });

  it('the officer without that clearance no longer finds the case’s clips', async () => {
    await loginAs(page, ACCOUNTS.officer.username, ACCOUNTS.officer.password);
    await filterByCase(RAISED_CASE);
    await expect.poll(() => page.getByTestId('catalogue-total').textContent(), { timeout: 15_000 }).toContain('共 0 条');
    expect(await rows().count()).toBe(0);
    expect(await page.getByTestId('case-confidentiality').count()).toBe(0);
    await snapshot(page, 'case-level-02-hidden');
    await logout(page);
  });

  it('finds both changes in the audit trail, with their reasons', async () => {
    await station.stop();
    const lines = (await readFile(path.join(station.work, 'data', 'audit', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { actor: string; action: string; target: string; detail?: { reason?: string } });
    const raised = lines.filter((l) => l.action === 'case.confidentiality' && l.target === `case:${RAISED_CASE}`);
    expect(raised).toHaveLength(1);
    expect(raised[0]?.detail?.reason).toBe('涉及当事人个人信息');
    expect(lines.filter((l) => l.action === 'clip.confidentiality' && l.detail?.reason === '画面含未成年人')).toHaveLength(1);
  });
});
