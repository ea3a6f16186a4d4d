/**
 * 抽查审查: the supervisors' review queue of the periodic spot-check sample (R6.1) with the review form,
 * the officer's own results, and the recording gaps the officer is asked to explain in writing (R1.3).
 * Each part shows only when the station lets the person use it (the station decides, not this screen).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { formatDateTime } from '../../presenters/format.js';
import { useController } from '../../state/context.js';
import { navigate } from '../../state/router.js';
import '../../styles/supervision.css';
import { ScreenHeader } from '../../components/ScreenHeader.js';

type Item = CommandResponse<'spotcheck.queue'>[number];
type Gap = CommandResponse<'gaps.list'>[number];
type Loaded<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'refused' } | { state: 'error'; error: ErrorPayload };

function useLoad<T>(load: () => Promise<{ ok: true; value: T } | { ok: false; error: ErrorPayload }>): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const reload = useCallback(() => {
    void load().then((result) => {
      if (result.ok) setLoaded({ state: 'ok', value: result.value });
      else if (result.error.code === 'FORBIDDEN') setLoaded({ state: 'refused' });
      else setLoaded({ state: 'error', error: result.error });
    });
  }, [load]);
  useEffect(reload, [reload]);
  return [loaded, reload];
}

export function ReviewScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const [queue, reloadQueue] = useLoad(useCallback(() => controller.call('spotcheck.queue', {}), [controller]));
  const [mine, reloadMine] = useLoad(useCallback(() => controller.call('spotcheck.mine', {}), [controller]));
  const [gaps, reloadGaps] = useLoad(useCallback(() => controller.call('gaps.list', { mine: true, status: 'requested' }), [controller]));
  const [drawError, setDrawError] = useState<ErrorPayload | undefined>();
  const [drawNote, setDrawNote] = useState<string | undefined>();

  const draw = async () => {
    const result = await controller.call('spotcheck.draw', {});
    if (!result.ok) return setDrawError(result.error);
    setDrawError(undefined);
    const { draw: made, alreadyDrawn } = result.value;
    setDrawNote(t(alreadyDrawn ? 'review.alreadyDrawn' : 'review.drawn', { period: made.period, count: made.itemIds.length, seed: made.seed.slice(0, 16) }));
    reloadQueue();
  };

  return (
    <section className="screen" aria-labelledby="review-title">
      <ScreenHeader id="review-title" title={t('review.title')} intro={t('review.intro')} />

      {gaps.state === 'ok' && (
        <section className="card" aria-labelledby="my-gaps-title" data-testid="my-gaps">
          <h2 id="my-gaps-title" className="card__title">
            {t('review.myGapsTitle')}
          </h2>
          {gaps.value.length === 0 ? <p className="muted">{t('review.noGaps')}</p> : gaps.value.map((gap) => <ExplainGap key={gap.id} gap={gap} onDone={reloadGaps} />)}
        </section>
      )}
      {gaps.state === 'error' && <ErrorBox error={gaps.error} />}

      {queue.state !== 'refused' && (
        <section className="card" aria-labelledby="queue-title" data-testid="spotcheck-queue">
          <h2 id="queue-title" className="card__title">
            {t('review.queueTitle')}
          </h2>
          <div className="actions">
            <button type="button" className="button" onClick={() => void draw()} data-testid="spotcheck-draw">
              {t('review.draw')}
            </button>
            {drawNote && (
              <span className="muted small" role="status" data-testid="spotcheck-draw-result">
                {drawNote}
              </span>
            )}
          </div>
          <ErrorBox error={drawError ?? (queue.state === 'error' ? queue.error : undefined)} />
          {queue.state === 'ok' && queue.value.length === 0 && <p className="muted">{t('review.queueEmpty')}</p>}
          {queue.state === 'ok' &&
            queue.value.map((item) => (
              <ReviewItem
                key={item.id}
                item={item}
                onDone={() => {
                  reloadQueue();
                  reloadMine();
                }}
              />
            ))}
        </section>
      )}

      {mine.state === 'ok' && (
        <section className="card" aria-labelledby="mine-title" data-testid="spotcheck-mine">
          <h2 id="mine-title" className="card__title">
            {t('review.mineTitle')}
          </h2>
          {mine.value.length === 0 ? (
            <p className="muted">{t('review.mineEmpty')}</p>
          ) : (
            <table className="table table--compact">
              <thead>
                <tr>
                  <th>{t('review.period')}</th>
                  <th>{t('review.clip')}</th>
                  <th>{t('review.recordedInFull')}</th>
                  <th>{t('review.lawfulAndStandard')}</th>
                  <th>{t('review.interruptionsExplained')}</th>
                  <th>{t('review.findings')}</th>
                  <th>{t('review.reviewer')}</th>
                </tr>
              </thead>
              <tbody>
                {mine.value.map((item) => (
                  <tr key={item.id} data-testid="spotcheck-result">
                    <td>{item.period}</td>
                    <td className="mono">{item.originalName}</td>
                    <td>{t(item.review?.recordedInFull ? 'review.yes' : 'review.no')}</td>
                    <td>{t(item.review?.lawfulAndStandard ? 'review.yes' : 'review.no')}</td>
                    <td>{t(`review.answer.${item.review?.interruptionsExplained ?? 'na'}`)}</td>
                    <td>{item.review?.findings || '—'}</td>
                    <td>{item.review ? `${item.review.by}, ${formatDateTime(item.review.at)}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </section>
  );
}

function ExplainGap({ gap, onDone }: { gap: Gap; onDone: () => void }) {
  const { t } = useTranslation();
  const controller = useController();
  const [text, setText] = useState('');
  const [error, setError] = useState<ErrorPayload | undefined>();
  const submit = async () => {
    const result = await controller.call('gaps.explain', { gapId: gap.id, text });
    if (!result.ok) return setError(result.error);
    onDone();
  };
  return (
    <div className="review-item" data-testid="gap-to-explain">
      <div>
        <strong className="mono">{gap.deviceNumber}</strong> {t('continuity.gap', { minutes: gap.minutes, from: formatDateTime(gap.gapStart), to: formatDateTime(gap.gapEnd) })}{' '}
        <span className="muted small">{t('continuity.requested', { by: gap.request?.by ?? '' })}</span>
        {gap.request?.note && <div className="small">{gap.request.note}</div>}
      </div>
      <ErrorBox error={error} />
      <textarea className="input" rows={2} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('review.explainPlaceholder')} aria-label={t('review.explain')} data-testid="gap-explain-text" />
      <div>
        <button type="button" className="button button--primary" disabled={text.trim().length < 4} onClick={() => void submit()} data-testid="gap-explain-submit">
          {t('review.explain')}
        </button>
      </div>
    </div>
  );
}

function ReviewItem({ item, onDone }: { item: Item; onDone: () => void }) {
  const { t } = useTranslation();
  const controller = useController();
  const [full, setFull] = useState<boolean | undefined>();
  const [lawful, setLawful] = useState<boolean | undefined>();
  const [interruptions, setInterruptions] = useState<'yes' | 'no' | 'na' | undefined>();
  const [findings, setFindings] = useState('');
  const [error, setError] = useState<ErrorPayload | undefined>();
  const ready = full !== undefined && lawful !== undefined && interruptions !== undefined;

  const submit = async () => {
    if (!ready) return;
    const result = await controller.call('spotcheck.review', { itemId: item.id, recordedInFull: full, lawfulAndStandard: lawful, interruptionsExplained: interruptions, findings });
    if (!result.ok) return setError(result.error);
    onDone();
  };

  const yesNo = (name: string, value: boolean | undefined, set: (v: boolean) => void, label: string) => (
    <fieldset>
      <legend>{label}</legend>
      {([true, false] as const).map((option) => (
        <label key={String(option)} className="checkbox">
          <input type="radio" name={`${name}-${item.id}`} checked={value === option} onChange={() => set(option)} data-testid={`review-${name}-${option ? 'yes' : 'no'}`} /> {t(option ? 'review.yes' : 'review.no')}
        </label>
      ))}
    </fieldset>
  );

  return (
    <div className="review-item" data-testid="spotcheck-item">
      <div>
        <strong>{item.officerName ?? item.officerKey}</strong> <span className="muted">({item.officerKey})</span> · <span className="mono">{item.originalName}</span> · {formatDateTime(item.recordedAt)}
        {item.caseNumber && <span className="mono-cjk"> · {item.caseNumber}</span>} <span className="muted small">{t('review.stratum', { period: item.period, stratum: item.stratum })}</span>{' '}
        <button type="button" className="button button--small" onClick={() => navigate({ screen: 'player', clipId: item.clipId })}>
          {t('review.play')}
        </button>
      </div>
      <ErrorBox error={error} />
      <div className="review-form">
        {yesNo('full', full, setFull, t('review.recordedInFull'))}
        {yesNo('lawful', lawful, setLawful, t('review.lawfulAndStandard'))}
        <fieldset>
          <legend>{t('review.interruptionsExplained')}</legend>
          {(['yes', 'no', 'na'] as const).map((option) => (
            <label key={option} className="checkbox">
              <input type="radio" name={`interruptions-${item.id}`} checked={interruptions === option} onChange={() => setInterruptions(option)} data-testid={`review-interruptions-${option}`} /> {t(`review.answer.${option}`)}
            </label>
          ))}
        </fieldset>
        <input className="input" value={findings} maxLength={4000} onChange={(e) => setFindings(e.target.value)} placeholder={t('review.findings')} aria-label={t('review.findings')} data-testid="review-findings" />
        <button type="button" className="button button--primary" disabled={!ready} onClick={() => void submit()} data-testid="review-submit">
          {t('review.submit')}
        </button>
      </div>
    </div>
  );
}
