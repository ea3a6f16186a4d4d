import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/Badges.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import type { DockSession } from '../../contract-types.js';
import { errorMessage, unsafeReason } from '../../i18n/errors.js';
import { useLang } from '../../i18n/hooks.js';
import { canTryClose, describeDockState, INGEST_STEPS, stepIndex, stepName, type DockTone } from '../../presenters/dock.js';
import { formatBytes, formatClockOffset, formatDateTime, formatEta, formatSpeed, progressPercent } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';
import type { DockMessage } from '../../state/controller.js';
import { navigate } from '../../state/router.js';
import { LateReasonForm } from './LateReasonForm.js';

const TONE_BADGE: Record<DockTone, 'neutral' | 'warn' | 'error' | 'ok' | 'info'> = { busy: 'info', attention: 'warn', ok: 'ok', error: 'error', closed: 'neutral' };

export function DockCard({ session }: { session: DockSession }) {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const message = useAppState((s) => s.dockMessages[session.id]);
  const deviceNotice = useAppState((s) => (session.camera.deviceNumber ? s.deviceNotices[session.camera.deviceNumber] : undefined));
  const [closing, setClosing] = useState(false);
  const lateRef = useRef<HTMLTextAreaElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  const state = describeDockState(session, lang);
  const { progress, camera } = session;
  const ingesting = session.state === 'ingesting';
  const totalPercent = session.state === 'ingesting' || progress.bytesTotal > 0 ? progressPercent(progress.bytesDone, progress.bytesTotal) : progress.step === 'done' ? 100 : 0;
  const current = progress.currentFile;
  const failureProblem = session.failure ? session.problems.find((p) => p.code === session.failure) : undefined;
  const otherProblems = session.problems.filter((p) => p !== failureProblem);
  const failureParams = failureProblem?.params ?? (deviceNotice && deviceNotice.code === session.failure ? deviceNotice.params : {});

  useEffect(() => {
    if (message?.tone === 'error' && message.error.code === 'LATE_REASON_REQUIRED') lateRef.current?.focus();
  }, [message]);

  const close = async () => {
    setClosing(true);
    const result = await controller.call('docks.close', { sessionId: session.id });
    setClosing(false);
    if (result.ok) {
      controller.pushNotice('info', 'SESSION_CLOSED', { device: camera.deviceNumber || session.id, count: session.clipIds.length }, 20_000);
      controller.removeDock(session.id);
      return;
    }
    controller.setDockMessage(session.id, { tone: 'error', error: result.error });
    if (result.error.code === 'SESSION_HAS_UNLABELLED') navigate({ screen: 'label', session: session.id });
    else messageRef.current?.focus();
  };

  const currentStep = stepIndex(progress.step);
  const sessionDone = session.state !== 'ingesting';

  return (
    <article
      className={`card dock-card dock-card--${state.tone}`}
      data-testid="dock-card"
      data-session-id={session.id}
      data-state={session.state}
      aria-labelledby={`dock-${session.id}-title`}
    >
      <header className="dock-card__header">
        <div className="dock-card__identity">
          <h2 id={`dock-${session.id}-title`} className="dock-card__device">
            {camera.deviceNumber || t('dock.deviceUnknown')}
          </h2>
          <div className="muted small">
            {[camera.model, camera.serial && `${t('dock.serial')} ${camera.serial}`].filter(Boolean).join(' · ')}
          </div>
        </div>
        <div className="dock-card__officer">
          {camera.officerName && (
            <div>
              <span className="muted">{t('dock.officerLabel')}</span>
              <strong>{camera.officerName}</strong>
              {camera.officerNumber && <span className="muted">{t('common.paren', { text: camera.officerNumber })}</span>}
            </div>
          )}
          {(camera.unitName || camera.department) && <div className="muted small">{[camera.unitName, camera.department].filter(Boolean).join(' · ')}</div>}
        </div>
        <Badge tone={TONE_BADGE[state.tone]}>{state.title}</Badge>
      </header>

      <p className="dock-card__detail">{state.detail}</p>

      {session.state !== 'closed' && progress.step !== 'failed' && (
        <ol className="steps" aria-label={t('dock.totalProgress')}>
          {INGEST_STEPS.map((step, index) => {
            const status = index < currentStep || (sessionDone && progress.step === 'done') ? 'done' : index === currentStep ? 'current' : 'todo';
            return (
              <li key={step} className={`steps__item steps__item--${status}`} aria-current={status === 'current' ? 'step' : undefined}>
                <span className="steps__dot" aria-hidden="true">
                  {status === 'done' ? '✓' : index + 1}
                </span>
                {stepName(step, lang)}
              </li>
            );
          })}
        </ol>
      )}

      <div className="dock-card__progress">
        <div className="progress-row">
          <span className="progress-row__label">{t('dock.totalProgress')}</span>
          <ProgressBar
            percent={totalPercent}
            label={t('dock.totalProgress')}
            testId="dock-progress-total"
            tone={session.state === 'failed' || session.state === 'interrupted' ? 'error' : progress.step === 'done' ? 'ok' : 'normal'}
          />
          <span className="progress-row__percent">{totalPercent}%</span>
        </div>
        <div className="progress-facts small">
          <span>{t('dock.filesLine', { done: progress.filesDone, total: progress.filesTotal })}</span>
          <span>{t('dock.bytesLine', { done: formatBytes(progress.bytesDone, lang), total: formatBytes(progress.bytesTotal, lang) })}</span>
          {ingesting && <span>{t('dock.speed', { speed: formatSpeed(progress.speed, lang) })}</span>}
          {ingesting && progress.step !== 'scanning' && <span>{t('dock.eta', { eta: formatEta(progress.etaSeconds, lang) })}</span>}
        </div>
        {ingesting && current && (
          <div className="progress-row progress-row--file">
            <span className="progress-row__label">{t('dock.currentFile')}</span>
            <ProgressBar percent={progressPercent(current.bytesDone, current.bytesTotal)} label={t('dock.currentFile')} size="small" testId="dock-progress-file" />
            <span className="progress-row__percent">{progressPercent(current.bytesDone, current.bytesTotal)}%</span>
            <span className="progress-row__file mono small" title={current.originalPath}>
              {stepName(progress.step, lang)} · {current.originalPath} · {formatBytes(current.bytesTotal, lang)}
            </span>
          </div>
        )}
      </div>

      <dl className="facts small">
        <div>
          <dt>{t('dock.startedAt')}</dt>
          <dd>{formatDateTime(session.startedAt)}</dd>
        </div>
        <div>
          <dt>{t('dock.operator')}</dt>
          <dd>{session.operator}</dd>
        </div>
        <div>
          <dt>{t('dock.source')}</dt>
          <dd className="mono">{session.sourceRoot}</dd>
        </div>
        {progress.step !== 'scanning' && (
          <div>
            <dt>{t('dock.clockOffset')}</dt>
            <dd>{formatClockOffset(session.clockOffsetMs, lang)}</dd>
          </div>
        )}
        {session.device?.battery !== undefined && (
          <div>
            <dt>{t('dock.battery')}</dt>
            <dd data-testid="dock-battery">{t('cameras.battery', { percent: session.device.battery })}</dd>
          </div>
        )}
        {session.device?.freeBytes !== undefined && session.device.totalBytes !== undefined && (
          <div>
            <dt>{t('dock.cameraStorage')}</dt>
            <dd>{t('cameras.free', { free: formatBytes(session.device.freeBytes, lang), total: formatBytes(session.device.totalBytes, lang) })}</dd>
          </div>
        )}
      </dl>

      {session.failure && (
        <div className="problem-box problem-box--error" role="alert">
          <h3 className="problem-box__title">{t('dock.failureTitle')}</h3>
          <p>{errorMessage(t, lang, { code: session.failure, params: failureParams, message: failureProblem?.message ?? '' })}</p>
          {failureProblem?.originalPath && <p className="mono small">{failureProblem.originalPath}</p>}
        </div>
      )}

      {otherProblems.length > 0 && (
        <details className="problem-box" open={otherProblems.length <= 5}>
          <summary className="problem-box__title">{t('dock.problems', { count: otherProblems.length })}</summary>
          <p className="muted small">{t('dock.problemsHint')}</p>
          <ul className="problem-list">
            {otherProblems.map((problem, index) => (
              <li key={`${problem.originalPath}-${index}`}>
                <span className="mono">{problem.originalPath || '—'}</span>
                <span>
                  {problem.code === 'UNSAFE_ENTRY'
                    ? unsafeReason(t, String(problem.params?.reason ?? problem.message))
                    : errorMessage(t, lang, { code: problem.code, params: problem.params ?? {}, message: problem.message })}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}

      {session.lateCount > 0 && session.state !== 'ingesting' && session.state !== 'closed' && <LateReasonForm session={session} textareaRef={lateRef} />}

      <div ref={messageRef} tabIndex={-1} className="dock-card__message-slot">
        {message && <DockMessageView message={message} />}
      </div>

      <footer className="dock-card__footer">
        <div className="counters">
          <span>{t('dock.clipsStored', { count: session.clipIds.length })}</span>
          {session.unlabelledCount > 0 && <Badge tone="warn">{t('dock.unlabelled', { count: session.unlabelledCount })}</Badge>}
          {session.lateCount > 0 && <Badge tone="error">{t('dock.late', { count: session.lateCount })}</Badge>}
        </div>
        <div className="actions">
          {session.state !== 'closed' && (
            <>
              {session.unlabelledCount > 0 && (
                <button type="button" className="button" data-testid="dock-go-label" onClick={() => navigate({ screen: 'label', session: session.id })}>
                  {t('dock.goLabel', { count: session.unlabelledCount })}
                </button>
              )}
              <button
                type="button"
                className={`button ${session.state === 'ready-to-close' && session.lateCount === 0 ? 'button--primary' : ''}`}
                data-testid="dock-close"
                disabled={closing || !canTryClose(session)}
                onClick={() => void close()}
              >
                {closing ? t('dock.closing') : t('dock.close')}
              </button>
            </>
          )}
        </div>
      </footer>
    </article>
  );
}

/** The message a dock action left: a refusal (worded from its error code) or a confirmation. */
export function DockMessageView({ message }: { message: DockMessage }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (message.tone === 'ok')
    return (
      <div className="message message--ok" role="status" data-testid="dock-message" data-tone="ok">
        {t(message.key, message.params ?? {})}
      </div>
    );
  return (
    <div className="message message--error" role="alert" data-testid="dock-message" data-tone="error" data-code={message.error.code}>
      <strong>{t('dock.refusedTo')}</strong>
      {errorMessage(t, lang, message.error)}
    </div>
  );
}
