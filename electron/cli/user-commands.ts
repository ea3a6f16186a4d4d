/**
 * How the command line signs in (issue F, docs/access-control.md) and the `users` commands.
 *
 * Every command that reads or changes evidence runs as an account: `--user NAME`, with the password from
 * EVIDENCE_STATION_PASSWORD or typed at a prompt (never an option: it would sit in the shell history and
 * in `ps`). `users create-admin` works only while the station has no account at all.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import type { CommandName, CommandRequest, CommandResponse } from '../contract/index.js';
import type { OpenedStation } from '../adapters/compose.js';
import type { CallContext } from '../core/commands/handlers.js';
import { ConfidentialityLevel, Role } from '../contract/schemas.js';
import { EXIT } from './exit-codes.js';
import type { Lang } from './messages.js';

export const PASSWORD_ENV = 'EVIDENCE_STATION_PASSWORD';

type Run = <C extends CommandName>(opened: OpenedStation, call: CallContext, command: C, request: CommandRequest<C>) => Promise<CommandResponse<C>>;

export interface UserCommandDeps {
  withStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>): Promise<T>;
  /** Opens the station without signing in (create-admin). */
  withAnonymousStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>): Promise<T>;
  run: Run;
  print(human: string, machine: unknown): void;
  lang(): Lang;
  refused(exitCode: number, message: string): Error;
}

/** The password: from the environment, else typed (not echoed) when a terminal is attached. */
export async function readPassword(lang: Lang, prompt: string): Promise<string | undefined> {
  const fromEnv = process.env[PASSWORD_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write(prompt);
  // Mute the echo: readline writes what is typed through _writeToOutput.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  void lang;
  return answer;
}

export function noPasswordText(lang: Lang): string {
  return lang === 'zh' ? `请在环境变量 ${PASSWORD_ENV} 中提供密码，或在终端中运行以输入密码。` : `Give the password in ${PASSWORD_ENV}, or run in a terminal to type it.`;
}

export function noUserText(lang: Lang): string {
  return lang === 'zh' ? '此命令需要登录：请用 --user 用户名（密码见环境变量 EVIDENCE_STATION_PASSWORD 或提示输入）。' : 'This command needs a sign-in: use --user NAME (password from EVIDENCE_STATION_PASSWORD or a prompt).';
}

const ImportedUser = z.object({
  username: z.string(),
  password: z.string(),
  displayName: z.string(),
  badgeNumber: z.string().optional(),
  pin: z.string().optional(),
  department: z.string(),
  roles: z.array(Role).min(1),
  clearance: ConfidentialityLevel,
  head: z.boolean().optional(),
});

export function registerUserCommands(program: Command, deps: UserCommandDeps): void {
  const users = program.command('users').description('accounts: the first administrator, then users (administrators only)');

  users
    .command('create-admin')
    .description('create the first administrator (only while the station has no account); password from EVIDENCE_STATION_PASSWORD or a prompt')
    .requiredOption('--username <name>', 'sign-in name')
    .requiredOption('--display-name <name>', 'name shown and audited')
    .option('--department <name>', '科室', '信息中心')
    .action(async (options: { username: string; displayName: string; department: string }) => {
      const password = await readPassword(deps.lang(), deps.lang() === 'zh' ? '新管理员密码：' : 'New administrator password: ');
      if (password === undefined) throw deps.refused(EXIT.invalidInput, noPasswordText(deps.lang()));
      await deps.withAnonymousStation(async (opened, call) => {
        const session = await deps.run(opened, call, 'auth.setup', { username: options.username, displayName: options.displayName, department: options.department, password });
        await deps.run(opened, call, 'auth.logout', {});
        deps.print(deps.lang() === 'zh' ? `已创建管理员 ${session.operator}` : `Administrator ${session.operator} created`, { user: session.actor });
      });
    });

  users
    .command('import')
    .description('add users from a JSON file [{username, password, displayName, badgeNumber?, pin?, department, roles, clearance, head?}] (administrators; delete the file afterwards)')
    .requiredOption('--file <path>', 'the JSON file')
    .action(async (options: { file: string }) => {
      const parsed = z.array(ImportedUser).safeParse(JSON.parse(await readFile(options.file, 'utf8')));
      if (!parsed.success) throw deps.refused(EXIT.invalidInput, `${options.file}: ${parsed.error.message}`);
      await deps.withStation(async (opened, call) => {
        const created = [];
        for (const user of parsed.data) created.push(await deps.run(opened, call, 'users.create', user));
        deps.print(created.map((u) => `${u.username}  ${u.displayName}  ${u.department}  ${u.roles.join(',')}`).join('\n'), created);
      });
    });

  users
    .command('list')
    .description('every account (administrators)')
    .action(async () =>
      deps.withStation(async (opened, call) => {
        const { users: list } = await deps.run(opened, call, 'users.list', {});
        deps.print(list.map((u) => `${u.username}  ${u.displayName}  ${u.badgeNumber ?? '-'}  ${u.department}  ${u.roles.join(',')}  ${u.clearance}${u.lockedUntil ? `  locked until ${u.lockedUntil}` : ''}${u.disabled ? '  disabled' : ''}`).join('\n'), list);
      }),
    );

  users
    .command('unlock')
    .description('lift a lockout after repeated failed sign-ins (administrators; audited)')
    .requiredOption('--username <name>', 'the locked account')
    .action(async (options: { username: string }) =>
      deps.withStation(async (opened, call) => {
        const { users: list } = await deps.run(opened, call, 'users.list', {});
        const user = list.find((u) => u.username === options.username);
        if (!user) throw deps.refused(EXIT.invalidInput, deps.lang() === 'zh' ? `没有用户 ${options.username}` : `No user ${options.username}`);
        const after = await deps.run(opened, call, 'users.unlock', { id: user.id });
        deps.print(deps.lang() === 'zh' ? `已解锁 ${after.username}` : `Unlocked ${after.username}`, after);
      }),
    );
}

/** The demo's people, in the department the demo registers its camera to; printed so a newcomer can sign in. */
const DEMO_PEOPLE = [
  { username: 'zhangwei', displayName: '张伟', badgeNumber: '3201008', pin: '246810', roles: ['officer'], clearance: 'ordinary', password: 'Demo-officer-1' },
  { username: 'wangqiang', displayName: '王强', badgeNumber: '3201001', roles: ['supervisor'], clearance: 'personal-privacy', password: 'Demo-supervisor-1' },
  { username: 'zhaomin', displayName: '赵敏', badgeNumber: '3200001', roles: ['supervisor'], clearance: 'state-secret', head: true, password: 'Demo-head-1' },
  { username: 'chenjing', displayName: '陈静', badgeNumber: '3209020', roles: ['clerk'], clearance: 'personal-privacy', password: 'Demo-clerk-1' },
] as const;

/**
 * `evidence-station demo` on a station without accounts: the first administrator and a few people, made
 * through the contract (audited like any setup), with their passwords printed. Never on a station that
 * already has accounts.
 */
export async function seedDemoAccounts(opened: OpenedStation, department: string, say: (text: string) => void): Promise<void> {
  const info = await opened.station.execute('station.info', {}, { via: 'cli' });
  if (!info.ok || !info.value.needsSetup) return;
  const admin: CallContext = { via: 'cli' };
  const setup = await opened.station.execute('auth.setup', { username: 'admin', displayName: '演示管理员', department: '信息中心', password: 'Demo-admin-1' }, admin);
  if (!setup.ok) return say(`demo accounts not created: ${setup.error.message}`);
  for (const person of DEMO_PEOPLE) await opened.station.execute('users.create', { ...person, roles: [...person.roles], department }, admin);
  await opened.station.execute('auth.logout', {}, admin);
  say(['演示账号 / demo accounts:', 'admin / Demo-admin-1', ...DEMO_PEOPLE.map((p) => `${p.username} / ${p.password}${'pin' in p ? `  (警号 ${p.badgeNumber} + PIN ${p.pin})` : ''}`)].join('\n  '));
}
