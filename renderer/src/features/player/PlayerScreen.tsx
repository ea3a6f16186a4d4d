/**
 * 回放: opens a clip through the audited player.open (a short-lived ticket), plays it, and shows
 * everything the station knows about it: labels, SHA-256, camera, both clocks, damage, audit history.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClipBadges } from '../../components/Badges.js';
import { CopyButton } from '../../components/CopyButton.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import { ConfidentialityBadge, ConfidentialityControl } from './ConfidentialityControl.js';
import { GrantRequest } from './GrantRequest.js';
import type { AuditRecord, Clip, ErrorPayload } from '../../contract-types.js';
import { damageText } from '../../i18n/errors.js';
import { useLang } from '../../i18n/hooks.js';
import { formatBytes, formatClockOffset, formatDateTime, formatDuration, formatHours } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';
import { navigate } from '../../state/router.js';
import { summariseAudit } from './audit-summary.js';
import { ClipGaps } from './ClipGaps.js';
import { ReplayTools } from './ReplayTools.js';

type Playback = { state: 'idle' } | { state: 'ok' } | { state: 'error'; reason: 'damaged' | 'format' | 'expired' };

export function PlayerScreen({ clipId }: { clipId: string | undefined }) {
  const { t } = useTranslation();
  if (!clipId)
    return (
      <section className="screen" aria-labelledby="player-title">
        <header className="screen__header">
          <h1 id="player-title">{t('player.title')}</h1>
        </header>
        <div className="empty card">
          <div className="empty__glyph" aria-hidden="true">
            ▶
          </div>
          <p>{t('player.none')}</p>
          <button type="button" className="button" onClick={() => navigate({ screen: 'catalogue' })}>
            {t('nav.catalogue')}
          </button>
        </div>
      </section>
    );
  return <Player key={clipId} clipId={clipId} />;
}

function Player({ clipId }: { clipId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const operator = useAppState((s) => s.operator);
  const clipsVersion = useAppState((s) => s.clipsVersion);
  const [clip, setClip] = useState<Clip | undefined>();
  const [history, setHistory] = useState<AuditRecord[]>([]);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [ticket, setTicket] = useState<{ id: string; url: string; openedAt: string; expiresAt: string } | undefined>();
  const [playback, setPlayback] = useState<Playback>({ state: 'idle' });
  const mediaRef = useRef<HTMLMediaElement | null>(null);

  const loadDetails = useCallback(async () => {
    const result = await controller.call('clips.get', { id: clipId });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setClip(result.value.clip);
    setHistory([...result.value.history].sort((a, b) => b.seq - a.seq));
  }, [controller, clipId]);

  const openTicket = useCallback(async () => {
    setPlayback({ state: 'idle' });
    const result = await controller.call('player.open', { id: clipId });
    if (!result.ok) {
      setError(result.error);
      // Issue F: without a grant the footage stays shut, but whoever may see the clip sees its record.
      if (result.error.code === 'GRANT_REQUIRED') void loadDetails();
      return;
    }
    setTicket({ id: result.value.ticket, url: controller.station.mediaUrl(result.value.ticket), openedAt: new Date().toISOString(), expiresAt: result.value.expiresAt });
    void loadDetails(); // the viewing itself is now in the history
  }, [controller, clipId, loadDetails]);

  // Opening is an audited viewing: once per clip shown, even when React runs effects twice (StrictMode).
  const openedFor = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (openedFor.current === clipId) return;
    openedFor.current = clipId;
    void openTicket();
  }, [openTicket, clipId]);

  useEffect(() => {
    if (clipsVersion > 0) void loadDetails();
  }, [clipsVersion, loadDetails]);

  // Issue F: play and seek go into the audit trail with the grant that allowed them (the station words it).
  const activity = (kind: 'play' | 'seek') => {
    const media = mediaRef.current;
    if (ticket) void controller.call('player.activity', { ticket: ticket.id, kind, positionSeconds: media ? Math.max(0, media.currentTime) : 0 });
  };

  const onMediaError = () => {
    if (ticket && Date.parse(ticket.expiresAt) < Date.now()) setPlayback({ state: 'error', reason: 'expired' });
    else setPlayback({ state: 'error', reason: clip?.media.damaged ? 'damaged' : 'format' });
  };

  const reasonText = playback.state === 'error' ? t(playback.reason === 'damaged' ? 'player.reasonDamaged' : playback.reason === 'expired' ? 'player.reasonExpired' : 'player.reasonFormat') : '';

  return (
    <section className="screen screen--player" aria-labelledby="player-title">
      <header className="screen__header">
        <div>
          <h1 id="player-title">
            {t('player.title')}
            {clip && <span className="screen__subtitle mono"> {clip.originalName}</span>}
          </h1>
          {clip && <ClipBadges clip={clip} showLabelled />}
          {clip && <ConfidentialityBadge level={clip.confidentiality} />}
        </div>
        <button type="button" className="button button--ghost" onClick={() => (window.history.length > 1 ? window.history.back() : navigate({ screen: 'catalogue' }))}>
          ← {t('common.close')}
        </button>
      </header>

      {error?.code === 'GRANT_REQUIRED' ? <GrantRequest clipId={clipId} /> : <ErrorBox error={error} />}
      {clip && <ConfidentialityControl key={`${clip.id}-${clip.confidentiality ?? 'ordinary'}`} clip={clip} onChanged={() => void loadDetails()} />}

      <div className="player-layout">
        <div className="player-main">
          <div className="media-frame">
            {clip && ticket ? (
              clip.kind === 'video' ? (
                <video
                  ref={(element) => {
                    mediaRef.current = element;
                  }}
                  key={ticket.url}
                  className="media"
                  data-testid="player-video"
                  controls
                  preload="metadata"
                  src={ticket.url}
                  poster={clip.hasThumbnail ? controller.station.thumbnailUrl(clip.id) || undefined : undefined}
                  onError={onMediaError}
                  onLoadedMetadata={() => setPlayback({ state: 'ok' })}
                  onPlay={() => activity('play')}
                  onSeeked={() => activity('seek')}
                  controlsList="nodownload"
                  disablePictureInPicture
                />
              ) : clip.kind === 'photo' ? (
                <img key={ticket.url} className="media" data-testid="player-photo" src={ticket.url} alt={clip.originalName} onError={onMediaError} onLoad={() => setPlayback({ state: 'ok' })} />
              ) : clip.kind === 'audio' ? (
                <div className="media media--audio">
                  <span className="media__glyph" aria-hidden="true">
                    ♪
                  </span>
                  <audio ref={(element) => {
                    mediaRef.current = element;
                  }} key={ticket.url} data-testid="player-audio" controls preload="metadata" src={ticket.url} onError={onMediaError} onLoadedMetadata={() => setPlayback({ state: 'ok' })} controlsList="nodownload" />
                </div>
              ) : (
                <p className="muted">{t('player.noPreview')}</p>
              )
            ) : (
              <p className="muted">{t('player.loading')}</p>
            )}
          </div>
          {clip && ticket && (clip.kind === 'video' || clip.kind === 'audio') && <ReplayTools key={ticket.url} clip={clip} video={mediaRef} />}
          {playback.state === 'error' && (
            <div className="message message--warn" role="status" data-testid="player-cannot-play">
              {t('player.cannotPlay', { reason: reasonText })}{' '}
              {controller.station.kind === 'fake' && <span className="muted">{t('player.fakeNoMedia')}</span>}{' '}
              {playback.reason === 'expired' && (
                <button type="button" className="button button--small" onClick={() => void openTicket()}>
                  {t('player.reopen')}
                </button>
              )}
            </div>
          )}
          {ticket && (
            <p className="muted small" data-testid="player-audited">
              {t('player.audited', { operator: operator ?? '', time: formatDateTime(ticket.openedAt) })}
            </p>
          )}
          {clip?.media.damaged && (
            <div className="problem-box problem-box--error">
              <h2 className="problem-box__title">{t('player.damagedTitle')}</h2>
              <p>{damageText(t, clip.media.damaged)}</p>
            </div>
          )}

          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title" className="card__title">
              {t('player.historyTitle')}
            </h2>
            {history.length === 0 ? (
              <p className="muted">{t('player.historyEmpty')}</p>
            ) : (
              <ol className="history" data-testid="player-history">
                {history.map((record) => (
                  <li key={record.seq} className="history__item">
                    <span className="history__time mono">{formatDateTime(record.at)}</span>
                    <span className="history__action">{t(`auditActions.${record.action}`, { defaultValue: record.action })}</span>
                    <span className="history__actor">{record.actor}</span>
                    <span className="history__detail muted small">{summariseAudit(record, t, lang)}</span>
                  </li>
                ))}
              </ol>
            )}
            {history.length >= 200 && <p className="muted small">{t('player.historyLimited', { count: history.length })}</p>}
          </section>
        </div>

        {clip && (
          <aside className="player-side">
            <ClipGaps clipId={clip.id} />
            <section className="card" aria-labelledby="label-info-title">
              <h2 id="label-info-title" className="card__title">
                {t('player.labelTitle')}
              </h2>
              {clip.label ? (
                <dl className="kv" data-testid="player-label">
                  <dt>{t('fields.caseNumber')}</dt>
                  <dd className="mono-cjk">{clip.label.caseNumber}</dd>
                  <dt>{t('fields.party')}</dt>
                  <dd>{clip.label.party}</dd>
                  <dt>{t('fields.handler')}</dt>
                  <dd>{clip.label.handler}</dd>
                  <dt>{t('fields.stage')}</dt>
                  <dd>{t(`stages.${clip.label.stage}`)}</dd>
                  <dt>{t('fields.location')}</dt>
                  <dd>{clip.label.location}</dd>
                  {clip.label.causeOfAction && (
                    <>
                      <dt>{t('fields.causeOfAction')}</dt>
                      <dd>{clip.label.causeOfAction}</dd>
                    </>
                  )}
                  {clip.label.notes && (
                    <>
                      <dt>{t('fields.notes')}</dt>
                      <dd>{clip.label.notes}</dd>
                    </>
                  )}
                  {clip.label.longTerm && (
                    <>
                      <dt>{t('fields.longTerm')}</dt>
                      <dd>{t(`longTerm.${clip.label.longTerm}`)}</dd>
                    </>
                  )}
                  <dt>{t('player.labelledBy')}</dt>
                  <dd>{clip.label.labelledBy}</dd>
                  <dt>{t('player.labelledAt')}</dt>
                  <dd>{formatDateTime(clip.label.labelledAt)}</dd>
                </dl>
              ) : (
                <div>
                  <p className="muted">{t('player.notLabelled')}</p>
                  <button type="button" className="button" onClick={() => navigate({ screen: 'label', session: clip.dockSessionId })}>
                    {t('player.goLabel')}
                  </button>
                </div>
              )}
              {clip.late && (
                <p className={clip.late.reason ? 'small' : 'small text-error'}>
                  {t('player.late', { hours: formatHours(clip.late.hoursAfterRecording, lang) })}
                  <br />
                  {clip.late.reason ? t('player.lateReason', { reason: clip.late.reason }) : t('player.lateNoReason')}
                </p>
              )}
            </section>

            <section className="card" aria-labelledby="file-info-title">
              <h2 id="file-info-title" className="card__title">
                {t('player.fileTitle')}
              </h2>
              <dl className="kv">
                <dt className="kv__full">{t('player.sha256')}</dt>
                <dd className="kv__full">
                  <code className="hash hash--block" data-testid="player-sha256" title={t('player.sha256Hint')}>
                    {clip.id}
                  </code>
                  <CopyButton text={clip.id} />
                </dd>
                <dt>{t('player.size')}</dt>
                <dd>
                  {formatBytes(clip.size, lang)} <span className="muted small">({clip.size.toLocaleString('en-US')} B)</span>
                </dd>
                <dt>{t('player.kind')}</dt>
                <dd>{t(`kinds.${clip.kind}`)}</dd>
                {clip.media.durationMs !== undefined && (
                  <>
                    <dt>{t('player.duration')}</dt>
                    <dd>{formatDuration(clip.media.durationMs)}</dd>
                  </>
                )}
                {(clip.media.videoCodec || clip.media.audioCodec) && (
                  <>
                    <dt>{t('player.codec')}</dt>
                    <dd className="mono">{[clip.media.videoCodec, clip.media.audioCodec].filter(Boolean).join(' / ')}</dd>
                  </>
                )}
                {clip.media.width !== undefined && clip.media.height !== undefined && (
                  <>
                    <dt>{t('player.resolution')}</dt>
                    <dd className="mono">
                      {clip.media.width}×{clip.media.height}
                    </dd>
                  </>
                )}
                <dt>{t('player.originalPath')}</dt>
                <dd className="mono break">{clip.originalPath}</dd>
                <dt>{t('player.session')}</dt>
                <dd className="mono">{clip.dockSessionId}</dd>
              </dl>
            </section>

            <section className="card" aria-labelledby="camera-info-title">
              <h2 id="camera-info-title" className="card__title">
                {t('player.cameraTitle')}
              </h2>
              <dl className="kv">
                <dt>{t('dock.device')}</dt>
                <dd className="mono">{clip.camera.deviceNumber}</dd>
                {clip.camera.model && (
                  <>
                    <dt>{t('dock.model')}</dt>
                    <dd>{clip.camera.model}</dd>
                  </>
                )}
                {clip.camera.serial && (
                  <>
                    <dt>{t('dock.serial')}</dt>
                    <dd className="mono">{clip.camera.serial}</dd>
                  </>
                )}
                {(clip.camera.officerName || clip.camera.officerNumber) && (
                  <>
                    <dt>{t('dock.officer')}</dt>
                    <dd>
                      {clip.camera.officerName} {clip.camera.officerNumber && <span className="muted">{t('common.paren', { text: clip.camera.officerNumber })}</span>}
                    </dd>
                  </>
                )}
                {(clip.camera.unitName || clip.camera.department) && (
                  <>
                    <dt>{t('dock.unit')}</dt>
                    <dd>{[clip.camera.unitName, clip.camera.department].filter(Boolean).join(' · ')}</dd>
                  </>
                )}
              </dl>
            </section>

            <section className="card" aria-labelledby="times-info-title">
              <h2 id="times-info-title" className="card__title">
                {t('player.timesTitle')}
              </h2>
              <dl className="kv">
                {clip.media.recordedAt && (
                  <>
                    <dt>{t('player.recordedAt')}</dt>
                    <dd>{formatDateTime(clip.media.recordedAt)}</dd>
                    {Math.abs(clip.clockOffsetMs) >= 2000 && (
                      <>
                        <dt>{t('player.recordedAtStation')}</dt>
                        <dd>{formatDateTime(new Date(Date.parse(clip.media.recordedAt) - clip.clockOffsetMs).toISOString())}</dd>
                      </>
                    )}
                  </>
                )}
                <dt>{t('player.cameraMtime')}</dt>
                <dd>{formatDateTime(clip.cameraMtime)}</dd>
                <dt>{t('player.receivedAt')}</dt>
                <dd>{formatDateTime(clip.receivedAt)}</dd>
                <dt>{t('player.clockOffset')}</dt>
                <dd>{formatClockOffset(clip.clockOffsetMs, lang)}</dd>
              </dl>
              {clip.seenAgain && clip.seenAgain.length > 0 && (
                <>
                  <h3 className="small">{t('player.seenAgainTitle')}</h3>
                  <ul className="small">
                    {clip.seenAgain.map((s) => (
                      <li key={`${s.dockSessionId}-${s.at}`}>{t('player.seenAgainItem', { time: formatDateTime(s.at), session: s.dockSessionId, path: s.originalPath })}</li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          </aside>
        )}
      </div>
    </section>
  );
}
