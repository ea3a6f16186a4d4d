/** Issue F on real files with the real argon2id: accounts, lockout and grants survive a restart; files are private. */
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAccessPorts } from '../../electron/adapters/access/json-documents.js';
import { AccountService } from '../../electron/core/access/accounts.js';
import { GrantService } from '../../electron/core/access/grants.js';
import { testActor } from '../fakes/actors.js';

const policy = { maxFailures: 3, lockoutMinutes: 15 };
const now = new Date('2026-11-23T08:00:00Z');

describe('accounts and grants on disk', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'es-accounts-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  async function accounts() {
    const ports = await openAccessPorts(dataDir);
    const service = new AccountService(ports.accounts, ports.hasher);
    await service.open();
    return service;
  }

  it('stores argon2id hashes (never the secret) in a 0600 file, and signs in after a restart', async () => {
    const first = await accounts();
    const admin = await first.setup({ username: 'admin', displayName: '管理员', department: '信息中心', password: 'Admin-pass-2026' }, now);
    await first.create({ username: 'zhangwei', displayName: '张伟', badgeNumber: '3201008', department: '执法一科', roles: ['officer'], clearance: 'ordinary', password: 'Zhang-pass-2026', pin: '246810' }, 'admin', now);
    expect(admin.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const file = path.join(dataDir, 'accounts', 'users.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const again = await accounts();
    expect(again.needsSetup()).toBe(false);
    await expect(again.checkPassword('zhangwei', 'Zhang-pass-2026', now, policy)).resolves.toMatchObject({ username: 'zhangwei' });
    await expect(again.checkBadge('3201008', '246810', now, policy)).resolves.toMatchObject({ username: 'zhangwei' });
    await expect(again.checkPassword('zhangwei', 'zhang-pass-2026', now, policy)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    await expect(again.checkPassword('nobody', 'Zhang-pass-2026', now, policy)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    await expect(again.setup({ username: 'x', displayName: 'x', department: 'x', password: 'Another-pass-1' }, now)).rejects.toMatchObject({ code: 'SETUP_ALREADY_DONE' });
  });

  it('keeps a lockout across a restart: restarting the station is no way round it', async () => {
    const first = await accounts();
    await first.setup({ username: 'admin', displayName: '管理员', department: '信息中心', password: 'Admin-pass-2026' }, now);
    for (let i = 0; i < 2; i++) await expect(first.checkPassword('admin', 'wrong-pass', now, policy)).rejects.toMatchObject({ code: 'LOGIN_FAILED' });
    await expect(first.checkPassword('admin', 'wrong-pass', now, policy)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    const again = await accounts();
    await expect(again.checkPassword('admin', 'Admin-pass-2026', now, policy)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(again.checkPassword('admin', 'Admin-pass-2026', new Date(now.getTime() + 16 * 60_000), policy)).resolves.toMatchObject({ failedAttempts: 0 });
  });

  it('refuses a hand-edited accounts file plainly, naming it', async () => {
    await (await accounts()).setup({ username: 'admin', displayName: '管理员', department: '信息中心', password: 'Admin-pass-2026' }, now);
    await writeFile(path.join(dataDir, 'accounts', 'users.json'), JSON.stringify({ users: [{ username: 'intruder' }], departments: [] }));
    await expect(accounts()).rejects.toThrow(/users\.json/);
  });

  it('keeps grants across a restart', async () => {
    const ports = await openAccessPorts(dataDir);
    const grants = new GrantService(ports.grants);
    await grants.open();
    const officer = testActor();
    const asked = await grants.request(officer, '张伟(3201008)', { kind: 'clip', clipId: 'a'.repeat(64) }, '复核', { department: '执法一科', level: 'ordinary' }, now);
    const supervisor = testActor({ userId: 'u-sup', roles: ['supervisor'], badgeNumber: '3201001' });
    await grants.decide(supervisor, '王强(3201001)', asked.id, { approve: true, until: new Date(now.getTime() + 3_600_000) }, 30, now);
    const reopened = new GrantService((await openAccessPorts(dataDir)).grants);
    await reopened.open();
    expect(reopened.validFor(officer, { id: 'a'.repeat(64) }, new Date(now.getTime() + 60_000))?.id).toBe(asked.id);
  });
});
