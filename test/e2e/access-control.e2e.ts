/**
 * Access control end to end (issue F part 1) against the built station with its seeded accounts: no
 * call without a session; lockout and an administrator's unlock; another department's clip neither
 * listed nor opened; request -> approve -> play -> the grant runs out -> the stream and the player are
 * refused; a tampered session token; a confidential clip hidden from a clearance below it; forged and
 * unknown ids over the wire. Every refusal is then found in the audit trail.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, badgeLogin, loginAs, logout } from './support/accounts.js';
import { openStationPage, snapshot, type StationPage } from './support/browser.js';
import { rawClient } from './support/raw-client.js';
import type { RunningStation } from './support/station-process.js';

interface AuditLine {
  actor: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

describe('access control', () => {
  let opened: StationPage;
  let station: RunningStation;
  let page: Page;
  let origin: string;
  let clipId = '';
  let playerUrl = '';
  let expiredTicket = '';

  const alert = (code: string) => page.locator(`[role="alert"][data-code="${code}"]`);
  const gotoPlayer = async () => {
    await page.goto(playerUrl);
    await page.getByTestId('nav-logout').waitFor();
  };

  beforeAll(async () => {
    opened = await openStationPage('access-zz-last-state');
    ({ station, page } = opened);
    origin = new URL(station.url).origin;
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('refuses every call to the web host without a signed-in session, and without the host cookie refuses the socket', async () => {
    await page.goto(station.url);
    await page.getByTestId('login-username').waitFor();
    const anonymous = await rawClient(origin, page.context());
    try {
      const info = await anonymous.call('station.info', {});
      expect(info).toMatchObject({ ok: true, value: { needsSetup: false } });
      expect(info.value).not.toHaveProperty('dataDir');
      for (const command of ['clips.query', 'docks.list', 'settings.get', 'users.list', 'grants.list']) {
        expect(await anonymous.call(command, command === 'grants.list' ? { scope: 'mine' } : {}), command).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
      expect(await anonymous.get('/media/forged-ticket')).toBe(403);
    } finally {
      anonymous.close();
    }
    await expect(rawClient(origin, page.context(), false)).rejects.toThrow(/403/);
    expect((await fetch(`${origin}/`)).status).toBe(401);
  });

  it('locks an account after repeated failed sign-ins, refuses even the right password, and an administrator unlocks it', async () => {
    const lina = ACCOUNTS.otherOfficer;
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByTestId('login-username').fill(lina.username);
      await page.getByTestId('login-password').fill('wrong-password');
      await page.getByTestId('login-submit').click();
      await alert(attempt < 5 ? 'LOGIN_FAILED' : 'ACCOUNT_LOCKED').waitFor();
    }
    await expect(alert('ACCOUNT_LOCKED').textContent()).resolves.toContain('锁定');
    await page.getByTestId('login-username').fill(lina.username);
    await page.getByTestId('login-password').fill(lina.password);
    await page.getByTestId('login-submit').click();
    await alert('ACCOUNT_LOCKED').waitFor();
    await snapshot(page, 'access-01-locked');

    await loginAs(page, ACCOUNTS.admin.username, ACCOUNTS.admin.password);
    await page.getByTestId('nav-users').click();
    await page.locator(`[data-testid="user-row"][data-username="${lina.username}"]`).getByTestId('user-unlock').click();
    await page.getByTestId('users-status').waitFor();
    await logout(page);
    await loginAs(page, lina.username, lina.password);
    await logout(page);
  });

  it("an officer of another department neither finds nor opens a clip; its own officer finds it but needs a grant", async () => {
    await badgeLogin(page, ACCOUNTS.officer.badgeNumber, ACCOUNTS.officer.pin);
    await page.getByTestId('nav-dock').click();
    await station.plugCamera('ACCESS-CAM', { clipCount: 2 });
    const card = page.getByTestId('dock-card').first();
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 60_000 }).toBe('awaiting-labels');

    await page.getByTestId('nav-catalogue').click();
    const rows = page.getByTestId('catalogue-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await rows.filter({ hasText: '.MP4' }).first().click();
    await page.getByTestId('grant-needed').waitFor();
    playerUrl = page.url();
    clipId = /#\/player\/([0-9a-f]{64})/.exec(playerUrl)?.[1] ?? '';
    expect(clipId).toMatch(/^[0-9a-f]{64}$/);
    await logout(page);

    await loginAs(page, ACCOUNTS.otherOfficer.username, ACCOUNTS.otherOfficer.password);
    await page.getByTestId('nav-catalogue').click();
    await expect.poll(() => page.getByTestId('catalogue-total').textContent(), { timeout: 15_000 }).toContain("共 0 条");
    expect(await page.getByTestId('catalogue-row').count()).toBe(0);
    await gotoPlayer();
    await alert('FORBIDDEN').waitFor();
    await expect(alert('FORBIDDEN').textContent()).resolves.toContain('该录像不属于您所在科室');
    await expect(page.getByTestId('player-video').count()).resolves.toBe(0);
    await snapshot(page, 'access-02-other-department');
    await logout(page);
  });

  it('request -> approve -> play -> the grant runs out -> the stream and a new open are refused', async () => {
    await loginAs(page, ACCOUNTS.officer.username, ACCOUNTS.officer.password);
    await gotoPlayer();
    await page.getByTestId('grant-reason').fill('复核现场执法过程是否全程记录');
    await page.getByTestId('grant-request').click();
    await page.getByTestId('grant-requested').waitFor();
    await logout(page);

    // The officer's department supervisor approves a short window (0.01 h = 36 s) so it runs out during the test.
    await loginAs(page, ACCOUNTS.supervisor.username, ACCOUNTS.supervisor.password);
    await page.getByTestId('nav-grants').click();
    const pending = page.getByTestId('grant-pending').first();
    await pending.waitFor();
    await pending.getByTestId('grant-hours').fill('0.01');
    await pending.getByTestId('grant-approve').click();
    await expect.poll(() => page.getByTestId('grant-pending').count(), { timeout: 15_000 }).toBe(0);
    await logout(page);

    await loginAs(page, ACCOUNTS.officer.username, ACCOUNTS.officer.password);
    await gotoPlayer();
    const video = page.getByTestId('player-video');
    await video.waitFor({ timeout: 30_000 });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await video.evaluate((v: HTMLVideoElement) => {
      v.muted = true;
      return v.play();
    });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.2);
    const src = (await video.getAttribute('src')) ?? '';
    expect(src).toContain('/media/');
    expiredTicket = decodeURIComponent(src.split('/media/')[1] ?? '');
    const rangeStatus = () => page.evaluate(async (url) => (await fetch(url, { headers: { Range: 'bytes=0-99' } })).status, src);
    expect(await rangeStatus()).toBe(206);
    await snapshot(page, 'access-03-playing');

    // Mid-play, the grant's window closes: the next Range request is refused (the station re-checks every one).
    await expect.poll(rangeStatus, { timeout: 90_000, interval: 2_000 }).toBe(403);
    await page.reload();
    await page.getByTestId('grant-needed').waitFor({ timeout: 30_000 });
    await snapshot(page, 'access-04-grant-expired');
  });

  it('refuses a tampered session token plainly: the page is back at sign-in', async () => {
    const token = await page.evaluate(() => sessionStorage.getItem('evidence-station.session'));
    expect(token).toBeTruthy();
    await page.evaluate((t) => sessionStorage.setItem('evidence-station.session', `${t.slice(0, -2)}xx`), token ?? '');
    await page.reload();
    await page.getByTestId('login-username').waitFor();
    expect(await page.getByTestId('nav-logout').count()).toBe(0);
  });

  it('a clip raised to personal privacy disappears for an officer without that clearance', async () => {
    await loginAs(page, ACCOUNTS.supervisor.username, ACCOUNTS.supervisor.password);
    await gotoPlayer();
    await page.getByTestId('confidentiality-select').selectOption('personal-privacy');
    await page.getByTestId('confidentiality-reason').fill('画面含未成年人');
    await page.getByTestId('confidentiality-save').click();
    await expect.poll(() => page.getByTestId('confidentiality-badge').getAttribute('data-level'), { timeout: 15_000 }).toBe('personal-privacy');
    await logout(page);

    await loginAs(page, ACCOUNTS.officer.username, ACCOUNTS.officer.password);
    await page.getByTestId('nav-catalogue').click();
    await expect.poll(() => page.getByTestId('catalogue-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await page.locator(`[data-testid="catalogue-row"][data-clip-id="${clipId}"]`).count()).toBe(0);
    await gotoPlayer();
    await alert('FORBIDDEN').waitFor();
    await expect(alert('FORBIDDEN').textContent()).resolves.toContain('超出您的保密权限');
    await snapshot(page, 'access-05-confidential');
  });

  it('refuses forged and unknown ids and an expired ticket over the wire, plainly', async () => {
    const supervisor = await rawClient(origin, page.context());
    try {
      expect(await supervisor.call('auth.resume', { token: 'forged-token' })).toMatchObject({ ok: false, error: { code: 'SESSION_INVALID' } });
      expect(await supervisor.call('auth.login', { username: ACCOUNTS.supervisor.username, password: ACCOUNTS.supervisor.password })).toMatchObject({ ok: true });
      const until = new Date(Date.now() + 3_600_000).toISOString();
      expect(await supervisor.call('grants.decide', { id: 'g-forged0000000000', approve: true, until })).toMatchObject({ ok: false, error: { code: 'GRANT_NOT_FOUND' } });
      expect(await supervisor.call('player.open', { id: 'f'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'CLIP_NOT_FOUND' } });
      expect(await supervisor.call('player.activity', { ticket: expiredTicket, kind: 'play', positionSeconds: 1 })).toMatchObject({ ok: false, error: { code: 'GRANT_INVALID' } });
      expect(await supervisor.get(`/media/${encodeURIComponent(expiredTicket)}`)).toBe(403);
      await supervisor.call('auth.logout', {});
    } finally {
      supervisor.close();
    }
  });

  it('finds every refusal and every grant step in the audit trail', async () => {
    await station.stop();
    const lines = (await readFile(path.join(station.work, 'data', 'audit', 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditLine);
    const find = (action: string, where: (l: AuditLine) => boolean = () => true) => lines.filter((l) => l.action === action && where(l));
    expect(find('access.refused', (l) => l.actor === 'anonymous(web)' && l.detail?.code === 'UNAUTHENTICATED').length).toBeGreaterThanOrEqual(5);
    expect(find('auth.login-failed', (l) => l.detail?.username === 'lina')).toHaveLength(4);
    expect(find('auth.account-locked', (l) => l.detail?.username === 'lina').length).toBeGreaterThanOrEqual(1);
    expect(find('user.unlocked')).toHaveLength(1);
    expect(find('access.refused', (l) => l.actor === '李娜(3202015)' && l.detail?.code === 'FORBIDDEN' && l.detail.reason === 'department').length).toBeGreaterThanOrEqual(1);
    const [requested] = find('grant.requested');
    const grantId = requested?.target.replace('grant:', '') ?? '';
    expect(find('grant.approved', (l) => l.actor === '王强(3201001)' && l.target === `grant:${grantId}`)).toHaveLength(1);
    expect(find('clip.viewed', (l) => l.target === `clip:${clipId}` && l.detail?.grantId === grantId).length).toBeGreaterThanOrEqual(1);
    expect(find('clip.played', (l) => l.detail?.grantId === grantId).length).toBeGreaterThanOrEqual(1);
    expect(find('clip.stream-refused', (l) => l.target === `clip:${clipId}` && l.detail?.grantId === grantId).length).toBeGreaterThanOrEqual(1);
    expect(find('auth.session-refused').length).toBeGreaterThanOrEqual(2);
    expect(find('clip.confidentiality', (l) => l.target === `clip:${clipId}`)).toHaveLength(1);
    expect(find('access.refused', (l) => l.detail?.code === 'FORBIDDEN' && l.detail.reason === 'clearance').length).toBeGreaterThanOrEqual(1);
    for (const code of ['GRANT_NOT_FOUND', 'CLIP_NOT_FOUND', 'GRANT_INVALID']) expect(find('access.refused', (l) => l.detail?.code === code).length, code).toBeGreaterThanOrEqual(1);
  });
});
