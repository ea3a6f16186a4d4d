/**
 * 查看审批 (issue F, R5.1): requests waiting for this person's decision (supervisors of the department,
 * the head) and their own requests with the state of each. Approving grants a window of N hours.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useAppState, useController } from '../../state/context.js';
import type { CommandResponse } from '../../../../electron/contract/index.js';
import { ScreenHeader } from '../../components/ScreenHeader.js';

type Grant = CommandResponse<'grants.request'>;

export function GrantsScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const clipsVersion = useAppState((s) => s.clipsVersion);
  const [toDecide, setToDecide] = useState<Grant[]>([]);
  const [mine, setMine] = useState<Grant[]>([]);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [hours, setHours] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});

  const load = useCallback(async () => {
    const [waiting, own] = await Promise.all([controller.call('grants.list', { scope: 'to-decide' }), controller.call('grants.list', { scope: 'mine' })]);
    if (waiting.ok) setToDecide(waiting.value);
    if (own.ok) setMine(own.value);
  }, [controller]);

  useEffect(() => void load(), [load, clipsVersion]);

  const decide = async (grant: Grant, approve: boolean) => {
    setError(undefined);
    const validHours = Number(hours[grant.id] ?? '24');
    const until = new Date(Date.now() + (Number.isFinite(validHours) && validHours > 0 ? validHours : 24) * 3_600_000).toISOString();
    const note = notes[grant.id]?.trim();
    const result = await controller.call('grants.decide', { id: grant.id, approve, ...(approve ? { until } : {}), ...(note ? { note } : {}) });
    if (!result.ok) setError(result.error);
    await load();
  };

  const subject = (grant: Grant) => (grant.subject.kind === 'clip' ? t('access.grants.subjectClip', { id: grant.subject.clipId.slice(0, 12) }) : t('access.grants.subjectCase', { caseNumber: grant.subject.caseNumber }));

  return (
    <section className="screen" aria-labelledby="grants-title">
      <ScreenHeader id="grants-title" title={t('access.grants.title')} intro={t('access.grants.intro')} />
      <ErrorBox error={error} />
      <h2>{t('access.grants.toDecide')}</h2>
      {toDecide.length === 0 && <p className="muted">{t('access.grants.empty')}</p>}
      <ul className="list" data-testid="grants-to-decide">
        {toDecide.map((grant) => (
          <li key={grant.id} className="card" data-testid="grant-pending" data-grant={grant.id}>
            <div>
              <strong>{subject(grant)}</strong> · {t(`access.levels.${grant.level}`)} · {t('access.grants.requester')}: {grant.requesterName}
            </div>
            <div>
              {t('access.grants.reason')}: {grant.reason}
            </div>
            <label>
              {t('access.grants.hours')}{' '}
              <input className="input input--narrow" type="number" min={0.01} step="any" data-testid="grant-hours" value={hours[grant.id] ?? '24'} onChange={(e) => setHours((h) => ({ ...h, [grant.id]: e.target.value }))} />
            </label>{' '}
            <label>
              {t('access.grants.note')} <input className="input" data-testid="grant-note" value={notes[grant.id] ?? ''} onChange={(e) => setNotes((n) => ({ ...n, [grant.id]: e.target.value }))} />
            </label>{' '}
            <button type="button" className="button button--primary button--small" data-testid="grant-approve" onClick={() => void decide(grant, true)}>
              {t('access.grants.approve')}
            </button>{' '}
            <button type="button" className="button button--small" data-testid="grant-deny" onClick={() => void decide(grant, false)}>
              {t('access.grants.deny')}
            </button>
          </li>
        ))}
      </ul>
      <h2>{t('access.grants.mine')}</h2>
      {mine.length === 0 && <p className="muted">{t('access.grants.empty')}</p>}
      <ul className="list" data-testid="grants-mine">
        {mine.map((grant) => (
          <li key={grant.id} className="card" data-testid="grant-mine" data-status={grant.status}>
            <strong>{subject(grant)}</strong> · {t(`access.grants.status.${grant.status}`)}
            {grant.until && grant.status === 'approved' && <> · {t('access.grants.until', { until: new Date(grant.until).toLocaleString() })}</>}
            <div className="muted">{grant.reason}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
