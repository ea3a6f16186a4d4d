/**
 * `evidence-station archive ...`: long-term copies from a terminal, with the same semantics as the
 * screens (every command goes through the archive's contract commands: same schemas, same checks,
 * same audit records).
 *
 *   archive --case <case no.> | --clip <id...>  --target <drive | stdio:IMAGE | folder>
 *           [--media cd|dvd|dvd-dl|bd25|bd50|bd100] [--second-target ... [--second-media ...]]
 *   archive verify --disc <id> [--location <drive | image | folder>]
 *   archive queue
 *   archive queue-add --case <case no.> | --clip <id...> [--copies 2] [--note <text>]
 *   archive discs [--due] [--interval-days N]
 *   archive shelve --disc <id> --shelf <where>
 *
 * Exit codes: 0 done and verified, 2 invalid input, 5 refused, 6 the copy failed (burn, write, full
 * disk: nothing registered as verified), 7 a copy did not read back identical.
 */
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ArchiveCallResult, ArchiveCommandName, ArchiveCommandRequest, ArchiveCommandResponse } from '../contract/archive.js';
import type { CallContext } from '../core/commands/handlers.js';
import { MEDIA_SIZE_IDS, type ArchiveJob, type ArchiveProgress, type MediaSizeId } from '../core/archive/model.js';
import type { OpenedStation } from '../adapters/compose.js';
import { EXIT } from './exit-codes.js';
import { errorText, type Lang } from './messages.js';

/** Exit codes of the archive commands beyond the station's (exit-codes.ts). */
export const ARCHIVE_EXIT = { copyFailed: 6, verifyFailed: 7 } as const;

export interface ArchiveCliHelpers {
  withStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>): Promise<T>;
  print(human: string, machine: unknown): void;
  lang(): Lang;
  /** Progress and notes go to stderr, so --json output on stdout stays clean. */
  err(text: string): void;
  /** Whether --json was given. */
  json(): boolean;
  /** The error that ends the command with `exitCode` and `message` (index.ts's CommandRefused). */
  refused(exitCode: number, message: string): Error;
}

type Params = Record<string, string | number>;
const ARCHIVE_ERRORS: Record<string, Record<Lang, (p: Params) => string>> = {
  ARCHIVE_NOTHING_TO_ARCHIVE: { zh: (p) => `没有可归档的文件${p.caseNumber ? `（案号 ${p.caseNumber}）` : ''}。`, en: (p) => `Nothing to archive${p.caseNumber ? ` for case ${p.caseNumber}` : ''}.` },
  ARCHIVE_CLIP_UNLABELLED: { zh: (p) => `${p.count} 个文件尚未标注案号、当事人、承办人，不能归档。`, en: (p) => `${p.count} clips are not labelled yet and cannot be archived.` },
  ARCHIVE_CLIP_MISSING: { zh: (p) => `文件 ${p.clipId} 不在${p.where === 'vault' ? '存储库' : '目录'}中。`, en: (p) => `Clip ${p.clipId} is missing from the ${p.where === 'vault' ? 'vault' : 'catalogue'}.` },
  ARCHIVE_TARGET_INVALID: { zh: (p) => `目标无效：${p.path ?? p.target ?? ''}（光驱、stdio:镜像文件或文件夹）。`, en: (p) => `Invalid target ${p.path ?? p.target ?? ''} (an optical drive, stdio:IMAGE_FILE or a folder).` },
  ARCHIVE_TARGET_EXISTS: { zh: (p) => `${p.path} 已存在，归档副本从不覆盖。`, en: (p) => `${p.path} already exists; copies are never overwritten.` },
  ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA: { zh: (p) => `文件 ${p.clipId ?? ''} 大于一张光盘的容量，请选用更大的光盘（--media）。`, en: (p) => `Clip ${p.clipId ?? ''} is larger than one disc of this media; choose larger media (--media).` },
  ARCHIVE_MEDIA_NOT_BLANK: { zh: (p) => `${p.device} 中的光盘不是空白盘，证据光盘只刻录在空白盘上。`, en: (p) => `The disc in ${p.device} is not blank; evidence discs are written on blank media only.` },
  ARCHIVE_MEDIA_TOO_SMALL: { zh: () => '光驱中的光盘容量不足。', en: () => 'The disc in the drive is too small.' },
  ARCHIVE_NO_MEDIA: { zh: (p) => `${p.device ?? '光驱'} 中没有光盘：请放入空白光盘，或用 --media 指明光盘类型。`, en: (p) => `No disc in ${p.device ?? 'the drive'}: insert a blank disc or name the media (--media).` },
  ARCHIVE_WRONG_DISC: { zh: (p) => `光驱中的光盘是 ${p.actual}，不是 ${p.expected}。`, en: (p) => `The disc in the drive is ${p.actual}, not ${p.expected}.` },
  ARCHIVE_BURN_FAILED: { zh: (p) => `刻录失败（${BURN_REASONS.zh[String(p.reason)] ?? p.reason}）：${p.toolMessage}。归档队列未改变。`, en: (p) => `Burning failed (${BURN_REASONS.en[String(p.reason)] ?? p.reason}): ${p.toolMessage}. The archive queue is unchanged.` },
  ARCHIVE_WRITE_FAILED: { zh: (p) => `写入 ${p.path} 失败（${p.errno}）。归档队列未改变。`, en: (p) => `Writing to ${p.path} failed (${p.errno}). The archive queue is unchanged.` },
  ARCHIVE_VERIFY_FAILED: { zh: (p) => `回读校验不一致：光盘 ${p.discId} 有 ${p.problems} 个文件与入库时不同（首个：${p.file}，${p.problem}）。该盘已登记为“校验失败”，不得作为证据使用。`, en: (p) => `Read-back verification FAILED: ${p.problems} file(s) on ${p.discId} differ (first: ${p.file}, ${p.problem}). The disc is registered as failed and must not be used.` },
  ARCHIVE_READ_BACK_FAILED: { zh: (p) => `无法读取 ${p.location ?? p.path}。`, en: (p) => `Cannot read ${p.location ?? p.path}.` },
  ARCHIVE_DISC_NOT_FOUND: { zh: (p) => `登记簿中没有光盘 ${p.discId}。`, en: (p) => `No disc ${p.discId} in the registry.` },
  ARCHIVE_TOOL_MISSING: { zh: (p) => `找不到刻录程序 ${p.tool}（Debian：apt-get install xorriso）。`, en: (p) => `Burning tool ${p.tool} not found (Debian: apt-get install xorriso).` },
  ARCHIVE_FONT_MISSING: { zh: () => '找不到中文字体，无法生成取证说明 PDF（Debian：apt-get install fonts-noto-cjk，或设置 EVIDENCE_CJK_FONT）。', en: () => 'No Chinese font for the PDF sheets (Debian: apt-get install fonts-noto-cjk, or set EVIDENCE_CJK_FONT).' },
  ARCHIVE_ABORTED: { zh: () => '归档已中止。', en: () => 'Archiving was stopped.' },
  DISK_FULL: { zh: (p) => `目标磁盘空间不足：需要 ${gb(p.needed)}，可用 ${gb(p.free)}。未登记任何副本。`, en: (p) => `Not enough space on the target: ${gb(p.needed)} needed, ${gb(p.free)} free. Nothing was registered.` },
};

const BURN_REASONS: Record<Lang, Record<string, string>> = {
  zh: {
    'media-too-small': '光盘容量不足',
    'no-media': '光驱中没有光盘',
    'media-not-blank': '光盘不是空白盘',
    'media-unsupported': '光盘类型不受支持',
    'drive-not-found': '找不到光驱',
    'drive-busy': '光驱忙',
    'target-folder-missing': '目标文件夹不存在',
    'target-not-writable': '目标不可写',
    'source-unreadable': '源文件无法读取',
    'write-error': '写入错误',
    cancelled: '已取消',
    unknown: '原因未知',
  },
  en: {},
};

function gb(bytes: string | number | undefined): string {
  return `${(Number(bytes ?? 0) / 1024 ** 3).toFixed(2)} GB`;
}

export function archiveErrorText(lang: Lang, error: { code: string; message: string; params: Params }): string {
  const words = ARCHIVE_ERRORS[error.code]?.[lang];
  return words ? words(error.params) : errorText(lang, error);
}

const STEP_WORDS: Record<Lang, Record<ArchiveProgress['step'], string>> = {
  zh: { planning: '规划', packaging: '打包', 'waiting-for-media': '等待放入空白光盘', burning: '刻录', writing: '写入', verifying: '回读校验', registering: '登记', done: '完成', failed: '失败' },
  en: { planning: 'planning', packaging: 'packaging', 'waiting-for-media': 'waiting for a blank disc', burning: 'burning', writing: 'writing', verifying: 'verifying', registering: 'registering', done: 'done', failed: 'failed' },
};

/** One line of progress for a terminal: step, disc, percent, speed, ETA. Pure. */
export function progressLine(lang: Lang, p: ArchiveProgress): string {
  const step = STEP_WORDS[lang][p.step];
  const where = p.discs > 0 ? (lang === 'zh' ? ` 副本${String.fromCharCode(64 + p.copy)} 第${p.disc}/${p.discs}张` : ` copy ${String.fromCharCode(64 + p.copy)} disc ${p.disc}/${p.discs}`) : '';
  const percent = p.bytesTotal > 0 ? ` ${((100 * p.bytesDone) / p.bytesTotal).toFixed(1)}%` : '';
  const speed = p.speed > 0 ? ` ${(p.speed / 1e6).toFixed(1)} MB/s` : '';
  const eta = p.etaSeconds !== undefined && p.step !== 'done' ? (lang === 'zh' ? ` 剩余 ${duration(p.etaSeconds, lang)}` : ` ETA ${duration(p.etaSeconds, lang)}`) : '';
  const note = p.message !== undefined && p.step === 'waiting-for-media' ? ` (${p.message})` : '';
  return `[${step}]${where}${percent}${speed}${eta}${note}`;
}

function duration(seconds: number, lang: Lang): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (lang === 'zh') return m > 0 ? `${m}分${s}秒` : `${s}秒`;
  return m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

function parseMedia(value: string): MediaSizeId {
  if (!(MEDIA_SIZE_IDS as string[]).includes(value)) throw new InvalidArgumentError(`one of ${MEDIA_SIZE_IDS.join(', ')}`);
  return value as MediaSizeId;
}

function parseCopies(value: string): number {
  const n = Number(value);
  if (n !== 1 && n !== 2) throw new InvalidArgumentError('1 or 2');
  return n;
}

function parseDays(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of days');
  return n;
}

/** Resolves a relative image path or folder to an absolute one; drives and explicit optical: stay as typed. */
export function resolveTargetText(text: string): string {
  if (text.startsWith('stdio:')) return `stdio:${path.resolve(text.slice('stdio:'.length))}`;
  if (text.startsWith('optical:') || /^\/dev\//.test(text) || /^[A-Za-z]:$/.test(text)) return text;
  return path.resolve(text);
}

export function registerArchiveCommands(program: Command, helpers: ArchiveCliHelpers): Command {
  const { withStation, print, lang } = helpers;
  const zh = () => lang() === 'zh';

  async function call<C extends ArchiveCommandName>(opened: OpenedStation, ctx: CallContext, command: C, request: ArchiveCommandRequest<C>): Promise<ArchiveCommandResponse<C>> {
    const result: ArchiveCallResult<C> = await opened.archive.commands.execute(command, request, ctx);
    if (result.ok) return result.value;
    const exitCode = result.error.code === 'UNAUTHORIZED' ? EXIT.refused : result.error.code === 'INTERNAL' ? EXIT.unexpected : EXIT.invalidInput;
    if (helpers.json()) print('', { ok: false, error: result.error });
    throw helpers.refused(exitCode, archiveErrorText(lang(), result.error));
  }

  /** Follows a job to its end, printing progress to stderr at most once a second (and at each step). */
  async function follow(opened: OpenedStation, job: ArchiveJob): Promise<ArchiveJob> {
    let lastStep = '';
    let lastAt = 0;
    const off = (p: ArchiveProgress) => {
      if (p.jobId !== job.jobId) return;
      const now = Date.now();
      if (p.step === lastStep && now - lastAt < 1000) return;
      lastStep = p.step;
      lastAt = now;
      helpers.err(progressLine(lang(), p));
    };
    opened.archive.service.events.on('progress', off);
    try {
      return await opened.archive.service.whenFinished(job.jobId);
    } finally {
      opened.archive.service.events.off('progress', off);
    }
  }

  function finish(job: ArchiveJob, human: string): void {
    if (job.state === 'done') {
      print(human, job);
      return;
    }
    const error = job.error ?? { code: 'INTERNAL', message: 'failed', params: {} };
    if (helpers.json()) print('', job);
    throw helpers.refused(error.code === 'ARCHIVE_VERIFY_FAILED' ? ARCHIVE_EXIT.verifyFailed : ARCHIVE_EXIT.copyFailed, archiveErrorText(lang(), error));
  }

  const archive = program
    .command('archive')
    .description('long-term copies: package a case as a BagIt bag, burn it or write it to an external disk, read it back and verify, register')
    .option('--case <caseNumber>', '案号 case number to archive')
    .option('--clip <id...>', 'clips to archive (full SHA-256)')
    .option('--target <target>', 'optical drive (/dev/sr0, E:), stdio:IMAGE_FILE, or a folder on an external disk')
    .addOption(new Option('--media <size>', 'disc size for planning and spanning').argParser(parseMedia))
    .option('--second-target <target>', 'a second, independent copy (two discs, or disc + disk)')
    .addOption(new Option('--second-media <size>', 'disc size of the second copy').argParser(parseMedia))
    .action(async (options: { case?: string; clip?: string[]; target?: string; media?: MediaSizeId; secondTarget?: string; secondMedia?: MediaSizeId }) => {
      if (options.target === undefined) throw helpers.refused(EXIT.invalidInput, zh() ? '请用 --target 指定光驱、stdio:镜像文件或文件夹。' : 'Name the target with --target (drive, stdio:IMAGE_FILE or folder).');
      if (options.case === undefined && options.clip === undefined) throw helpers.refused(EXIT.invalidInput, zh() ? '请用 --case 或 --clip 指定要归档的内容。' : 'Name what to archive with --case or --clip.');
      const target = options.target;
      await withStation(async (opened, ctx) => {
        const job = await call(opened, ctx, 'archive.start', {
          target: resolveTargetText(target),
          ...(options.case === undefined ? {} : { caseNumber: options.case }),
          ...(options.clip === undefined ? {} : { clipIds: options.clip }),
          ...(options.media === undefined ? {} : { media: options.media }),
          ...(options.secondTarget === undefined ? {} : { secondTarget: resolveTargetText(options.secondTarget) }),
          ...(options.secondMedia === undefined ? {} : { secondMedia: options.secondMedia }),
        });
        const done = await follow(opened, job);
        const discs = done.copies.flatMap((copy) => copy.discIds.map((id) => opened.archive.service.disc(id)));
        const lines = discs.map((disc) => `  ${disc.id}  ${disc.status === 'verified' ? (zh() ? '已校验' : 'verified') : disc.status}  ${disc.location}${disc.labelPdf ? `  ${zh() ? '标签' : 'label'}: ${disc.labelPdf}` : ''}`);
        finish(done, [zh() ? `归档完成：${discs.length} 张光盘/副本已回读校验一致并登记。` : `Archived: ${discs.length} disc(s)/copies read back, verified and registered.`, ...lines].join('\n'));
      });
    });

  archive
    .command('verify')
    .description('read a registered disc back again and compare every file with the catalogue')
    .requiredOption('--disc <id>', 'disc id (e.g. ES-20261123-3F2A-A1)')
    .option('--location <where>', 'where the disc is now (drive, image file or folder), if not where it was written')
    .action(async (options: { disc: string; location?: string }) =>
      withStation(async (opened, ctx) => {
        const job = await call(opened, ctx, 'archive.verify', { discId: options.disc, ...(options.location === undefined ? {} : { location: resolveTargetText(options.location).replace(/^stdio:/, '') }) });
        const done = await follow(opened, job);
        const v = done.verification;
        finish(done, zh() ? `光盘 ${options.disc} 回读校验一致：${v?.filesChecked ?? 0} 个文件，${gb(v?.bytesChecked)}。` : `Disc ${options.disc} verified: ${v?.filesChecked ?? 0} files, ${gb(v?.bytesChecked)}.`);
      }),
    );

  archive
    .command('queue')
    .description('what is not yet on a verified long-term copy, by case, most urgent first')
    .action(async () =>
      withStation(async (opened, ctx) => {
        const queue = await call(opened, ctx, 'archive.queue', {});
        const rows = queue.entries.map((e) =>
          zh()
            ? `  ${e.caseNumber}  ${e.parties.join('、')}  ${e.clipIds.length} 个文件  ${gb(e.bytes)}  已有副本 ${e.copiesVerified}/${e.copiesWanted}  期限 ${e.dueBy.slice(0, 10)}${e.overdue ? '  【已逾期】' : ''}`
            : `  ${e.caseNumber}  ${e.parties.join(', ')}  ${e.clipIds.length} clips  ${gb(e.bytes)}  copies ${e.copiesVerified}/${e.copiesWanted}  due ${e.dueBy.slice(0, 10)}${e.overdue ? '  OVERDUE' : ''}`,
        );
        const head = zh() ? `待归档：${queue.entries.length} 个案件，${queue.clips} 个文件，${gb(queue.bytes)}` : `To archive: ${queue.entries.length} cases, ${queue.clips} clips, ${gb(queue.bytes)}`;
        print([head, ...rows].join('\n'), queue);
      }),
    );

  archive
    .command('queue-add')
    .description('put a case or clips in the archive queue by hand (--copies 2 for the most important cases)')
    .option('--case <caseNumber>', '案号 case number')
    .option('--clip <id...>', 'clips (full SHA-256)')
    .option('--copies <n>', 'verified copies wanted (1 or 2)', parseCopies)
    .option('--note <text>', 'why')
    .action(async (options: { case?: string; clip?: string[]; copies?: number; note?: string }) =>
      withStation(async (opened, ctx) => {
        const entry = await call(opened, ctx, 'archive.queueAdd', {
          ...(options.case === undefined ? {} : { caseNumber: options.case }),
          ...(options.clip === undefined ? {} : { clipIds: options.clip }),
          ...(options.copies === undefined ? {} : { copies: options.copies }),
          ...(options.note === undefined ? {} : { note: options.note }),
        });
        print(zh() ? `已加入归档队列（需 ${entry.copies} 份副本）。` : `Added to the archive queue (${entry.copies} copies wanted).`, entry);
      }),
    );

  archive
    .command('discs')
    .description('the disc registry; --due lists the discs whose periodic re-check is due')
    .option('--due', 'only discs due for a re-check')
    .option('--interval-days <n>', 're-check interval in days (default 365)', parseDays)
    .action(async (options: { due?: boolean; intervalDays?: number }) =>
      withStation(async (opened, ctx) => {
        const result = await call(opened, ctx, 'archive.discs', { due: options.due === true, ...(options.intervalDays === undefined ? {} : { intervalDays: options.intervalDays }) });
        if (options.due === true) {
          const rows = result.due.map((d) => `  ${d.discId}  ${zh() ? '上次校验' : 'last checked'} ${d.lastCheckedAt.slice(0, 10)}  ${zh() ? '应于' : 'due since'} ${d.dueSince.slice(0, 10)}${d.shelf ? `  ${zh() ? '位置' : 'shelf'}: ${d.shelf}` : ''}`);
          print([zh() ? `需复检的光盘：${result.due.length} 张` : `Discs due for a re-check: ${result.due.length}`, ...rows].join('\n'), result);
          return;
        }
        const rows = result.discs.map((d) => `  ${d.id}  ${d.status === 'verified' ? (zh() ? '已校验' : 'verified') : zh() ? '校验失败' : 'FAILED'}  ${d.kind}  ${d.caseNumbers.join('、')}  ${d.createdAt.slice(0, 10)}  ${d.location}${d.shelf ? `  ${d.shelf}` : ''}`);
        print([zh() ? `登记的光盘/副本：${result.discs.length}` : `Registered discs/copies: ${result.discs.length}`, ...rows].join('\n'), result);
      }),
    );

  archive
    .command('shelve')
    .description('record where a disc is kept')
    .requiredOption('--disc <id>', 'disc id')
    .requiredOption('--shelf <where>', 'shelf, cabinet or case file')
    .action(async (options: { disc: string; shelf: string }) =>
      withStation(async (opened, ctx) => {
        const disc = await call(opened, ctx, 'archive.shelve', { discId: options.disc, shelf: options.shelf });
        print(zh() ? `光盘 ${disc.id} 存放位置：${disc.shelf}` : `Disc ${disc.id} is kept at ${disc.shelf}`, disc);
      }),
    );

  return archive;
}
