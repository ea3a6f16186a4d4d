import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorPayload } from '../contract-types.js';
import { DEFAULT_LANG, isLang, type Lang } from '../presenters/lang.js';
import { errorMessage, fieldMessages } from './errors.js';

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return isLang(i18n.language) ? i18n.language : DEFAULT_LANG;
}

/** (error payload) -> sentence in the current language. */
export function useErrorText(): (error: Pick<ErrorPayload, 'code' | 'params'> & { message?: string }) => string {
  const { t } = useTranslation();
  const lang = useLang();
  return useCallback((error) => errorMessage(t, lang, error), [t, lang]);
}

/** (error payload) -> per-field sentences keyed by form field name. */
export function useFieldErrors(): (error: Pick<ErrorPayload, 'fields'>, example?: string) => Record<string, string> {
  const { t } = useTranslation();
  return useCallback((error, example) => fieldMessages(t, error, example), [t]);
}
