/**
 * 异地备份 (issue E, R4.5): is there a recent good off-site backup (alarm when older than the agency's
 * limit), what is still pending, the running backup's progress (backup.progress), the last sample
 * checks, and the target and schedule. Start a backup or a sample check now.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse, EventPayload } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useLang } from '../../i18n/hooks.js';
import { formatBytes, formatDateTime, formatSpeed, progressPercent } from '../../presenters/format.js';
import { useController } from '../../state/context.js';
import { BackupSettingsForm } from './BackupSettingsForm.js';

export type BackupStatus = CommandResponse<'backup.status'>;
type BackupProgress = EventPayload<'backup.progress'>;

export function BackupScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const [status, setStatus] = useState<BackupStatus | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [progress, setProgress] = useState<BackupProgress | undefined>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    const result = await controller.call('backup.status', {});
    if (!result.ok) return setError(result.error);
    setStatus(result.value);
    if (result.value.running) setProgress(result.value.running);
  }, [controller]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(
    () =>
      controller.station.on('backup.progress', (next) => {
        setProgress(next);
        if (next.step === 'done' || next.step === 'failed') void load();
      }),
    [controller, load],
  );

  const start = async () => {
    setBusy(true);
    const result = await controller.call('backup.start', {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    void load();
  };

  const verify = async () => {
    setBusy(true);
    const result = await controller.call('backup.verify', {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    void load();
  };

  const running = progress !== undefined && progress.step !== 'done' && progress.step !== 'failed';
  const lastGood = status?.lastGood;
  const lastRun = status?.lastRun;
  return (
    <div className="screen backup-screen" data-testid="backup-screen">
      <h1 className="screen__title">{t('backup.title')}</h1>
      <p className="muted">{t('backup.intro')}</p>
      <ErrorBox error={error} testId="backup-error" />
      {status && (
        <section className="card" aria-labelledby="backup-state-title">
          <h2 id="backup-state-title" className="card__title">
            {t('backup.lastGood')}
          </h2>
          {status.alarm ? (
            <p className="message message--error" role="alert" data-testid="backup-alarm">
              {status.ageHours === undefined ? t('backup.alarmNever') : t('backup.alarm', { hours: status.maxAgeHours })}
            </p>
          ) : (
            <p className="message message--ok" role="status" data-testid="backup-ok">
              {t('backup.ok', { hours: status.ageHours ?? 0 })}
            </p>
          )}
          <dl className="facts">
            <dt>{t('backup.lastGood')}</dt>
            <dd data-testid="backup-last-good">{lastGood ? t('backup.lastGoodValue', { at: formatDateTime(lastGood.finishedAt), objects: lastGood.objects, size: formatBytes(lastGood.bytes, lang) }) : t('backup.never')}</dd>
            <dt>{t('backup.pending')}</dt>
            <dd data-testid="backup-pending">{t('backup.pendingValue', { count: status.pendingObjects, size: formatBytes(status.pendingBytes, lang) })}</dd>
            <dt>{t('backup.nextRun')}</dt>
            <dd>{status.nextRunAt ? formatDateTime(status.nextRunAt) : t('backup.none')}</dd>
            <dt>{t('backup.key')}</dt>
            <dd data-testid="backup-key">{status.keyId ?? t('backup.noKey')}</dd>
          </dl>
          {lastRun && !lastRun.ok && lastRun.error && (
            <div data-testid="backup-last-failure">
              <p className="text-error">{t('backup.lastFailed', { at: formatDateTime(lastRun.finishedAt) })}</p>
              <ErrorBox error={lastRun.error} />
            </div>
          )}
          <div className="actions">
            <button type="button" className="button button--primary" onClick={() => void start()} disabled={busy || running} data-testid="backup-start">
              {t('backup.startNow')}
            </button>
            <button type="button" className="button" onClick={() => void verify()} disabled={busy || running || !lastGood} data-testid="backup-verify">
              {t('backup.verifyNow')}
            </button>
          </div>
        </section>
      )}
      {progress && running && (
        <section className="card" aria-labelledby="backup-progress-title" data-testid="backup-progress" data-step={progress.step}>
          <h2 id="backup-progress-title" className="card__title">
            {t('backup.running')}
          </h2>
          <p className="small" role="status">
            <strong>{t(`backup.steps.${progress.step}`)}</strong>
            {' · '}
            {t('backup.progressLine', { done: progress.objectsDone, total: progress.objectsTotal, percent: progressPercent(progress.bytesDone, progress.bytesTotal), speed: formatSpeed(progress.speed, lang) })}
            {progress.etaSeconds !== undefined && ` · ${t('backup.eta', { seconds: progress.etaSeconds })}`}
          </p>
          <ProgressBar percent={progressPercent(progress.bytesDone, progress.bytesTotal)} label={t('backup.running')} testId="backup-progress-bar" />
        </section>
      )}
      {status && (
        <section className="card" aria-labelledby="backup-checks-title">
          <h2 id="backup-checks-title" className="card__title">
            {t('backup.verifications')}
          </h2>
          {status.verifications.length === 0 ? (
            <p className="muted">{t('backup.none')}</p>
          ) : (
            <ul data-testid="backup-verifications">
              {status.verifications.map((v) => (
                <li key={v.at} className={v.ok ? '' : 'text-error'}>
                  {v.ok ? t('backup.verificationOk', { at: formatDateTime(v.at), checked: v.checked }) : t('backup.verificationBad', { at: formatDateTime(v.at), checked: v.checked, problems: v.problems.length })}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <BackupSettingsForm onSaved={() => void load()} />
    </div>
  );
}
