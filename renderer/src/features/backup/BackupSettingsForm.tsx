/** The backup's target and schedule (settings.update): target, nightly time, alarm limit, upload limit. No credentials here. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { AgencySettings, ErrorPayload } from '../../contract-types.js';
import { useController } from '../../state/context.js';

interface Form {
  backupTarget: string;
  backupTime: string;
  backupMaxAgeHours: string;
  bandwidthMb: string;
}

function toForm(s: AgencySettings): Form {
  return { backupTarget: s.backupTarget, backupTime: s.backupTime, backupMaxAgeHours: String(s.backupMaxAgeHours), bandwidthMb: String(Math.round((s.backupBandwidthBytesPerSecond / 1024 ** 2) * 10) / 10) };
}

export function BackupSettingsForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const controller = useController();
  const [form, setForm] = useState<Form | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void controller.call('settings.get', {}).then((result) => {
      if (result.ok) setForm(toForm(result.value));
      else setError(result.error);
    });
  }, [controller]);

  if (!form) return null;
  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch });
    setSaved(false);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await controller.call('settings.update', {
      backupTarget: form.backupTarget.trim(),
      backupTime: form.backupTime,
      backupMaxAgeHours: Number(form.backupMaxAgeHours),
      backupBandwidthBytesPerSecond: Math.round(Number(form.bandwidthMb) * 1024 ** 2),
    });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    controller.setSettings(result.value);
    setForm(toForm(result.value));
    setSaved(true);
    onSaved();
  };

  return (
    <form className="card" aria-labelledby="backup-config-title" onSubmit={(e) => void save(e)} data-testid="backup-settings">
      <h2 id="backup-config-title" className="card__title">
        {t('backup.config')}
      </h2>
      <ErrorBox error={error} />
      <div className="field">
        <label htmlFor="backup-target">{t('backup.target')}</label>
        <input id="backup-target" className="input" value={form.backupTarget} onChange={(e) => set({ backupTarget: e.target.value })} data-testid="backup-target" />
        <div className="field__hint">{t('backup.targetHint')}</div>
      </div>
      <div className="field">
        <label htmlFor="backup-time">{t('backup.time')}</label>
        <input id="backup-time" className="input input--narrow" type="time" value={form.backupTime} onChange={(e) => set({ backupTime: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="backup-max-age">{t('backup.maxAge')}</label>
        <input id="backup-max-age" className="input input--narrow" type="number" min={1} value={form.backupMaxAgeHours} onChange={(e) => set({ backupMaxAgeHours: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="backup-bandwidth">{t('backup.bandwidth')}</label>
        <input id="backup-bandwidth" className="input input--narrow" type="number" min={0} step="0.5" value={form.bandwidthMb} onChange={(e) => set({ bandwidthMb: e.target.value })} />
      </div>
      <div className="actions">
        <button type="submit" className="button" data-testid="backup-save">
          {t('backup.save')}
        </button>
        {saved && (
          <span className="message message--ok" role="status">
            {t('backup.saved')}
          </span>
        )}
      </div>
    </form>
  );
}
