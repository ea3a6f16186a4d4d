/** Pure words for dock sessions: ingest steps, the state of a docked camera, and disk-full figures. */
import type { DockSession } from '../contract-types.js';
import type { Lang } from './lang.js';
import { formatBytes } from './format.js';

export type IngestStep = DockSession['progress']['step'];
export type DockState = DockSession['state'];

/** The visible order of the copy steps (done / failed are end states, not steps). */
export const INGEST_STEPS = ['scanning', 'copying', 'verifying', 'cataloguing'] as const satisfies readonly IngestStep[];

const STEP_NAMES: Record<Lang, Record<IngestStep, string>> = {
  'zh-CN': { scanning: '扫描', copying: '复制', verifying: '校验', cataloguing: '编目', done: '完成', failed: '失败' },
  en: { scanning: 'Scanning', copying: 'Copying', verifying: 'Verifying', cataloguing: 'Cataloguing', done: 'Done', failed: 'Failed' },
};

export function stepName(step: IngestStep, lang: Lang): string {
  return STEP_NAMES[lang][step];
}

/** Index of a step in INGEST_STEPS; done is past the last step, failed is -1 (no step reached for sure). */
export function stepIndex(step: IngestStep): number {
  if (step === 'done') return INGEST_STEPS.length;
  return (INGEST_STEPS as readonly IngestStep[]).indexOf(step);
}

export type DockTone = 'busy' | 'attention' | 'ok' | 'error' | 'closed';

export interface DockStateDescription {
  tone: DockTone;
  /** A short state name for the badge: 正在采集, 待标注, ... */
  title: string;
  /** One sentence: what is going on and what the officer has to do next. */
  detail: string;
}

type DescribedSession = Pick<DockSession, 'state' | 'unlabelledCount' | 'lateCount' | 'failure' | 'clipIds'> & { progress: Pick<DockSession['progress'], 'step' | 'filesDone' | 'filesTotal'> };

export function describeDockState(session: DescribedSession, lang: Lang): DockStateDescription {
  const zh = lang === 'zh-CN';
  const { progress } = session;
  switch (session.state) {
    case 'ingesting':
      return {
        tone: 'busy',
        title: zh ? '正在采集' : 'Ingesting',
        detail:
          progress.step === 'scanning'
            ? zh
              ? '正在读取记录仪上的文件列表，请勿拔出记录仪。'
              : 'Reading the list of files on the camera. Do not unplug it.'
            : zh
              ? `${stepName(progress.step, lang)}中：已完成 ${progress.filesDone} / ${progress.filesTotal} 个文件，请勿拔出记录仪。`
              : `${stepName(progress.step, lang)}: ${progress.filesDone} of ${progress.filesTotal} files done. Do not unplug the camera.`,
      };
    case 'awaiting-labels':
      return {
        tone: 'attention',
        title: zh ? '待标注' : 'Needs labels',
        detail: zh
          ? `文件已全部校验入库。还有 ${session.unlabelledCount} 个文件需要标注案号、当事人和承办人，标注后才能结束本次采集。`
          : `All files are verified and stored. ${session.unlabelledCount} ${session.unlabelledCount === 1 ? 'clip needs' : 'clips need'} case number, party and handler before the session can be closed.`,
      };
    case 'ready-to-close':
      if (session.lateCount > 0)
        return {
          tone: 'attention',
          title: zh ? '待填写迟交原因' : 'Late reason needed',
          detail: zh
            ? `${session.lateCount} 个文件超过上交时限，请填写迟交原因后结束本次采集。`
            : `${session.lateCount} ${session.lateCount === 1 ? 'clip was' : 'clips were'} handed in late. Give the reason, then close the session.`,
        };
      return {
        tone: 'ok',
        title: zh ? '可以结束' : 'Ready to close',
        detail: zh ? '全部文件已校验入库并完成标注，可以结束本次采集。' : 'Every file is verified, stored and labelled. You can close the session.',
      };
    case 'interrupted':
      return {
        tone: 'error',
        title: zh ? '采集中断' : 'Interrupted',
        detail:
          session.failure === 'STATION_STOPPED'
            ? zh
              ? '工作站在采集过程中停止。已校验的文件已保存，请重新接入记录仪以完成采集。'
              : 'The station stopped during the copy. Verified files are kept; dock the camera again to finish.'
            : zh
              ? '记录仪在复制过程中被拔出或文件消失。已校验的文件已保存，请重新接入记录仪以完成采集。'
              : 'The camera was unplugged or a file vanished during the copy. Verified files are kept; dock the camera again to finish.',
      };
    case 'failed':
      return {
        tone: 'error',
        title: zh ? '采集失败' : 'Failed',
        detail: zh ? '采集未能完成，原因见下方。已校验的文件已保存。' : 'The copy could not finish; see the reason below. Verified files are kept.',
      };
    case 'closed':
      return {
        tone: 'closed',
        title: zh ? '已结束' : 'Closed',
        detail: zh ? `本次采集已结束（${session.clipIds.length} 个文件）。可以拔出记录仪。` : `Session closed (${session.clipIds.length} ${session.clipIds.length === 1 ? 'clip' : 'clips'}). You may unplug the camera.`,
      };
  }
}

/** Whether the close button makes sense now (the station decides; this only avoids a pointless click). */
export function canTryClose(session: Pick<DockSession, 'state'>): boolean {
  return session.state !== 'ingesting' && session.state !== 'closed';
}

export interface DiskNeed {
  needed: number;
  free: number;
}

/**
 * How much space a disk-full stop needed. The dock session keeps only the problem's message (English,
 * from the station), so the figures are read from it; the station.notice event carries them as params.
 */
export function diskNeedFromMessage(message: string): DiskNeed | undefined {
  const patterns = [/needs (\d+) bytes, (\d+)(?: are)? free/, /(\d+) bytes needed.*?(\d+)(?: bytes)?(?: are)? free/];
  for (const pattern of patterns) {
    const m = pattern.exec(message);
    if (m?.[1] && m[2]) return { needed: Number(m[1]), free: Number(m[2]) };
  }
  const neededOnly = /(\d+) bytes needed/.exec(message);
  if (neededOnly?.[1]) return { needed: Number(neededOnly[1]), free: Number.NaN };
  return undefined;
}

/** "需要 3.4 GB，可用 1.2 GB（还差 2.2 GB）". */
export function describeDiskNeed(need: DiskNeed, lang: Lang): string {
  const zh = lang === 'zh-CN';
  if (!Number.isFinite(need.free)) return zh ? `需要 ${formatBytes(need.needed, lang)}` : `${formatBytes(need.needed, lang)} needed`;
  const short = Math.max(0, need.needed - need.free);
  return zh
    ? `需要 ${formatBytes(need.needed, lang)}，可用 ${formatBytes(need.free, lang)}（还差 ${formatBytes(short, lang)}）`
    : `${formatBytes(need.needed, lang)} needed, ${formatBytes(need.free, lang)} free (${formatBytes(short, lang)} short)`;
}
