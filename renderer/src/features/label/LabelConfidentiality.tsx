/**
 * The label form's optional confidentiality choice (issue F, R5.3), offered only to those who may set
 * levels (supervisors; the legal office does not label). Default "leave as it is": labelling never
 * changes a level by accident. It is not part of the label (core/labels stays as it is): the screen
 * sends clips.setConfidentiality after clips.label succeeds, with the reason the station audits.
 */
import { useTranslation } from 'react-i18next';
import type { ConfidentialityLevel } from '../../../../electron/core/domain/confidentiality.js';
import type { LevelChoice } from '../../presenters/confidentiality.js';

export function LabelConfidentiality({ choice, levels, onChange, reasonMissing }: { choice: LevelChoice; levels: readonly ConfidentialityLevel[]; onChange: (next: LevelChoice) => void; reasonMissing: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={`field${reasonMissing ? ' field--invalid' : ''}`}>
      <label htmlFor="label-confidentiality">
        {t('access.labelLevel.title')}
        <span className="muted small"> {t('common.optional')}</span>
      </label>
      <select id="label-confidentiality" className="input" data-testid="label-confidentiality" value={choice.level} onChange={(e) => onChange({ ...choice, level: e.target.value as ConfidentialityLevel | '' })}>
        <option value="">{t('access.labelLevel.keep')}</option>
        {levels.map((level) => (
          <option key={level} value={level}>
            {t(`access.levels.${level}`)}
          </option>
        ))}
      </select>
      {choice.level !== '' && (
        <input
          className="input"
          data-testid="label-confidentiality-reason"
          aria-label={t('access.labelLevel.reason')}
          aria-invalid={reasonMissing || undefined}
          placeholder={t('access.labelLevel.reason')}
          value={choice.reason}
          maxLength={1000}
          onChange={(e) => onChange({ ...choice, reason: e.target.value })}
        />
      )}
      {reasonMissing && (
        <div className="field__error" role="alert" data-testid="label-confidentiality-error">
          {t('access.labelLevel.reasonMissing')}
        </div>
      )}
    </div>
  );
}
