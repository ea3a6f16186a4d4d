/**
 * Accounts every end-to-end station starts with (issue F). `startStation()` creates them through the
 * CLI before `serve` starts (`users create-admin`, then `users import` as that admin), the way a
 * bureau sets a station up; `loginAs` / `badgeLogin` sign a page in through the real login screens.
 */
import type { Page } from 'playwright-core';
import type { ConfidentialityLevel, Role } from '../../../electron/core/access/model.js';

export interface SeedAccount {
  username: string;
  password: string;
  displayName: string;
  badgeNumber?: string;
  /** Officers sign in at the dock with badge number + PIN. */
  pin?: string;
  department: string;
  roles: Role[];
  clearance: ConfidentialityLevel;
  head?: boolean;
}

export const ADMIN: SeedAccount = { username: 'admin', password: 'Admin-pass-2026', displayName: '系统管理员', department: '信息中心', roles: ['admin'], clearance: 'ordinary' };

/** Two officers in two departments, their supervisor, the head, a clerk and the legal office. */
export const ACCOUNTS = {
  admin: ADMIN,
  officer: { username: 'zhangwei', password: 'Zhang-pass-2026', displayName: '张伟', badgeNumber: '3201008', pin: '246810', department: '执法一科', roles: ['officer'], clearance: 'ordinary' },
  otherOfficer: { username: 'lina', password: 'Lina-pass-2026', displayName: '李娜', badgeNumber: '3202015', pin: '135790', department: '执法二科', roles: ['officer'], clearance: 'ordinary' },
  supervisor: { username: 'wangqiang', password: 'Wang-pass-2026', displayName: '王强', badgeNumber: '3201001', department: '执法一科', roles: ['supervisor'], clearance: 'personal-privacy' },
  head: { username: 'zhaomin', password: 'Zhao-pass-2026', displayName: '赵敏', badgeNumber: '3200001', department: '局领导', roles: ['supervisor'], clearance: 'state-secret', head: true },
  clerk: { username: 'chenjing', password: 'Chen-pass-2026', displayName: '陈静', badgeNumber: '3209020', department: '证据管理室', roles: ['clerk'], clearance: 'personal-privacy' },
  legal: { username: 'liuyang', password: 'Liu-pass-2026', displayName: '刘洋', badgeNumber: '3209030', department: '法制科', roles: ['legal'], clearance: 'commercial-secret' },
} as const satisfies Record<string, SeedAccount>;

/** Username + password on the login screen; resolves once the station's navigation shows. */
export async function loginAs(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-logout').waitFor();
}

/** Badge number (typed, or "scanned": digits then Enter) + PIN on the dock's badge screen. */
export async function badgeLogin(page: Page, badgeNumber: string, pin: string): Promise<void> {
  await page.getByTestId('login-mode-badge').click();
  await page.getByTestId('badge-number').fill(badgeNumber);
  await page.getByTestId('badge-number').press('Enter');
  await page.getByTestId('badge-pin').fill(pin);
  await page.getByTestId('badge-submit').click();
  await page.getByTestId('nav-logout').waitFor();
}

/** Signs the page out (the station ends the session) and waits for the login screen. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('nav-logout').click();
  await page.getByTestId('login-username').waitFor();
}
