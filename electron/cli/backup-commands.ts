/**
 * `evidence-station backup ...` and `restore`: the off-site backup from a terminal, with the same
 * semantics as the status screen (the station's contract commands: same checks, same audit records).
 *
 *   backup [--target <folder | sftp://user@host[:port]/dir | s3://bucket/prefix?endpoint=...>] [--bandwidth 10M]
 *   backup status
 *   backup verify [--sample N] [--target ...]
 *   backup key init | key export --out FILE | key sheet --out FILE.pdf
 *   backup credentials --target <sftp://... | s3://...> [--identity FILE] [--password-env VAR] [--access-key-env VAR --secret-env VAR]
 *   restore --from <target> --key FILE --data DIR [--snapshot ID] [--identity FILE] [--password-env VAR]
 *
 * Exit codes: 0 done, 2 invalid input, 5 refused, 6 the backup failed (nothing new counted as backed
 * up), 7 the sample check found damaged objects, 8 the restore is incomplete or a check failed,
 * 9 (`backup status`) the last good backup is older than the agency's limit, or there is none.
 */
import { constants } from 'node:fs';
import { access, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { CommandName, CommandRequest, CommandResponse } from '../contract/index.js';
import type { CallContext } from '../core/commands/handlers.js';
import { formatKeyFile, parseKeyFile } from '../core/backup/backup-key.js';
import { BackupError, type BackupErrorCode } from '../core/backup/errors.js';
import type { BackupProgress, BackupRunSummary, BackupStatus, BackupVerificationSummary } from '../core/backup/model.js';
import type { OpenedStation } from '../adapters/compose.js';
import { recoverySheetPdf } from '../adapters/backup/recovery-sheet-pdf.js';
import { restoreStation, type RestoreReport } from '../adapters/backup/restore-station.js';
import { DefaultTargetOpener, MemoryCredentials, parseTarget } from '../adapters/backup/target-opener.js';
import type { StoredCredentials } from '../adapters/backup/local-files.js';
import { STATION_VERSION } from '../adapters/version.js';
import { EXIT } from './exit-codes.js';
import { errorText, type Lang } from './messages.js';

export const BACKUP_EXIT = { failed: 6, verifyFailed: 7, restoreIncomplete: 8, alarm: 9 } as const;

export interface BackupCliHelpers {
  withStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>): Promise<T>;
  /** Whether --json was given. */
  json(): boolean;
  print(human: string, machine: unknown): void;
  lang(): Lang;
  err(text: string): void;
  refused(exitCode: number, message: string): Error;
}

type Params = Record<string, string | number>;
const gb = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

const ERRORS: Record<string, Record<Lang, (p: Params) => string>> = {
  BACKUP_TARGET_INVALID: { zh: (p) => `备份目标无效：${p.target ?? ''}${p.detail ? `（${p.detail}）` : ''}。可用：文件夹（绝对路径）、sftp://用户@主机[:端口]/目录、s3://桶/前缀?endpoint=...`, en: (p) => `Invalid backup target ${p.target ?? ''}${p.detail ? ` (${p.detail})` : ''}. Use a folder (absolute path), sftp://user@host[:port]/dir or s3://bucket/prefix?endpoint=...` },
  BACKUP_TARGET_UNREACHABLE: { zh: (p) => `无法连接备份目标 ${p.target ?? ''}（${p.errno ?? p.detail ?? ''}）：请检查网络、移动硬盘是否接好、共享是否已挂载。本次未计为已备份。`, en: (p) => `Cannot reach the backup target ${p.target ?? ''} (${p.errno ?? p.detail ?? ''}): check the network, the disk or the share. Nothing was counted as backed up.` },
  BACKUP_AUTH_FAILED: { zh: (p) => `备份目标 ${p.target ?? ''} 拒绝登录或写入（${p.detail ?? p.errno ?? ''}）：凭据可能已被吊销或填写错误，请由管理员用 backup credentials 更新。本次未计为已备份。`, en: (p) => `The backup target ${p.target ?? ''} refused the login or the write (${p.detail ?? p.errno ?? ''}): the credential may be revoked or wrong; update it with backup credentials. Nothing was counted as backed up.` },
  BACKUP_TARGET_FULL: { zh: (p) => `备份目标 ${p.target ?? ''} 空间已满。已上传的部分会在下次备份时沿用；本次未计为已备份。请更换或清理备份盘。`, en: (p) => `The backup target ${p.target ?? ''} is full. What was sent is kept for the next run; this run does not count as a backup. Replace or clean up the backup disk.` },
  BACKUP_OBJECT_CORRUPT: { zh: (p) => `备份对象 ${p.object ?? ''} 已损坏或被篡改（${p.detail ?? ''}），不会作为正常数据使用。`, en: (p) => `Backup object ${p.object ?? ''} is damaged or was altered (${p.detail ?? ''}); it is never used as good data.` },
  BACKUP_OBJECT_MISSING: { zh: (p) => `备份目标上缺少对象 ${p.object ?? ''}。`, en: (p) => `Object ${p.object ?? ''} is missing on the backup target.` },
  BACKUP_WRONG_KEY: { zh: () => '此密钥打不开这个备份（密钥与备份不对应）。请使用该备份创建时的恢复密钥。', en: () => 'This key does not open this backup. Use the recovery key of the station that made it.' },
  BACKUP_KEY_MISSING: { zh: () => '本工作站还没有备份密钥：请先执行 backup key init 或进行一次备份。', en: () => 'This station has no backup key yet: run backup key init or a first backup.' },
  BACKUP_KEY_INVALID: { zh: (p) => `恢复密钥无效：${p.detail ?? ''}（请核对恢复单上的字符与校验值）。`, en: (p) => `Invalid recovery key: ${p.detail ?? ''} (check the characters and the check value on the sheet).` },
  BACKUP_NO_SNAPSHOT: { zh: (p) => `${p.target ?? '备份目标'} 上没有完整的备份${p.snapshotId ? `（快照 ${p.snapshotId}）` : ''}。`, en: (p) => `No complete backup on ${p.target ?? 'the target'}${p.snapshotId ? ` (snapshot ${p.snapshotId})` : ''}.` },
  BACKUP_ALREADY_RUNNING: { zh: (p) => `已有备份正在进行（${p.runId ?? ''}）。`, en: (p) => `A backup is already running (${p.runId ?? ''}).` },
  BACKUP_SOURCE_CHANGED: { zh: (p) => `存储库对象 ${p.sha256 ?? ''} 与其内容地址不符：请先执行 fixity 检查。该对象未上传。`, en: (p) => `Vault object ${p.sha256 ?? ''} does not match its content address: run a fixity check. It was not sent.` },
  BACKUP_RESTORE_NOT_EMPTY: { zh: (p) => `${p.path ?? ''} 不是空目录：恢复只写入空的数据目录，不会与现有数据混合。`, en: (p) => `${p.path ?? ''} is not empty: a restore writes only into an empty data folder.` },
  BACKUP_RESTORE_FAILED: { zh: (p) => `恢复写入失败：${p.object ?? ''}（${p.errno ?? ''}）。`, en: (p) => `Restore could not write ${p.object ?? ''} (${p.errno ?? ''}).` },
  BACKUP_WRITE_FAILED: { zh: (p) => `写入备份目标失败：${p.detail ?? p.errno ?? ''}。本次未计为已备份。`, en: (p) => `Writing to the backup target failed: ${p.detail ?? p.errno ?? ''}. Nothing was counted as backed up.` },
};

export function backupErrorText(lang: Lang, error: { code: string; message: string; params: Params }): string {
  return ERRORS[error.code]?.[lang](error.params) ?? errorText(lang, error);
}

const STEPS: Record<Lang, Record<BackupProgress['step'], string>> = {
  zh: { snapshot: '生成快照', listing: '读取目标清单', checking: '核对目标已有对象', uploading: '加密上传', manifest: '写入快照清单', verifying: '校验', done: '完成', failed: '失败' },
  en: { snapshot: 'snapshot', listing: 'listing target', checking: 'checking target objects', uploading: 'encrypting and sending', manifest: 'writing manifest', verifying: 'verifying', done: 'done', failed: 'failed' },
};

export function backupProgressLine(lang: Lang, p: BackupProgress): string {
  const percent = p.bytesTotal > 0 ? ` ${((100 * p.bytesDone) / p.bytesTotal).toFixed(1)}%` : '';
  const objects = p.objectsTotal > 0 ? ` ${p.objectsDone}/${p.objectsTotal}` : '';
  const speed = p.speed > 0 ? ` ${(p.speed / 1e6).toFixed(1)} MB/s` : '';
  const eta = p.etaSeconds !== undefined && p.step === 'uploading' ? (lang === 'zh' ? ` 剩余约 ${p.etaSeconds} 秒` : ` ETA ${p.etaSeconds}s`) : '';
  return `[${STEPS[lang][p.step]}]${objects}${percent}${speed}${eta}`;
}

function summaryText(lang: Lang, s: BackupRunSummary): string {
  return lang === 'zh'
    ? `备份完成：快照 ${s.snapshotId ?? ''}，共 ${s.objects} 个录像文件（${gb(s.bytes)}），本次新上传 ${s.uploadedObjects} 个对象（${gb(s.uploadedBytes)}），审计记录至第 ${s.auditSeq ?? 0} 条。目标：${s.target}`
    : `Backup complete: snapshot ${s.snapshotId ?? ''}, ${s.objects} recordings (${gb(s.bytes)}), ${s.uploadedObjects} objects sent this time (${gb(s.uploadedBytes)}), audit records up to ${s.auditSeq ?? 0}. Target: ${s.target}`;
}

export function statusText(lang: Lang, s: BackupStatus): string {
  const zh = lang === 'zh';
  const lines: string[] = [];
  lines.push(zh ? `备份目标：${s.target || '（未设置）'}，每日 ${s.scheduleTime}，告警阈值 ${s.maxAgeHours} 小时` : `Target: ${s.target || '(not set)'}, nightly at ${s.scheduleTime}, alarm after ${s.maxAgeHours} h`);
  lines.push(s.keyId ? (zh ? `备份密钥：${s.keyId}` : `Backup key: ${s.keyId}`) : zh ? '备份密钥：尚未生成' : 'Backup key: not made yet');
  if (s.lastGood) lines.push(zh ? `最近一次成功备份：${s.lastGood.finishedAt}（${s.ageHours ?? 0} 小时前），${s.lastGood.objects} 个文件，${gb(s.lastGood.bytes)}` : `Last good backup: ${s.lastGood.finishedAt} (${s.ageHours ?? 0} h ago), ${s.lastGood.objects} files, ${gb(s.lastGood.bytes)}`);
  else lines.push(zh ? '尚无成功的备份。' : 'No good backup yet.');
  if (s.lastRun && !s.lastRun.ok && s.lastRun.error) lines.push(zh ? `最近一次备份失败（${s.lastRun.finishedAt}）：${backupErrorText(lang, s.lastRun.error)}` : `Last run failed (${s.lastRun.finishedAt}): ${backupErrorText(lang, s.lastRun.error)}`);
  lines.push(zh ? `待备份：${s.pendingObjects} 个文件（${gb(s.pendingBytes)}）` : `Pending: ${s.pendingObjects} files (${gb(s.pendingBytes)})`);
  const v = s.verifications[0];
  if (v) lines.push(zh ? `最近抽样校验：${v.at}，抽查 ${v.checked} 个，${v.ok ? '全部正常' : `${v.problems.length} 个损坏`}` : `Last sample check: ${v.at}, ${v.checked} checked, ${v.ok ? 'all good' : `${v.problems.length} damaged`}`);
  if (s.alarm) lines.push(zh ? '告警：超过规定时限没有成功的异地备份！' : 'ALARM: no good off-site backup within the agency limit!');
  return lines.join('\n');
}

function verificationText(lang: Lang, v: BackupVerificationSummary): string {
  const head = lang === 'zh' ? `抽样校验快照 ${v.snapshotId}：抽查 ${v.checked} 个对象（${gb(v.bytes)}），${v.ok ? '全部解密且哈希一致。' : `${v.problems.length} 个有问题：`}` : `Sample check of snapshot ${v.snapshotId}: ${v.checked} objects (${gb(v.bytes)}), ${v.ok ? 'all decrypt and hash correctly.' : `${v.problems.length} with problems:`}`;
  return [head, ...v.problems.map((p) => `  - ${p.sha256 ?? p.object}: ${p.detail}`)].join('\n');
}

export function restoreText(lang: Lang, r: RestoreReport): string {
  const zh = lang === 'zh';
  const lines = [
    zh ? `已从 ${r.target} 恢复快照 ${r.snapshotId}（创建于 ${r.createdAt}）：` : `Restored snapshot ${r.snapshotId} (made ${r.createdAt}) from ${r.target}:`,
    zh ? `  录像文件 ${r.objects}/${r.objectsInSnapshot} 个（${gb(r.bytes)}），逐个哈希校验` : `  recordings ${r.objects}/${r.objectsInSnapshot} (${gb(r.bytes)}), each hash-checked`,
    zh ? `  数据文件 ${r.files}/${r.filesInSnapshot} 个（目录、审计日志、密钥、设置）` : `  data files ${r.files}/${r.filesInSnapshot} (catalogue, audit log, keys, settings)`,
    zh ? `  目录中 ${r.clips} 条记录，其中已标注 ${r.labelledClips} 条` : `  ${r.clips} clips catalogued, ${r.labelledClips} labelled`,
    zh ? `  审计日志 ${r.auditRecordsInSnapshot} 条（备份时），签名检查点至第 ${r.checkpointSeq ?? 0} 条；审计链校验${r.audit.ok ? '通过' : '失败'}` : `  audit log ${r.auditRecordsInSnapshot} records at backup time, signed checkpoint up to ${r.checkpointSeq ?? 0}; audit chain ${r.audit.ok ? 'verified' : 'FAILED'}`,
  ];
  for (const p of r.problems.slice(0, 50)) lines.push(`  ! ${p.what}: ${backupErrorText(lang, { code: p.code, message: p.detail, params: { object: p.what, detail: p.detail } })}`);
  lines.push(r.ok ? (zh ? '恢复完成，全部校验通过。' : 'Restore complete; every check passed.') : zh ? `恢复不完整：${r.problems.length} 个问题（见上）。` : `Restore INCOMPLETE: ${r.problems.length} problems (above).`);
  return lines.join('\n');
}

function parseBandwidth(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)(?:i?B(?:\/s)?)?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('bytes per second, e.g. 500K, 10M');
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number from 1');
  return n;
}

/** A folder typed relative to the current directory becomes absolute; URLs stay as typed. */
export function resolveBackupTarget(text: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : path.resolve(text);
}

async function writeNewPrivateFile(file: string, bytes: Buffer | string): Promise<void> {
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Credentials from the command line: a key file, or secrets named by environment variables (never typed as arguments, which `ps` shows). */
async function credentialsFrom(target: string, options: { identity?: string; passwordEnv?: string; accessKeyEnv?: string; secretEnv?: string }): Promise<StoredCredentials> {
  const parsed = parseTarget(target);
  const env = (name: string | undefined) => (name ? process.env[name] : undefined);
  if (parsed.kind === 'sftp') {
    const entry: NonNullable<StoredCredentials['sftp']>[string] = {};
    if (options.identity) entry.privateKey = await readFile(path.resolve(options.identity), 'utf8');
    const password = env(options.passwordEnv);
    if (password) entry.password = password;
    return entry.privateKey || entry.password ? { sftp: { [parsed.id]: entry } } : {};
  }
  if (parsed.kind === 's3') {
    const accessKeyId = env(options.accessKeyEnv);
    const secretAccessKey = env(options.secretEnv);
    return accessKeyId && secretAccessKey ? { s3: { [parsed.id]: { accessKeyId, secretAccessKey } } } : {};
  }
  return {};
}

export function registerBackupCommands(program: Command, helpers: BackupCliHelpers): void {
  const { withStation, print, lang, err } = helpers;
  const zh = () => lang() === 'zh';

  /** A contract command; the backup's own refusals are worded here, the rest as the station words them. */
  async function run<C extends CommandName>(opened: OpenedStation, call: CallContext, command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    const result = await opened.station.execute(command, request, call);
    if (result.ok) return result.value;
    if (helpers.json()) print('', { ok: false, error: result.error });
    if (result.error.code.startsWith('BACKUP_')) throw failure(new BackupError(result.error.code as BackupErrorCode, result.error.message, result.error.params));
    const refusedCodes = ['UNAUTHORIZED', 'UNAUTHENTICATED', 'FORBIDDEN', 'SESSION_INVALID', 'SESSION_LOCKED'];
    throw helpers.refused(refusedCodes.includes(result.error.code) ? EXIT.refused : result.error.code === 'INTERNAL' ? EXIT.unexpected : EXIT.invalidInput, errorText(lang(), result.error));
  }

  /** A failure of the backup itself, in words, with the right exit code. */
  const failure = (error: unknown, exitCode: number = BACKUP_EXIT.failed): Error => {
    if (error instanceof BackupError) {
      const code = ['BACKUP_TARGET_INVALID', 'BACKUP_KEY_INVALID', 'BACKUP_WRONG_KEY', 'BACKUP_RESTORE_NOT_EMPTY'].includes(error.code) ? EXIT.invalidInput : exitCode;
      return helpers.refused(code, backupErrorText(lang(), error));
    }
    return error instanceof Error ? error : new Error(String(error));
  };

  const backup = program
    .command('backup')
    .description('off-site backup: encrypted, incremental, verified (docs/backup.md)')
    .option('--target <target>', 'folder, sftp://user@host[:port]/dir or s3://bucket/prefix?endpoint=... (default: the configured target)')
    .option('--bandwidth <rate>', 'upload limit, bytes per second (500K, 10M)', parseBandwidth)
    .action(async (options: { target?: string; bandwidth?: number }) => {
      await withStation(async (opened, call) => {
        const started = await run(opened, call, 'backup.start', { ...(options.target ? { target: resolveBackupTarget(options.target) } : {}), ...(options.bandwidth !== undefined ? { bandwidthBytesPerSecond: options.bandwidth } : {}) });
        let lastLine = 0;
        const onProgress = (p: BackupProgress) => {
          if (p.runId !== started.runId) return;
          const now = Date.now();
          if (now - lastLine < 1000 && p.step === 'uploading') return;
          lastLine = now;
          err(backupProgressLine(lang(), p));
        };
        opened.backup.service.events.on('progress', onProgress);
        try {
          const summary = await opened.backup.service.wait(started.runId);
          print(summaryText(lang(), summary), summary);
        } catch (error) {
          throw failure(error);
        } finally {
          opened.backup.service.events.off('progress', onProgress);
        }
      });
    });

  backup
    .command('status')
    .description('last good backup, pending files, alarm, last checks')
    .action(async () => {
      await withStation(async (opened, call) => {
        const status = await run(opened, call, 'backup.status', {});
        print(statusText(lang(), status), status);
        if (status.alarm) process.exitCode = BACKUP_EXIT.alarm;
      });
    });

  backup
    .command('verify')
    .description('download, decrypt and hash a random sample of the newest backup')
    .option('--sample <n>', 'how many objects', parseCount)
    .option('--target <target>', 'the target (default: the configured one)')
    .action(async (options: { sample?: number; target?: string }) => {
      // `backup --target X verify` and `backup verify --target X` alike: commander gives the option to whichever command it meets first.
      const target = options.target ?? backup.opts<{ target?: string }>().target;
      await withStation(async (opened, call) => {
        let result: BackupVerificationSummary;
        try {
          result = await run(opened, call, 'backup.verify', { ...(options.sample ? { sampleSize: options.sample } : {}), ...(target ? { target: resolveBackupTarget(target) } : {}) });
        } catch (error) {
          throw failure(error);
        }
        print(verificationText(lang(), result), result);
        if (!result.ok) process.exitCode = BACKUP_EXIT.verifyFailed;
      });
    });

  const key = backup.command('key').description('the backup key: made once, kept on the station and on the printed recovery sheet');
  key
    .command('init')
    .description('make the backup key now (otherwise the first backup makes it)')
    .action(async () => {
      await withStation(async (opened, call) => {
        const made = await run(opened, call, 'backup.keyInit', {});
        print(made.created ? (zh() ? `已生成备份密钥 ${made.keyId}。请立即打印恢复单（backup key sheet）并存入保险柜。` : `Backup key ${made.keyId} made. Print the recovery sheet now (backup key sheet) and store it in the safe.`) : zh() ? `本工作站已有备份密钥 ${made.keyId}（不会替换）。` : `This station already has backup key ${made.keyId} (never replaced).`, made);
      });
    });

  const exportKey = async (out: string, render: (k: NonNullable<Awaited<ReturnType<OpenedStation['backup']['keys']['load']>>>, opened: OpenedStation) => Promise<Buffer | string>, kind: 'file' | 'sheet') => {
    const file = path.resolve(out);
    if (await access(file, constants.F_OK).then(() => true, () => false)) throw helpers.refused(EXIT.invalidInput, zh() ? `${file} 已存在，不会覆盖。` : `${file} exists; it is never overwritten.`);
    await withStation(async (opened, call) => {
      // access: backup.manage (the key leaves the station only here, on purpose, audited; backup.keyInit carries the permission check)
      const made = await run(opened, call, 'backup.keyInit', {});
      const loaded = await opened.backup.keys.load();
      if (!loaded) throw helpers.refused(EXIT.unexpected, 'backup key missing');
      await writeNewPrivateFile(file, await render(loaded, opened));
      await opened.backup.record(call.operator ?? 'cli', 'backup.key-exported', { keyId: made.keyId, kind, file });
      print(zh() ? `恢复密钥 ${made.keyId} 已写入 ${file}（仅本人可读）。请打印或转存至安全处后删除电脑上的副本。` : `Recovery key ${made.keyId} written to ${file} (owner-only). Store it safely, then delete the copy on this computer.`, { keyId: made.keyId, file });
    });
  };

  key
    .command('export')
    .description('write the recovery key file (with its check value) for safekeeping')
    .requiredOption('--out <file>', 'new file to write (never overwritten)')
    .action(async (options: { out: string }) => exportKey(options.out, async (k) => formatKeyFile(k), 'file'));

  key
    .command('sheet')
    .description('the printable recovery sheet (PDF) with the key in groups of four')
    .requiredOption('--out <file>', 'new PDF file (never overwritten)')
    .action(async (options: { out: string }) =>
      exportKey(
        options.out,
        async (k, opened) => {
          const settings = await opened.backup.settings();
          return recoverySheetPdf(k, { agencyName: settings.agencyName, stationVersion: STATION_VERSION, target: settings.backupTarget, createdAt: new Date() });
        },
        'sheet',
      ),
    );

  backup
    .command('credentials')
    .description('store the login for an SFTP or S3 target (keys/backup-credentials.json, 0600; never in settings or the audit log)')
    .requiredOption('--target <target>', 'sftp://user@host[:port]/dir or s3://bucket/prefix?endpoint=...')
    .option('--identity <file>', 'SFTP: private key file')
    .option('--password-env <var>', 'SFTP: environment variable holding the password')
    .option('--access-key-env <var>', 'S3: environment variable holding the access key id')
    .option('--secret-env <var>', 'S3: environment variable holding the secret key')
    .action(async (options: { target: string; identity?: string; passwordEnv?: string; accessKeyEnv?: string; secretEnv?: string }) => {
      let given: StoredCredentials;
      try {
        given = await credentialsFrom(options.target, options);
      } catch (error) {
        throw failure(error);
      }
      if (!given.sftp && !given.s3) throw helpers.refused(EXIT.invalidInput, zh() ? '请给出凭据：SFTP 用 --identity 或 --password-env，S3 用 --access-key-env 与 --secret-env。' : 'Give a credential: --identity or --password-env for SFTP, --access-key-env and --secret-env for S3.');
      await withStation(async (opened, call) => {
        // access: backup.manage - there is no contract command for credentials (they never cross it); this call checks the signed-in session.
        await run(opened, call, 'backup.status', {});
        await opened.backup.credentials.update((all) => {
          for (const [id, entry] of Object.entries(given.sftp ?? {})) (all.sftp ??= {})[id] = { ...entry, ...(all.sftp?.[id]?.hostKeySha256 ? { hostKeySha256: all.sftp[id].hostKeySha256 } : {}) };
          for (const [id, entry] of Object.entries(given.s3 ?? {})) (all.s3 ??= {})[id] = entry;
        });
        const ids = [...Object.keys(given.sftp ?? {}), ...Object.keys(given.s3 ?? {})];
        await opened.backup.record(call.operator ?? 'cli', 'backup.credentials-updated', { target: ids.join(', ') });
        print(zh() ? `已保存 ${ids.join(', ')} 的凭据。` : `Credentials for ${ids.join(', ')} stored.`, { targets: ids });
      });
    });

  program
    .command('restore')
    .description('rebuild a station from a backup into an EMPTY data folder, verifying every object and the audit chain')
    .requiredOption('--from <target>', 'the backup: folder, sftp://... or s3://...')
    .requiredOption('--key <file>', 'the recovery key file (backup key export, or typed from the recovery sheet)')
    .option('--data <dir>', 'the empty data folder to rebuild (the global --data means the same)')
    .option('--snapshot <id>', 'a particular snapshot (default: the newest complete one)')
    .option('--identity <file>', 'SFTP: private key file')
    .option('--password-env <var>', 'SFTP: environment variable holding the password')
    .option('--access-key-env <var>', 'S3: environment variable holding the access key id (default AWS_ACCESS_KEY_ID)')
    .option('--secret-env <var>', 'S3: environment variable holding the secret key (default AWS_SECRET_ACCESS_KEY)')
    .action(async (options: { from: string; key: string; data?: string; snapshot?: string; identity?: string; passwordEnv?: string; accessKeyEnv?: string; secretEnv?: string }) => {
      const from = resolveBackupTarget(options.from);
      // `evidence-station restore --data DIR` reaches the program's own --data first.
      const dataDir = options.data ?? program.opts<{ data?: string }>().data;
      if (!dataDir) throw helpers.refused(EXIT.invalidInput, zh() ? '请用 --data 指定要重建的空数据目录。' : 'Name the empty data folder to rebuild with --data.');
      let report: RestoreReport;
      try {
        const keyText = await readFile(path.resolve(options.key), 'utf8').catch((error: unknown) => {
          throw new BackupError('BACKUP_KEY_INVALID', `cannot read ${options.key}`, { detail: error instanceof Error ? error.message : String(error) });
        });
        const backupKey = parseKeyFile(keyText);
        const credentials = new MemoryCredentials(await credentialsFrom(from, options));
        let lastLine = 0;
        report = await restoreStation({
          from,
          key: backupKey,
          dataDir: path.resolve(dataDir),
          targets: new DefaultTargetOpener(credentials),
          actor: `restore:${process.env.USER ?? 'cli'}`,
          ...(options.snapshot ? { snapshotId: options.snapshot } : {}),
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastLine < 1000 && p.done < p.total) return;
            lastLine = now;
            err(zh() ? `[恢复${p.step === 'objects' ? '录像' : '数据文件'}] ${p.done}/${p.total}` : `[restoring ${p.step}] ${p.done}/${p.total}`);
          },
          log: (m) => err(m),
        });
      } catch (error) {
        throw failure(error, BACKUP_EXIT.restoreIncomplete);
      }
      print(restoreText(lang(), report), report);
      if (!report.ok) process.exitCode = BACKUP_EXIT.restoreIncomplete;
    });
}
