/**
 * The Chinese words written onto a disc: sheets, index.html, labels. A disc is read years later on
 * whatever computer the court or the archive has, so it speaks the agency's language, not the UI's.
 */
import type { EnforcementStage, LongTermReason } from '../../core/domain/clip.js';

export const STAGE_NAMES: Record<EnforcementStage, string> = {
  'procedure-start': '程序启动',
  investigation: '调查取证',
  'review-decision': '审查决定',
  'service-enforcement': '送达执行',
  other: '其他',
};

export const LONG_TERM_NAMES: Record<LongTermReason | 'manual', string> = {
  evidence: '作为证据使用',
  dispute: '当事人有异议、投诉或信访',
  obstruction: '当事人逃避、拒绝、阻碍、侮辱或殴打执法人员',
  emergency: '处置突发事件或群体性事件',
  'other-long-term': '其他需长期保存的情形',
  manual: '档案管理员指定',
};

export const KIND_NAMES: Record<string, string> = { video: '视频', photo: '照片', audio: '录音', other: '其他' };

/** 2026-11-23 16:05:02 (UTC+08:00) - the agency's wall clock, with the offset said out loud. */
export function localTime(iso: string | undefined, utcOffsetMinutes: number): string {
  if (iso === undefined) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + utcOffsetMinutes * 60_000).toISOString();
  const sign = utcOffsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(utcOffsetMinutes);
  return `${local.slice(0, 10)} ${local.slice(11, 19)}（UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}）`;
}

export function byteText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(2)} ${units[unit]}（${bytes.toLocaleString('en-US')} 字节）`;
}

export function durationText(ms: number | undefined): string {
  if (ms === undefined) return '—';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} 小时 ${m} 分 ${s} 秒` : m > 0 ? `${m} 分 ${s} 秒` : `${s} 秒`;
}

export function clockOffsetText(ms: number): string {
  if (Math.abs(ms) < 1000) return '无明显偏差';
  const seconds = Math.round(Math.abs(ms) / 1000);
  return `记录仪时钟${ms > 0 ? '快' : '慢'} ${seconds} 秒`;
}
