/**
 * The fake station's supervision commands (docs/supervision.md): bookmarks, the continuity timeline
 * and gap explanations, the spot-check review and copies for a party, in memory. The station's rules
 * are kept where a screen shows them (gap threshold, no self-review, head-only approval, ID check
 * digit, masked ID numbers); the sample is the first clips of each officer's weeks, not random, and a
 * copy package is only simulated (a destination containing "full" runs out of space, "gone" is removed).
 */
import type { CommandResponse, ParsedRequest } from '../../../electron/contract/index.js';
import type { SupervisionCommandName } from '../../../electron/contract/supervision.js';
import type { AgencySettings, Clip } from '../contract-types.js';
import type { FakeFeatureDeps, FakeParams } from './fake-feature.js';

type Gap = CommandResponse<'gaps.requestExplanation'>;
type Item = CommandResponse<'spotcheck.review'>;
type Draw = CommandResponse<'spotcheck.draw'>['draw'];
type CopyRequest = CommandResponse<'partyCopies.request'>;
type PackageFile = CommandResponse<'partyCopies.produce'>['production']['files'][number];

export type FakeSupervisionHandlers = { [C in SupervisionCommandName]: (request: ParsedRequest<C>) => CommandResponse<C> };

export interface FakeSupervisionDeps extends FakeFeatureDeps {
  settings: () => AgencySettings;
  /** The caller's badge number, when known (the fake identifies by name and badge). */
  badge: () => string | undefined;
  /** Whether the caller is the bureau's head (the fake treats every caller as the head unless told otherwise). */
  isHead: () => boolean;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentIdOk(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((total, w, i) => total + w * Number(id[i]), 0);
  return '10X98765432'[sum % 11] === id[17];
}
const mask = (id: string) => (id.length <= 7 ? id : `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`);

export function createFakeSupervision(deps: FakeSupervisionDeps): FakeSupervisionHandlers {
  const bookmarks: CommandResponse<'bookmarks.add'>[] = [];
  const gaps = new Map<string, Gap>();
  const draws: Draw[] = [];
  const items: Item[] = [];
  const copies: (CopyRequest & { fullId: string })[] = [];
  let counter = 0;

  const span = (clip: Clip) => {
    const start = Date.parse(clip.media.recordedAt ?? clip.cameraMtime);
    return { start, end: start + (clip.media.durationMs ?? 0) };
  };
  const getClip = (id: string): Clip => {
    for (const clip of deps.clips()) if (clip.id === id) return clip;
    throw deps.fail('CLIP_NOT_FOUND', `no clip ${id}`, { id });
  };
  const deviceClips = (deviceNumber: string) =>
    [...deps.clips()].filter((c) => (c.kind === 'video' || c.kind === 'audio') && c.camera.deviceNumber === deviceNumber).sort((a, b) => span(a).start - span(b).start);
  const gapOf = (a: Clip, b: Clip): Gap => {
    const minutes = Math.round((Math.max(0, span(b).start - span(a).end) / 60_000) * 100) / 100;
    const id = `gap-${a.id.slice(0, 16)}-${b.id.slice(0, 16)}`;
    const stored = gaps.get(id);
    if (stored) return stored;
    return {
      id,
      deviceNumber: a.camera.deviceNumber,
      ...(a.camera.officerNumber ? { officerBadge: a.camera.officerNumber } : {}),
      ...(a.camera.officerName ? { officerName: a.camera.officerName } : {}),
      beforeClipId: a.id,
      afterClipId: b.id,
      gapStart: new Date(span(a).end).toISOString(),
      gapEnd: new Date(Math.max(span(a).end, span(b).start)).toISOString(),
      minutes,
      overThreshold: minutes > deps.settings().gapThresholdMinutes,
      ...(a.label ? { caseNumber: a.label.caseNumber } : {}),
      status: 'unrequested',
    };
  };
  const publicCopy = (c: CopyRequest & { fullId: string }): CopyRequest => {
    const { fullId: _full, ...rest } = c;
    return rest;
  };
  const findCopy = (id: string) => {
    const found = copies.find((c) => c.id === id);
    if (!found) throw deps.fail('PARTY_COPY_NOT_FOUND', `no copy request ${id}`, { id });
    return found;
  };

  return {
    'bookmarks.add': (request) => {
      const by = deps.requireOperator();
      getClip(request.clipId);
      const bookmark = { id: `bm-${++counter}`, clipId: request.clipId, positionMs: request.positionMs, note: request.note, author: by, authorUserId: by, createdAt: deps.now().toISOString() };
      bookmarks.push(bookmark);
      deps.record(by, 'replay.bookmarked', `clip:${request.clipId}`, { after: bookmark });
      return bookmark;
    },
    'bookmarks.list': (request) => bookmarks.filter((b) => b.clipId === request.clipId).sort((a, b) => a.positionMs - b.positionMs),
    'bookmarks.remove': (request) => {
      const by = deps.requireOperator();
      const i = bookmarks.findIndex((b) => b.id === request.id);
      if (i < 0) throw deps.fail('BOOKMARK_NOT_FOUND', `no bookmark ${request.id}`, { id: request.id });
      const [removed] = bookmarks.splice(i, 1);
      deps.record(by, 'replay.bookmark-removed', `clip:${removed?.clipId ?? ''}`, { before: removed });
      return { removed: true };
    },

    'gaps.timeline': (request) => {
      const settings = deps.settings();
      const devices = new Set([...deps.clips()].map((c) => c.camera.deviceNumber));
      const events: CommandResponse<'gaps.timeline'>['events'] = [];
      for (const device of devices) {
        if (request.deviceNumber && device !== request.deviceNumber) continue;
        let run: Clip[] = [];
        const flush = () => {
          const first = run[0];
          if (first) {
            const list = run.map((c) => ({ clipId: c.id, originalName: c.originalName, kind: c.kind, start: new Date(span(c).start).toISOString(), end: new Date(span(c).end).toISOString(), durationMs: span(c).end - span(c).start, ...(c.label ? { caseNumber: c.label.caseNumber } : {}) }));
            const cases = new Set(run.flatMap((c) => (c.label ? [c.label.caseNumber] : [])));
            events.push({
              key: `${device}|${first.id.slice(0, 16)}`,
              deviceNumber: device,
              ...(first.camera.officerName ? { officerName: first.camera.officerName } : {}),
              ...(first.camera.officerNumber ? { officerBadge: first.camera.officerNumber } : {}),
              ...(cases.size === 1 ? { caseNumber: [...cases][0] as string } : {}),
              start: list[0]?.start ?? '',
              end: list.at(-1)?.end ?? '',
              clips: list,
              gaps: run.slice(1).map((c, i) => gapOf(run[i] as Clip, c)),
            });
          }
          run = [];
        };
        for (const clip of deviceClips(device)) {
          const last = run.at(-1);
          if (last && (span(clip).start - span(last).end > settings.continuityEventHours * 3_600_000 || (last.label && clip.label && last.label.caseNumber !== clip.label.caseNumber))) flush();
          run.push(clip);
        }
        flush();
      }
      const filtered = events.filter((e) => !request.caseNumber || e.clips.some((c) => c.caseNumber === request.caseNumber)).sort((a, b) => b.start.localeCompare(a.start));
      return { thresholdMinutes: settings.gapThresholdMinutes, eventHours: settings.continuityEventHours, events: filtered };
    },
    'gaps.list': (request) => {
      const badge = deps.badge();
      return [...gaps.values()].filter(
        (g) => (!request.status || g.status === request.status) && (!request.clipId || g.beforeClipId === request.clipId || g.afterClipId === request.clipId) && (!request.mine || (badge !== undefined && g.officerBadge === badge)),
      );
    },
    'gaps.requestExplanation': (request) => {
      const by = deps.requireOperator();
      const before = getClip(request.beforeClipId);
      const after = getClip(request.afterClipId);
      const list = deviceClips(before.camera.deviceNumber);
      const i = list.findIndex((c) => c.id === before.id);
      if (i < 0 || list[i + 1]?.id !== after.id) throw deps.fail('GAP_NOT_CONSECUTIVE', 'the two clips are not consecutive recordings of one device', { before: before.id, after: after.id });
      const gap = gapOf(before, after);
      if (gap.status !== 'unrequested') return gap;
      const stored: Gap = { ...gap, status: 'requested', request: { by, at: deps.now().toISOString(), ...(request.note ? { note: request.note } : {}) } };
      gaps.set(stored.id, stored);
      deps.record(by, 'gap.explanation-requested', `clip:${before.id}`, { after: stored });
      return stored;
    },
    'gaps.explain': (request) => {
      const by = deps.requireOperator();
      const gap = gaps.get(request.gapId);
      if (!gap) throw deps.fail('GAP_NOT_FOUND', `no explanation was asked for gap ${request.gapId}`, { gapId: request.gapId });
      if (gap.officerBadge !== undefined && gap.officerBadge !== deps.badge()) throw deps.fail('FORBIDDEN', 'only the officer who recorded it explains a gap', { action: 'gap.explain', reason: 'not-owner' });
      if (gap.explanation) throw deps.fail('GAP_ALREADY_EXPLAINED', 'this gap was already explained', { gapId: gap.id });
      const explained: Gap = { ...gap, status: 'explained', explanation: { text: request.text, by, at: deps.now().toISOString() } };
      gaps.set(gap.id, explained);
      deps.record(by, 'gap.explained', `clip:${gap.beforeClipId}`, { after: explained.explanation });
      return explained;
    },

    'spotcheck.draw': (request) => {
      const by = deps.requireOperator();
      const now = deps.now();
      const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
      const period = request.period ?? `${previous.getUTCFullYear()}-${String(previous.getUTCMonth() + 1).padStart(2, '0')}`;
      const existing = draws.find((d) => d.period === period);
      if (existing) return { draw: existing, alreadyDrawn: true };
      const [year, month] = period.split('-').map(Number) as [number, number];
      const from = new Date(Date.UTC(year, month - 1, 1));
      const to = new Date(Date.UTC(year, month, 1));
      const perOfficer = deps.settings().spotCheckSamplePerOfficer;
      const byOfficer = new Map<string, Clip[]>();
      for (const clip of deps.clips()) {
        const key = clip.camera.officerNumber;
        const at = span(clip).start;
        if (!key || clip.kind !== 'video' || at < from.getTime() || at >= to.getTime() || items.some((i) => i.clipId === clip.id)) continue;
        byOfficer.set(key, [...(byOfficer.get(key) ?? []), clip]);
      }
      const drawId = `SC-${period}-fake${++counter}`;
      const drawn: Item[] = [];
      const officers: Draw['officers'] = [];
      for (const [officerKey, list] of byOfficer) {
        const picked = list.slice(0, perOfficer);
        officers.push({ officerKey, ...(list[0]?.camera.officerName ? { officerName: list[0].camera.officerName } : {}), population: list.length, drawn: picked.length });
        for (const clip of picked) {
          const day = new Date(span(clip).start).getUTCDate();
          drawn.push({ id: `${drawId}-${clip.id.slice(0, 12)}`, drawId, period, clipId: clip.id, officerKey, ...(clip.camera.officerName ? { officerName: clip.camera.officerName } : {}), stratum: `${period}-W${Math.floor((day - 1) / 7) + 1}`, recordedAt: new Date(span(clip).start).toISOString(), originalName: clip.originalName, ...(clip.label ? { caseNumber: clip.label.caseNumber } : {}), drawnAt: now.toISOString() });
        }
      }
      const draw: Draw = { id: drawId, period, periodMonths: 1, from: from.toISOString(), to: to.toISOString(), seed: deps.sha(drawId), perOfficer, drawnAt: now.toISOString(), drawnBy: by, officers, itemIds: drawn.map((i) => i.id) };
      draws.push(draw);
      items.push(...drawn);
      deps.record(by, 'spotcheck.drawn', `spotcheck:${period}`, { after: { drawId, period, clips: drawn.length } });
      return { draw, alreadyDrawn: false };
    },
    'spotcheck.draws': () => [...draws].sort((a, b) => b.period.localeCompare(a.period)),
    'spotcheck.queue': (request) => {
      const badge = deps.badge();
      return items.filter((i) => (!request.period || i.period === request.period) && (request.includeReviewed === true || !i.review) && i.officerKey !== badge);
    },
    'spotcheck.review': (request) => {
      const by = deps.requireOperator();
      const item = items.find((i) => i.id === request.itemId);
      if (!item) throw deps.fail('SPOTCHECK_ITEM_NOT_FOUND', `no spot-check item ${request.itemId}`, { itemId: request.itemId });
      if (item.officerKey === deps.badge()) throw deps.fail('FORBIDDEN', 'a supervisor does not review their own footage', { action: 'spotcheck.review', reason: 'own-record' });
      if (item.review) throw deps.fail('SPOTCHECK_ALREADY_REVIEWED', 'this clip was already reviewed', { itemId: item.id, by: item.review.by });
      item.review = { by, at: deps.now().toISOString(), recordedInFull: request.recordedInFull, lawfulAndStandard: request.lawfulAndStandard, interruptionsExplained: request.interruptionsExplained, findings: request.findings };
      deps.record(by, 'spotcheck.reviewed', `clip:${item.clipId}`, { after: item.review });
      return item;
    },
    'spotcheck.mine': () => items.filter((i) => i.officerKey === deps.badge() && i.review),

    'partyCopies.request': (request) => {
      const by = deps.requireOperator();
      request.clipIds.forEach(getClip);
      const id = request.idDocumentNumber.trim().toUpperCase();
      if (request.idDocumentType === 'resident-id' && !residentIdOk(id)) throw deps.fail('ID_NUMBER_INVALID', 'the identity document number is not valid (check-digit)', { problem: 'check-digit' });
      const record = { id: `PC-FAKE-${String(++counter).padStart(4, '0')}`, recipientName: request.recipientName, idDocumentType: request.idDocumentType, idDocumentNumber: mask(id), fullId: id, clipIds: request.clipIds, reason: request.reason, requestedBy: by, requestedAt: deps.now().toISOString(), status: 'pending' as const, productions: [] };
      copies.push(record);
      deps.record(by, 'party-copy.requested', `party-copy:${record.id}`, { after: publicCopy(record) });
      return publicCopy(record);
    },
    'partyCopies.list': () => copies.map(publicCopy).reverse(),
    'partyCopies.decide': (request) => {
      const by = deps.requireOperator();
      const record = findCopy(request.id);
      if (!deps.isHead()) throw deps.fail('FORBIDDEN', 'only the head approves a copy for a party', { action: 'party-copy.approve', reason: 'head-only' });
      if (record.status !== 'pending') throw deps.fail('PARTY_COPY_ALREADY_DECIDED', `request ${record.id} was already decided`, { id: record.id, status: record.status });
      record.status = request.approve ? 'approved' : 'rejected';
      record.decision = { approved: request.approve, by, at: deps.now().toISOString(), ...(request.note ? { note: request.note } : {}) };
      deps.record(by, request.approve ? 'party-copy.approved' : 'party-copy.rejected', `party-copy:${record.id}`, { after: record.decision });
      return publicCopy(record);
    },
    'partyCopies.produce': (request) => {
      const by = deps.requireOperator();
      const record = findCopy(request.id);
      if (record.status !== 'approved') throw deps.fail('PARTY_COPY_NOT_APPROVED', `request ${record.id} is ${record.status}`, { id: record.id, status: record.status });
      const refuse = (code: string, message: string, params: FakeParams) => {
        deps.record(by, 'party-copy.export-refused', `party-copy:${record.id}`, { detail: { destination: request.destination, code } });
        return deps.fail(code, message, params);
      };
      if (request.destination.includes('gone')) throw refuse('EXPORT_DESTINATION_MISSING', `the destination ${request.destination} does not exist (is the disk connected?)`, { destination: request.destination });
      if (request.destination.includes('full')) throw refuse('DISK_FULL', `not enough space on ${request.destination}`, { needed: 40 * 1024 * 1024, free: 1024 * 1024, file: request.destination });
      const folder = `${request.destination.replace(/\/$/, '')}/${record.id}`;
      const marked = (clip: Clip) => request.watermark && (clip.kind === 'video' || clip.kind === 'photo');
      const files: PackageFile[] = record.clipIds.map((clipId, i) => {
        const clip = getClip(clipId);
        return { path: `${String(i + 1).padStart(3, '0')}_${clip.originalName}`, size: clip.size, sha256: marked(clip) ? deps.sha(`wm-${clipId}`) : clipId, role: marked(clip) ? 'watermarked-copy' : 'copy', clipId, originalSha256: clipId };
      });
      files.push({ path: 'cover-sheet.pdf', size: 48_000, sha256: deps.sha(`cover-${record.id}`), role: 'cover-sheet' });
      const production = { at: deps.now().toISOString(), by, destination: request.destination, folder, watermark: request.watermark, files, manifestSha256: deps.sha(`manifest-${record.id}`) };
      record.status = 'produced';
      record.productions = [...record.productions, production];
      deps.record(by, 'party-copy.produced', `party-copy:${record.id}`, { after: { destination: request.destination, folder } });
      return { request: publicCopy(record), production };
    },
  };
}
