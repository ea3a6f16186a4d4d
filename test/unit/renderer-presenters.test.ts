/** The renderer's pure presenters: sizes, speeds, durations, times, progress and dock states, in both languages. */
import { describe, expect, it } from 'vitest';
import {
  canTryClose,
  describeDiskNeed,
  describeDockState,
  diskNeedFromMessage,
  INGEST_STEPS,
  stepIndex,
  stepName,
} from '../../renderer/src/presenters/dock.js';
import {
  formatBytes,
  formatClockOffset,
  formatDate,
  formatDateTime,
  formatDuration,
  formatEta,
  formatHours,
  formatSpan,
  formatSpeed,
  groupHash,
  localDayEnd,
  localDayStart,
  operatorName,
  progressPercent,
  shortHash,
} from '../../renderer/src/presenters/format.js';
import { isLang } from '../../renderer/src/presenters/lang.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;

describe('formatBytes', () => {
  it('prints bytes with the word in Chinese and B in English', () => {
    expect(formatBytes(0, 'zh-CN')).toBe('0 字节');
    expect(formatBytes(512, 'zh-CN')).toBe('512 字节');
    expect(formatBytes(512, 'en')).toBe('512 B');
  });

  it('uses 1024-based KB / MB / GB with one decimal below 100', () => {
    expect(formatBytes(1536, 'en')).toBe('1.5 KB');
    expect(formatBytes(35.2 * MB, 'zh-CN')).toBe('35.2 MB');
    expect(formatBytes(512 * MB, 'en')).toBe('512 MB');
    expect(formatBytes(3.4 * GB, 'zh-CN')).toBe('3.4 GB');
    expect(formatBytes(2 * 1024 * GB, 'en')).toBe('2.0 TB');
  });

  it('never prints 1024.0 of a unit: rounding up moves to the next unit', () => {
    expect(formatBytes(1024 * 1024 - 1, 'en')).toBe('1.0 MB');
    expect(formatBytes(GB - 10, 'en')).toBe('1.0 GB');
  });

  it('shows a dash for missing or nonsensical values', () => {
    expect(formatBytes(undefined, 'en')).toBe('—');
    expect(formatBytes(-1, 'en')).toBe('—');
    expect(formatBytes(Number.NaN, 'zh-CN')).toBe('—');
  });
});

describe('formatSpeed', () => {
  it('is a size per second, "—" before anything is measured', () => {
    expect(formatSpeed(35.2 * MB, 'en')).toBe('35.2 MB/s');
    expect(formatSpeed(1.5 * GB, 'zh-CN')).toBe('1.5 GB/s');
    expect(formatSpeed(500, 'zh-CN')).toBe('500 B/s');
    expect(formatSpeed(0, 'en')).toBe('—');
    expect(formatSpeed(undefined, 'en')).toBe('—');
  });
});

describe('formatDuration', () => {
  it('is mm:ss under an hour and h:mm:ss above', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(42_000)).toBe('00:42');
    expect(formatDuration(12 * 60_000 + 5_000)).toBe('12:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(10 * 3_600_000)).toBe('10:00:00');
  });

  it('rounds to the nearest second and shows a dash when unknown', () => {
    expect(formatDuration(59_600)).toBe('01:00');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(-5)).toBe('—');
  });
});

describe('formatSpan and formatEta', () => {
  it('names the two largest units', () => {
    expect(formatSpan(5, 'zh-CN')).toBe('5 秒');
    expect(formatSpan(125, 'zh-CN')).toBe('2 分 5 秒');
    expect(formatSpan(125, 'en')).toBe('2 min 5 s');
    expect(formatSpan(7200 + 300, 'en')).toBe('2 h 5 min');
    expect(formatSpan(86400 + 3 * 3600 + 59, 'zh-CN')).toBe('1 天 3 小时');
    expect(formatSpan(120, 'en')).toBe('2 min');
  });

  it('says it is estimating until there is a speed, and almost done under a second', () => {
    expect(formatEta(undefined, 'zh-CN')).toBe('正在估算…');
    expect(formatEta(undefined, 'en')).toBe('estimating…');
    expect(formatEta(0.4, 'zh-CN')).toBe('即将完成');
    expect(formatEta(0, 'en')).toBe('almost done');
    expect(formatEta(125, 'zh-CN')).toBe('约 2 分 5 秒');
    expect(formatEta(3 * 3600 + 60, 'en')).toBe('about 3 h 1 min');
  });
});

describe('progressPercent', () => {
  it('is a whole percent, 0 for an empty total, 100 only when done', () => {
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(5, 0)).toBe(0);
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(999, 1000)).toBe(99);
    expect(progressPercent(9999, 10000)).toBe(99);
    expect(progressPercent(1000, 1000)).toBe(100);
    expect(progressPercent(1200, 1000)).toBe(100);
    expect(progressPercent(-5, 1000)).toBe(0);
  });
});

describe('formatDateTime', () => {
  const instant = '2026-03-14T01:05:33.000Z';

  it('prints YYYY-MM-DD HH:mm:ss in the given zone, the same in both languages', () => {
    expect(formatDateTime(instant, { timeZone: 'UTC' })).toBe('2026-03-14 01:05:33');
    expect(formatDateTime(instant, { timeZone: 'Asia/Shanghai' })).toBe('2026-03-14 09:05:33');
    expect(formatDateTime(instant, { timeZone: 'America/New_York' })).toBe('2026-03-13 21:05:33');
    expect(formatDateTime(instant, { timeZone: 'Asia/Shanghai', seconds: false })).toBe('2026-03-14 09:05');
    expect(formatDate(instant, { timeZone: 'Asia/Shanghai' })).toBe('2026-03-14');
  });

  it('uses the machine zone by default (not a hard-coded Asia/Shanghai)', () => {
    const date = new Date(instant);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    expect(formatDateTime(instant)).toBe(local);
  });

  it('midnight is 00, not 24', () => {
    expect(formatDateTime('2026-03-14T16:00:00Z', { timeZone: 'Asia/Shanghai' })).toBe('2026-03-15 00:00:00');
  });

  it('shows a dash for missing or invalid input', () => {
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDate('')).toBe('—');
  });

  it('turns date inputs into whole local days', () => {
    const start = localDayStart('2026-03-14');
    const end = localDayEnd('2026-03-14');
    expect(start && new Date(start).getHours()).toBe(0);
    expect(end && new Date(end).getHours()).toBe(23);
    expect(end && Date.parse(end) - Date.parse(start ?? '')).toBe(24 * 3_600_000 - 1);
    expect(localDayStart('14/03/2026')).toBeUndefined();
    expect(localDayEnd('')).toBeUndefined();
  });
});

describe('small formats', () => {
  it('words the camera clock offset', () => {
    expect(formatClockOffset(0, 'zh-CN')).toBe('与工作站一致（误差小于 2 秒）');
    expect(formatClockOffset(1500, 'en')).toBe('in step with the station (within 2 s)');
    expect(formatClockOffset(95_000, 'zh-CN')).toBe('比工作站快 1 分 35 秒');
    expect(formatClockOffset(-3_000, 'en')).toBe('3 s behind the station');
  });

  it('hours, hashes and operator names', () => {
    expect(formatHours(31.24, 'zh-CN')).toBe('31.2 小时');
    expect(formatHours(48, 'en')).toBe('48 h');
    const hash = 'a'.repeat(8) + 'b'.repeat(8) + 'c'.repeat(48);
    expect(shortHash(hash)).toBe('aaaaaaaa…cccccc');
    expect(groupHash(hash).split(' ')).toHaveLength(8);
    expect(groupHash(hash).replaceAll(' ', '')).toBe(hash);
    expect(operatorName('张伟(010203)')).toBe('张伟');
    expect(operatorName('station')).toBe('station');
    expect(operatorName(undefined)).toBe('');
    expect(isLang('en')).toBe(true);
    expect(isLang('fr')).toBe(false);
  });
});

describe('ingest steps and dock states', () => {
  const base = { unlabelledCount: 0, lateCount: 0, clipIds: ['a', 'b'], progress: { step: 'copying' as const, filesDone: 1, filesTotal: 6 } };

  it('names the steps in both languages, in order', () => {
    expect(INGEST_STEPS.map((s) => stepName(s, 'zh-CN'))).toEqual(['扫描', '复制', '校验', '编目']);
    expect(INGEST_STEPS.map((s) => stepName(s, 'en'))).toEqual(['Scanning', 'Copying', 'Verifying', 'Cataloguing']);
    expect(stepIndex('scanning')).toBe(0);
    expect(stepIndex('cataloguing')).toBe(3);
    expect(stepIndex('done')).toBe(4);
    expect(stepIndex('failed')).toBe(-1);
  });

  it('describes ingesting, awaiting labels, late reasons, ready, interrupted, failed and closed', () => {
    const ingesting = describeDockState({ ...base, state: 'ingesting' }, 'zh-CN');
    expect(ingesting.tone).toBe('busy');
    expect(ingesting.detail).toContain('1 / 6');
    expect(ingesting.detail).toContain('请勿拔出');

    const scanning = describeDockState({ ...base, state: 'ingesting', progress: { ...base.progress, step: 'scanning' } }, 'en');
    expect(scanning.detail).toContain('Reading the list of files');

    const awaiting = describeDockState({ ...base, state: 'awaiting-labels', unlabelledCount: 3 }, 'zh-CN');
    expect(awaiting).toMatchObject({ tone: 'attention', title: '待标注' });
    expect(awaiting.detail).toContain('3 个文件');
    expect(describeDockState({ ...base, state: 'awaiting-labels', unlabelledCount: 1 }, 'en').detail).toContain('1 clip needs');

    expect(describeDockState({ ...base, state: 'ready-to-close', lateCount: 2 }, 'zh-CN').title).toBe('待填写迟交原因');
    expect(describeDockState({ ...base, state: 'ready-to-close' }, 'en')).toMatchObject({ tone: 'ok', title: 'Ready to close' });

    expect(describeDockState({ ...base, state: 'interrupted', failure: 'SOURCE_VANISHED' }, 'zh-CN').detail).toContain('拔出');
    expect(describeDockState({ ...base, state: 'interrupted', failure: 'STATION_STOPPED' }, 'en').detail).toContain('station stopped');
    expect(describeDockState({ ...base, state: 'failed', failure: 'DISK_FULL' }, 'zh-CN').tone).toBe('error');
    expect(describeDockState({ ...base, state: 'closed' }, 'en').detail).toContain('2 clips');
  });

  it('offers the close button except while copying or once closed', () => {
    expect(canTryClose({ state: 'ingesting' })).toBe(false);
    expect(canTryClose({ state: 'closed' })).toBe(false);
    expect(canTryClose({ state: 'awaiting-labels' })).toBe(true);
    expect(canTryClose({ state: 'interrupted' })).toBe(true);
  });
});

describe('disk-full figures', () => {
  it('reads needed and free bytes from the messages the station writes', () => {
    expect(diskNeedFromMessage('needs 3650722201 bytes, 1288490188 free')).toEqual({ needed: 3650722201, free: 1288490188 });
    expect(diskNeedFromMessage('DCIM/a.MP4: the vault needs 2048 bytes, 1024 are free')).toEqual({ needed: 2048, free: 1024 });
    const onlyNeeded = diskNeedFromMessage('DCIM/a.MP4: no space left for /v/incoming/x.part: 4096 bytes needed');
    expect(onlyNeeded?.needed).toBe(4096);
    expect(Number.isNaN(onlyNeeded?.free)).toBe(true);
    expect(diskNeedFromMessage('something else')).toBeUndefined();
  });

  it('says how much is needed, free and short, in human units', () => {
    expect(describeDiskNeed({ needed: 3.4 * GB, free: 1.2 * GB }, 'zh-CN')).toBe('需要 3.4 GB，可用 1.2 GB（还差 2.2 GB）');
    expect(describeDiskNeed({ needed: 3.4 * GB, free: 1.2 * GB }, 'en')).toBe('3.4 GB needed, 1.2 GB free (2.2 GB short)');
    expect(describeDiskNeed({ needed: 512 * MB, free: Number.NaN }, 'en')).toBe('512 MB needed');
  });
});
