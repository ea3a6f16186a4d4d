/**
 * 长期保存 (issue D): what is not yet on a verified long-term copy, by case; start a copy to a disc
 * recorder, an image file or a folder on an external disk; follow it (archive.progress); the disc
 * registry with each disc's verification history, where it is kept, re-check due, verify again.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse, EventPayload } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { isFinalStep, type ArchiveTargetKind } from '../../presenters/archive.js';
import { useAppState, useController } from '../../state/context.js';
import { ArchiveProgressPanel } from './ArchiveProgressPanel.js';
import { ArchiveQueueAddForm } from './ArchiveQueueAddForm.js';
import { ArchiveQueuePanel } from './ArchiveQueuePanel.js';
import { ArchiveStartForm } from './ArchiveStartForm.js';
import { DiscRegistry } from './DiscRegistry.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

export type ArchiveQueue = CommandResponse<'archive.queue'>;
export type ArchiveJob = CommandResponse<'archive.job'>;
export type ArchiveDiscs = CommandResponse<'archive.discs'>;
export type ArchiveProgress = EventPayload<'archive.progress'>;

/** The job the screen follows, with what its steps look like. */
export interface FollowedJob {
  job: ArchiveJob;
  kind: ArchiveTargetKind | 'recheck';
}

export function ArchiveScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const clipsVersion = useAppState((s) => s.clipsVersion);
  const reloadVersion = useAppState((s) => s.reloadVersion);
  const [queue, setQueue] = useState<ArchiveQueue | undefined>();
  const [discs, setDiscs] = useState<ArchiveDiscs | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const [followed, setFollowed] = useState<FollowedJob | undefined>();
  const [progress, setProgress] = useState<ArchiveProgress | undefined>();

  const load = useCallback(async () => {
    const [q, d] = await Promise.all([controller.call('archive.queue', {}), controller.call('archive.discs', { due: true })]);
    if (!q.ok) return setError(q.error);
    if (!d.ok) return setError(d.error);
    setError(undefined);
    setQueue(q.value);
    setDiscs(d.value);
  }, [controller]);

  useEffect(() => {
    void load();
  }, [load, clipsVersion, reloadVersion]);

  const followedId = followed?.job.jobId;
  useEffect(
    () =>
      controller.station.on('archive.progress', (next) => {
        if (followedId !== undefined && next.jobId !== followedId) return;
        setProgress(next);
        if (isFinalStep(next.step)) void load();
      }),
    [controller, followedId, load],
  );

  // The job's last word (its discs, its error): asked for as soon as its final progress has come, and
  // polled meanwhile, since a job can fail before it reports any progress.
  const jobOpen = followed !== undefined && followed.job.state !== 'done' && followed.job.state !== 'failed';
  const finalSeen = jobOpen && progress !== undefined && progress.jobId === followedId && isFinalStep(progress.step);
  useEffect(() => {
    if (!jobOpen || followedId === undefined) return;
    let stopped = false;
    const ask = async () => {
      const result = await controller.call('archive.job', { jobId: followedId });
      if (stopped || !result.ok) return;
      const job = result.value;
      if (job.state === 'done' || job.state === 'failed') setFollowed((current) => (current && current.job.jobId === followedId ? { ...current, job } : current));
    };
    const timer = setInterval(() => void ask(), finalSeen ? 250 : 1500);
    if (finalSeen) void ask();
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [controller, jobOpen, finalSeen, followedId]);

  const follow = (job: ArchiveJob, kind: FollowedJob['kind']) => {
    setProgress((current) => (current?.jobId === job.jobId ? current : job.progress));
    setFollowed({ job, kind });
  };

  const running = jobOpen;
  // A case that left the queue (archived) is no longer the one to start.
  const chosen = selected !== undefined && queue?.entries.some((entry) => entry.caseNumber === selected) === true ? selected : undefined;
  const jobState = followed?.job.state;
  useEffect(() => {
    if (jobState === 'done' || jobState === 'failed') void load();
  }, [jobState, load]);

  return (
    <section className="screen" aria-labelledby="archive-title" data-testid="archive-screen">
      <ScreenHeader id="archive-title" title={t('archive.title')} intro={t('archive.intro')} />
      <ErrorBox error={error} />
      <div className="archive-layout">
        <div className="archive-main">
          <ArchiveQueuePanel queue={queue} selected={chosen} onSelect={setSelected} />
          <ArchiveQueueAddForm
            onAdded={(caseNumber) => {
              setSelected(caseNumber);
              void load();
            }}
          />
          <ArchiveStartForm caseNumber={chosen} busy={running} onStarted={(job, kind) => follow(job, kind)} />
          {followed && <ArchiveProgressPanel followed={followed} progress={progress} />}
        </div>
        <div className="archive-side">
          <DiscRegistry discs={discs} busy={running} onChanged={() => void load()} onRecheck={(job) => follow(job, 'recheck')} />
        </div>
      </div>
    </section>
  );
}
