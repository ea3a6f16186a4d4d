/**
 * The clerk's one-step "register this camera": prefilled from what a refused camera reported (device
 * number, serial, officer, department), or empty on the registry screen. The station checks and
 * audits it; a refused camera still plugged in is then judged again and docked.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useController } from '../../state/context.js';

type Prefill = NonNullable<CommandResponse<'cameras.present'>[number]['registration']>;

export function RegisterCameraForm({ prefill, onRegistered, testId = 'register-camera' }: { prefill?: Prefill; onRegistered?: (deviceNumber: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const controller = useController();
  const id = useId();
  const [deviceNumber, setDeviceNumber] = useState(prefill?.deviceNumber ?? '');
  const [profileId, setProfileId] = useState(prefill?.profileId ?? 'lab-volume-camera');
  const [serial, setSerial] = useState(prefill?.serial ?? '');
  const [badge, setBadge] = useState(prefill?.officerNumber ?? '');
  const [name, setName] = useState(prefill?.officerName ?? '');
  const [department, setDepartment] = useState(prefill?.department ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [done, setDone] = useState<string | undefined>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const officer = badge.trim() && name.trim() ? { officer: { badgeNumber: badge.trim(), name: name.trim() } } : {};
    const result = await controller.call('devices.register', {
      deviceNumber: deviceNumber.trim(),
      profileId: profileId.trim(),
      ...(serial.trim() ? { serial: serial.trim() } : {}),
      ...officer,
      ...(department.trim() ? { department: department.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setDone(result.value.deviceNumber);
    onRegistered?.(result.value.deviceNumber);
  };

  const field = (key: string, label: string, value: string, set: (v: string) => void, required = false) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input id={`${id}-${key}`} className="input" value={value} onChange={(e) => set(e.target.value)} required={required} maxLength={100} data-testid={`${testId}-${key}`} />
    </div>
  );

  return (
    <form className="card register-camera" onSubmit={(event) => void submit(event)} data-testid={testId}>
      <h3 className="card__title">{prefill ? t('devices.registerThis') : t('devices.registerTitle')}</h3>
      <div className="archive-target">
        {field('number', t('devices.deviceNumber'), deviceNumber, setDeviceNumber, true)}
        {field('profile', t('devices.profile'), profileId, setProfileId, true)}
        {field('serial', t('devices.serial'), serial, setSerial)}
        {field('badge', t('devices.officerBadge'), badge, setBadge)}
        {field('name', t('devices.officerName'), name, setName)}
        {field('department', t('devices.department'), department, setDepartment)}
        {field('note', t('devices.note'), note, setNote)}
      </div>
      <button type="submit" className="button" disabled={busy} data-testid={`${testId}-submit`}>
        {prefill ? t('devices.registerThis') : t('devices.register')}
      </button>
      <ErrorBox error={error} />
      {done && (
        <div className="message message--ok" role="status">
          {t('devices.registered', { deviceNumber: done })}
        </div>
      )}
    </form>
  );
}
