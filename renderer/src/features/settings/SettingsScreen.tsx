/** 设置: the agency's settings (hand-in limit, case number pattern and example, overdue and gap limits). */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { compileCaseNumberPattern, normaliseCaseNumber } from '../../../../electron/core/labels/label-rules.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { AgencySettings, ErrorPayload } from '../../contract-types.js';
import { fieldMessages } from '../../i18n/errors.js';
import { useAppState, useController } from '../../state/context.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

type Form = { [K in keyof AgencySettings]: AgencySettings[K] extends number ? string : AgencySettings[K] };

function toForm(settings: AgencySettings): Form {
  return {
    ...settings,
    handInLimitHours: String(settings.handInLimitHours),
    labelOverdueHours: String(settings.labelOverdueHours),
    gapThresholdMinutes: String(settings.gapThresholdMinutes),
    fixityIntervalDays: String(settings.fixityIntervalDays),
    spotCheckPeriodMonths: String(settings.spotCheckPeriodMonths),
    spotCheckSamplePerOfficer: String(settings.spotCheckSamplePerOfficer),
    continuityEventHours: String(settings.continuityEventHours),
    // Issue F: sign-in and session limits.
    loginMaxFailures: String(settings.loginMaxFailures),
    loginLockoutMinutes: String(settings.loginLockoutMinutes),
    sessionIdleMinutes: String(settings.sessionIdleMinutes),
    sessionMaxHours: String(settings.sessionMaxHours),
    grantMaxDays: String(settings.grantMaxDays),
    // Edited on the backup screen (features/backup/BackupSettingsForm.tsx); carried here as text like the others.
    backupMaxAgeHours: String(settings.backupMaxAgeHours),
    backupBandwidthBytesPerSecond: String(settings.backupBandwidthBytesPerSecond),
    backupSampleSize: String(settings.backupSampleSize),
  };
}

const NUMBER_FIELDS = [
  'handInLimitHours',
  'labelOverdueHours',
  'gapThresholdMinutes',
  'fixityIntervalDays',
  'spotCheckPeriodMonths',
  'spotCheckSamplePerOfficer',
  'continuityEventHours',
  'loginMaxFailures',
  'loginLockoutMinutes',
  'sessionIdleMinutes',
  'sessionMaxHours',
  'grantMaxDays',
] as const;
const LIMITS: Record<(typeof NUMBER_FIELDS)[number], [number, number]> = {
  handInLimitHours: [1, 24 * 30],
  labelOverdueHours: [1, 24 * 365],
  gapThresholdMinutes: [1, 24 * 60],
  fixityIntervalDays: [1, 365],
  spotCheckPeriodMonths: [1, 12],
  spotCheckSamplePerOfficer: [1, 100],
  continuityEventHours: [0.25, 72],
  loginMaxFailures: [1, 100],
  loginLockoutMinutes: [1, 24 * 60],
  sessionIdleMinutes: [1, 24 * 60],
  sessionMaxHours: [1, 72],
  grantMaxDays: [1, 3650],
};

export function SettingsScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const current = useAppState((s) => s.settings);
  const reloadVersion = useAppState((s) => s.reloadVersion);
  const [form, setForm] = useState<Form | undefined>(current ? toForm(current) : undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | undefined>();

  useEffect(() => {
    void controller.call('settings.get', {}).then((result) => {
      if (result.ok) {
        controller.setSettings(result.value);
        setForm(toForm(result.value));
      }
    });
  }, [controller, reloadVersion]);

  const patternOk = useMemo(() => (form ? compileCaseNumberPattern(form.caseNumberPattern) !== undefined : true), [form]);
  const exampleMatches = useMemo(() => {
    if (!form) return false;
    const pattern = compileCaseNumberPattern(form.caseNumberPattern);
    return pattern ? pattern.test(normaliseCaseNumber(form.caseNumberExample)) : false;
  }, [form]);

  if (!form || !current) return <p className="muted">{t('common.loading')}</p>;

  const set = (patch: Partial<Form>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    setStatus(undefined);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const changes: Partial<AgencySettings> = {};
    for (const key of NUMBER_FIELDS) {
      const value = Number(form[key]);
      const [min, max] = LIMITS[key];
      if (!Number.isFinite(value) || form[key].trim() === '') problems[key] = t('fieldErrors.INVALID_TYPE');
      else if (value < min) problems[key] = t('fieldErrors.TOO_SMALL');
      else if (value > max) problems[key] = t('fieldErrors.TOO_BIG');
      else if (value !== current[key]) changes[key] = value;
    }
    if (!patternOk) problems.caseNumberPattern = t('settings.patternBroken');
    for (const key of ['agencyName', 'caseNumberPattern', 'caseNumberExample'] as const) if (form[key] !== current[key]) changes[key] = form[key];
    for (const key of ['deleteFromCameraAfterVerify', 'syncCameraClock', 'badgeScanSuffices'] as const) if (form[key] !== current[key]) changes[key] = form[key];
    if (form.cameraAdmission !== current.cameraAdmission) changes.cameraAdmission = form.cameraAdmission;
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (Object.keys(changes).length === 0) {
      setStatus(t('settings.unchanged'));
      return;
    }
    setBusy(true);
    setError(undefined);
    const result = await controller.call('settings.update', changes);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    controller.setSettings(result.value);
    setForm(toForm(result.value));
    setStatus(t('settings.saved'));
  };

  const stationErrors = error ? fieldMessages(t, error) : {};
  const errorOf = (key: keyof AgencySettings) => localErrors[key] ?? stationErrors[key];

  const row = (key: keyof AgencySettings, control: ReactNode, hint?: ReactNode) => (
    <div className={`field${errorOf(key) ? ' field--invalid' : ''}`}>
      <label htmlFor={`setting-${key}`}>{t(`fields.${key}`)}</label>
      {control}
      {errorOf(key) && <div className="field__error">{errorOf(key)}</div>}
      {hint && <div className="field__hint">{hint}</div>}
    </div>
  );

  const numberInput = (key: (typeof NUMBER_FIELDS)[number]) => (
    <input
      id={`setting-${key}`}
      className="input input--narrow"
      type="number"
      inputMode="numeric"
      min={LIMITS[key][0]}
      max={LIMITS[key][1]}
      value={form[key]}
      onChange={(e) => set({ [key]: e.target.value })}
      data-testid={`settings-${key}`}
    />
  );

  return (
    <section className="screen" aria-labelledby="settings-title">
      <ScreenHeader id="settings-title" title={t('settings.title')} intro={t('settings.intro')} />
      <form className="card settings-form" onSubmit={save} noValidate>
        {row('agencyName', <input id="setting-agencyName" className="input" value={form.agencyName} maxLength={200} onChange={(e) => set({ agencyName: e.target.value })} />)}
        <div className="settings-grid">
          {row('handInLimitHours', numberInput('handInLimitHours'), t('settings.handInHint'))}
          {row('labelOverdueHours', numberInput('labelOverdueHours'), t('settings.overdueHint'))}
          {row('gapThresholdMinutes', numberInput('gapThresholdMinutes'), t('settings.gapHint'))}
          {row('fixityIntervalDays', numberInput('fixityIntervalDays'), t('settings.fixityHint'))}
          {row('spotCheckPeriodMonths', numberInput('spotCheckPeriodMonths'), t('settings.spotCheckPeriodHint'))}
          {row('spotCheckSamplePerOfficer', numberInput('spotCheckSamplePerOfficer'), t('settings.spotCheckSampleHint'))}
          {row('continuityEventHours', numberInput('continuityEventHours'), t('settings.continuityEventHint'))}
          {row('loginMaxFailures', numberInput('loginMaxFailures'), t('settings.loginMaxFailuresHint'))}
          {row('loginLockoutMinutes', numberInput('loginLockoutMinutes'))}
          {row('sessionIdleMinutes', numberInput('sessionIdleMinutes'), t('settings.sessionIdleHint'))}
          {row('sessionMaxHours', numberInput('sessionMaxHours'))}
          {row('grantMaxDays', numberInput('grantMaxDays'), t('settings.grantMaxDaysHint'))}
        </div>
        {row(
          'caseNumberPattern',
          <input
            id="setting-caseNumberPattern"
            className="input mono"
            value={form.caseNumberPattern}
            maxLength={500}
            spellCheck={false}
            onChange={(e) => set({ caseNumberPattern: e.target.value })}
            data-testid="settings-caseNumberPattern"
          />,
          patternOk ? t('settings.patternHint') : <span className="text-error">{t('settings.patternBroken')}</span>,
        )}
        {row(
          'caseNumberExample',
          <input
            id="setting-caseNumberExample"
            className="input mono-cjk"
            value={form.caseNumberExample}
            maxLength={64}
            onChange={(e) => set({ caseNumberExample: e.target.value })}
            data-testid="settings-caseNumberExample"
          />,
          <>
            {t('settings.exampleHint')}{' '}
            <span className={exampleMatches ? 'text-ok' : 'text-error'} data-testid="settings-example-check">
              {exampleMatches ? `✓ ${t('settings.exampleMatches')}` : `✕ ${t('settings.exampleNotMatching')}`}
            </span>
          </>,
        )}
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={form.deleteFromCameraAfterVerify} onChange={(e) => set({ deleteFromCameraAfterVerify: e.target.checked })} />
            {t('fields.deleteFromCameraAfterVerify')}
          </label>
          <div className="field__hint">{t('settings.deleteHint')}</div>
        </div>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={form.badgeScanSuffices} onChange={(e) => set({ badgeScanSuffices: e.target.checked })} data-testid="settings-badgeScanSuffices" />
            {t('fields.badgeScanSuffices')}
          </label>
          <div className="field__hint">{t('settings.badgeScanHint')}</div>
        </div>
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={form.syncCameraClock} onChange={(e) => set({ syncCameraClock: e.target.checked })} />
            {t('fields.syncCameraClock')}
          </label>
          <div className="field__hint">{t('settings.syncHint')}</div>
        </div>
        <div className="field">
          <label htmlFor="settings-camera-admission">{t('fields.cameraAdmission')}</label>
          <select id="settings-camera-admission" className="input" value={form.cameraAdmission} onChange={(e) => set({ cameraAdmission: e.target.value === 'any-camera' ? 'any-camera' : 'registered-only' })} data-testid="settings-camera-admission">
            <option value="registered-only">{t('settings.admission.registeredOnly')}</option>
            <option value="any-camera">{t('settings.admission.anyCamera')}</option>
          </select>
          <div className="field__hint">{t('settings.admission.hint')}</div>
        </div>
        <ErrorBox error={error} />
        {status && (
          <div className="message message--ok" role="status" data-testid="settings-status">
            {status}
          </div>
        )}
        <div className="actions">
          <button type="button" className="button button--ghost" onClick={() => setForm(toForm(current))} disabled={busy}>
            {t('settings.reset')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy} data-testid="settings-save">
            {busy ? t('settings.saving') : t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
