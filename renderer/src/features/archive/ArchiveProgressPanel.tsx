/** The followed job: its stages, bytes, speed and time left (archive.progress), then the result. */
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useLang } from '../../i18n/hooks.js';
import { archiveSteps, stepState } from '../../presenters/archive.js';
import { formatBytes, formatEta, formatSpeed, progressPercent } from '../../presenters/format.js';
import type { ArchiveProgress, FollowedJob } from './ArchiveScreen.js';

export function ArchiveProgressPanel({ followed, progress }: { followed: FollowedJob; progress: ArchiveProgress | undefined }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { job } = followed;
  const steps = archiveSteps(followed.kind);
  const step = job.state === 'done' ? 'done' : job.state === 'failed' ? 'failed' : (progress?.step ?? 'planning');
  const discIds = job.copies.flatMap((copy) => copy.discIds);
  const percent = step === 'done' ? 100 : progress ? progressPercent(progress.bytesDone, progress.bytesTotal) : 0;
  return (
    <section className="card archive-progress" aria-labelledby="archive-progress-title" data-testid="archive-progress" data-step={step} data-state={job.state}>
      <h2 id="archive-progress-title" className="card__title">
        {t('archive.progressTitle')}
      </h2>
      <ol className="archive-steps">
        {steps.map((s) => (
          <li key={s} className={`archive-steps__step archive-steps__step--${stepState(s, step, steps)}`} data-testid="archive-step" data-state={stepState(s, step, steps)}>
            {t(`archive.steps.${s}`)}
          </li>
        ))}
      </ol>
      <p className="small" role="status" data-testid="archive-step-now">
        <strong>{t(`archive.steps.${step}`)}</strong>
        {progress && step !== 'done' && step !== 'failed' && (
          <>
            {' · '}
            {t('archive.progressLine', { copy: progress.copy, copies: progress.copies, disc: progress.disc, discs: progress.discs, done: formatBytes(progress.bytesDone, lang), total: formatBytes(progress.bytesTotal, lang) })}
          </>
        )}
      </p>
      <ProgressBar percent={percent} label={t('archive.progressTitle')} tone={step === 'failed' ? 'error' : step === 'done' ? 'ok' : 'normal'} testId="archive-progress-bar" />
      {progress && step !== 'done' && step !== 'failed' && (
        <p className="muted small" data-testid="archive-speed">
          {t('archive.speedEta', { speed: formatSpeed(progress.speed, lang), eta: formatEta(progress.etaSeconds, lang) })}
        </p>
      )}
      {job.state === 'done' && (followed.kind !== 'recheck' || job.verification?.ok !== false) && (
        <p className="message message--ok" role="status" data-testid="archive-result" data-ok="true">
          {t(followed.kind === 'recheck' ? 'archive.recheckDone' : 'archive.jobDone', { discs: discIds.join(', ') })}
        </p>
      )}
      {job.state === 'done' && followed.kind === 'recheck' && job.verification?.ok === false && (
        <p className="message message--error" role="alert" data-testid="archive-result" data-ok="false">
          {t('archive.recheckFailed', { discs: discIds.join(', '), count: job.verification.problems.length + (job.verification.moreProblems ?? 0) })}
        </p>
      )}
      {job.state === 'failed' && (
        <div data-testid="archive-result" data-ok="false">
          <p className="text-error">{t('archive.jobFailed')}</p>
          <ErrorBox error={job.error} />
        </div>
      )}
    </section>
  );
}
