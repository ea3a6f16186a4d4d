/**
 * The renderer's in-memory fake station (page URL ?fake=1) keeps the station's rules, and everything it
 * says passes the contract's schemas (it is checked through the same validation layer as the real one).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../electron/contract/index.js';
import { transportFromFrontEndApi } from '../../renderer/src/bridge/electron-transport.js';
import { createFakeStation, fakeSha } from '../../renderer/src/bridge/fake-station.js';
import { createValidatedApi } from '../../renderer/src/bridge/validated-api.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

async function settle<T>(promise: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(50);
  return promise;
}

function setUp() {
  const fake = createFakeStation({ speed: 10, autoDock: false });
  const api = createValidatedApi('fake', transportFromFrontEndApi(fake));
  const notices: EventPayload<'station.notice'>[] = [];
  api.on('station.notice', (n) => notices.push(n));
  return { fake, api, notices };
}

describe('fake station', () => {
  it('makes stable SHA-256-shaped ids', () => {
    expect(fakeSha('a')).toMatch(/^[0-9a-f]{64}$/);
    expect(fakeSha('a')).toBe(fakeSha('a'));
    expect(fakeSha('a')).not.toBe(fakeSha('b'));
  });

  it('needs a signed-in person, like the station: password, or badge + PIN; repeated failures lock the account', async () => {
    const { api } = setUp();
    expect(await settle(api.commands['docks.list']({}))).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await settle(api.commands['station.info']({}))).toMatchObject({ ok: true, value: { needsSetup: false } });
    expect(await settle(api.commands['auth.login']({ username: '', password: 'x' }))).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await settle(api.commands['auth.badgeLogin']({ badgeNumber: '010203', pin: '000000' }))).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED', params: { attemptsLeft: 4 } } });
    expect(await settle(api.commands['auth.badgeLogin']({ badgeNumber: '010203', pin: '246810' }))).toMatchObject({ ok: true, value: { operator: '张伟(010203)' } });
    expect(await settle(api.commands['users.list']({}))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await settle(api.commands['auth.logout']({}))).toMatchObject({ ok: true, value: { ended: true } });
    for (let i = 0; i < 4; i++) await settle(api.commands['auth.login']({ username: 'lina', password: 'wrong-pass' }));
    expect(await settle(api.commands['auth.login']({ username: 'lina', password: 'wrong-pass' }))).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    expect(await settle(api.commands['auth.login']({ username: 'lina', password: 'Lina-pass-2026' }))).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
  });

  it('docks a camera, refuses to close until labelled and explained, then closes', async () => {
    const { fake, api } = setUp();
    await settle(api.commands['auth.login']({ username: 'zhangwei', password: 'Zhang-pass-2026' }));
    const updates: EventPayload<'dock.updated'>[] = [];
    api.on('dock.updated', (s) => updates.push(s));
    const sessionId = fake.dockCamera('/media/usb9');
    await vi.advanceTimersByTimeAsync(20_000);
    const last = updates.filter((u) => u.id === sessionId).at(-1);
    expect(last?.state).toBe('awaiting-labels');
    expect(last?.progress.step).toBe('done');
    expect(last?.progress.bytesDone).toBe(last?.progress.bytesTotal);
    expect(last?.problems.map((p) => p.message)).toContain('symlink');
    expect(updates.some((u) => u.id === sessionId && u.progress.step === 'copying' && (u.progress.etaSeconds ?? -1) >= 0)).toBe(true);

    expect(await settle(api.commands['docks.close']({ sessionId }))).toMatchObject({ ok: false, error: { code: 'SESSION_HAS_UNLABELLED', params: { count: 6 } } });

    const queue = await settle(api.commands['clips.query']({ unlabelledOnly: true, dockSessionId: sessionId, limit: 100 }));
    if (!queue.ok) throw new Error('query failed');
    const ids = queue.value.items.map((c) => c.id);
    expect(ids).toHaveLength(6);

    const rejected = await settle(api.commands['clips.label']({ ids, label: { caseNumber: '12号', party: '', handler: '张伟', stage: 'investigation', location: '' } }));
    expect(rejected).toMatchObject({ ok: false, error: { code: 'LABEL_REJECTED', fields: { caseNumber: { code: 'CASE_NUMBER_INVALID' }, party: { code: 'FIELD_REQUIRED' }, location: { code: 'FIELD_REQUIRED' } } } });

    const labelled = await settle(api.commands['clips.label']({ ids, label: { caseNumber: '清国土罚(2026)12号', party: '某公司', handler: '张伟', stage: 'investigation', location: '东城街道' } }));
    expect(labelled).toEqual({ ok: true, value: { updated: 6 } });
    const one = await settle(api.commands['clips.get']({ id: ids[0] ?? '' }));
    expect(one.ok && one.value.clip.label?.caseNumber).toBe('清国土罚（2026）12号');
    expect(one.ok && one.value.history.map((r) => r.action)).toContain('clip.labelled');

    expect(await settle(api.commands['docks.close']({ sessionId }))).toMatchObject({ ok: false, error: { code: 'LATE_REASON_REQUIRED', params: { count: 1 } } });
    expect(await settle(api.commands['docks.lateReason']({ sessionId, clipIds: ids, reason: '连续外勤，返回后上交' }))).toEqual({ ok: true, value: { updated: 1 } });
    const closed = await settle(api.commands['docks.close']({ sessionId }));
    expect(closed).toMatchObject({ ok: true, value: { state: 'closed' } });
    const open = await settle(api.commands['docks.list']({}));
    expect(open.ok && open.value.some((s) => s.id === sessionId)).toBe(false);
  });

  it('a folder path with "full" runs out of disk with figures; "unplug" is interrupted', async () => {
    const { api, notices } = setUp();
    await settle(api.commands['auth.login']({ username: 'zhangwei', password: 'Zhang-pass-2026' }));
    const full = await settle(api.commands['docks.ingestFolder']({ path: '/media/full-disk' }));
    const unplug = await settle(api.commands['docks.ingestFolder']({ path: '/media/unplug-me' }));
    expect(await settle(api.commands['docks.ingestFolder']({ path: '/media/unplug-me' }))).toMatchObject({ ok: false, error: { code: 'SESSION_BUSY' } });
    await vi.advanceTimersByTimeAsync(20_000);
    const list = await settle(api.commands['docks.list']({}));
    if (!list.ok || !full.ok || !unplug.ok) throw new Error('failed');
    expect(list.value.find((s) => s.id === full.value.sessionId)).toMatchObject({ state: 'failed', failure: 'DISK_FULL' });
    expect(list.value.find((s) => s.id === unplug.value.sessionId)).toMatchObject({ state: 'interrupted', failure: 'SOURCE_VANISHED' });
    expect(notices.find((n) => n.code === 'DISK_FULL')?.params).toMatchObject({ needed: expect.any(Number), free: expect.any(Number) });
  });

  it('lists overdue clips, verifies its audit trail and keeps settings valid', async () => {
    const { api } = setUp();
    await settle(api.commands['auth.login']({ username: 'zhangwei', password: 'Zhang-pass-2026' }));
    const overdue = await settle(api.commands['clips.overdue']({}));
    expect(overdue.ok && overdue.value.length).toBe(3);
    expect(await settle(api.commands['audit.verify']({}))).toMatchObject({ ok: true, value: { ok: true } });
    expect(await settle(api.commands['settings.update']({ caseNumberPattern: '([' }))).toMatchObject({ ok: false, error: { code: 'SETTING_INVALID' } });
    expect(await settle(api.commands['settings.update']({ handInLimitHours: 48 }))).toMatchObject({ ok: true, value: { handInLimitHours: 48 } });
    expect(await settle(api.commands['settings.update']({ handInLimitHours: 0 }))).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
