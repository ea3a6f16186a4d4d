/**
 * Issue F through the real core with strict fakes: accounts, lockout, sessions (idle lock, tampered
 * token), department and clearance visibility, and the grant life cycle down to the media check.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../electron/core/commands/handlers.js';
import { createStation, type Station } from '../../electron/core/station.js';
import { fakeAccessPorts } from '../fakes/actors.js';
import { fakePorts } from '../fakes/ports.js';

const camera = { deviceNumber: 'DSJ-A8-0007', officerNumber: '3201008', officerName: '张伟' };
const PASSWORD = 'Secret-pass-1';

type Ports = ReturnType<typeof fakePorts> & { access: ReturnType<typeof fakeAccessPorts> };

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(`${settled.error.code}: ${settled.error.message}`);
  return settled.value;
}

describe('access control through the station', () => {
  let ports: Ports;
  let station: Station;
  let clipId: string;
  const connections: Record<string, CallContext> = {};

  const login = async (username: string) => {
    const call: CallContext = { via: 'web' };
    await value(station.execute('auth.login', { username, password: PASSWORD }, call));
    connections[username] = call;
    return call;
  };
  const lastAudit = () => ports.auditLog.records.at(-1);
  const advanceMinutes = (minutes: number) => (ports.clock.current = new Date(ports.clock.current.getTime() + minutes * 60_000));

  beforeEach(async () => {
    ports = { ...fakePorts(), access: fakeAccessPorts() };
    ports.volumes.volumes.set('/media/cam', { identity: camera, clockOffsetMs: 0, files: [{ relativePath: 'DCIM/A_0001.MP4', content: 'clip one', mtime: '2026-11-23T06:00:00Z' }] });
    station = await createStation(ports, { version: 'test', dataDir: '/data', watchRoots: [] });

    const setup: CallContext = { via: 'web' };
    await value(station.execute('auth.setup', { username: 'admin', displayName: '管理员', department: '信息中心', password: PASSWORD }, setup));
    const people = [
      { username: 'zhangwei', displayName: '张伟', badgeNumber: '3201008', pin: '246810', department: '执法一科', roles: ['officer' as const], clearance: 'ordinary' as const },
      { username: 'lina', displayName: '李娜', badgeNumber: '3202015', department: '执法二科', roles: ['officer' as const], clearance: 'ordinary' as const },
      { username: 'wangqiang', displayName: '王强', badgeNumber: '3201001', department: '执法一科', roles: ['supervisor' as const], clearance: 'personal-privacy' as const },
    ];
    for (const person of people) await value(station.execute('users.create', { ...person, password: PASSWORD }, setup));

    const officer = await login('zhangwei');
    const started = await value(station.execute('docks.ingestFolder', { path: '/media/cam' }, officer));
    const docked = await station.whenDocked(started.sessionId);
    await station.idle();
    clipId = docked.clipIds[0] ?? '';
  });

  it('creates the first administrator once only, and files clips under the camera officer\'s department', async () => {
    expect(await station.execute('auth.setup', { username: 'x2', displayName: 'x', department: 'd', password: PASSWORD }, { via: 'web' })).toMatchObject({ ok: false, error: { code: 'SETUP_ALREADY_DONE' } });
    expect(ports.catalogue.get(clipId)?.department).toBe('执法一科');
    expect(ports.access.documents.accounts.users.every((user) => !user.passwordHash.includes(PASSWORD))).toBe(true);
  });

  it('locks an account after repeated failures (audited), refuses even the right password while locked, and frees it after the lockout', async () => {
    for (let i = 0; i < 4; i++) expect(await station.execute('auth.login', { username: 'lina', password: 'wrong-one' }, { via: 'web' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED', params: { attemptsLeft: 4 - i } } });
    expect(await station.execute('auth.login', { username: 'lina', password: 'wrong-one' }, { via: 'web' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    expect(lastAudit()).toMatchObject({ action: 'auth.account-locked', detail: { username: 'lina' } });
    expect(await station.execute('auth.login', { username: 'lina', password: PASSWORD }, { via: 'web' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    advanceMinutes(16);
    expect(await station.execute('auth.login', { username: 'lina', password: PASSWORD }, { via: 'web' })).toMatchObject({ ok: true });
  });

  it('signs an officer in with badge + PIN; a scanned badge alone only where the agency allows it', async () => {
    expect(await station.execute('auth.badgeLogin', { badgeNumber: '3201008', pin: '246810' }, { via: 'web' })).toMatchObject({ ok: true, value: { operator: '张伟(3201008)' } });
    expect(await station.execute('auth.badgeLogin', { badgeNumber: '3201008', scanned: true }, { via: 'web' })).toMatchObject({ ok: false, error: { code: 'PIN_INVALID' } });
    expect(await station.execute('auth.badgeLogin', { badgeNumber: '3201008', pin: '000000' }, { via: 'web' })).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
  });

  it('refuses a tampered session token plainly and audits it; a genuine one resumes', async () => {
    const first: CallContext = { via: 'web' };
    const session = await value(station.execute('auth.login', { username: 'zhangwei', password: PASSWORD }, first));
    const tampered = `${session.token.slice(0, -1)}${session.token.endsWith('A') ? 'B' : 'A'}`;
    const reload: CallContext = { via: 'web' };
    expect(await station.execute('auth.resume', { token: tampered }, reload)).toMatchObject({ ok: false, error: { code: 'SESSION_INVALID' } });
    expect(lastAudit()).toMatchObject({ action: 'auth.session-refused', actor: 'anonymous(web)' });
    expect(await station.execute('clips.query', {}, reload)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await station.execute('auth.resume', { token: session.token }, reload)).toMatchObject({ ok: true, value: { operator: '张伟(3201008)' } });
    expect(await station.execute('clips.query', {}, reload)).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('locks an idle session on the station side; the password unlocks it', async () => {
    const officer = connections.zhangwei as CallContext;
    advanceMinutes(11);
    expect(await station.execute('clips.query', {}, officer)).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } });
    expect(await station.execute('auth.unlock', { secret: 'wrong-one' }, officer)).toMatchObject({ ok: false, error: { code: 'LOGIN_FAILED' } });
    expect(await station.execute('auth.unlock', { secret: PASSWORD }, officer)).toMatchObject({ ok: true });
    expect(await station.execute('clips.query', {}, officer)).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it("hides another department's clip - counts included - and refuses opening it, audited", async () => {
    const other = await login('lina');
    expect(await station.execute('clips.query', {}, other)).toEqual({ ok: true, value: { items: [], total: 0 } });
    expect(await station.execute('clips.get', { id: clipId }, other)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', params: { reason: 'department' } } });
    expect(await station.execute('player.open', { id: clipId }, other)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', params: { action: 'clip.see', reason: 'department' } } });
    expect(lastAudit()).toMatchObject({ action: 'access.refused', actor: '李娜(3202015)', target: 'command:player.open', detail: { code: 'FORBIDDEN', reason: 'department' } });
    expect(await station.execute('player.open', { id: 'f'.repeat(64) }, other)).toMatchObject({ ok: false, error: { code: 'CLIP_NOT_FOUND' } });
  });

  it('request -> approve -> play -> the grant expires mid-play -> the stream and a new open are refused', async () => {
    const officer = connections.zhangwei as CallContext;
    const supervisor = await login('wangqiang');
    expect(await station.execute('player.open', { id: clipId }, officer)).toMatchObject({ ok: false, error: { code: 'GRANT_REQUIRED' } });
    const asked = await value(station.execute('grants.request', { clipId, reason: '复核现场执法过程' }, officer));
    expect(await station.execute('grants.decide', { id: asked.id, approve: true, until: new Date(ports.clock.current.getTime() + 3_600_000).toISOString() }, officer)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await value(station.execute('grants.list', { scope: 'to-decide' }, supervisor))).toHaveLength(1);
    const until = new Date(ports.clock.current.getTime() + 20 * 60_000).toISOString();
    await value(station.execute('grants.decide', { id: asked.id, approve: true, until, note: '同意' }, supervisor));
    expect(lastAudit()).toMatchObject({ action: 'grant.approved', actor: '王强(3201001)', after: { status: 'approved', until } });

    const opened = await value(station.execute('player.open', { id: clipId }, officer));
    expect(opened.grantId).toBe(asked.id);
    expect(opened.expiresAt).toBe(until);
    expect(station.openMedia(opened.ticket)?.clip.id).toBe(clipId);
    expect(await station.execute('player.activity', { ticket: opened.ticket, kind: 'seek', positionSeconds: 12.5 }, officer)).toEqual({ ok: true, value: { recorded: true } });
    expect(lastAudit()).toMatchObject({ action: 'clip.seeked', detail: { grantId: asked.id, positionSeconds: 12.5 } });

    // Playing on: the session stays active (each step is under the 10-minute idle limit) while the grant runs out.
    for (const minutes of [9, 9]) {
      advanceMinutes(minutes);
      await value(station.execute('clips.query', {}, officer));
      expect(station.openMedia(opened.ticket)?.clip.id).toBe(clipId);
    }
    advanceMinutes(3);
    await value(station.execute('clips.query', {}, officer));
    expect(station.openMedia(opened.ticket)).toBeUndefined();
    expect(ports.auditLog.records.filter((r) => r.action === 'clip.stream-refused')).toEqual([expect.objectContaining({ target: `clip:${clipId}`, detail: expect.objectContaining({ grantId: asked.id }) })]);
    expect(await station.execute('player.open', { id: clipId }, officer)).toMatchObject({ ok: false, error: { code: 'GRANT_REQUIRED' } });
  });

  it('re-checks the grant on every media request: a revoked grant stops the stream at once', async () => {
    const officer = connections.zhangwei as CallContext;
    const supervisor = await login('wangqiang');
    const asked = await value(station.execute('grants.request', { clipId, reason: '复核' }, officer));
    await value(station.execute('grants.decide', { id: asked.id, approve: true, until: new Date(ports.clock.current.getTime() + 3_600_000).toISOString() }, supervisor));
    const opened = await value(station.execute('player.open', { id: clipId }, officer));
    expect(station.openMedia(opened.ticket)).toBeDefined();
    await value(station.execute('grants.revoke', { id: asked.id, note: '复核结束' }, supervisor));
    expect(station.openMedia(opened.ticket)).toBeUndefined();
    expect(ports.auditLog.records.find((r) => r.action === 'clip.stream-refused')).toMatchObject({ detail: { reason: 'grant', grantId: asked.id } });
    // Signing out ends streaming too, whatever the grant.
    const again = await value(station.execute('grants.request', { clipId, reason: '再次复核' }, officer));
    await value(station.execute('grants.decide', { id: again.id, approve: true, until: new Date(ports.clock.current.getTime() + 3_600_000).toISOString() }, supervisor));
    const reopened = await value(station.execute('player.open', { id: clipId }, officer));
    await value(station.execute('auth.logout', {}, officer));
    expect(station.openMedia(reopened.ticket)).toBeUndefined();
  });

  it('refuses a forged grant id and a window that is too long or already over', async () => {
    const supervisor = await login('wangqiang');
    expect(await station.execute('grants.decide', { id: 'g-forged', approve: true, until: '2030-01-01T00:00:00Z' }, supervisor)).toMatchObject({ ok: false, error: { code: 'GRANT_NOT_FOUND' } });
    const asked = await value(station.execute('grants.request', { clipId, reason: '复核' }, connections.zhangwei as CallContext));
    expect(await station.execute('grants.decide', { id: asked.id, approve: true, until: '2027-06-01T00:00:00Z' }, supervisor)).toMatchObject({ ok: false, error: { code: 'GRANT_INVALID', params: { maxDays: 30 } } });
    expect(await station.execute('grants.decide', { id: asked.id, approve: true, until: '2026-11-01T00:00:00Z' }, supervisor)).toMatchObject({ ok: false, error: { code: 'GRANT_INVALID' } });
  });

  it('a clip raised above a clearance disappears for that person; the change is audited with before and after', async () => {
    const supervisor = await login('wangqiang');
    expect(await station.execute('clips.setConfidentiality', { ids: [clipId], level: 'personal-privacy', reason: '涉及未成年人' }, connections.zhangwei as CallContext)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', params: { reason: 'role' } } });
    await value(station.execute('clips.setConfidentiality', { ids: [clipId], level: 'personal-privacy', reason: '涉及未成年人' }, supervisor));
    expect(lastAudit()).toMatchObject({ action: 'clip.confidentiality', before: { level: 'ordinary' }, after: { level: 'personal-privacy' } });
    expect(await station.execute('clips.query', {}, connections.zhangwei as CallContext)).toEqual({ ok: true, value: { items: [], total: 0 } });
    expect(await value(station.execute('clips.query', {}, supervisor))).toMatchObject({ total: 1, items: [{ confidentiality: 'personal-privacy' }] });
  });

  it("reads a case's own level only for someone who sees a clip of it; the clip's own level does not change it", async () => {
    const supervisor = await login('wangqiang');
    const lina = await login('lina');
    await value(station.execute('clips.label', { ids: [clipId], label: { caseNumber: '清国土罚（2026）12号', party: '某公司', handler: '张伟', stage: 'investigation', location: '东城街道' } }, connections.zhangwei as CallContext));
    expect(await value(station.execute('cases.getConfidentiality', { caseNumber: '清国土罚（2026）12号' }, supervisor))).toEqual({ caseNumber: '清国土罚（2026）12号', level: 'ordinary' });
    await value(station.execute('clips.setConfidentiality', { ids: [clipId], level: 'personal-privacy', reason: '涉及未成年人' }, supervisor));
    expect(await value(station.execute('cases.getConfidentiality', { caseNumber: '清国土罚（2026）12号' }, supervisor))).toMatchObject({ level: 'ordinary' });
    await value(station.execute('cases.setConfidentiality', { caseNumber: '清国土罚（2026）12号', level: 'personal-privacy', reason: '涉及当事人个人信息' }, supervisor));
    expect(await value(station.execute('cases.getConfidentiality', { caseNumber: '清国土罚（2026）12号' }, supervisor))).toMatchObject({ level: 'personal-privacy' });
    // Another department, and a case nobody has: both simply do not exist for the asker (audited).
    expect(await station.execute('cases.getConfidentiality', { caseNumber: '清国土罚（2026）12号' }, lina)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
    expect(lastAudit()).toMatchObject({ action: 'access.refused', target: 'command:cases.getConfidentiality' });
    expect(await station.execute('cases.getConfidentiality', { caseNumber: '清国土罚（2026）99号' }, supervisor)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
  });

  it('ends the sessions of an account the administrator disables', async () => {
    const admin = await login('admin');
    const { users } = await value(station.execute('users.list', {}, admin));
    const lina = users.find((u) => u.username === 'lina');
    const linaCall = await login('lina');
    await value(station.execute('users.update', { id: lina?.id ?? '', disabled: true }, admin));
    expect(await station.execute('clips.query', {}, linaCall)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await station.execute('auth.login', { username: 'lina', password: PASSWORD }, { via: 'web' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_DISABLED' } });
  });
});
