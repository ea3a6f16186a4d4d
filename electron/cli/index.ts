/**
 * `evidence-station`: the station from a terminal or a script. Same commands and rules as the screens
 * (it goes through Station.execute), readable text for people, --json for machines, meaningful exit codes.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CallResult, CommandName, CommandRequest, CommandResponse } from '../contract/index.js';
import { ENFORCEMENT_STAGES, LONG_TERM_REASONS } from '../core/domain/clip.js';
import type { CallContext } from '../core/commands/handlers.js';
import { openStationFromDataDir, type OpenedStation } from '../adapters/compose.js';
import { defaultMountRoots } from '../adapters/volume/chokidar-volume-watcher.js';
import { startWebHost } from '../host/web-host.js';
import { writeSimulatedCamera } from '../tools/sim-camera.js';
import { resolveDataDir } from '../adapters/data-dir/default-data-dir.js';
import { EXIT } from './exit-codes.js';
import { auditVerifyText, registerAuditCheckpointCommands } from './audit-commands.js';
import { errorText, fixityReport, pickLang, WORDS, type Lang } from './messages.js';
import { registerArchiveCommands } from './archive-commands.js';
import { registerBackupCommands } from './backup-commands.js';
import { registerDemoCamera, registerDeviceCommands } from './device-commands.js';
import { registerSupervisionCommands } from './supervision-commands.js';
import { registerConfidentialityCommand } from './confidentiality-command.js';
import { noPasswordText, noUserText, readPassword, registerUserCommands, seedDemoAccounts } from './user-commands.js';

interface GlobalOptions {
  data?: string;
  json?: boolean;
  lang?: string;
  /** Issue F: the account this command runs as (password from EVIDENCE_STATION_PASSWORD or a prompt). */
  user?: string;
}

/** A refusal the station gave, carried to the exit code. */
class CommandRefused extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** dist/renderer, found from the source tree (electron/cli, run through tsx) or the build (dist/node/electron/cli). */
function rendererDir(): string {
  if (process.env.EVIDENCE_RENDERER_DIR) return process.env.EVIDENCE_RENDERER_DIR;
  const candidates = [path.resolve(here, '../../../renderer'), path.resolve(here, '../../dist/renderer')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html'))) ?? candidates[0] ?? '';
}

export function buildProgram(io: { out: (text: string) => void; err: (text: string) => void } = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) }): Command {
  const program = new Command('evidence-station')
    .description('执法记录采集工作站 Evidence Station')
    .option('--data <dir>', 'data folder (default: EVIDENCE_DATA or the per-user application data folder)')
    .option('--json', 'machine-readable output')
    .option('--lang <lang>', 'zh or en (default from LANG)')
    .option('--user <name>', 'sign in as this account (password from EVIDENCE_STATION_PASSWORD, else a prompt)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const globals = () => program.opts<GlobalOptions>();
  const lang = (): Lang => pickLang(globals().lang);
  const print = (human: string, machine: unknown) => io.out(globals().json ? JSON.stringify(machine, null, 2) : human);

  /** Opens the station, signs in as --user (audited, issue F) and runs `work`; always signs out and closes the station. */
  async function withStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>, watchRoots: string[] = []): Promise<T> {
    const username = globals().user;
    if (!username) throw new CommandRefused(EXIT.refused, noUserText(lang()));
    const password = await readPassword(lang(), lang() === 'zh' ? `${username} 的密码：` : `Password for ${username}: `);
    if (password === undefined) throw new CommandRefused(EXIT.refused, noPasswordText(lang()));
    return withAnonymousStation(async (opened, call) => {
      await run(opened, call, 'auth.login', { username, password });
      try {
        return await work(opened, call);
      } finally {
        await opened.station.execute('auth.logout', {}, call);
      }
    }, watchRoots);
  }

  /** Opens the station with nobody signed in (users create-admin); always closes it. */
  async function withAnonymousStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>, watchRoots: string[] = []): Promise<T> {
    const opened = await openStationFromDataDir({ dataDir: resolveDataDir(globals().data), watchRoots, log: (m) => io.err(m) });
    try {
      return await work(opened, { via: 'cli' });
    } finally {
      await opened.dispose();
    }
  }

  async function run<C extends CommandName>(opened: OpenedStation, call: CallContext, command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    const result: CallResult<C> = await opened.station.execute(command, request, call);
    if (result.ok) return result.value;
    const refusedCodes = ['SESSION_HAS_UNLABELLED', 'LATE_REASON_REQUIRED', 'SESSION_BUSY', 'UNAUTHORIZED', 'UNAUTHENTICATED', 'FORBIDDEN', 'LOGIN_FAILED', 'ACCOUNT_LOCKED', 'ACCOUNT_DISABLED', 'SETUP_ALREADY_DONE', 'GRANT_REQUIRED'];
    // A disk that fails or is full is not the caller's input: it is an unexpected failure (exit 1).
    const ioCodes = ['INTERNAL', 'WRITE_FAILED', 'DISK_FULL'];
    const exitCode = refusedCodes.includes(result.error.code) ? EXIT.refused : ioCodes.includes(result.error.code) ? EXIT.unexpected : EXIT.invalidInput;
    if (globals().json) io.out(JSON.stringify({ ok: false, error: result.error }, null, 2));
    throw new CommandRefused(exitCode, errorText(lang(), result.error));
  }

  /** Starts the station and its web host, prints the URL, runs `whileServing`, then waits for Ctrl+C. */
  async function serve(dataDir: string, watchRoots: string[], port: number, whileServing?: (url: string, opened: OpenedStation) => Promise<void>, usb = false): Promise<void> {
    const opened = await openStationFromDataDir({ dataDir, watchRoots, log: (m) => io.err(m), fixitySchedule: true, backupSchedule: true, devices: { usb } });
    const host = await startWebHost({ station: opened.station, rendererDir: rendererDir(), port, log: (m) => io.err(m) });
    const words = WORDS[lang()];
    print(`${words.serving(host.url)}\n${words.watching(watchRoots.join(', '))}`, { url: host.url, port: host.port, dataDir: opened.dataDir, watchRoots });
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await whileServing?.(host.url, opened);
    await stopped;
    await host.close();
    await opened.dispose();
  }

  program
    .command('serve')
    .description('start the loopback web host (renderer + contract on 127.0.0.1) and watch for cameras')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', parsePort, 0)
    .option('--watch <dir...>', 'mount roots to watch for camera volumes (default: this platform’s)')
    .option('--usb', 'watch the USB bus for cameras and unlock locked ones (needs libusb access: native/linux/udev)')
    .action(async (options: { port: number; watch?: string[]; usb?: boolean }) =>
      serve(resolveDataDir(globals().data), options.watch ?? defaultMountRoots(userInfo().username), options.port, undefined, options.usb === true),
    );

  program
    .command('demo')
    .description('serve, then dock an emulated camera so the whole loop can be seen at once')
    .option('--port <port>', 'port on 127.0.0.1 (default: a free one)', parsePort, 0)
    .action(async (options: { port: number }) => {
      const demoRoot = globals().data ? path.resolve(globals().data ?? '') : await mkdtemp(path.join(tmpdir(), 'evidence-station-demo-'));
      const mountRoot = path.join(demoRoot, 'media');
      await mkdir(mountRoot, { recursive: true });
      await serve(path.join(demoRoot, 'data'), [mountRoot], options.port, async (_url, opened) => {
        // Written aside, then moved in with one rename: the way a mounted volume appears, all at once.
        const staging = await mkdtemp(path.join(demoRoot, 'staging-'));
        const camera = path.join(staging, 'DSJ-A8-0007');
        const simulated = await writeSimulatedCamera(camera, { clipCount: 4 });
        // Issue F: people to sign in as, in the department the demo camera is registered to.
        await seedDemoAccounts(opened, '演示科室', io.err);
        // The station ingests registered cameras only (issue B): the demo's clerk registers it first.
        await registerDemoCamera(opened, simulated.identity);
        await rename(camera, path.join(mountRoot, `CAMERA-${Date.now()}`));
        io.err(lang() === 'zh' ? `模拟记录仪已接入：${mountRoot}` : `Emulated camera docked under ${mountRoot}`);
      });
    });

  program
    .command('ingest')
    .description('dock a mounted camera volume: copy, verify and catalogue every file')
    .requiredOption('--source <dir>', 'the mounted camera volume')
    .action(async (options: { source: string }) =>
      withStation(async (opened, call) => {
        const { sessionId } = await run(opened, call, 'docks.ingestFolder', { path: path.resolve(options.source) });
        const session = await opened.station.whenDocked(sessionId);
        await opened.station.idle();
        const words = WORDS[lang()];
        const problems = session.problems.map((p) => `  ! ${p.originalPath}: ${p.code} ${p.message}`).join('\n');
        const late = session.lateCount > 0 ? words.lateFiles(session.lateCount, (await run(opened, call, 'settings.get', {})).handInLimitHours) : '';
        print([words.ingestDone(session.clipIds.length, session.problems.length, session.state), late, problems].filter(Boolean).join('\n'), session);
        if (session.state === 'failed' || session.state === 'interrupted') {
          // The stop's own problem (first of its code) carries the message and the figures (bytes needed, free).
          const failure = session.problems.find((p) => p.code === session.failure) ?? session.problems.at(-1);
          if (failure) io.err(errorText(lang(), { code: failure.code, message: failure.message, params: failure.params ?? {} }));
          process.exitCode = EXIT.ingestIncomplete;
        }
      }),
    );

  program
    .command('catalogue')
    .description('list clips in the catalogue')
    .option('--unlabelled', 'only clips still missing their label')
    .option('--case <caseNumber>', 'filter by case number')
    .option('--text <text>', 'free-text search')
    .option('--session <id>', 'clips of one dock session')
    .option('--limit <n>', 'at most n clips', parsePositive, 100)
    .action(async (options: { unlabelled?: boolean; case?: string; text?: string; session?: string; limit: number }) =>
      withStation(async (opened, call) => {
        const page = await run(opened, call, 'clips.query', {
          ...(options.unlabelled ? { unlabelledOnly: true } : {}),
          ...(options.case ? { caseNumber: options.case } : {}),
          ...(options.text ? { text: options.text } : {}),
          ...(options.session ? { dockSessionId: options.session } : {}),
          limit: options.limit,
        });
        const rows = page.items.map((clip) =>
          [clip.id.slice(0, 12), clip.originalName, clip.camera.deviceNumber, clip.media.recordedAt ?? clip.cameraMtime, clip.label ? `${clip.label.caseNumber} ${clip.label.party} ${clip.label.handler}` : lang() === 'zh' ? '（未标注）' : '(unlabelled)'].join('  '),
        );
        print([...rows, `${page.items.length}/${page.total}`].join('\n'), page);
      }),
    );

  program
    .command('label')
    .description('label clips (by id, or every clip of a dock session) with case number, party and handler')
    .option('--clip <id...>', 'clip ids (full SHA-256)')
    .option('--session <id>', 'label every clip of this dock session')
    .requiredOption('--case <caseNumber>', '案号 case number')
    .requiredOption('--party <name>', '当事人 party')
    .requiredOption('--handler <name>', '承办人 handler')
    .requiredOption('--location <place>', '地点 location')
    .addOption(new Option('--stage <stage>', '执法环节 enforcement stage').choices([...ENFORCEMENT_STAGES]).default('investigation'))
    .option('--cause <text>', '案由 cause of action')
    .option('--notes <text>', '备注 notes')
    .addOption(new Option('--long-term <reason>', 'keep long term because').choices([...LONG_TERM_REASONS]))
    .action(async (options: { clip?: string[]; session?: string; case: string; party: string; handler: string; location: string; stage: (typeof ENFORCEMENT_STAGES)[number]; cause?: string; notes?: string; longTerm?: (typeof LONG_TERM_REASONS)[number] }) =>
      withStation(async (opened, call) => {
        let ids = options.clip ?? [];
        if (options.session) ids = [...ids, ...(await run(opened, call, 'clips.query', { dockSessionId: options.session, limit: 1000 })).items.map((clip) => clip.id)];
        if (ids.length === 0) throw new CommandRefused(EXIT.invalidInput, lang() === 'zh' ? '请用 --clip 或 --session 指定要标注的文件。' : 'Name the clips with --clip or --session.');
        const label = {
          caseNumber: options.case,
          party: options.party,
          handler: options.handler,
          stage: options.stage,
          location: options.location,
          ...(options.cause ? { causeOfAction: options.cause } : {}),
          ...(options.notes ? { notes: options.notes } : {}),
          ...(options.longTerm ? { longTerm: options.longTerm } : {}),
        };
        const result = await run(opened, call, 'clips.label', { ids, label });
        print(WORDS[lang()].labelled(result.updated), result);
      }),
    );

  program
    .command('late-reason')
    .description('give the reason for clips handed in after the agency limit')
    .requiredOption('--session <id>', 'dock session')
    .requiredOption('--reason <text>', 'why the footage came in late')
    .action(async (options: { session: string; reason: string }) =>
      withStation(async (opened, call) => {
        const session = (await run(opened, call, 'docks.list', {})).find((s) => s.id === options.session);
        const late = (await run(opened, call, 'clips.query', { dockSessionId: options.session, limit: 1000 })).items.filter((clip) => clip.late);
        if (!session || late.length === 0) return print('0', { updated: 0 });
        const result = await run(opened, call, 'docks.lateReason', { sessionId: options.session, clipIds: late.map((clip) => clip.id), reason: options.reason });
        print(String(result.updated), result);
      }),
    );

  program
    .command('close')
    .description('close a dock session (refused while clips are unlabelled)')
    .requiredOption('--session <id>', 'dock session')
    .action(async (options: { session: string }) =>
      withStation(async (opened, call) => {
        const closed = await run(opened, call, 'docks.close', { sessionId: options.session });
        print(WORDS[lang()].closed(closed.id), closed);
      }),
    );

  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('replay the hash chain and name the first bad record')
    .action(async () =>
      withStation(async (opened, call) => {
        const result = await run(opened, call, 'audit.verify', {});
        print(auditVerifyText(lang(), result), result);
        if (!result.ok) process.exitCode = EXIT.auditBroken;
      }),
    );
  registerAuditCheckpointCommands(audit, { withStation: (work) => withStation(work), print, lang, refused: (exitCode, message) => new CommandRefused(exitCode, message) });

  program
    .command('fixity')
    .description('re-hash every vault object now: report damaged, missing and unknown objects (exit 4 when any)')
    .action(async () =>
      withStation(async (opened, call) => {
        const { runId } = await run(opened, call, 'fixity.run', {});
        await opened.station.fixity?.whenIdle();
        const status = await run(opened, call, 'fixity.status', {});
        print(fixityReport(lang(), status), { runId, ...status });
        if (status.problems.length > 0 || status.lastRun?.complete === false) process.exitCode = EXIT.fixityProblems;
      }),
    );

  program
    .command('sim-camera')
    .description('write an emulated camera volume (H.264 clips with a gap, a photo, an audio file, identity)')
    .requiredOption('--out <dir>', 'folder to write the volume into')
    .option('--device <number>', 'device number', 'DSJ-A8-0007')
    .option('--officer-number <n>', 'officer badge number', '3201008')
    .option('--officer-name <name>', 'officer name', '张伟')
    .option('--clips <n>', 'number of video clips', parsePositive, 3)
    .option('--hours-ago <h>', 'when the recording started, hours before now', Number, 3)
    .option('--clock-offset <ms>', 'camera clock minus station clock, ms', Number, 0)
    .option('--hostile-names', 'also write a symlink, a FIFO and a control-character name (for tests)')
    .action(async (options: { out: string; device: string; officerNumber: string; officerName: string; clips: number; hoursAgo: number; clockOffset: number; hostileNames?: boolean }) => {
      const written = await writeSimulatedCamera(path.resolve(options.out), {
        deviceNumber: options.device,
        officerNumber: options.officerNumber,
        officerName: options.officerName,
        clipCount: options.clips,
        recordedAt: new Date(Date.now() - options.hoursAgo * 3_600_000),
        clockOffsetMs: options.clockOffset,
        hostileNames: options.hostileNames ?? false,
      });
      print(WORDS[lang()].simWritten(options.out, written.files.length), written);
    });

  registerConfidentialityCommand(program, { withStation: (work) => withStation(work), run, print, lang, refused: (exitCode, message) => new CommandRefused(exitCode, message) });
  registerUserCommands(program, { withStation: (work) => withStation(work), withAnonymousStation: (work) => withAnonymousStation(work), run, print, lang, refused: (exitCode, message) => new CommandRefused(exitCode, message) });

  registerArchiveCommands(program, { withStation: (work) => withStation(work), print, lang, err: io.err, json: () => globals().json === true, refused: (exitCode, message) => new CommandRefused(exitCode, message) });
  registerBackupCommands(program, { withStation: (work) => withStation(work), json: () => globals().json === true, print, lang, err: io.err, refused: (exitCode, message) => new CommandRefused(exitCode, message) });
  registerDeviceCommands(program, { withStation: (work) => withStation(work), dataDir: () => resolveDataDir(globals().data), print, lang, err: io.err, json: () => globals().json === true, refused: (exitCode, message) => new CommandRefused(exitCode, message) });
  registerSupervisionCommands(program, { withStation: (work) => withStation(work), print, lang, json: () => globals().json === true, refused: (exitCode, message) => new CommandRefused(exitCode, message) });

  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('port 0-65535');
  return port;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number from 1');
  return n;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommandRefused) {
      process.stderr.write(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof Error && 'exitCode' in error && typeof error.exitCode === 'number' && 'code' in error && String(error.code).startsWith('commander.')) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.invalidInput;
    }
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${errorText(pickLang(undefined), { code, message, params: error instanceof Error && 'params' in error && typeof error.params === 'object' && error.params !== null ? (error.params as Record<string, string | number>) : {} })}\n`);
    return code === 'SESSION_BUSY' ? EXIT.refused : EXIT.unexpected;
  }
}
