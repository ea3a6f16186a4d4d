/**
 * The fake station's long-term archive (issue D): the queue is built from the fake clips labelled for
 * long-term keeping, a job is simulated with progress ticks (packaging, burning or writing, verifying,
 * registering) and ends with a verified disc in an in-memory registry. Nothing is burnt or written; a
 * target containing "fail" fails its read-back, so the screens' failure paths can be seen.
 */
import type { CommandResponse, EventPayload, ParsedRequest } from '../../../electron/contract/index.js';
import type { ArchiveCommandName } from '../../../electron/contract/archive.js';
import type { Clip } from '../contract-types.js';
import type { FakeJobDeps } from './fake-feature.js';

type ArchiveJob = CommandResponse<'archive.job'>;
type DiscRecord = CommandResponse<'archive.disc'>;
type Progress = EventPayload<'archive.progress'>;
type Verification = DiscRecord['verifications'][number];

export type FakeArchiveHandlers = { [C in ArchiveCommandName]: (request: ParsedRequest<C>) => CommandResponse<C> };

export type FakeArchiveDeps = FakeJobDeps;

const DAY = 24 * 3_600_000;
const MEDIA_BYTES = { cd: 700e6, dvd: 4.7e9, 'dvd-dl': 8.5e9, bd25: 25e9, bd50: 50e9, bd100: 100e9 } as const;

function targetKind(target: string): DiscRecord['kind'] {
  if (target.startsWith('stdio:')) return 'image';
  if (target.startsWith('optical:') || /^\/dev\/(?:sr|scd|cdrom|cdrw|dvd|dvdrw|bd|bdrw|cd)\d*$/.test(target) || /^[A-Za-z]:$/.test(target)) return 'optical';
  return 'folder';
}

export function createFakeArchive(deps: FakeArchiveDeps): FakeArchiveHandlers {
  const discs: DiscRecord[] = [];
  const jobs = new Map<string, ArchiveJob>();
  const manual: { caseNumber?: string; clipIds: string[]; copies: number }[] = [];
  let counter = 0;

  const onVerifiedDisc = (clipId: string): number => discs.filter((d) => d.status === 'verified' && d.clipIds.includes(clipId)).length;

  // An older disc of a closed case, registered long ago and due for its periodic re-check.
  {
    const at = new Date(deps.now().getTime() - 400 * DAY).toISOString();
    discs.push({
      id: 'D20251018-7c31a0',
      setId: 'S20251018-7c31a0',
      copy: 1,
      copies: 1,
      index: 1,
      count: 1,
      kind: 'optical',
      location: '/dev/sr0',
      media: 'dvd',
      volumeId: 'EVID_20251018_7C31',
      status: 'verified',
      createdAt: at,
      createdBy: '赵敏(010102)',
      station: 'fake',
      caseNumbers: ['清国土罚（2025）88号'],
      parties: ['清远市某某石材厂'],
      clipIds: [],
      files: [],
      bytes: 1.9e9,
      auditRecord: { seq: 1, hash: deps.sha('old-disc') },
      labelText: ['清国土罚（2025）88号'],
      shelf: '档案室 A-3-12',
      verifications: [{ at, by: '赵敏(010102)', ok: true, filesChecked: 14, bytesChecked: 1.9e9, fromDevice: true, problems: [] }],
    });
  }

  function queue(): CommandResponse<'archive.queue'> {
    const byCase = new Map<string, { clips: Clip[]; reasons: Set<string>; copies: number }>();
    for (const clip of deps.clips()) {
      const label = clip.label;
      const wanted = manual.find((m) => m.clipIds.includes(clip.id) || (label && m.caseNumber === label.caseNumber));
      if (!label || (!label.longTerm && !wanted)) continue;
      const copies = wanted?.copies ?? 1;
      if (onVerifiedDisc(clip.id) >= copies) continue;
      const entry = byCase.get(label.caseNumber) ?? { clips: [], reasons: new Set<string>(), copies };
      entry.clips.push(clip);
      entry.reasons.add(label.longTerm ?? 'manual');
      byCase.set(label.caseNumber, entry);
    }
    const entries = [...byCase].map(([caseNumber, entry]) => {
      const since = entry.clips.map((c) => c.label?.labelledAt ?? c.receivedAt).sort()[0] ?? deps.now().toISOString();
      const dueBy = new Date(Date.parse(since) + 30 * DAY).toISOString();
      return {
        caseNumber,
        parties: [...new Set(entry.clips.map((c) => c.label?.party ?? ''))].filter(Boolean),
        clipIds: entry.clips.map((c) => c.id),
        bytes: entry.clips.reduce((sum, c) => sum + c.size, 0),
        reasons: [...entry.reasons] as CommandResponse<'archive.queue'>['entries'][number]['reasons'],
        copiesWanted: entry.copies,
        copiesVerified: Math.min(...entry.clips.map((c) => onVerifiedDisc(c.id))),
        since,
        dueBy,
        overdue: Date.parse(dueBy) < deps.now().getTime(),
      };
    });
    entries.sort((a, b) => a.dueBy.localeCompare(b.dueBy));
    return { entries, clips: entries.reduce((n, e) => n + e.clipIds.length, 0), bytes: entries.reduce((n, e) => n + e.bytes, 0) };
  }

  function getDisc(discId: string): DiscRecord {
    const disc = discs.find((d) => d.id === discId);
    if (!disc) throw deps.fail('ARCHIVE_DISC_NOT_FOUND', `no disc ${discId} in the registry`, { discId });
    return disc;
  }

  /** Runs the steps with progress ticks; `finish` registers the result. */
  function simulate(job: ArchiveJob, steps: Progress['step'][], bytesTotal: number, finish: () => void): void {
    let stepIndex = 0;
    let ticks = 0;
    const perStep = 6;
    const progress: Progress = { jobId: job.jobId, setId: job.setId, step: steps[0] ?? 'done', copy: 1, copies: job.copies.length || 1, disc: 1, discs: 1, bytesDone: 0, bytesTotal, speed: 0 };
    const publish = () => {
      job.progress = { ...progress };
      deps.emit('archive.progress', progress);
    };
    publish();
    const timer = setInterval(() => {
      ticks++;
      const step = steps[stepIndex];
      if (step === undefined) {
        clearInterval(timer);
        finish();
        progress.step = job.state === 'done' ? 'done' : 'failed';
        progress.speed = 0;
        delete progress.etaSeconds;
        if (job.error) progress.message = job.error.message;
        publish();
        return;
      }
      const speed = step === 'packaging' ? 180e6 : step === 'verifying' ? 250e6 : 22e6;
      progress.step = step;
      progress.speed = speed;
      progress.bytesDone = Math.min(bytesTotal, Math.round((bytesTotal * ticks) / perStep));
      progress.etaSeconds = Math.max(0, Math.round((bytesTotal - progress.bytesDone) / speed) + (steps.length - stepIndex - 1) * 30);
      publish();
      if (ticks >= perStep) {
        ticks = 0;
        stepIndex++;
        progress.bytesDone = 0;
      }
    }, 120 / deps.speed);
  }

  return {
    'archive.queue': () => queue(),
    'archive.queueAdd': (request) => {
      const by = deps.requireOperator();
      const clipIds = request.clipIds ?? [...deps.clips()].filter((c) => c.label?.caseNumber === request.caseNumber).map((c) => c.id);
      if (clipIds.length === 0) throw deps.fail('ARCHIVE_NOTHING_TO_ARCHIVE', 'no clip matches', { caseNumber: request.caseNumber ?? '' });
      const entry = { ...(request.caseNumber === undefined ? {} : { caseNumber: request.caseNumber }), clipIds, copies: request.copies ?? 1 };
      manual.push(entry);
      const added = { id: `M${++counter}`, ...entry, addedAt: deps.now().toISOString(), addedBy: by, ...(request.note === undefined ? {} : { note: request.note }) };
      deps.record(by, 'archive.queued', `archive-queue:${added.id}`, { detail: added });
      return added;
    },
    'archive.start': (request) => {
      const by = deps.requireOperator();
      const all = [...deps.clips()];
      const chosen = request.clipIds ? all.filter((c) => request.clipIds?.includes(c.id)) : all.filter((c) => c.label?.caseNumber === request.caseNumber);
      if (chosen.length === 0) throw deps.fail('ARCHIVE_NOTHING_TO_ARCHIVE', 'no clip matches the case number or selection', { caseNumber: request.caseNumber ?? '' });
      const unlabelled = chosen.filter((c) => !c.label);
      if (unlabelled.length > 0) throw deps.fail('ARCHIVE_CLIP_UNLABELLED', `${unlabelled.length} clip(s) have no label yet`, { count: unlabelled.length, clipId: unlabelled[0]?.id ?? '' });
      const bytes = chosen.reduce((sum, c) => sum + c.size, 0);
      const targets = [request.target, ...(request.secondTarget ? [request.secondTarget] : [])];
      const medias = [request.media, request.secondMedia];
      for (const [i, target] of targets.entries()) {
        const media = medias[i];
        if (targetKind(target) !== 'folder' && media && MEDIA_BYTES[media] < bytes)
          throw deps.fail('ARCHIVE_FILE_TOO_LARGE_FOR_MEDIA', 'the set does not fit on one disc of this medium', { needed: bytes, usable: MEDIA_BYTES[media] });
      }
      const stamp = deps.now().toISOString().slice(0, 10).replaceAll('-', '');
      const n = ++counter;
      const setId = `S${stamp}-${deps.sha(`set-${n}`).slice(0, 6)}`;
      const job: ArchiveJob = {
        jobId: `J${stamp}-${n}`,
        kind: 'archive',
        setId,
        state: 'running',
        startedAt: deps.now().toISOString(),
        startedBy: by,
        copies: targets.map((target, i) => ({ copy: i + 1, target, discIds: [] })),
      };
      jobs.set(job.jobId, job);
      deps.record(by, 'archive.started', `archive-set:${setId}`, { detail: { targets, clips: chosen.length } });
      const writeStep = targetKind(request.target) === 'folder' ? 'writing' : 'burning';
      simulate(job, ['planning', 'packaging', writeStep, 'verifying', 'registering'], bytes, () => {
        for (const [i, target] of targets.entries()) {
          const kind = targetKind(target);
          const failed = target.includes('fail');
          const at = deps.now().toISOString();
          const discId = `D${stamp}-${deps.sha(`disc-${n}-${i}`).slice(0, 6)}`;
          const verification: Verification = failed
            ? { at, by, ok: false, filesChecked: chosen.length, bytesChecked: bytes, fromDevice: kind !== 'image', problems: [{ path: `data/${chosen[0]?.originalPath ?? 'clip'}`, problem: 'mismatch', expected: chosen[0]?.id ?? '', actual: deps.sha('bad') }] }
            : { at, by, ok: true, filesChecked: chosen.length + 6, bytesChecked: bytes, fromDevice: kind !== 'image', problems: [] };
          const media = medias[i];
          discs.push({
            id: discId,
            setId,
            copy: i + 1,
            copies: targets.length,
            index: 1,
            count: 1,
            kind,
            location: target,
            ...(kind === 'folder' || media === undefined ? {} : { media }),
            volumeId: `EVID_${stamp}_${discId.slice(-4).toUpperCase()}`,
            status: failed ? 'failed-verification' : 'verified',
            createdAt: at,
            createdBy: by,
            station: 'fake',
            caseNumbers: [...new Set(chosen.map((c) => c.label?.caseNumber ?? ''))],
            parties: [...new Set(chosen.map((c) => c.label?.party ?? ''))],
            clipIds: chosen.map((c) => c.id),
            files: [],
            bytes,
            auditRecord: { seq: n, hash: deps.sha(`audit-${n}`) },
            labelText: [...new Set(chosen.map((c) => c.label?.caseNumber ?? ''))],
            verifications: [verification],
          });
          job.copies[i]?.discIds.push(discId);
          job.verification = verification;
          if (failed) job.error = { code: 'ARCHIVE_VERIFY_FAILED', message: `disc ${discId}: 1 file(s) did not read back as written`, params: { discId, problems: 1 } };
        }
        job.state = job.error ? 'failed' : 'done';
        job.finishedAt = deps.now().toISOString();
        deps.record(by, job.error ? 'archive.failed' : 'archive.finished', `archive-set:${setId}`, { detail: { discs: job.copies.flatMap((c) => c.discIds) } });
        deps.emit('clips.changed', { ids: chosen.map((c) => c.id) });
      });
      return structuredClone(job);
    },
    'archive.job': (request) => {
      const job = jobs.get(request.jobId);
      if (!job) throw deps.fail('ARCHIVE_JOB_NOT_FOUND', `no archive job ${request.jobId}`, { jobId: request.jobId });
      return job;
    },
    'archive.discs': (request) => {
      const interval = (request.intervalDays ?? 365) * DAY;
      const due =
        request.due === true
          ? discs.flatMap((d) => {
              const last = d.verifications.at(-1)?.at ?? d.createdAt;
              const dueSince = Date.parse(last) + interval;
              if (dueSince > deps.now().getTime()) return [];
              return [{ discId: d.id, reason: d.verifications.length > 1 ? ('interval-elapsed' as const) : ('never-rechecked' as const), lastCheckedAt: last, dueSince: new Date(dueSince).toISOString(), ...(d.shelf ? { shelf: d.shelf } : {}) }];
            })
          : [];
      return { discs: discs.map((d) => ({ ...d, files: d.files.length })), due };
    },
    'archive.disc': (request) => getDisc(request.discId),
    'archive.verify': (request) => {
      const by = deps.requireOperator();
      const disc = getDisc(request.discId);
      const n = ++counter;
      const job: ArchiveJob = { jobId: `R${n}`, kind: 'recheck', setId: disc.setId, state: 'running', startedAt: deps.now().toISOString(), startedBy: by, copies: [{ copy: disc.copy, target: request.location ?? disc.location, discIds: [disc.id] }] };
      jobs.set(job.jobId, job);
      simulate(job, ['verifying'], disc.bytes, () => {
        const verification: Verification = { at: deps.now().toISOString(), by, ok: true, filesChecked: disc.files.length || (disc.verifications[0]?.filesChecked ?? disc.clipIds.length + 6), bytesChecked: disc.bytes, fromDevice: disc.kind !== 'image', problems: [] };
        disc.verifications.push(verification);
        disc.status = 'verified';
        job.verification = verification;
        job.state = 'done';
        job.finishedAt = deps.now().toISOString();
        deps.record(by, 'archive.rechecked', `disc:${disc.id}`, { detail: verification });
      });
      return structuredClone(job);
    },
    'archive.shelve': (request) => {
      const by = deps.requireOperator();
      const disc = getDisc(request.discId);
      deps.record(by, 'archive.shelved', `disc:${disc.id}`, { detail: { before: disc.shelf ?? null, after: request.shelf } });
      disc.shelf = request.shelf;
      return disc;
    },
  };
}
