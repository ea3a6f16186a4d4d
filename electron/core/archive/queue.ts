/**
 * The clerk's archive queue and the disc re-check schedule, as pure functions over the catalogue and
 * the disc registry.
 *
 * Queue rule: a clip needs a long-term copy when its label names an R4.3 situation or marks it as
 * evidence (`label.longTerm`, 'evidence' included), or when the clerk put its case or the clip in the
 * queue by hand. It stays in the queue until it is on as many verified copies as wanted (one; two
 * when the clerk asked for a second copy). A copy counts only while its disc is 'verified': a disc
 * that failed a re-check stops counting, and its clips come back.
 */
import type { Clip, LongTermReason } from '../domain/clip.js';
import type { ArchiveQueue, DiscRecord, DueDisc, ManualQueueEntry, QueueEntry } from './model.js';

const DAY_MS = 86_400_000;
/** R4.4: case files, text and video, are archived within 30 days (001 §22, 002 §30, 003 §25). */
export const ARCHIVE_DEADLINE_DAYS = 30;
/** How often a stored disc is read back again unless the agency chooses otherwise. */
export const DEFAULT_RECHECK_INTERVAL_DAYS = 365;
export const UNLABELLED_GROUP = '（未标注）';

/** Verified copies per clip: distinct (set, copy) pairs on discs that are still verified. */
export function verifiedCopiesByClip(discs: readonly DiscRecord[]): Map<string, Set<string>> {
  const copies = new Map<string, Set<string>>();
  for (const disc of discs) {
    if (disc.status !== 'verified') continue;
    const key = `${disc.setId}#${disc.copy}`;
    for (const clipId of disc.clipIds) {
      const set = copies.get(clipId) ?? new Set<string>();
      set.add(key);
      copies.set(clipId, set);
    }
  }
  return copies;
}

interface Wanted {
  copies: number;
  reasons: Set<LongTermReason | 'manual'>;
  since: string;
}

export interface QueueInput {
  clips: Iterable<Clip>;
  discs: readonly DiscRecord[];
  manual: readonly ManualQueueEntry[];
  now: Date;
  deadlineDays?: number;
}

export function buildArchiveQueue(input: QueueInput): ArchiveQueue {
  const deadlineMs = (input.deadlineDays ?? ARCHIVE_DEADLINE_DAYS) * DAY_MS;
  const copies = verifiedCopiesByClip(input.discs);
  const manualByClip = new Map<string, ManualQueueEntry[]>();
  const manualByCase = new Map<string, ManualQueueEntry[]>();
  for (const entry of input.manual) {
    for (const clipId of entry.clipIds) manualByClip.set(clipId, [...(manualByClip.get(clipId) ?? []), entry]);
    if (entry.caseNumber !== undefined) manualByCase.set(entry.caseNumber, [...(manualByCase.get(entry.caseNumber) ?? []), entry]);
  }

  const groups = new Map<string, { clips: Clip[]; wanted: Wanted; verified: number }>();
  for (const clip of input.clips) {
    const wanted = wantedFor(clip, manualByClip.get(clip.id) ?? [], clip.label ? (manualByCase.get(clip.label.caseNumber) ?? []) : []);
    if (wanted === undefined) continue;
    const verified = copies.get(clip.id)?.size ?? 0;
    if (verified >= wanted.copies) continue;
    const key = clip.label?.caseNumber ?? UNLABELLED_GROUP;
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { clips: [clip], wanted: { copies: wanted.copies, reasons: new Set(wanted.reasons), since: wanted.since }, verified });
      continue;
    }
    group.clips.push(clip);
    group.wanted.copies = Math.max(group.wanted.copies, wanted.copies);
    for (const reason of wanted.reasons) group.wanted.reasons.add(reason);
    if (wanted.since < group.wanted.since) group.wanted.since = wanted.since;
    group.verified = Math.min(group.verified, verified);
  }

  const entries: QueueEntry[] = [...groups.entries()].map(([caseNumber, group]) => {
    const dueByMs = Date.parse(group.wanted.since) + deadlineMs;
    return {
      caseNumber,
      parties: [...new Set(group.clips.map((clip) => clip.label?.party ?? '').filter((party) => party !== ''))],
      clipIds: group.clips.map((clip) => clip.id),
      bytes: group.clips.reduce((sum, clip) => sum + clip.size, 0),
      reasons: [...group.wanted.reasons],
      copiesWanted: group.wanted.copies,
      copiesVerified: group.verified,
      since: group.wanted.since,
      dueBy: new Date(dueByMs).toISOString(),
      overdue: input.now.getTime() > dueByMs,
    };
  });
  // Most urgent first: overdue, then by deadline, then by case number.
  entries.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueBy.localeCompare(b.dueBy) || a.caseNumber.localeCompare(b.caseNumber));
  return { entries, clips: entries.reduce((n, entry) => n + entry.clipIds.length, 0), bytes: entries.reduce((n, entry) => n + entry.bytes, 0) };
}

function wantedFor(clip: Clip, byClip: readonly ManualQueueEntry[], byCase: readonly ManualQueueEntry[]): Wanted | undefined {
  const reasons = new Set<LongTermReason | 'manual'>();
  let copies = 0;
  let since: string | undefined;
  if (clip.label?.longTerm !== undefined) {
    reasons.add(clip.label.longTerm);
    copies = 1;
    since = clip.label.labelledAt;
  }
  for (const entry of [...byClip, ...byCase]) {
    reasons.add('manual');
    copies = Math.max(copies, entry.copies);
    if (since === undefined || entry.addedAt < since) since = entry.addedAt;
  }
  return copies === 0 || since === undefined ? undefined : { copies, reasons, since };
}

/** The clips a by-hand entry covers now: its explicit clips, and every clip labelled with its case. */
export function clipsOfManualEntry(entry: ManualQueueEntry, clips: Iterable<Clip>): string[] {
  const ids = new Set(entry.clipIds);
  if (entry.caseNumber !== undefined) for (const clip of clips) if (clip.label?.caseNumber === entry.caseNumber) ids.add(clip.id);
  return [...ids];
}

/**
 * Discs due for a periodic read-back: verified discs whose last verification is older than the
 * interval. Discs that failed verification are not "due", they are broken (listed by status).
 */
export function discsDueForRecheck(discs: readonly DiscRecord[], now: Date, intervalDays = DEFAULT_RECHECK_INTERVAL_DAYS): DueDisc[] {
  const due: DueDisc[] = [];
  for (const disc of discs) {
    if (disc.status !== 'verified') continue;
    const last = disc.verifications.at(-1);
    const lastCheckedAt = last?.at ?? disc.createdAt;
    const dueSinceMs = Date.parse(lastCheckedAt) + intervalDays * DAY_MS;
    if (now.getTime() < dueSinceMs) continue;
    due.push({
      discId: disc.id,
      reason: disc.verifications.length <= 1 ? 'never-rechecked' : 'interval-elapsed',
      lastCheckedAt,
      dueSince: new Date(dueSinceMs).toISOString(),
      ...(disc.shelf === undefined ? {} : { shelf: disc.shelf }),
    });
  }
  return due.sort((a, b) => a.dueSince.localeCompare(b.dueSince) || a.discId.localeCompare(b.discId));
}
