/**
 * 连续性: one device's consecutive clips of one event on a time bar, the gaps between them marked, and
 * gaps longer than the agency's threshold flagged; a supervisor asks the officer for the written
 * explanation R1.3 requires, and sees it once written (docs/supervision.md, "Continuity").
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { formatDateTime } from '../../presenters/format.js';
import { useController } from '../../state/context.js';
import { navigate } from '../../state/router.js';
import '../../styles/supervision.css';
import { place } from './continuity-layout.js';

type Timeline = CommandResponse<'gaps.timeline'>;
type Event = Timeline['events'][number];
type Gap = Event['gaps'][number];

export function ContinuityPanel() {
  const { t } = useTranslation();
  const controller = useController();
  const [device, setDevice] = useState('');
  const [caseNumber, setCaseNumber] = useState('');
  const [onlyFlagged, setOnlyFlagged] = useState(true);
  const [timeline, setTimeline] = useState<Timeline | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();

  const load = useCallback(async () => {
    const result = await controller.call('gaps.timeline', { ...(device.trim() ? { deviceNumber: device.trim() } : {}), ...(caseNumber.trim() ? { caseNumber: caseNumber.trim() } : {}) });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setTimeline(result.value);
  }, [controller, device, caseNumber]);

  useEffect(() => {
    void load();
    // Filters apply on submit (load changes with every keystroke); the first load shows everything.
  }, []);

  const ask = async (gap: Gap) => {
    const result = await controller.call('gaps.requestExplanation', { beforeClipId: gap.beforeClipId, afterClipId: gap.afterClipId });
    if (!result.ok) return setError(result.error);
    void load();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load();
  };

  const events = (timeline?.events ?? []).filter((event) => !onlyFlagged || event.gaps.some((gap) => gap.overThreshold));

  return (
    <section className="card" aria-labelledby="continuity-title" data-testid="continuity">
      <h2 id="continuity-title" className="card__title">
        {t('continuity.title')}
      </h2>
      <p className="muted small">{t('continuity.intro', { minutes: timeline?.thresholdMinutes ?? '—', hours: timeline?.eventHours ?? '—' })}</p>
      <form className="continuity-filters" onSubmit={submit}>
        <input className="input input--narrow" value={device} onChange={(e) => setDevice(e.target.value)} placeholder={t('continuity.device')} aria-label={t('continuity.device')} data-testid="continuity-device" />
        <input className="input input--narrow" value={caseNumber} onChange={(e) => setCaseNumber(e.target.value)} placeholder={t('fields.caseNumber')} aria-label={t('fields.caseNumber')} />
        <label className="checkbox">
          <input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.target.checked)} data-testid="continuity-only-flagged" /> {t('continuity.onlyFlagged')}
        </label>
        <button type="submit" className="button">
          {t('continuity.show')}
        </button>
      </form>
      <ErrorBox error={error} />
      {timeline && events.length === 0 && <p className="muted">{t('continuity.none')}</p>}
      {events.map((event) => (
        <div key={event.key} className="timeline-event" data-testid="timeline-event">
          <div className="timeline-event__head">
            <strong className="mono">{event.deviceNumber}</strong>
            <span>{event.officerName ?? t('supervise.officerUnknown')}</span>
            {event.caseNumber && <span className="mono-cjk">{event.caseNumber}</span>}
            <span className="muted small">
              {formatDateTime(event.start)} – {formatDateTime(event.end)} · {t('continuity.clips', { count: event.clips.length })}
            </span>
          </div>
          <div className="timeline-bar" aria-hidden="true">
            {event.clips.map((clip) => {
              const at = place(event.start, event.end, clip.start, clip.end);
              return <button key={clip.clipId} type="button" tabIndex={-1} className="timeline-bar__clip" style={{ left: `${at.left}%`, width: `${at.width}%` }} title={`${clip.originalName} ${formatDateTime(clip.start)}`} onClick={() => navigate({ screen: 'player', clipId: clip.clipId })} />;
            })}
            {event.gaps.map((gap) => {
              const at = place(event.start, event.end, gap.gapStart, gap.gapEnd);
              return <span key={gap.id} className={`timeline-bar__gap${gap.overThreshold ? '' : ' timeline-bar__gap--ok'}`} style={{ left: `${at.left}%`, width: `${at.width}%` }} />;
            })}
          </div>
          <ul className="gap-list">
            {event.gaps
              .filter((gap) => gap.overThreshold || gap.status !== 'unrequested')
              .map((gap) => (
                <li key={gap.id} className="gap-list__item small" data-testid="timeline-gap" data-status={gap.status}>
                  <span className={gap.overThreshold ? 'text-error' : ''}>{t('continuity.gap', { minutes: gap.minutes, from: formatDateTime(gap.gapStart), to: formatDateTime(gap.gapEnd) })}</span>
                  {gap.status === 'unrequested' && (
                    <button type="button" className="button button--small" onClick={() => void ask(gap)} data-testid="gap-request">
                      {t('continuity.ask')}
                    </button>
                  )}
                  {gap.status === 'requested' && <span className="badge badge--warn">{t('continuity.requested', { by: gap.request?.by ?? '' })}</span>}
                  {gap.status === 'explained' && (
                    <span data-testid="gap-explanation">
                      <span className="badge badge--ok">{t('continuity.explained')}</span> {gap.explanation?.text} <span className="muted">— {gap.explanation?.by}</span>
                    </span>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
