/**
 * Windows burning with IMAPI2: the command lines that run imapi2-burn.ps1 and the parser of its
 * output protocol (ES-RECORDER, ES-MEDIA, ES-PROGRESS, ES-DONE, ES-ERROR; see the script's header).
 * Pure: the shell-out is electron/adapters/archive/imapi2-writer.ts. This cannot run on the Linux CI
 * machines; the command lines and the parser are unit-tested there.
 */

export const POWERSHELL = 'powershell.exe';
export const IMAPI2_SCRIPT = 'imapi2-burn.ps1';

/** A file of 4 GiB or more needs UDF: IMAPI2's ISO 9660 (and Joliet) cannot hold it. */
export const ISO9660_MAX_FILE_BYTES = 4 * 1024 ** 3 - 1;

function base(scriptPath: string): string[] {
  return ['-NoLogo', '-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Sta', '-File', scriptPath];
}

export function imapi2ListArgs(scriptPath: string): string[] {
  return [...base(scriptPath), '-Action', 'List'];
}

export function imapi2InspectArgs(scriptPath: string, recorder: string): string[] {
  return [...base(scriptPath), '-Action', 'Inspect', '-Recorder', recorder];
}

export function imapi2EjectArgs(scriptPath: string, recorder: string): string[] {
  return [...base(scriptPath), '-Action', 'Eject', '-Recorder', recorder];
}

export interface Imapi2BurnInput {
  scriptPath: string;
  recorder: string;
  source: string;
  volumeName: string;
  largestFileBytes: number;
}

export function imapi2BurnArgs(input: Imapi2BurnInput): string[] {
  return [
    ...base(input.scriptPath),
    '-Action',
    'Burn',
    '-Recorder',
    input.recorder,
    '-Source',
    input.source,
    '-VolumeName',
    // UDF and Joliet volume names: up to 32 characters; keep to the ISO-safe set the station generates.
    input.volumeName.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 32),
    ...(input.largestFileBytes > ISO9660_MAX_FILE_BYTES ? ['-UdfOnly'] : []),
    '-CloseMedia',
    '-ReloadAfterBurn',
  ];
}

export type Imapi2Line =
  | { kind: 'recorder'; index: number; letter: string; vendor: string; product: string; id: string }
  | { kind: 'media'; present: boolean; blank: boolean; physicalType: number; freeSectors: number; totalSectors: number; status: number }
  | { kind: 'progress'; action: number; elapsedSeconds: number; remainingSeconds: number; lastWrittenLba: number; startLba: number; sectorCount: number }
  | { kind: 'reloaded'; letter: string }
  | { kind: 'done'; volume?: string }
  | { kind: 'error'; hresult: number; message: string };

/** key=value pairs after the tag; the last key (message, id) takes the rest of the line. */
function fields(rest: string, lastKey?: string): Record<string, string> {
  const out: Record<string, string> = {};
  let text = rest;
  if (lastKey !== undefined) {
    const at = text.indexOf(` ${lastKey}=`);
    const start = text.startsWith(`${lastKey}=`) ? 0 : at;
    if (start >= 0) {
      out[lastKey] = text.slice(start + lastKey.length + (start === 0 ? 1 : 2));
      text = text.slice(0, start);
    }
  }
  for (const m of text.matchAll(/(\w+)=(\S*)/g)) if (m[1] !== undefined) out[m[1]] = m[2] ?? '';
  return out;
}

export function parseImapi2Line(line: string): Imapi2Line | undefined {
  const m = /^ES-(RECORDER|MEDIA|PROGRESS|RELOADED|DONE|ERROR)\b\s*(.*)$/.exec(line.trim());
  if (m === null) return undefined;
  const rest = m[2] ?? '';
  const num = (value: string | undefined) => Number(value ?? 0) || 0;
  switch (m[1]) {
    case 'RECORDER': {
      const f = fields(rest, 'id');
      return { kind: 'recorder', index: num(f.index), letter: f.letter ?? '', vendor: f.vendor ?? '', product: f.product ?? '', id: f.id ?? '' };
    }
    case 'MEDIA': {
      const f = fields(rest);
      return { kind: 'media', present: f.present === '1', blank: f.blank === '1', physicalType: num(f.type), freeSectors: num(f.freeSectors), totalSectors: num(f.totalSectors), status: num(f.status) };
    }
    case 'PROGRESS': {
      const f = fields(rest);
      return { kind: 'progress', action: num(f.action), elapsedSeconds: num(f.elapsed), remainingSeconds: num(f.remaining), lastWrittenLba: num(f.lba), startLba: num(f.start), sectorCount: num(f.sectors) };
    }
    case 'RELOADED':
      return { kind: 'reloaded', letter: fields(rest).letter ?? '' };
    case 'DONE': {
      const volume = fields(rest).volume;
      return volume ? { kind: 'done', volume } : { kind: 'done' };
    }
    case 'ERROR': {
      const f = fields(rest, 'message');
      return { kind: 'error', hresult: Number.parseInt((f.hresult ?? '0').replace(/^0x/i, ''), 16) >>> 0, message: f.message ?? '' };
    }
    default:
      return undefined;
  }
}

/** IMAPI_FORMAT2_DATA_WRITE_ACTION, in words. */
export const WRITE_ACTIONS = ['validating-media', 'formatting-media', 'initializing-hardware', 'calibrating-power', 'writing-data', 'finalizing', 'completed', 'verifying'] as const;

/** Bytes written so far from an ES-PROGRESS line (only meaningful while writing data). */
export function progressBytes(line: Extract<Imapi2Line, { kind: 'progress' }>): number {
  if (line.action < 4) return 0;
  if (line.action > 4) return line.sectorCount * 2048;
  return Math.max(0, line.lastWrittenLba - line.startLba) * 2048;
}

export type Imapi2FailureReason = 'no-media' | 'media-not-blank' | 'media-unsupported' | 'media-too-small' | 'drive-not-found' | 'drive-busy' | 'source-unreadable' | 'write-error' | 'cancelled' | 'unknown';

/** HRESULTs of imapi2error.h / imapi2fserror.h the clerk can act on. */
export const IMAPI2_ERRORS: Record<number, { name: string; reason: Imapi2FailureReason }> = {
  0xc0aa0002: { name: 'E_IMAPI_REQUEST_CANCELLED', reason: 'cancelled' },
  0xc0aa0003: { name: 'E_IMAPI_RECORDER_REQUIRED', reason: 'drive-not-found' },
  0xc0aa0007: { name: 'E_IMAPI_BURN_VERIFICATION_FAILED', reason: 'write-error' },
  0xc0aa0202: { name: 'E_IMAPI_RECORDER_MEDIA_NO_MEDIA', reason: 'no-media' },
  0xc0aa0203: { name: 'E_IMAPI_RECORDER_MEDIA_INCOMPATIBLE', reason: 'media-unsupported' },
  0xc0aa0204: { name: 'E_IMAPI_RECORDER_MEDIA_UPSIDE_DOWN', reason: 'media-unsupported' },
  0xc0aa0205: { name: 'E_IMAPI_RECORDER_MEDIA_BECOMING_READY', reason: 'drive-busy' },
  0xc0aa0206: { name: 'E_IMAPI_RECORDER_MEDIA_FORMAT_IN_PROGRESS', reason: 'drive-busy' },
  0xc0aa0207: { name: 'E_IMAPI_RECORDER_MEDIA_BUSY', reason: 'drive-busy' },
  0xc0aa0209: { name: 'E_IMAPI_RECORDER_MEDIA_WRITE_PROTECTED', reason: 'media-not-blank' },
  0xc0aa020d: { name: 'E_IMAPI_RECORDER_COMMAND_TIMEOUT', reason: 'write-error' },
  0xc0aa0210: { name: 'E_IMAPI_RECORDER_LOCKED', reason: 'drive-busy' },
  0xc0aa0300: { name: 'E_IMAPI_LOSS_OF_STREAMING', reason: 'write-error' },
  0xc0aa0301: { name: 'E_IMAPI_UNEXPECTED_RESPONSE_FROM_DEVICE', reason: 'write-error' },
  0xc0aa0400: { name: 'E_IMAPI_DF2DATA_WRITE_IN_PROGRESS', reason: 'drive-busy' },
  0xc0aa0402: { name: 'E_IMAPI_DF2DATA_INVALID_MEDIA_STATE', reason: 'media-not-blank' },
  0xc0aa0404: { name: 'E_IMAPI_DF2DATA_STREAM_TOO_LARGE_FOR_CURRENT_MEDIA', reason: 'media-too-small' },
  0xc0aa0405: { name: 'E_IMAPI_DF2DATA_MEDIA_NOT_BLANK', reason: 'media-not-blank' },
  0xc0aa0406: { name: 'E_IMAPI_DF2DATA_MEDIA_IS_NOT_SUPPORTED', reason: 'media-unsupported' },
  0xc0aa0407: { name: 'E_IMAPI_DF2DATA_RECORDER_NOT_SUPPORTED', reason: 'drive-not-found' },
  0xc0aab11a: { name: 'IMAPI_E_DIR_NOT_FOUND', reason: 'source-unreadable' },
  0xc0aab119: { name: 'IMAPI_E_FILE_NOT_FOUND', reason: 'source-unreadable' },
  0xc0aab120: { name: 'IMAPI_E_IMAGE_SIZE_LIMIT', reason: 'media-too-small' },
  0xc0aab121: { name: 'IMAPI_E_IMAGE_TOO_BIG', reason: 'media-too-small' },
  0xc0aab129: { name: 'IMAPI_E_DATA_STREAM_READ_FAILURE', reason: 'source-unreadable' },
  0xc0aab132: { name: 'IMAPI_E_DATA_TOO_BIG', reason: 'media-too-small' },
};

export function imapi2Failure(hresult: number, message: string): { reason: Imapi2FailureReason; name: string; message: string } {
  const known = IMAPI2_ERRORS[hresult >>> 0];
  return { reason: known?.reason ?? 'unknown', name: known?.name ?? `0x${(hresult >>> 0).toString(16).toUpperCase().padStart(8, '0')}`, message };
}
