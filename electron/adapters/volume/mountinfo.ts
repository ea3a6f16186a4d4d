/**
 * Pure parser of Linux /proc/self/mountinfo (proc(5)): which mount holds a path, and its block
 * device numbers. Fields: id parent major:minor root mountpoint options [optional...] - fstype source super.
 */

export interface MountEntry {
  major: number;
  minor: number;
  mountPoint: string;
  fsType: string;
  source: string;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const separator = fields.indexOf('-');
    if (fields.length < 10 || separator < 6) continue;
    const device = /^(\d+):(\d+)$/.exec(fields[2] ?? '');
    const mountPoint = fields[4];
    if (!device || mountPoint === undefined) continue;
    entries.push({ major: Number(device[1]), minor: Number(device[2]), mountPoint: unescapeOctal(mountPoint), fsType: fields[separator + 1] ?? '', source: unescapeOctal(fields[separator + 2] ?? '') });
  }
  return entries;
}

/** The mount whose mount point is the longest prefix of `target` (the last one mounted wins a tie). */
export function mountHolding(entries: readonly MountEntry[], target: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const entry of entries) {
    const prefix = entry.mountPoint.endsWith('/') ? entry.mountPoint : `${entry.mountPoint}/`;
    const holds = target === entry.mountPoint || target.startsWith(prefix) || entry.mountPoint === '/';
    if (holds && (best === undefined || entry.mountPoint.length >= best.mountPoint.length)) best = entry;
  }
  return best;
}
