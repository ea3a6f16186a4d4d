/** 存储校验: the vault's fixity check (R3.2) - last run, open problems with links to their clips, run now, progress. */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse, EventPayload } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useLang } from '../../i18n/hooks.js';
import { formatBytes, formatDateTime, operatorName, progressPercent, shortHash } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';
import { navigate } from '../../state/router.js';

type FixityStatus = CommandResponse<'fixity.status'>;
type FixityProgress = EventPayload<'fixity.progress'>;

export function FixityPanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const reloadVersion = useAppState((s) => s.reloadVersion);
  const [status, setStatus] = useState<FixityStatus | undefined>();
  const [progress, setProgress] = useState<FixityProgress | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [starting, setStarting] = useState(false);

  const load = useCallback(async () => {
    const result = await controller.call('fixity.status', {});
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setStatus(result.value);
    setProgress(result.value.running);
  }, [controller]);

  useEffect(() => {
    void load();
  }, [load, reloadVersion]);

  useEffect(
    () =>
      controller.station.on('fixity.progress', (next) => {
        setProgress(next.state === 'running' ? next : undefined);
        if (next.state !== 'running') void load();
      }),
    [controller, load],
  );

  const runNow = async () => {
    setStarting(true);
    setError(undefined);
    const result = await controller.call('fixity.run', {});
    setStarting(false);
    if (!result.ok) return setError(result.error);
    void load();
  };

  const running = progress !== undefined;
  const last = status?.lastRun;
  const problems = status?.problems ?? [];

  return (
    <section className="card audit-check fixity-panel" aria-labelledby="fixity-title" data-testid="fixity-panel">
      <h2 id="fixity-title" className="card__title">
        {t('fixity.title')}
      </h2>
      <p className="muted small">{t('fixity.intro', { days: status?.intervalDays ?? 7 })}</p>
      <button type="button" className="button button--primary" onClick={() => void runNow()} disabled={running || starting} data-testid="fixity-run">
        {running || starting ? t('fixity.running') : t('fixity.runNow')}
      </button>
      <ErrorBox error={error} />
      {progress && (
        <div className="fixity-progress" data-testid="fixity-progress" role="status">
          <progress max={100} value={progressPercent(progress.bytesDone, progress.bytesTotal)} />
          <span className="small">{t('fixity.progress', { done: progress.objectsDone, total: progress.objectsTotal, bytes: formatBytes(progress.bytesDone, lang) })}</span>
        </div>
      )}
      {status && (
        <div className="small" data-testid="fixity-last">
          {last ? (
            <>
              <p>{t('fixity.lastRun', { time: formatDateTime(last.finishedAt, { seconds: false }), by: operatorName(last.by) })}</p>
              <p>{t('fixity.checked', { count: last.objectsChecked, bytes: formatBytes(last.bytesChecked, lang), good: last.good })}</p>
              {!last.complete && <p className="text-error">{t('fixity.lastRunStopped')}</p>}
              {!last.readFromDevice && <p className="muted">{t('fixity.cacheWarning')}</p>}
            </>
          ) : (
            <p>{t('fixity.never')}</p>
          )}
          <p className="muted">{t('fixity.nextDue', { time: formatDateTime(status.nextDueAt, { seconds: false }) })}</p>
        </div>
      )}
      {status && last && problems.length === 0 && (
        <div className="message message--ok" role="status" data-testid="fixity-result" data-ok="true">
          <p>
            <strong>{t('fixity.allGood')}</strong>
          </p>
        </div>
      )}
      {problems.length > 0 && (
        <div className="message message--error" role="alert" data-testid="fixity-result" data-ok="false">
          <p>
            <strong>{t('fixity.problems', { count: problems.length })}</strong>
          </p>
          <ul className="fixity-problems">
            {problems.map((problem) => (
              <li key={problem.key} data-testid="fixity-problem" data-kind={problem.kind}>
                <strong>{t(`fixity.kind.${problem.kind}`)}</strong>{' '}
                {problem.clipId ? (
                  <a
                    href={`#/player/${problem.clipId}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate({ screen: 'player', clipId: problem.clipId ?? '' });
                    }}
                  >
                    {problem.originalName ?? shortHash(problem.clipId)}
                  </a>
                ) : (
                  <code>{problem.key}</code>
                )}
                {problem.kind === 'mismatch' && (
                  <span className="small mono">
                    {' '}
                    {t('fixity.expected')} {shortHash(problem.expected ?? '')} · {t('fixity.actual')} {shortHash(problem.actual ?? '')}
                  </span>
                )}
                <span className="muted small"> {t('fixity.since', { time: formatDateTime(problem.firstSeenAt, { seconds: false }) })}</span>
              </li>
            ))}
          </ul>
          {problems.some((p) => p.kind !== 'unknown') && <p className="small">{t('fixity.restore')}</p>}
        </div>
      )}
    </section>
  );
}
