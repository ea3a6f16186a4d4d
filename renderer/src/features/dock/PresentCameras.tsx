/**
 * The cameras at the station now (issue B), on the Dock screen: unlocking, waiting for its disk,
 * docked, or refused / failed with the reason in words, and for a refused camera the clerk's one-step
 * registration prefilled from what it reported; an identity alarm with its differences.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { useErrorText, useLang } from '../../i18n/hooks.js';
import { formatBytes, formatClockOffset } from '../../presenters/format.js';
import { useController } from '../../state/context.js';
import { IdentityAlarm } from '../devices/DevicesScreen.js';
import { RegisterCameraForm } from '../devices/RegisterCameraForm.js';
import '../../styles/devices.css';

type PresentCamera = CommandResponse<'cameras.present'>[number];

export function PresentCameras() {
  const { t } = useTranslation();
  const controller = useController();
  const [cameras, setCameras] = useState<PresentCamera[]>([]);

  useEffect(() => {
    let stopped = false;
    void controller.call('cameras.present', {}).then((result) => {
      if (!stopped && result.ok) setCameras(result.value);
    });
    const off = controller.station.on('camera.status', (camera) => {
      setCameras((current) => (camera.state === 'removed' ? current.filter((c) => c.id !== camera.id) : [...current.filter((c) => c.id !== camera.id), camera]));
    });
    return () => {
      stopped = true;
      off();
    };
  }, [controller]);

  // Docked cameras are the dock cards below; this list is about the ones that need attention or are on their way.
  const shown = cameras.filter((camera) => camera.state !== 'docked');
  if (shown.length === 0) return null;
  return (
    <section className="card present-cameras" aria-labelledby="present-cameras-title" data-testid="present-cameras">
      <h2 id="present-cameras-title" className="card__title">
        {t('cameras.title')}
      </h2>
      {shown.map((camera) => (
        <PresentCameraRow key={camera.id} camera={camera} />
      ))}
    </section>
  );
}

function PresentCameraRow({ camera }: { camera: PresentCamera }) {
  const { t } = useTranslation();
  const lang = useLang();
  const errorText = useErrorText();
  const who = camera.identity ? `${camera.identity.deviceNumber}${camera.identity.officerName ? ` · ${camera.identity.officerName}` : ''}` : (camera.usb?.serial ?? camera.root ?? '');
  const facts = [
    camera.battery !== undefined ? t('cameras.battery', { percent: camera.battery }) : undefined,
    camera.capacity ? t('cameras.free', { free: formatBytes(camera.capacity.freeBytes, lang), total: formatBytes(camera.capacity.totalBytes, lang) }) : undefined,
    camera.clockOffsetMs !== undefined ? t('cameras.clock', { offset: formatClockOffset(camera.clockOffsetMs, lang) }) : undefined,
    camera.clockSync ? t('cameras.clockSynced', { before: formatClockOffset(camera.clockSync.beforeOffsetMs, lang) }) : undefined,
  ].filter(Boolean);
  return (
    <div className="present-camera" data-testid="present-camera" data-state={camera.state} data-code={camera.problem?.code}>
      <p>
        <span className={`pill ${camera.state === 'failed' || camera.state === 'alarm' || camera.state === 'refused' ? 'pill--camera-problem' : 'pill--camera-ok'}`}>{t(`cameras.states.${camera.state}`)}</span> <strong>{who}</strong>{' '}
        <span className="muted small">
          {camera.profileName ?? t(`cameras.source.${camera.source}`)}
          {facts.length > 0 ? ` · ${facts.join(' · ')}` : ''}
        </span>
      </p>
      {camera.problem && camera.state !== 'alarm' && (
        <div className={`message ${camera.state === 'failed' ? 'message--error' : 'message--warn'}`} role="alert" data-testid="present-camera-problem" data-code={camera.problem.code}>
          {errorText({ code: camera.problem.code, message: camera.problem.message, params: camera.problem.params })}
        </div>
      )}
      {camera.state === 'alarm' && camera.identity && <IdentityAlarm device={{ deviceNumber: String(camera.problem?.params.deviceNumber ?? camera.identity.deviceNumber), identityAlarm: { at: camera.updatedAt, reported: camera.identity, differences: camera.differences ?? [] } }} />}
      {camera.state === 'refused' && camera.registration && camera.problem?.code === 'CAMERA_UNREGISTERED' && <RegisterCameraForm prefill={camera.registration} />}
    </div>
  );
}
