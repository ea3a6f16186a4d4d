/**
 * 设备登记 (R5.5): the clerk's registry of body-worn cameras - device number, profile, serial, assigned
 * officer, department, status (in service / repair / retired), maintenance notes - with identity
 * alarms shown first and accepted here after checking. Every change goes through the audited contract.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { formatDateTime } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';
import { RegisterCameraForm } from './RegisterCameraForm.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

type Device = CommandResponse<'devices.list'>[number];
const STATUSES = ['in-service', 'repair', 'retired'] as const;

export function DevicesScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const reloadVersion = useAppState((s) => s.reloadVersion);
  const [devices, setDevices] = useState<Device[] | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();

  const load = useCallback(async () => {
    const result = await controller.call('devices.list', {});
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setDevices(result.value);
  }, [controller]);

  useEffect(() => {
    void load();
  }, [load, reloadVersion]);
  // A camera refused or in alarm changes the registry (alarms are recorded on it): keep the list fresh.
  useEffect(() => controller.station.on('camera.status', () => void load()), [controller, load]);

  const alarms = devices?.filter((device) => device.identityAlarm) ?? [];
  return (
    <section className="screen" aria-labelledby="devices-title" data-testid="devices-screen">
      <ScreenHeader id="devices-title" title={t('devices.title')} intro={t('devices.intro')} />
      <ErrorBox error={error} />
      {alarms.map((device) => (
        <IdentityAlarm key={device.deviceNumber} device={device} onChanged={load} />
      ))}
      {devices && devices.length === 0 && <p className="muted">{t('devices.empty')}</p>}
      {devices && devices.length > 0 && (
        <div className="card">
          <table className="table table--compact" data-testid="devices-table">
            <thead>
              <tr>
                <th>{t('devices.deviceNumber')}</th>
                <th>{t('devices.status')}</th>
                <th>{t('devices.profile')}</th>
                <th>{t('devices.serial')}</th>
                <th>{t('devices.officer')}</th>
                <th>{t('devices.department')}</th>
                <th>{t('devices.notes')}</th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <DeviceRow key={device.deviceNumber} device={device} onChanged={load} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RegisterCameraForm onRegistered={() => void load()} testId="devices-register" />
    </section>
  );
}

function DeviceRow({ device, onChanged }: { device: Device; onChanged: () => Promise<void> }) {
  const { t } = useTranslation();
  const controller = useController();
  const [note, setNote] = useState('');
  const [error, setError] = useState<ErrorPayload | undefined>();

  const update = async (change: { status?: (typeof STATUSES)[number]; note?: string }) => {
    const result = await controller.call('devices.update', { deviceNumber: device.deviceNumber, ...change });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setNote('');
    await onChanged();
  };

  return (
    <tr data-testid={`device-${device.deviceNumber}`}>
      <td className="mono">{device.deviceNumber}</td>
      <td>
        <select className="input" aria-label={t('devices.status')} value={device.status} onChange={(e) => void update({ status: e.target.value as (typeof STATUSES)[number] })} data-testid={`device-status-${device.deviceNumber}`}>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {t(`devices.statuses.${status}`)}
            </option>
          ))}
        </select>
      </td>
      <td>{device.profileId}</td>
      <td className="mono">{device.serial ?? '—'}</td>
      <td>{device.officer ? `${device.officer.name}（${device.officer.badgeNumber}）` : <span className="muted">{t('devices.unbound')}</span>}</td>
      <td>{device.department ?? '—'}</td>
      <td>
        {device.notes.length === 0 ? (
          <span className="muted small">{t('devices.noNotes')}</span>
        ) : (
          <ul className="small">
            {device.notes.map((n, index) => (
              <li key={index}>
                {formatDateTime(n.at)} {n.by}：{n.text}
              </li>
            ))}
          </ul>
        )}
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (note.trim()) void update({ note: note.trim() });
          }}
        >
          <input className="input" aria-label={t('devices.addNote')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
          <button type="submit" className="button button--secondary">
            {t('devices.addNote')}
          </button>
        </form>
        <ErrorBox error={error} />
      </td>
    </tr>
  );
}

/** An identity alarm: what the camera reports against the registration; accepted only by a clerk's click. */
export function IdentityAlarm({ device, onChanged }: { device: Pick<Device, 'deviceNumber' | 'identityAlarm'>; onChanged?: () => Promise<void> | void }) {
  const { t } = useTranslation();
  const controller = useController();
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [accepted, setAccepted] = useState(false);
  const alarm = device.identityAlarm;
  if (!alarm) return null;

  const accept = async () => {
    const result = await controller.call('devices.acceptIdentity', { deviceNumber: device.deviceNumber });
    if (!result.ok) return setError(result.error);
    setAccepted(true);
    await onChanged?.();
  };

  return (
    <div className="message message--error" role="alert" data-testid={`identity-alarm-${device.deviceNumber}`}>
      <strong>
        {t('devices.alarm')}：{device.deviceNumber}
      </strong>
      <ul>
        {alarm.differences.map((difference) => (
          <li key={difference.field}>{t('devices.alarmDetail', { field: t(`devices.fields.${difference.field}`), reported: difference.reported, registered: difference.registered })}</li>
        ))}
      </ul>
      {!accepted && (
        <button type="button" className="button" onClick={() => void accept()} data-testid={`accept-identity-${device.deviceNumber}`}>
          {t('devices.acceptIdentity')}
        </button>
      )}
      {accepted && <p role="status">{t('devices.accepted', { deviceNumber: device.deviceNumber })}</p>}
      <ErrorBox error={error} />
    </div>
  );
}
