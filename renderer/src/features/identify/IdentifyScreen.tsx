/**
 * First screen: the person at the station names themself by badge number (警号) and name. A badge
 * scanner "types" the digits fast and presses Enter: Enter in the badge field moves to the name (or,
 * for a badge seen at this station before, fills the name and signs in) and never submits half a form.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.js';
import type { ErrorPayload } from '../../contract-types.js';
import { useFieldErrors } from '../../i18n/hooks.js';
import { useAppState, useController } from '../../state/context.js';

const KNOWN_KEY = 'evidence-station.known-officers';
const MAX_KNOWN = 200;

function knownOfficers(): Record<string, string> {
  try {
    const raw = localStorage.getItem(KNOWN_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

function rememberOfficer(badge: string, name: string): void {
  try {
    const next = { ...knownOfficers(), [badge]: name };
    const entries = Object.entries(next).slice(-MAX_KNOWN);
    localStorage.setItem(KNOWN_KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Storage unavailable: the scanner shortcut is a convenience only.
  }
}

/** Scanners may send full-width digits or stray spaces. */
function cleanBadge(raw: string): string {
  return raw.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30)).replace(/\s+/g, '');
}

export function IdentifyScreen() {
  const { t } = useTranslation();
  const controller = useController();
  const agency = useAppState((s) => s.settings?.agencyName);
  const fieldErrors = useFieldErrors();
  const [badge, setBadge] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ErrorPayload | undefined>();
  const [missing, setMissing] = useState<{ badge?: boolean; name?: boolean }>({});
  const badgeRef = useRef<HTMLInputElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    badgeRef.current?.focus();
    // A scan while nothing has focus still lands in the badge field.
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.tagName === 'BUTTON')) return;
      if (/^[0-9０-９]$/.test(event.key) && !event.ctrlKey && !event.altKey && !event.metaKey) badgeRef.current?.focus();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const submit = async (badgeValue: string, nameValue: string) => {
    const b = cleanBadge(badgeValue);
    const n = nameValue.trim();
    const gaps = { badge: b === '', name: n === '' };
    setMissing(gaps);
    if (gaps.badge) return badgeRef.current?.focus();
    if (gaps.name) return nameRef.current?.focus();
    setBusy(true);
    setError(undefined);
    const result = await controller.identify(b, n);
    setBusy(false);
    if (result.ok) {
      rememberOfficer(b, n);
      return;
    }
    setError(result.error);
    badgeRef.current?.focus();
  };

  const onBadgeKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    const b = cleanBadge(badge);
    if (!b) return;
    setBadge(b);
    const known = knownOfficers()[b];
    if (known && name.trim() === '') {
      setName(known);
      void submit(b, known);
      return;
    }
    if (name.trim() === '') nameRef.current?.focus();
    else void submit(b, name);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(badge, name);
  };

  const perField = error ? fieldErrors(error) : {};
  const badgeError = missing.badge ? t('fieldErrors.FIELD_REQUIRED') : perField.badgeNumber;
  const nameError = missing.name ? t('fieldErrors.FIELD_REQUIRED') : perField.name;
  const knownName = knownOfficers()[cleanBadge(badge)];

  return (
    <div className="identify">
      <form className="identify__card card" onSubmit={onSubmit} noValidate aria-labelledby="identify-title">
        <div className="identify__brand">
          <div className="identify__emblem" aria-hidden="true">证</div>
          <div>
            <div className="identify__app">{t('app.title')}</div>
            {agency && <div className="identify__agency">{agency}</div>}
          </div>
        </div>
        <h1 id="identify-title">{t('identify.title')}</h1>
        <p className="muted">{t('identify.intro')}</p>
        <div className="field">
          <label htmlFor="identify-badge">{t('identify.badge')}</label>
          <input
            id="identify-badge"
            ref={badgeRef}
            data-testid="identify-badge"
            className="input input--large"
            value={badge}
            onChange={(e) => setBadge(e.target.value)}
            onKeyDown={onBadgeKey}
            placeholder={t('identify.badgePlaceholder')}
            inputMode="numeric"
            autoComplete="off"
            maxLength={32}
            aria-invalid={badgeError ? true : undefined}
            aria-describedby="identify-badge-hint"
          />
          <div id="identify-badge-hint" className={badgeError ? 'field__error' : 'field__hint'}>
            {badgeError ?? (knownName ? t('identify.knownName', { name: knownName }) : t('identify.scannerHint'))}
          </div>
        </div>
        <div className="field">
          <label htmlFor="identify-name">{t('identify.name')}</label>
          <input
            id="identify-name"
            ref={nameRef}
            data-testid="identify-name"
            className="input input--large"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('identify.namePlaceholder')}
            autoComplete="off"
            maxLength={64}
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? 'identify-name-error' : undefined}
          />
          {nameError && (
            <div id="identify-name-error" className="field__error">
              {nameError}
            </div>
          )}
        </div>
        <ErrorBox error={error} />
        <button type="submit" className="button button--primary button--large button--block" data-testid="identify-submit" disabled={busy}>
          {busy ? t('identify.submitting') : t('identify.submit')}
        </button>
      </form>
    </div>
  );
}
