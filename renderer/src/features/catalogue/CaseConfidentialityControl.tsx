/**
 * A case's confidentiality, where the catalogue is filtered by one case number (issue F, R5.3). The
 * level is shown to everyone who sees the case's clips; the form only to supervisors and the legal
 * office (RULES['clip.set-confidentiality']), who must give a reason because the station audits it.
 * The station checks again: reach and clearance for every clip of the case, old and new level.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { Clip, ErrorPayload } from '../../contract-types.js';
import { levelsUpTo, maySetConfidentiality } from '../../presenters/confidentiality.js';
import { useAppState, useController } from '../../state/context.js';
import type { ConfidentialityLevel } from '../../../../electron/core/domain/confidentiality.js';

export function CaseConfidentialityControl({ caseNumber, clips }: { caseNumber: string; clips: readonly Clip[] }) {
  const { t } = useTranslation();
  const controller = useController();
  const actor = useAppState((s) => s.actor);
  // The case's own level, read from the station; read again whenever the case's clips change.
  const [current, setCurrent] = useState<ConfidentialityLevel | undefined>();
  const [level, setLevel] = useState<ConfidentialityLevel>('ordinary');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [saved, setSaved] = useState<ConfidentialityLevel | undefined>();

  useEffect(() => {
    let live = true;
    void controller.call('cases.getConfidentiality', { caseNumber }).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      setCurrent(result.value.level);
      setLevel(result.value.level);
    });
    return () => {
      live = false;
    };
  }, [controller, caseNumber, clips]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(undefined);
    setBusy(true);
    const result = await controller.call('cases.setConfidentiality', { caseNumber, level, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    // The catalogue reloads on the station's clips.changed event; the clips then carry the new level.
    setSaved(result.value.level);
    setCurrent(result.value.level);
    setReason('');
  };

  return (
    <section className="card" aria-label={t('access.case.title', { caseNumber })} data-testid="case-confidentiality">
      <h2 className="card__title">{t('access.case.title', { caseNumber })}</h2>
      {current && (
        <p>
          <span className={`badge${current === 'ordinary' ? '' : ' badge--warn'}`} data-testid="case-level" data-level={current}>
            {t('access.case.current', { level: t(`access.levels.${current}`) })}
          </span>
        </p>
      )}
      {actor && maySetConfidentiality(actor) && (
        <form onSubmit={submit} noValidate>
          <p className="muted small">{t('access.case.intro')}</p>
          <div className="case-level-form__row">
            <select className="input input--narrow" data-testid="case-level-select" aria-label={t('access.player.level')} value={level} onChange={(e) => setLevel(e.target.value as ConfidentialityLevel)}>
              {levelsUpTo(actor.clearance).map((l) => (
                <option key={l} value={l}>
                  {t(`access.levels.${l}`)}
                </option>
              ))}
            </select>
            <input className="input case-level-form__reason" data-testid="case-level-reason" aria-label={t('access.case.reason')} placeholder={t('access.case.reason')} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
            <button type="submit" className="button button--small" data-testid="case-level-save" disabled={busy || reason.trim().length < 2}>
              {t('access.case.save')}
            </button>
          </div>
          <ErrorBox error={error} testId="case-level-error" />
          {saved && (
            <div className="message message--ok" role="status" data-testid="case-level-saved">
              {t('access.case.saved', { caseNumber, level: t(`access.levels.${saved}`) })}
            </div>
          )}
        </form>
      )}
    </section>
  );
}
