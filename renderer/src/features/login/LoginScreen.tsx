/**
 * Sign-in (issue F): username + password, or at the dock badge number + PIN. A badge scanner "types"
 * the digits fast and presses Enter: Enter in the badge field moves to the PIN (or, where the agency
 * allows a scanned badge alone, signs in). At first start, when no account exists, the first
 * administrator is created here instead.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useAppState, useController } from '../../state/context.js';
import { cleanBadge, looksScanned } from './badge-scan.js';
import { SetupForm } from './SetupForm.js';

export function LoginScreen() {
  const { t } = useTranslation();
  const needsSetup = useAppState((s) => s.needsSetup);
  const agency = useAppState((s) => s.info?.agencyName);
  const [mode, setMode] = useState<'password' | 'badge'>('password');

  return (
    <div className="identify">
      <div className="identify__card card">
        <div className="identify__brand">
          <div className="identify__emblem" aria-hidden="true">
            证
          </div>
          <div>
            <div className="identify__app">{t('app.title')}</div>
            {agency && <div className="identify__agency">{agency}</div>}
          </div>
        </div>
        {needsSetup ? (
          <SetupForm />
        ) : (
          <>
            <div className="segmented" role="tablist" aria-label={t('access.login.title')}>
              <button type="button" role="tab" aria-selected={mode === 'password'} className={`button button--small${mode === 'password' ? ' button--primary' : ''}`} data-testid="login-mode-password" onClick={() => setMode('password')}>
                {t('access.login.modePassword')}
              </button>
              <button type="button" role="tab" aria-selected={mode === 'badge'} className={`button button--small${mode === 'badge' ? ' button--primary' : ''}`} data-testid="login-mode-badge" onClick={() => setMode('badge')}>
                {t('access.login.modeBadge')}
              </button>
            </div>
            {mode === 'password' ? <PasswordForm /> : <BadgeForm />}
          </>
        )}
      </div>
    </div>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const controller = useController();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const userRef = useRef<HTMLInputElement>(null);

  useEffect(() => userRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) return;
    setBusy(true);
    setError(undefined);
    const result = await controller.login(username.trim(), password);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setPassword('');
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="login-title">
      <h1 id="login-title">{t('access.login.title')}</h1>
      <p className="muted">{t('access.login.intro')}</p>
      <div className="field">
        <label htmlFor="login-username">{t('fields.username')}</label>
        <input id="login-username" ref={userRef} data-testid="login-username" className="input input--large" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" maxLength={32} />
      </div>
      <div className="field">
        <label htmlFor="login-password">{t('fields.password')}</label>
        <input id="login-password" data-testid="login-password" className="input input--large" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" maxLength={256} />
      </div>
      <div data-testid="login-error">
        <ErrorBox error={error} />
      </div>
      <button type="submit" className="button button--primary button--large button--block" data-testid="login-submit" disabled={busy}>
        {busy ? t('access.login.submitting') : t('access.login.submit')}
      </button>
    </form>
  );
}

function BadgeForm() {
  const { t } = useTranslation();
  const controller = useController();
  const scanAlone = useAppState((s) => s.info?.badgeScanSuffices ?? false);
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [scanned, setScanned] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const badgeRef = useRef<HTMLInputElement>(null);
  const pinRef = useRef<HTMLInputElement>(null);
  const keyTimes = useRef<number[]>([]);

  useEffect(() => badgeRef.current?.focus(), []);

  const submit = async (withPin: boolean) => {
    const b = cleanBadge(badge);
    if (!b) return badgeRef.current?.focus();
    if (withPin && !pin) return pinRef.current?.focus();
    setBusy(true);
    setError(undefined);
    const result = await controller.badgeLogin(b, withPin ? pin : undefined, scanned);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setPin('');
      pinRef.current?.focus();
    }
  };

  const onBadgeKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') {
      if (event.key.length === 1) keyTimes.current.push(event.timeStamp);
      return;
    }
    event.preventDefault();
    const wasScanned = looksScanned(keyTimes.current);
    keyTimes.current = [];
    setScanned(wasScanned);
    setBadge(cleanBadge(badge));
    if (wasScanned && scanAlone) return void submit(false);
    pinRef.current?.focus();
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit(true);
      }}
      noValidate
      aria-labelledby="badge-title"
    >
      <h1 id="badge-title">{t('access.login.modeBadge')}</h1>
      <p className="muted">{t('access.login.badgeIntro')}</p>
      <div className="field">
        <label htmlFor="badge-number">{t('access.login.badgeNumber')}</label>
        <input
          id="badge-number"
          ref={badgeRef}
          data-testid="badge-number"
          className="input input--large"
          value={badge}
          onChange={(e) => {
            setBadge(e.target.value);
            setScanned(false);
          }}
          onKeyDown={onBadgeKey}
          placeholder={t('access.login.badgePlaceholder')}
          inputMode="numeric"
          autoComplete="off"
          maxLength={32}
        />
        <div className="field__hint">{scanned ? t('access.login.scanned', { badge }) : t('access.login.scannerHint')}</div>
      </div>
      <div className="field">
        <label htmlFor="badge-pin">{t('access.login.pin')}</label>
        <input id="badge-pin" ref={pinRef} data-testid="badge-pin" className="input input--large" type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="off" maxLength={8} />
      </div>
      <div data-testid="login-error">
        <ErrorBox error={error} />
      </div>
      <button type="submit" className="button button--primary button--large button--block" data-testid="badge-submit" disabled={busy}>
        {busy ? t('access.login.submitting') : t('access.login.badgeSubmit')}
      </button>
    </form>
  );
}
