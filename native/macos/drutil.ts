/**
 * macOS burning: `hdiutil makehybrid` builds the image (ISO 9660 + Joliet + UDF; UDF only when a file is
 * 4 GiB or larger), `drutil burn` writes it and mounts the disc for the read-back, `drutil status`
 * tells what is in the drive, `drutil eject` ejects. Pure command builders and output parsers; the
 * shell-out is electron/adapters/archive/drutil-writer.ts. Cannot run on the Linux CI machines: the
 * command lines and parsers are unit-tested there (fixtures transcribed from drutil's documented output).
 */

export const DRUTIL = '/usr/bin/drutil';
export const HDIUTIL = '/usr/bin/hdiutil';
export const ISO9660_MAX_FILE_BYTES = 4 * 1024 ** 3 - 1;

export function drutilStatusArgs(drive: string): string[] {
  return ['-drive', drive, 'status'];
}

export function drutilBurnArgs(drive: string, imagePath: string): string[] {
  // -noverify: the station reads every file back itself and compares with the catalogue;
  // -mount: the disc is mounted afterwards, which is where that read-back happens.
  return ['-drive', drive, 'burn', '-noverify', '-mount', imagePath];
}

export function drutilEjectArgs(drive: string): string[] {
  return ['-drive', drive, 'eject'];
}

export function makeHybridArgs(input: { source: string; output: string; volumeName: string; largestFileBytes: number }): string[] {
  const name = input.volumeName.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 32);
  if (input.largestFileBytes > ISO9660_MAX_FILE_BYTES) return ['makehybrid', '-o', input.output, input.source, '-udf', '-udf-volume-name', name];
  return ['makehybrid', '-o', input.output, input.source, '-iso', '-joliet', '-udf', '-default-volume-name', name];
}

export interface DrutilStatus {
  present: boolean;
  type?: string;
  /** Device node of the disc (/dev/disk3). */
  device?: string;
  blank: boolean;
  writability: string[];
  freeBlocks?: number;
  sessions?: number;
}

/**
 * `drutil status`:
 *            Type: DVD-R                Name: /dev/disk3
 *        Sessions: 0                  Tracks: 0
 *     Writability: appendable, blank, overwritable
 *      Space Free: 510:03:00          blocks:  2295104 /   4.70GB /   4.38GiB
 * or "No Media Inserted".
 */
export function parseDrutilStatus(text: string): DrutilStatus {
  if (/No Media Inserted/i.test(text)) return { present: false, blank: false, writability: [] };
  const type = /Type:\s*(.+?)(?:\s{2,}|\s+Name:|$)/m.exec(text)?.[1]?.trim();
  const device = /Name:\s*(\/dev\/\S+)/.exec(text)?.[1];
  const writability = (/Writability:\s*(.*)$/m.exec(text)?.[1] ?? '')
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);
  const free = /Space Free:.*?blocks:\s*(\d+)/.exec(text);
  const sessions = /Sessions:\s*(\d+)/.exec(text);
  return {
    present: type !== undefined,
    ...(type === undefined ? {} : { type }),
    ...(device === undefined ? {} : { device }),
    blank: writability.includes('blank'),
    writability,
    ...(free ? { freeBlocks: Number(free[1]) } : {}),
    ...(sessions ? { sessions: Number(sessions[1]) } : {}),
  };
}

export type DrutilBurnLine = { kind: 'progress'; percent: number; phase?: string } | { kind: 'failed'; message: string } | { kind: 'done' };

/** Lines of `drutil burn`: "Burning Image..." "  45%  Writing track", "Burn completed.", "Burn failed: <why>". */
export function parseDrutilBurnLine(line: string): DrutilBurnLine | undefined {
  const text = line.trim();
  if (/^Burn (?:completed|finished)/i.test(text)) return { kind: 'done' };
  const failed = /(?:Burn failed|burn error|Error)[:\s]+(.*)$/i.exec(text);
  if (failed) return { kind: 'failed', message: (failed[1] ?? text).trim() || text };
  const percent = /(\d{1,3}(?:\.\d+)?)\s*%/.exec(text);
  if (percent) {
    const phase = text.replace(/\[[#\s.=-]*\]/g, '').replace(percent[0], '').trim();
    return { kind: 'progress', percent: Math.min(100, Number(percent[1])), ...(phase ? { phase } : {}) };
  }
  return undefined;
}

export type DrutilFailureReason = 'no-media' | 'media-not-blank' | 'media-too-small' | 'drive-busy' | 'write-error' | 'cancelled' | 'unknown';

export function classifyDrutilFailure(message: string): DrutilFailureReason {
  if (/not blank|not writable|closed|appendable/i.test(message)) return 'media-not-blank';
  if (/no media|insert/i.test(message)) return 'no-media';
  if (/not enough|too large|space/i.test(message)) return 'media-too-small';
  if (/busy|in use/i.test(message)) return 'drive-busy';
  if (/cancel|abort/i.test(message)) return 'cancelled';
  if (/write|medium error|power calibration|underrun|sense/i.test(message)) return 'write-error';
  return 'unknown';
}
