/**
 * Parsers of xorriso's output (drivelist habit: pure functions, tested on recorded output in
 * test/fixtures/xorriso/). xorriso writes its results to stdout and its messages ("xorriso : UPDATE :
 * ...", "libburn : SORRY : ...") to stderr; the writer feeds both, line by line, in arrival order.
 */
import type { BurnFailureReason } from '../../electron/core/archive/errors.js';

export interface XorrisoProgress {
  /** 2048-byte sectors written so far. */
  sectors: number;
  percent: number;
  fifoPercent: number;
  bufferPercent: number;
  /** Drive speed as xorriso reports it ("62.2xD"), converted to bytes per second when present. */
  speedFactor?: number;
  speedUnit?: 'C' | 'D' | 'B';
  bytesPerSecond?: number;
}

/** Bytes per second of "1x" for CD, DVD and BD as xorriso counts them. */
export const ONE_X_BYTES_PER_SECOND = { C: 176_400, D: 1_385_000, B: 4_495_625 } as const;

const WRITING = /Writing:\s+(\d+)s\s+([\d.]+)%\s+fifo\s+(\d+)%\s+buf\s+(\d+)%(?:\s+([\d.]+)x([CDB]))?/;

/** "xorriso : UPDATE : Writing:  44103s  5.7%  fifo 0%  buf 50%  71.5xD" -> progress; other lines -> undefined. */
export function parseProgressLine(line: string): XorrisoProgress | undefined {
  const m = WRITING.exec(line);
  if (m === null) return undefined;
  const progress: XorrisoProgress = { sectors: Number(m[1]), percent: Number(m[2]), fifoPercent: Number(m[3]), bufferPercent: Number(m[4]) };
  if (m[5] !== undefined && m[6] !== undefined) {
    const unit = m[6] as 'C' | 'D' | 'B';
    progress.speedFactor = Number(m[5]);
    progress.speedUnit = unit;
    progress.bytesPerSecond = Math.round(progress.speedFactor * ONE_X_BYTES_PER_SECOND[unit]);
  }
  return progress;
}

/** "xorriso : UPDATE : 1 files restored (2929.7k) in 1 seconds = 2.2xD" during an extraction. */
export function parseRestoreLine(line: string): { files: number; bytes: number } | undefined {
  const m = /(\d+) files restored \(\s*([\d.]+)([bkmgt]?)\) in/i.exec(line);
  if (m === null) return undefined;
  const scale: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
  return { files: Number(m[1]), bytes: Math.round(Number(m[2]) * (scale[(m[3] ?? '').toLowerCase()] ?? 1)) };
}

export type XorrisoSeverity = 'ABORT' | 'FATAL' | 'FAILURE' | 'MISHAP' | 'SORRY' | 'WARNING' | 'HINT' | 'NOTE' | 'UPDATE' | 'DEBUG';

export interface XorrisoMessage {
  source: string;
  severity: XorrisoSeverity;
  text: string;
}

const MESSAGE = /^\s*(xorriso|libburn|libisofs|libisoburn|libburnia)\s*:\s*(ABORT|FATAL|FAILURE|MISHAP|SORRY|WARNING|HINT|NOTE|UPDATE|DEBUG)\s*:\s*(.*)$/;

export function parseMessage(line: string): XorrisoMessage | undefined {
  const m = MESSAGE.exec(line);
  return m === null ? undefined : { source: m[1] ?? '', severity: m[2] as XorrisoSeverity, text: (m[3] ?? '').trim() };
}

const SERIOUS = new Set<XorrisoSeverity>(['ABORT', 'FATAL', 'FAILURE', 'MISHAP', 'SORRY']);

/** The messages that explain a failure, in order (FATAL, FAILURE, MISHAP, SORRY). */
export function problemMessages(lines: readonly string[]): XorrisoMessage[] {
  return lines.map(parseMessage).filter((m): m is XorrisoMessage => m !== undefined && SERIOUS.has(m.severity) && !m.text.startsWith('aborting :'));
}

/** The same reasons every burner reports (the UI words them once). */
export type XorrisoFailureReason = BurnFailureReason;

export interface XorrisoFailure {
  reason: XorrisoFailureReason;
  /** The tool line that says it best. */
  message: string;
  params: Record<string, string | number>;
}

const RULES: { reason: XorrisoFailureReason; test: RegExp }[] = [
  { reason: 'media-too-small', test: /exceeds free space on media|Not enough space|too large for medium|exceeds media capacity/i },
  { reason: 'no-media', test: /no media|not present|No medium|Media current: is not/i },
  { reason: 'media-not-blank', test: /not blank|is not writable|is closed|not suitable for writing|appendable/i },
  { reason: 'media-unsupported', test: /unsuitable media|Unsupported media|unknown media/i },
  { reason: 'target-folder-missing', test: /Neither stdio-path nor its directory exist/i },
  { reason: 'drive-busy', test: /busy|in use by|Cannot open .* exclusively|Device or resource busy/i },
  { reason: 'target-not-writable', test: /Permission denied|Read-only file system|not permitted|Failed to open device \(a pseudo-drive\)/i },
  { reason: 'drive-not-found', test: /File object .* not found|Cannot access .* as SG_IO|Cannot acquire drive|No such file or directory/i },
  { reason: 'source-unreadable', test: /Cannot determine attributes of source file|Cannot open source|Failure to open data file|Read error on source/i },
  { reason: 'write-error', test: /write\(2\) returned|failure with writing|Write error|SCSI error|write failed|burn failure|No space left on device/i },
  { reason: 'cancelled', test: /Burn run aborted|aborted by signal|Caught signal|-abort_on 'ABORT'/i },
];

/**
 * Why a run failed, from its output. The first rule (most specific first) that matches one of the
 * tool's problem messages wins; otherwise the first FAILURE/FATAL message is reported as it is
 * ('unknown'), never an empty message.
 */
export function classifyFailure(lines: readonly string[], exitCode: number | null): XorrisoFailure {
  const problems = problemMessages(lines);
  const text = lines.join('\n');
  for (const rule of RULES) {
    // Only the tool's problem messages count: ordinary report lines ("Media status : is written ,
    // is appendable") must not be mistaken for a reason.
    const hit = problems.find((p) => rule.test.test(p.text));
    if (hit === undefined) continue;
    const params: Record<string, string | number> = {};
    const space = /Image size (\d+)s exceeds free space on media (\d+)s/.exec(text);
    if (rule.reason === 'media-too-small' && space) {
      params.neededSectors = Number(space[1]);
      params.freeSectors = Number(space[2]);
    }
    if (exitCode !== null) params.exitCode = exitCode;
    return { reason: rule.reason, message: hit.text, params };
  }
  const first = problems.find((p) => p.severity === 'FAILURE' || p.severity === 'FATAL') ?? problems[0];
  return { reason: 'unknown', message: first?.text ?? `xorriso exited with ${exitCode ?? 'a signal'}`, params: exitCode === null ? {} : { exitCode } };
}

export type MediaStatus = 'blank' | 'appendable' | 'closed' | 'absent' | 'unsuitable' | 'unknown';

export interface MediaInfo {
  status: MediaStatus;
  /** "DVD+R", "BD-R sequential recording", "stdio file, overwriteable", ... */
  mediaType?: string;
  /** Free sectors for the next session (-tell_media_space "Media space"). */
  freeSectors?: number;
  sessions?: number;
  volumeId?: string;
}

/** The drive's medium from `-toc -tell_media_space`. */
export function parseMediaInfo(text: string): MediaInfo {
  const status = /Media status\s*:\s*(.*)/.exec(text)?.[1]?.trim() ?? '';
  const current = /Media current\s*:\s*(.*)/.exec(text)?.[1]?.trim();
  const info: MediaInfo = { status: mediaStatus(status, current) };
  if (current !== undefined) info.mediaType = current;
  const space = /Media space\s*:\s*(\d+)s/.exec(text);
  if (space) info.freeSectors = Number(space[1]);
  const sessions = /Media summary\s*:\s*(\d+) sessions?/.exec(text);
  if (sessions) info.sessions = Number(sessions[1]);
  const volume = parseVolumeId(text);
  if (volume !== undefined) info.volumeId = volume;
  return info;
}

function mediaStatus(status: string, current: string | undefined): MediaStatus {
  if (/is blank/.test(status)) return 'blank';
  if (/is closed/.test(status)) return 'closed';
  if (/is appendable/.test(status)) return 'appendable';
  if (/not present|no media|is empty/i.test(status) || (current !== undefined && /not present|no media/i.test(current))) return 'absent';
  if (/unsuitable|unknown|damaged/i.test(status)) return 'unsuitable';
  return status === '' && current === undefined ? 'absent' : 'unknown';
}

export function parseVolumeId(text: string): string | undefined {
  const m = /^Volume id\s*:\s*'(.*)'\s*$/m.exec(text);
  return m?.[1];
}

/** xorriso quotes paths in single quotes; a quote inside becomes '"'"'. */
export function unquoteXorrisoPath(quoted: string): string {
  const inner = quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : quoted;
  return inner.replace(/'"'"'/g, "'");
}

export interface FileExtent {
  /** Extent number within the file (0 for the first; files of 4 GiB and more have several). */
  extent: number;
  startLba: number;
  blocks: number;
  /** Size of the whole file (xorriso repeats it on every extent line). */
  fileSize: number;
  path: string;
}

const REPORT_LBA = /^File data lba:\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(.*)$/;

/** `-find / -exec report_lba` lines: where each file's data lies in the image. */
export function parseReportLba(text: string): FileExtent[] {
  const extents: FileExtent[] = [];
  for (const line of text.split('\n')) {
    const m = REPORT_LBA.exec(line.trimEnd());
    if (m === null) continue;
    extents.push({ extent: Number(m[1]), startLba: Number(m[2]), blocks: Number(m[3]), fileSize: Number(m[4]), path: unquoteXorrisoPath((m[5] ?? '').trim()) });
  }
  return extents;
}

export interface DiscFileListing {
  path: string;
  size: number;
  extents: FileExtent[];
}

/** Extents grouped per file, in extent order (a file of 4 GiB or more has one line per extent). */
export function filesFromExtents(extents: readonly FileExtent[]): DiscFileListing[] {
  const byPath = new Map<string, DiscFileListing>();
  for (const extent of extents) {
    const file = byPath.get(extent.path) ?? { path: extent.path, size: extent.fileSize, extents: [] };
    file.extents.push(extent);
    file.extents.sort((a, b) => a.extent - b.extent);
    byPath.set(extent.path, file);
  }
  return [...byPath.values()];
}

/** "Extracted from ISO image: file '/a'='/tmp/b'" lines: the ISO paths that were written to disk. */
export function parseExtracted(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^Extracted from ISO image: file '(.*)'='.*'\s*$/.exec(line.trimEnd());
    if (m?.[1] !== undefined) paths.push(m[1].replace(/'"'"'/g, "'"));
  }
  return paths;
}

/** ISO paths whose recorded MD5 did not match during an extraction or check. */
export function parseMd5Mismatches(text: string): string[] {
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const m = /(?:MD5 MISMATCH:\s*|does not match recorded MD5 of file\s*)'(.*)'\s*$/.exec(line);
    if (m?.[1] !== undefined) paths.push(m[1].replace(/'"'"'/g, "'"));
  }
  return paths;
}

export interface XorrisoDrive {
  index: number;
  device: string;
  permissions: string;
  vendor: string;
  product: string;
}

/** `xorriso -devices`: "0  -dev '/dev/sr0' rwrw-- :  'HL-DT-ST' 'BDDVDRW_GGC-H20L'". */
export function parseDevices(text: string): XorrisoDrive[] {
  const drives: XorrisoDrive[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+-dev\s+'([^']+)'\s+(\S+)\s*:\s*'([^']*)'\s*'?([^']*?)'?\s*$/.exec(line);
    if (m === null) continue;
    drives.push({ index: Number(m[1]), device: m[2] ?? '', permissions: m[3] ?? '', vendor: (m[4] ?? '').trim(), product: (m[5] ?? '').trim() });
  }
  return drives;
}
