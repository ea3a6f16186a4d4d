/**
 * The lock screen (issue F): after the agency's idle time the station locks (here and on the station
 * side); the same person types their password or PIN again, or someone else signs in.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useAppState, useController } from '../../state/context.js';

export function LockScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const operator = useAppState((s) => s.operator);
  const hasBadge = useAppState((s) => s.actor?.badgeNumber !== undefined && s.actor.roles.includes('officer'));
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!secret) return;
    setBusy(true);
    setError(undefined);
    const result = await controller.unlock(secret);
    setBusy(false);
    setSecret('');
    if (!result.ok) setError(result.error);
  };

  const what = hasBadge ? `${t('access.lock.password')} / ${t('access.lock.pin')}` : t('access.lock.password');
  return (
    <div className="identify">
      <form className="identify__card card" onSubmit={submit} noValidate aria-labelledby="lock-title" data-testid="lock-screen">
        <h1 id="lock-title">{t('access.lock.title')}</h1>
        <p className="muted">{t('access.lock.intro', { name: operator ?? '', secret: what })}</p>
        <div className="field">
          <label htmlFor="lock-secret">{what}</label>
          <input id="lock-secret" ref={ref} data-testid="lock-secret" className="input input--large" type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="current-password" maxLength={256} />
        </div>
        <ErrorBox error={error} />
        <button type="submit" className="button button--primary button--large button--block" data-testid="lock-submit" disabled={busy}>
          {t('access.lock.submit')}
        </button>
        <button type="button" className="button button--block" data-testid="lock-signout" onClick={() => void controller.signOut()}>
          {t('access.lock.signOut')}
        </button>
      </form>
    </div>
  );
}

/** Locks after `minutes` without a key press, a click or a touch (the station locks on its own too). */
export function useIdleLock(active: boolean, minutes: number | undefined, lock: () => void): void {
  useEffect(() => {
    if (!active || !minutes) return;
    let timer = setTimeout(lock, minutes * 60_000);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, minutes * 60_000);
    };
    const events = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, reset, { passive: true, capture: true });
    return () => {
      clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, reset, { capture: true });
    };
  }, [active, minutes, lock]);
}
