/**
 * xorriso command lines (Linux burning). Pure: argument arrays for execFile/spawn, never a shell
 * string, so no file name can become a command. The shell-out lives in
 * electron/adapters/archive/xorriso-writer.ts; the parsers of the output in ./xorriso-output.ts.
 *
 * Image choices (docs/archive.md):
 * - ISO 9660 level 3 + Rock Ridge + Joliet: readable by every OS; level 3 lets one file span several
 *   extents, so files of 4 GiB and more survive (-file_size_limit off after the compliance rule, which
 *   would otherwise reset the limit).
 * - `-md5 on` before the drive is acquired: xorriso records an MD5 for every file and the session
 *   (checkable later with `xorriso -md5 on -indev ... -check_md5_r`), and checks them on extraction.
 * - `-close on`: a write-once disc is closed (finalised); nobody can append a session later.
 * - patterns off: names such as "[1]" are names, not wildcards.
 */

/** A device xorriso can write: an MMC recorder (/dev/sr0) or a stdio pseudo-drive (stdio:/path/x.iso). */
export function xorrisoDevice(target: { kind: 'optical'; device: string } | { kind: 'image'; path: string }): string {
  return target.kind === 'image' ? `stdio:${target.path}` : target.device;
}

/** Common start of every run: no startup files, abort on FAILURE, progress messages on. */
export const XORRISO_PREAMBLE = ['-no_rc', '-abort_on', 'FAILURE', '-report_about', 'UPDATE', '-iso_rr_pattern', 'off', '-disk_pattern', 'off'] as const;

export interface BurnArgsInput {
  device: string;
  sourceRoot: string;
  volumeId: string;
  volumeSetId?: string;
  publisher?: string;
  applicationId?: string;
  /** Write speed (xorriso -speed syntax, e.g. "4d", "max"); default: the drive's choice. */
  speed?: string;
  /** Seconds between progress lines. */
  pacifierSeconds?: number;
}

export function burnArgs(input: BurnArgsInput): string[] {
  const ascii = (text: string, max: number) => text.replace(/[^\x20-\x7e]/g, '_').slice(0, max);
  return [
    ...XORRISO_PREAMBLE,
    '-pacifier',
    `interval=${input.pacifierSeconds ?? 1}`,
    '-md5',
    'on',
    '-outdev',
    input.device,
    '-volid',
    input.volumeId,
    ...(input.volumeSetId ? ['-volset_id', ascii(input.volumeSetId, 128)] : []),
    ...(input.publisher ? ['-publisher', ascii(input.publisher, 128)] : []),
    '-application_id',
    ascii(input.applicationId ?? 'EVIDENCE STATION', 128),
    '-rockridge',
    'on',
    '-joliet',
    'on',
    '-compliance',
    'iso_9660_level=3:joliet_long_names:joliet_long_paths:deep_paths:long_paths',
    '-file_size_limit',
    'off',
    '--',
    ...(input.speed ? ['-speed', input.speed] : []),
    '-close',
    'on',
    '-map',
    input.sourceRoot,
    '/',
    '-commit',
  ];
}

/** Table of contents and free space of the medium in a drive (blank? how many sectors?). */
export function mediaArgs(device: string): string[] {
  return ['-no_rc', '-outdev', device, '-toc', '-tell_media_space'];
}

/** Every data file on the medium with its extents, and the volume id. */
export function listFilesArgs(device: string): string[] {
  return [...XORRISO_PREAMBLE, '-md5', 'on', '-indev', device, '-find', '/', '-type', 'f', '-exec', 'report_lba', '--'];
}

/**
 * Copies files from the medium to disk (osirrox). `sparse=1m` keeps long zero runs as holes so a
 * read-back needs less scratch space; with -md5 on, xorriso also checks each file's recorded MD5.
 */
export function extractArgs(device: string, files: readonly { isoPath: string; diskPath: string }[]): string[] {
  return [...XORRISO_PREAMBLE, '-md5', 'on', '-osirrox', 'on:sparse=1m', '-indev', device, ...files.flatMap((file) => ['-extract', file.isoPath, file.diskPath])];
}

export function ejectArgs(device: string): string[] {
  return ['-no_rc', '-outdev', device, '-eject', 'all'];
}

export function devicesArgs(): string[] {
  return ['-no_rc', '-devices'];
}

/**
 * The image file of disc `index` of `count` for a stdio target: the path itself for a single disc,
 * case-1.iso, case-2.iso, ... for a set.
 */
export function imagePathFor(basePath: string, index: number, count: number): string {
  if (count <= 1) return basePath;
  const slash = Math.max(basePath.lastIndexOf('/'), basePath.lastIndexOf('\\'));
  const dot = basePath.lastIndexOf('.');
  if (dot > slash + 1) return `${basePath.slice(0, dot)}-${index}${basePath.slice(dot)}`;
  return `${basePath}-${index}`;
}
