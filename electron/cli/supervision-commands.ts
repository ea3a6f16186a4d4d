/**
 * Supervision from a terminal (docs/supervision.md), through the same contract commands as the screens
 * (same schemas, same permission checks on the station side, same audit records). Every command runs
 * as the account given with --user.
 *
 *   gaps timeline [--device N] [--case C]      gaps list [--mine] [--status requested|explained]
 *   gaps request --before ID --after ID [--note T]      gaps explain --gap ID --text T
 *   spotcheck draw [--period YYYY-MM]   spotcheck queue [--period P] [--all]   spotcheck mine
 *   spotcheck review --item ID --full yes|no --lawful yes|no --interruptions yes|no|na [--findings T]
 *   party-copy request --name N --id-type resident-id|passport|... --id-number X --clip ID... --reason T
 *   party-copy list    party-copy approve|reject --id ID [--note T]
 *   party-copy produce --id ID --to FOLDER [--watermark]
 *
 * Exit codes: 0 done, 2 invalid input, 5 refused (no permission, not approved, own footage), 6 the copy
 * package could not be written (full or missing destination: nothing kept).
 */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { CallResult, CommandName, CommandRequest, CommandResponse } from '../contract/index.js';
import { ID_DOCUMENT_TYPES } from '../contract/supervision.js';
import type { OpenedStation } from '../adapters/compose.js';
import type { CallContext } from '../core/commands/handlers.js';
import { EXIT } from './exit-codes.js';
import { errorText, type Lang } from './messages.js';

export const SUPERVISION_EXIT = { exportFailed: 6 } as const;

export interface SupervisionCliDeps {
  withStation<T>(work: (opened: OpenedStation, call: CallContext) => Promise<T>): Promise<T>;
  print(human: string, machine: unknown): void;
  lang(): Lang;
  json(): boolean;
  refused(exitCode: number, message: string): Error;
}

type Params = Record<string, string | number>;
const mb = (bytes: string | number | undefined) => `${(Number(bytes ?? 0) / 1024 / 1024).toFixed(1)} MB`;

export const SUPERVISION_ERRORS: Record<string, Record<Lang, (p: Params) => string>> = {
  BOOKMARK_NOT_FOUND: { zh: (p) => `没有书签 ${p.id}。`, en: (p) => `No bookmark ${p.id}.` },
  GAP_NOT_FOUND: { zh: (p) => `尚未就间隔 ${p.gapId} 要求说明。`, en: (p) => `No explanation was asked for gap ${p.gapId}.` },
  GAP_NOT_CONSECUTIVE: { zh: () => '这两段视频不是同一记录仪前后相邻的录像。', en: () => 'The two clips are not consecutive recordings of one device.' },
  GAP_ALREADY_EXPLAINED: { zh: () => '该间隔已有书面说明，说明一经提交即保存原样。', en: () => 'This gap was already explained; an explanation is kept as written.' },
  SPOTCHECK_ITEM_NOT_FOUND: { zh: (p) => `抽查队列中没有 ${p.itemId}。`, en: (p) => `No spot-check item ${p.itemId}.` },
  SPOTCHECK_ALREADY_REVIEWED: { zh: (p) => `该视频已由 ${p.by} 审查。`, en: (p) => `This clip was already reviewed by ${p.by}.` },
  PARTY_COPY_NOT_FOUND: { zh: (p) => `没有复制申请 ${p.id}。`, en: (p) => `No copy request ${p.id}.` },
  PARTY_COPY_NOT_APPROVED: { zh: (p) => `申请 ${p.id} 当前状态为“${STATUS.zh[String(p.status)] ?? p.status}”：只有经负责人批准的申请才能制作复制件，且只制作一次。`, en: (p) => `Request ${p.id} is ${p.status}: only an approved request is produced, once.` },
  PARTY_COPY_ALREADY_DECIDED: { zh: (p) => `申请 ${p.id} 已经审批（${STATUS.zh[String(p.status)] ?? p.status}）。`, en: (p) => `Request ${p.id} was already decided (${p.status}).` },
  ID_NUMBER_INVALID: { zh: (p) => `证件号码无效（${ID_PROBLEMS.zh[String(p.problem)] ?? p.problem}）。`, en: (p) => `The identity document number is not valid (${p.problem}).` },
  EXPORT_DESTINATION_MISSING: { zh: (p) => `目标 ${p.destination} 不存在或不是文件夹（移动硬盘是否已连接？）。未写入任何文件。`, en: (p) => `The destination ${p.destination} does not exist or is not a folder (is the disk connected?). Nothing was written.` },
  EXPORT_WRITE_FAILED: { zh: (p) => `写入 ${p.destination ?? ''} 失败${p.errno ? `（${p.errno}）` : ''}。未留下任何复制件。`, en: (p) => `Writing to ${p.destination ?? ''} failed${p.errno ? ` (${p.errno})` : ''}. Nothing was kept.` },
  EXPORT_VERIFY_FAILED: { zh: (p) => `回读校验不一致：${p.file}。该复制包已删除。`, en: (p) => `Read-back verification failed for ${p.file}. The package was removed.` },
  WATERMARK_FAILED: { zh: (p) => `生成带标记的复制件失败：${p.tool ?? p.reason}。`, en: (p) => `Marking the copy failed: ${p.tool ?? p.reason}.` },
  DISK_FULL: { zh: (p) => `目标磁盘空间不足：需要 ${mb(p.needed)}，可用 ${mb(p.free)}。未留下任何复制件。`, en: (p) => `Not enough space on the destination: ${mb(p.needed)} needed, ${mb(p.free)} free. Nothing was kept.` },
};

const STATUS: Record<Lang, Record<string, string>> = {
  zh: { pending: '待审批', approved: '已批准', rejected: '未批准', produced: '已制作', requested: '待说明', explained: '已说明', unrequested: '未要求' },
  en: {},
};
const ID_PROBLEMS: Record<Lang, Record<string, string>> = { zh: { format: '格式不对', 'birth-date': '出生日期不存在', 'check-digit': '校验码不符，可能输错了一位' }, en: {} };

const REFUSED = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'PARTY_COPY_NOT_APPROVED', 'PARTY_COPY_ALREADY_DECIDED', 'GAP_ALREADY_EXPLAINED', 'SPOTCHECK_ALREADY_REVIEWED']);
const EXPORT_FAILED = new Set(['DISK_FULL', 'EXPORT_DESTINATION_MISSING', 'EXPORT_WRITE_FAILED', 'EXPORT_VERIFY_FAILED', 'WATERMARK_FAILED']);

function yesNo(value: string): boolean {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new InvalidArgumentError('yes | no');
}
function period(value: string): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new InvalidArgumentError('YYYY-MM');
  return value;
}

export function registerSupervisionCommands(program: Command, deps: SupervisionCliDeps): void {
  const zh = () => deps.lang() === 'zh';
  const status = (s: string) => (zh() ? (STATUS.zh[s] ?? s) : s);

  async function call<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>> {
    return deps.withStation(async (opened, ctx) => {
      const result: CallResult<C> = await opened.station.execute(command, request, ctx);
      if (result.ok) return result.value;
      if (deps.json()) deps.print('', { ok: false, error: result.error });
      const words = SUPERVISION_ERRORS[result.error.code]?.[deps.lang()](result.error.params) ?? errorText(deps.lang(), result.error);
      const exitCode = REFUSED.has(result.error.code) ? EXIT.refused : EXPORT_FAILED.has(result.error.code) ? SUPERVISION_EXIT.exportFailed : EXIT.invalidInput;
      throw deps.refused(exitCode, words);
    });
  }

  const gaps = program.command('gaps').description('recording gaps and their written explanations (R1.3)');
  gaps
    .command('timeline')
    .description('continuity timeline: events per device with the gaps between clips')
    .option('--device <number>', 'camera device number')
    .option('--case <number>', 'case number')
    .action(async (o: { device?: string; case?: string }) => {
      const result = await call('gaps.timeline', { ...(o.device ? { deviceNumber: o.device } : {}), ...(o.case ? { caseNumber: o.case } : {}) });
      const lines = result.events.flatMap((event) => [
        `${event.deviceNumber} ${event.officerName ?? ''} ${event.start} → ${event.end} ${event.caseNumber ?? ''} (${event.clips.length})`,
        ...event.gaps.map((gap) => `  ${gap.overThreshold ? '!' : ' '} ${gap.id}  ${gap.minutes} min  ${status(gap.status)}`),
      ]);
      deps.print(lines.join('\n') || (zh() ? '没有视频。' : 'No clips.'), result);
    });
  gaps
    .command('list')
    .option('--mine', 'explanations asked of me')
    .option('--status <status>', 'requested | explained')
    .action(async (o: { mine?: boolean; status?: 'requested' | 'explained' }) => {
      const list = await call('gaps.list', { ...(o.mine ? { mine: true } : {}), ...(o.status ? { status: o.status } : {}) });
      deps.print(list.map((gap) => `${gap.id}  ${gap.deviceNumber}  ${gap.gapStart}  ${gap.minutes} min  ${status(gap.status)}${gap.explanation ? `  ${gap.explanation.text}` : ''}`).join('\n') || (zh() ? '没有。' : 'None.'), list);
    });
  gaps
    .command('request')
    .requiredOption('--before <clipId>')
    .requiredOption('--after <clipId>')
    .option('--note <text>')
    .action(async (o: { before: string; after: string; note?: string }) => {
      const gap = await call('gaps.requestExplanation', { beforeClipId: o.before, afterClipId: o.after, ...(o.note ? { note: o.note } : {}) });
      deps.print(zh() ? `已要求说明：${gap.id}（${gap.minutes} 分钟）` : `Explanation asked: ${gap.id} (${gap.minutes} min)`, gap);
    });
  gaps
    .command('explain')
    .requiredOption('--gap <id>')
    .requiredOption('--text <text>')
    .action(async (o: { gap: string; text: string }) => {
      const gap = await call('gaps.explain', { gapId: o.gap, text: o.text });
      deps.print(zh() ? `说明已记录：${gap.id}` : `Explanation recorded: ${gap.id}`, gap);
    });

  const spot = program.command('spotcheck').description('periodic spot-check review (R6.1)');
  spot
    .command('draw')
    .option('--period <YYYY-MM>', 'the period to sample (default: the last finished one)', period)
    .action(async (o: { period?: string }) => {
      const { draw, alreadyDrawn } = await call('spotcheck.draw', o.period ? { period: o.period } : {});
      const head = zh() ? `${draw.period}：${alreadyDrawn ? '本期已抽取' : '已抽取'} ${draw.itemIds.length} 段，种子 ${draw.seed}` : `${draw.period}: ${alreadyDrawn ? 'already drawn' : 'drawn'} ${draw.itemIds.length} clips, seed ${draw.seed}`;
      deps.print([head, ...draw.officers.map((o2) => `  ${o2.officerName ?? ''}(${o2.officerKey}) ${o2.drawn}/${o2.population}`)].join('\n'), { draw, alreadyDrawn });
    });
  spot
    .command('queue')
    .option('--period <YYYY-MM>', 'only this period', period)
    .option('--all', 'include reviewed clips')
    .action(async (o: { period?: string; all?: boolean }) => {
      const items = await call('spotcheck.queue', { ...(o.period ? { period: o.period } : {}), ...(o.all ? { includeReviewed: true } : {}) });
      deps.print(items.map((item) => `${item.id}  ${item.officerName ?? ''}(${item.officerKey})  ${item.recordedAt}  ${item.originalName}${item.review ? '  ✓' : ''}`).join('\n') || (zh() ? '队列为空。' : 'The queue is empty.'), items);
    });
  spot.command('mine').action(async () => {
    const items = await call('spotcheck.mine', {});
    deps.print(items.map((item) => `${item.period}  ${item.originalName}  ${item.review?.recordedInFull ? '✓' : '✗'} ${item.review?.lawfulAndStandard ? '✓' : '✗'}  ${item.review?.findings ?? ''}`).join('\n') || (zh() ? '暂无审查结果。' : 'No results yet.'), items);
  });
  spot
    .command('review')
    .requiredOption('--item <id>')
    .requiredOption('--full <yes|no>', 'recorded in full', yesNo)
    .requiredOption('--lawful <yes|no>', 'lawful and standard', yesNo)
    .requiredOption('--interruptions <yes|no|na>', 'interruptions explained')
    .option('--findings <text>', 'findings', '')
    .action(async (o: { item: string; full: boolean; lawful: boolean; interruptions: string; findings: string }) => {
      if (!['yes', 'no', 'na'].includes(o.interruptions)) throw deps.refused(EXIT.invalidInput, '--interruptions yes | no | na');
      const item = await call('spotcheck.review', { itemId: o.item, recordedInFull: o.full, lawfulAndStandard: o.lawful, interruptionsExplained: o.interruptions as 'yes' | 'no' | 'na', findings: o.findings });
      deps.print(zh() ? `审查已记录：${item.id}` : `Review recorded: ${item.id}`, item);
    });

  const copies = program.command('party-copy').description('copies of footage for a party (R5.2)');
  copies
    .command('request')
    .requiredOption('--name <name>', 'recipient')
    .requiredOption('--id-type <type>', ID_DOCUMENT_TYPES.join(' | '))
    .requiredOption('--id-number <number>')
    .requiredOption('--clip <id...>')
    .requiredOption('--reason <text>')
    .action(async (o: { name: string; idType: string; idNumber: string; clip: string[]; reason: string }) => {
      if (!(ID_DOCUMENT_TYPES as readonly string[]).includes(o.idType)) throw deps.refused(EXIT.invalidInput, `--id-type ${ID_DOCUMENT_TYPES.join(' | ')}`);
      const request = await call('partyCopies.request', { recipientName: o.name, idDocumentType: o.idType as (typeof ID_DOCUMENT_TYPES)[number], idDocumentNumber: o.idNumber, clipIds: o.clip, reason: o.reason });
      deps.print(zh() ? `已登记复制申请 ${request.id}，待负责人审批。` : `Copy request ${request.id} recorded; waiting for the head's approval.`, request);
    });
  copies.command('list').action(async () => {
    const list = await call('partyCopies.list', {});
    deps.print(list.map((r) => `${r.id}  ${status(r.status)}  ${r.recipientName} ${r.idDocumentNumber}  ${r.clipIds.length}  ${r.reason}`).join('\n') || (zh() ? '没有复制申请。' : 'No copy requests.'), list);
  });
  for (const [name, approve] of [['approve', true], ['reject', false]] as const) {
    copies
      .command(name)
      .requiredOption('--id <id>')
      .option('--note <text>')
      .action(async (o: { id: string; note?: string }) => {
        const request = await call('partyCopies.decide', { id: o.id, approve, ...(o.note ? { note: o.note } : {}) });
        deps.print(`${request.id}: ${status(request.status)}`, request);
      });
  }
  copies
    .command('produce')
    .requiredOption('--id <id>')
    .requiredOption('--to <folder>', 'destination folder (external disk)')
    .option('--watermark', 'a re-encoded copy with a visible mark naming the recipient')
    .action(async (o: { id: string; to: string; watermark?: boolean }) => {
      const { production } = await call('partyCopies.produce', { id: o.id, destination: path.resolve(o.to), watermark: o.watermark === true });
      const files = production.files.map((file) => `  ${file.sha256}  ${file.path}`);
      deps.print([zh() ? `复制包已写入并回读校验：${production.folder}` : `Copy package written and read back: ${production.folder}`, ...files, `manifest-sha256.txt ${production.manifestSha256}`].join('\n'), production);
    });
}
