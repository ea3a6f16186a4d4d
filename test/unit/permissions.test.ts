/**
 * The permission rules as a table (issue F): role x action x target -> allowed, or refused with the
 * reason. One row per rule worth stating; docs/access-control.md says the same in words.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action, type Actor } from '../../electron/core/access/model.js';
import { assertCan, can, requireActor, RULES, type AccessTarget } from '../../electron/core/access/permissions.js';
import { StationError } from '../../electron/core/domain/errors.js';
import { testActor } from '../fakes/actors.js';

const officer = testActor();
const otherOfficer = testActor({ userId: 'u-officer-2', username: 'lina', displayName: '李娜', badgeNumber: '3202015', department: '执法二科' });
const supervisor = testActor({ userId: 'u-sup', username: 'wangqiang', badgeNumber: '3201001', roles: ['supervisor'], clearance: 'personal-privacy' });
const head = testActor({ userId: 'u-head', username: 'zhaomin', badgeNumber: '3200001', roles: ['supervisor'], department: '局领导', clearance: 'state-secret', head: true });
const clerk = testActor({ userId: 'u-clerk', badgeNumber: '3209020', roles: ['clerk'], department: '证据管理室', clearance: 'personal-privacy' });
const legal = testActor({ userId: 'u-legal', badgeNumber: '3209030', roles: ['legal'], department: '法制科', clearance: 'commercial-secret' });
const admin = testActor({ userId: 'u-admin', badgeNumber: undefined, roles: ['admin'], department: '信息中心' });

const dept1: AccessTarget = { department: '执法一科', confidentiality: 'ordinary', ownerBadge: '3201008' };
const dept2: AccessTarget = { department: '执法二科', confidentiality: 'ordinary', ownerBadge: '3202015' };
const privacy1: AccessTarget = { ...dept1, confidentiality: 'personal-privacy' };
const secret1: AccessTarget = { ...dept1, confidentiality: 'commercial-secret' };
const stateSecret1: AccessTarget = { ...dept1, confidentiality: 'state-secret' };
const unassigned: AccessTarget = { confidentiality: 'ordinary' };
const ownFootageElsewhere: AccessTarget = { department: '执法二科', confidentiality: 'ordinary', ownerBadge: '3201008' };

type Row = [who: string, actor: Actor, action: Action, target: AccessTarget | undefined, expected: true | string];

const TABLE: Row[] = [
  // Seeing clips: department reach, clearance, own footage.
  ['officer', officer, 'clip.see', dept1, true],
  ['officer', officer, 'clip.see', dept2, 'department'],
  ['officer', officer, 'clip.see', privacy1, 'clearance'],
  ['officer', officer, 'clip.see', ownFootageElsewhere, true],
  ['officer', officer, 'clip.see', unassigned, 'department'],
  ['supervisor', supervisor, 'clip.see', dept1, true],
  ['supervisor', supervisor, 'clip.see', dept2, 'department'],
  ['supervisor', supervisor, 'clip.see', privacy1, true],
  ['supervisor', supervisor, 'clip.see', secret1, 'clearance'],
  ['head', head, 'clip.see', dept2, true],
  ['head', head, 'clip.see', stateSecret1, true],
  ['clerk', clerk, 'clip.see', dept2, true],
  ['clerk', clerk, 'clip.see', unassigned, true],
  ['clerk', clerk, 'clip.see', secret1, 'clearance'],
  ['legal', legal, 'clip.see', dept2, true],
  ['legal', legal, 'clip.see', secret1, true],
  ['legal', legal, 'clip.see', stateSecret1, 'clearance'],
  ['admin', admin, 'clip.see', dept1, 'role'],
  // Labelling and viewing.
  ['officer', officer, 'clip.label', dept1, true],
  ['legal', legal, 'clip.label', dept1, 'role'],
  ['officer', officer, 'clip.view', dept1, true],
  ['officer', otherOfficer, 'clip.view', dept1, 'department'],
  ['admin', admin, 'clip.view', dept1, 'role'],
  // Grants: request within reach; approve in department, above privacy head only, never one's own.
  ['officer', officer, 'grant.request', dept1, true],
  ['officer', officer, 'grant.approve', { ...dept1, ownerUserId: 'u-officer-2' }, 'role'],
  ['supervisor', supervisor, 'grant.approve', { ...dept1, ownerUserId: officer.userId }, true],
  ['supervisor', supervisor, 'grant.approve', { ...dept2, ownerUserId: otherOfficer.userId }, 'department'],
  ['supervisor', supervisor, 'grant.approve', { ...dept1, ownerUserId: supervisor.userId }, 'own-record'],
  ['supervisor', testActor({ ...supervisor, clearance: 'state-secret' }), 'grant.approve', { ...secret1, ownerUserId: officer.userId }, 'head-only'],
  ['head', head, 'grant.approve', { ...secret1, ownerUserId: officer.userId }, true],
  ['head', head, 'grant.approve', { ...dept2, ownerUserId: otherOfficer.userId }, true],
  // Confidentiality: supervisors and legal within clearance.
  ['supervisor', supervisor, 'clip.set-confidentiality', privacy1, true],
  ['officer', officer, 'clip.set-confidentiality', dept1, 'role'],
  ['supervisor', supervisor, 'clip.set-confidentiality', secret1, 'clearance'],
  // Supervision (F2 uses these rows).
  ['supervisor', supervisor, 'spotcheck.review', { ...dept1, ownerBadge: '3201008' }, true],
  ['supervisor', supervisor, 'spotcheck.review', { ...dept1, ownerBadge: '3201001' }, 'own-record'],
  ['officer', officer, 'gap.explain', dept1, true],
  ['officer', officer, 'gap.explain', { ...dept1, ownerBadge: '3201099' }, 'not-owner'],
  ['clerk', clerk, 'party-copy.request', dept1, true],
  ['supervisor', supervisor, 'party-copy.approve', dept1, 'head-only'],
  ['head', head, 'party-copy.approve', { ...dept1, ownerUserId: clerk.userId }, true],
  ['clerk', clerk, 'party-copy.produce', dept1, true],
  // Station management: no record target.
  ['admin', admin, 'users.manage', undefined, true],
  ['supervisor', supervisor, 'users.manage', undefined, 'role'],
  ['admin', admin, 'settings.manage', undefined, true],
  ['officer', officer, 'settings.manage', undefined, 'role'],
  ['officer', officer, 'dock.operate', undefined, true],
  ['clerk', clerk, 'dock.operate', undefined, true],
  ['supervisor', supervisor, 'dock.operate', undefined, 'role'],
  ['clerk', clerk, 'archive.manage', undefined, true],
  ['officer', officer, 'archive.manage', undefined, 'role'],
  ['admin', admin, 'backup.manage', undefined, true],
  ['admin', admin, 'audit.read', undefined, true],
  ['officer', officer, 'audit.read', undefined, 'role'],
  ['admin', admin, 'device.register', undefined, true],
  ['officer', officer, 'device.register', undefined, 'role'],
];

describe('the permission rules table', () => {
  it.each(TABLE)('%s: %s', (_who, actor, action, target, expected) => {
    const decision = can(actor, action, target);
    if (expected === true) expect(decision).toEqual({ allowed: true });
    else expect(decision).toEqual({ allowed: false, reason: expected });
  });

  it('has one rule for every action, and every role has something it may do', () => {
    expect(Object.keys(RULES).sort()).toEqual([...ACTIONS].sort());
    for (const actor of [officer, supervisor, clerk, legal, admin]) expect(ACTIONS.some((action) => can(actor, action).allowed)).toBe(true);
  });

  it('assertCan throws FORBIDDEN with the action and the reason; requireActor throws UNAUTHENTICATED', () => {
    expect(() => assertCan(officer, 'clip.see', dept2)).toThrow(StationError);
    try {
      assertCan(officer, 'clip.see', dept2);
    } catch (error) {
      expect(error).toMatchObject({ code: 'FORBIDDEN', params: { action: 'clip.see', reason: 'department' } });
    }
    expect(() => requireActor({})).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    expect(requireActor({ actor: officer })).toBe(officer);
  });
});
