/**
 * First start (issue F): a station with no account shows only the first-administrator form; a weak or
 * mistyped password is refused in words; the created administrator is signed in at once and audited;
 * after that, the form is gone for good and a second `auth.setup` over the wire is refused.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationPage, type StationPage } from './support/browser.js';
import { rawClient } from './support/raw-client.js';

describe('first start of a station', () => {
  let opened: StationPage;
  let page: Page;

  beforeAll(async () => {
    opened = await openStationPage('first-start-last-state', { accounts: [], cameras: [] });
    page = opened.page;
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('asks for the first administrator and nothing else', async () => {
    await page.goto(opened.station.url);
    await page.getByTestId('setup-submit').waitFor();
    expect(await page.getByTestId('login-username').count()).toBe(0);
    expect(await page.getByTestId('nav-logout').count()).toBe(0);
  });

  it('refuses two passwords that differ, then creates the administrator and signs them in', async () => {
    await page.getByTestId('setup-displayName').fill('刘主任');
    await page.getByTestId('setup-password').fill('First-admin-2026');
    await page.getByTestId('setup-again').fill('First-admin-2025');
    await page.getByTestId('setup-submit').click();
    await page.getByText(/不一致|do not match/).waitFor();
    expect(await page.getByTestId('nav-logout').count()).toBe(0);

    await page.getByTestId('setup-again').fill('First-admin-2026');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('nav-logout').waitFor();
    expect(await page.getByTestId('operator').textContent()).toContain('刘主任');

    const audit = (await readFile(path.join(opened.station.work, 'data', 'audit', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; detail?: { firstAdministrator?: boolean } });
    expect(audit.some((record) => record.action === 'user.created' && record.detail?.firstAdministrator === true)).toBe(true);
  });

  it('never offers the form again, and refuses a second setup over the wire', async () => {
    const anonymous = await rawClient(new URL(opened.station.url).origin, page.context());
    try {
      expect(await anonymous.call('station.info', {})).toMatchObject({ ok: true, value: { needsSetup: false } });
      const second = await anonymous.call('auth.setup', { username: 'intruder', displayName: '冒充者', department: '信息中心', password: 'Intruder-pass-2026' });
      expect(second.ok).toBe(false);
    } finally {
      anonymous.close();
    }
  });
});
