/**
 * A clip's confidentiality (issue F, R5.3): shown to everyone who sees the clip, settable by supervisors
 * and the legal office within their clearance (the station decides; the control only hides the
 * pointless form from others). Changing it is audited with before, after and the reason.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { Clip, ErrorPayload } from '../../contract-types.js';
import { useAppState, useController } from '../../state/context.js';
import type { ConfidentialityLevel } from '../../../../electron/core/domain/confidentiality.js';
import { levelsUpTo, maySetConfidentiality } from '../../presenters/confidentiality.js';

export function ConfidentialityBadge({ level }: { level: Clip['confidentiality'] }) {
  const { t } = useTranslation();
  const shown = level ?? 'ordinary';
  return (
    <span className={`badge${shown === 'ordinary' ? '' : ' badge--warn'}`} data-testid="confidentiality-badge" data-level={shown}>
      {t('access.player.level')}：{t(`access.levels.${shown}`)}
    </span>
  );
}

export function ConfidentialityControl({ clip, onChanged }: { clip: Clip; onChanged: () => void }) {
  const { t } = useTranslation();
  const controller = useController();
  const actor = useAppState((s) => s.actor);
  const [level, setLevel] = useState<ConfidentialityLevel>(clip.confidentiality ?? 'ordinary');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [saved, setSaved] = useState(false);
  if (!actor || !maySetConfidentiality(actor)) return null;
  const levels = levelsUpTo(actor.clearance);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    const result = await controller.call('clips.setConfidentiality', { ids: [clip.id], level, reason: reason.trim() });
    if (!result.ok) return setError(result.error);
    setSaved(true);
    setReason('');
    onChanged();
  };

  return (
    <form className="card" onSubmit={submit} noValidate aria-label={t('access.player.setLevel')}>
      <h3>{t('access.player.setLevel')}</h3>
      <select className="input" data-testid="confidentiality-select" value={level} onChange={(e) => setLevel(e.target.value as ConfidentialityLevel)}>
        {levels.map((l) => (
          <option key={l} value={l}>
            {t(`access.levels.${l}`)}
          </option>
        ))}
      </select>
      <input className="input" data-testid="confidentiality-reason" placeholder={t('access.player.levelReason')} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} />
      <ErrorBox error={error} />
      {saved && <div className="message message--ok">{t('access.player.levelSaved')}</div>}
      <button type="submit" className="button button--small" data-testid="confidentiality-save" disabled={reason.trim().length < 2}>
        {t('access.player.saveLevel')}
      </button>
    </form>
  );
}
