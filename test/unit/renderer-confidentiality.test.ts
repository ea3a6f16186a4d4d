/**
 * Issue F on the screens: who is offered the confidentiality controls (the same roles as
 * RULES['clip.set-confidentiality']), which levels, what the catalogue says about a case's level, and
 * the fake station's cases.setConfidentiality hiding a case from a person below its level.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RULES } from '../../electron/core/access/permissions.js';
import type { Role } from '../../electron/core/access/model.js';
import { transportFromFrontEndApi } from '../../renderer/src/bridge/electron-transport.js';
import { createFakeStation } from '../../renderer/src/bridge/fake-station.js';
import { createValidatedApi } from '../../renderer/src/bridge/validated-api.js';
import type { Clip } from '../../renderer/src/contract-types.js';
import { clipsOfCase, keepLevel, levelChoiceComplete, levelsUpTo, maySetConfidentiality } from '../../renderer/src/presenters/confidentiality.js';

const clip = (id: string, caseNumber: string | undefined, confidentiality?: Clip['confidentiality']) =>
  ({ id, ...(caseNumber ? { label: { caseNumber } } : {}), ...(confidentiality ? { confidentiality } : {}) }) as unknown as Clip;

describe('confidentiality on the screens', () => {
  it('offers the controls to exactly the roles of the permission table (the head counts as a supervisor)', () => {
    const roles: Role[] = ['officer', 'clerk', 'supervisor', 'legal', 'admin'];
    for (const role of roles) expect(maySetConfidentiality({ roles: [role], head: false }), role).toBe(RULES['clip.set-confidentiality'].roles.includes(role));
    expect(maySetConfidentiality({ roles: ['officer'], head: true })).toBe(true);
    expect(maySetConfidentiality(undefined)).toBe(false);
  });

  it('offers levels up to the clearance only', () => {
    expect(levelsUpTo('ordinary')).toEqual(['ordinary']);
    expect(levelsUpTo('commercial-secret')).toEqual(['ordinary', 'personal-privacy', 'commercial-secret']);
  });

  it('takes only the clips of exactly the filtered case', () => {
    const items = [clip('a', '清国土罚（2026）12号', 'personal-privacy'), clip('b', '清国土罚（2026）112号'), clip('c', '清国土罚（2026）12号', 'commercial-secret'), clip('d', undefined)];
    const found = clipsOfCase(' 清国土罚（2026）12号 ', items);
    expect(found?.caseNumber).toBe('清国土罚（2026）12号');
    expect(found?.clips.map((c) => c.id)).toEqual(['a', 'c']);
    expect(clipsOfCase('12号', items)).toBeUndefined();
    expect(clipsOfCase('  ', items)).toBeUndefined();
  });

  it('needs a reason only when a level is chosen in the label form', () => {
    expect(levelChoiceComplete(keepLevel)).toBe(true);
    expect(levelChoiceComplete({ level: 'personal-privacy', reason: ' 甲 ' })).toBe(false);
    expect(levelChoiceComplete({ level: 'personal-privacy', reason: '涉及未成年人' })).toBe(true);
  });
});

describe('fake station: case confidentiality', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const settle = async <T>(promise: Promise<T>): Promise<T> => {
    await vi.advanceTimersByTimeAsync(50);
    return promise;
  };

  it('hides a case raised above a clearance, refuses a level above the setter’s own, and an unknown case', async () => {
    const api = createValidatedApi('fake', transportFromFrontEndApi(createFakeStation({ speed: 10, autoDock: false })));
    const caseNumber = '清国土罚（2026）12号';
    const count = async () => {
      const result = await settle(api.commands['clips.query']({ caseNumber, limit: 100 }));
      if (!result.ok) throw new Error(result.error.code);
      return result.value.total;
    };
    await settle(api.commands['auth.login']({ username: 'zhangwei', password: 'Zhang-pass-2026' }));
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect(await settle(api.commands['cases.setConfidentiality']({ caseNumber, level: 'personal-privacy', reason: '涉及个人隐私' }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await settle(api.commands['auth.logout']({}));

    await settle(api.commands['auth.login']({ username: 'wangqiang', password: 'Wang-pass-2026' }));
    expect(await settle(api.commands['cases.setConfidentiality']({ caseNumber, level: 'state-secret', reason: '超出本人权限' }))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', params: { reason: 'clearance' } } });
    expect(await settle(api.commands['cases.setConfidentiality']({ caseNumber: '不存在的案号', level: 'personal-privacy', reason: '测试' }))).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
    expect(await settle(api.commands['cases.setConfidentiality']({ caseNumber, level: 'personal-privacy', reason: '涉及个人隐私' }))).toMatchObject({ ok: true, value: { caseNumber, level: 'personal-privacy' } });
    expect(await count()).toBe(before);
    await settle(api.commands['auth.logout']({}));

    await settle(api.commands['auth.login']({ username: 'zhangwei', password: 'Zhang-pass-2026' }));
    expect(await count()).toBe(0);
  });
});
