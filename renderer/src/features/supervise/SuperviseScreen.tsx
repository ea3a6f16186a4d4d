/** 督查: clips still unlabelled past the overdue limit, by officer and device; the audit trail check; the storage (fixity) check. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ClipBadges } from '../../components/Badges.js';
import { CopyButton } from '../../components/CopyButton.js';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { AuditVerification, Clip, ErrorPayload } from '../../contract-types.js';
import { useLang } from '../../i18n/hooks.js';
import { formatDateTime, formatDuration, formatSpan, groupHash } from '../../presenters/format.js';
import { useAppState, useController } from '../../state/context.js';
import { navigate } from '../../state/router.js';
import { ContinuityPanel } from './ContinuityPanel.js';
import { FixityPanel } from './FixityPanel.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

interface Group {
  key: string;
  officer: string;
  device: string;
  clips: Clip[];
  oldest: string;
}

function groupOverdue(clips: readonly Clip[], unknownOfficer: string, paren: (text: string) => string): Group[] {
  const groups = new Map<string, Group>();
  for (const clip of clips) {
    const officer = clip.camera.officerName ? `${clip.camera.officerName}${clip.camera.officerNumber ? paren(clip.camera.officerNumber) : ''}` : unknownOfficer;
    const device = clip.camera.deviceNumber || '—';
    const key = `${officer}\u0000${device}`;
    const group = groups.get(key) ?? { key, officer, device, clips: [], oldest: clip.receivedAt };
    group.clips.push(clip);
    if (clip.receivedAt < group.oldest) group.oldest = clip.receivedAt;
    groups.set(key, group);
  }
  for (const group of groups.values()) group.clips.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  return [...groups.values()].sort((a, b) => a.oldest.localeCompare(b.oldest));
}

export function SuperviseScreen() {
  const { t } = useTranslation();
  const lang = useLang();
  const controller = useController();
  const overdueHours = useAppState((s) => s.settings?.labelOverdueHours ?? 24);
  const clipsVersion = useAppState((s) => s.clipsVersion);
  const reloadVersion = useAppState((s) => s.reloadVersion);
  const [overdue, setOverdue] = useState<Clip[] | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();

  const load = useCallback(async () => {
    const result = await controller.call('clips.overdue', {});
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setOverdue(result.value);
  }, [controller]);

  useEffect(() => {
    void load();
  }, [load, clipsVersion, reloadVersion]);

  const groups = useMemo(() => groupOverdue(overdue ?? [], t('supervise.officerUnknown'), (text) => t('common.paren', { text })), [overdue, t]);
  const now = Date.now();

  return (
    <section className="screen" aria-labelledby="supervise-title">
      <ScreenHeader id="supervise-title" title={t('supervise.title')} intro={t('supervise.intro', { hours: overdueHours })}>
        <div className="screen__header-side">
          <strong data-testid="supervise-count">{overdue === undefined ? t('common.loading') : t('supervise.overdueCount', { count: overdue.length })}</strong>
        </div>
      </ScreenHeader>
      <ErrorBox error={error} />

      <div className="supervise-layout">
        <div className="supervise-groups">
          {overdue !== undefined && overdue.length === 0 && (
            <div className="empty card">
              <div className="empty__glyph" aria-hidden="true">
                ✓
              </div>
              <p className="empty__title">{t('supervise.none')}</p>
            </div>
          )}
          {groups.map((group) => (
            <section key={group.key} className="card overdue-group" aria-label={t('supervise.group', { officer: group.officer, device: group.device })} data-testid="overdue-group">
              <header className="overdue-group__header">
                <h2 className="card__title">{t('supervise.group', { officer: group.officer, device: group.device })}</h2>
                <span className="muted small">{t('supervise.groupCount', { count: group.clips.length, oldest: formatDateTime(group.oldest, { seconds: false }) })}</span>
              </header>
              <table className="table table--compact">
                <thead>
                  <tr>
                    <th scope="col">{t('player.originalName')}</th>
                    <th scope="col">{t('catalogue.columns.recorded')}</th>
                    <th scope="col">{t('player.receivedAt')}</th>
                    <th scope="col" className="num">
                      {t('catalogue.columns.duration')}
                    </th>
                    <th scope="col">{t('catalogue.columns.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {group.clips.map((clip) => (
                    <tr
                      key={clip.id}
                      tabIndex={0}
                      className="table__row--link"
                      data-testid="overdue-row"
                      data-clip-id={clip.id}
                      onClick={() => navigate({ screen: 'player', clipId: clip.id })}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter') navigate({ screen: 'player', clipId: clip.id });
                      }}
                    >
                      <td className="mono">{clip.originalName}</td>
                      <td className="nowrap">{formatDateTime(clip.media.recordedAt ?? clip.receivedAt, { seconds: false })}</td>
                      <td className="nowrap">
                        {formatDateTime(clip.receivedAt, { seconds: false })} <span className="text-error small">{t('supervise.waiting', { span: formatSpan((now - Date.parse(clip.receivedAt)) / 1000, lang) })}</span>
                      </td>
                      <td className="num mono">{formatDuration(clip.media.durationMs)}</td>
                      <td>
                        <ClipBadges clip={clip} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
        <div className="supervise-side">
          <AuditCheck />
          <FixityPanel />
        </div>
      </div>
      <ContinuityPanel />
    </section>
  );
}

function AuditCheck() {
  const { t } = useTranslation();
  const controller = useController();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AuditVerification | undefined>();
  const [error, setError] = useState<ErrorPayload | undefined>();

  const verify = async () => {
    setBusy(true);
    setError(undefined);
    const r = await controller.call('audit.verify', {});
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setResult(r.value);
  };

  return (
    <section className="card audit-check" aria-labelledby="audit-title">
      <h2 id="audit-title" className="card__title">
        {t('supervise.auditTitle')}
      </h2>
      <p className="muted small">{t('supervise.auditIntro')}</p>
      <button type="button" className="button button--primary" onClick={() => void verify()} disabled={busy} data-testid="audit-verify">
        {busy ? t('supervise.auditVerifying') : t('supervise.auditVerify')}
      </button>
      <ErrorBox error={error} />
      {result && (
        <div className={`message ${result.ok ? 'message--ok' : 'message--error'}`} role={result.ok ? 'status' : 'alert'} data-testid="audit-result" data-ok={String(result.ok)}>
          {result.ok ? (
            <>
              <p>
                <strong>{t('supervise.auditOk', { count: result.records })}</strong>
              </p>
              <p className="small">{t('supervise.auditLastHash')}</p>
              <p>
                <code className="hash">{groupHash(result.lastHash)}</code> <CopyButton text={result.lastHash} />
              </p>
            </>
          ) : (
            <>
              <p>
                <strong>
                  {t('supervise.auditBad', { line: result.firstBadLine, seq: result.firstBadSeq !== undefined ? t('supervise.auditBadSeq', { seq: result.firstBadSeq }) : '' })}
                </strong>{' '}
                {t(`auditProblems.${result.problem ?? 'unknown'}`, { defaultValue: t('auditProblems.unknown') })}
              </p>
              <p className="small">{t('supervise.auditBefore', { count: result.records })}</p>
              <p className="small muted">{t('supervise.auditTechnical', { reason: result.reason })}</p>
            </>
          )}
        </div>
      )}
    </section>
  );
}
