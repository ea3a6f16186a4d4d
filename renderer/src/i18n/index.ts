/**
 * i18next set up for React. zh-CN is the default; the choice is kept in localStorage so the station
 * opens in the language last used on it.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANG, isLang, type Lang } from '../presenters/lang.js';
import { resources } from './resources.js';

export const LANG_STORAGE_KEY = 'evidence-station.lang';

function storedLang(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return isLang(value) ? value : DEFAULT_LANG;
  } catch {
    return DEFAULT_LANG;
  }
}

export async function initI18n(): Promise<i18n> {
  const lng = storedLang();
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANG,
    supportedLngs: ['zh-CN', 'en'],
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lng;
  return i18next;
}

export function currentLang(instance: Pick<i18n, 'language'> = i18next): Lang {
  return isLang(instance.language) ? instance.language : DEFAULT_LANG;
}

export async function setLanguage(lang: Lang): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the switch still works for this window.
  }
  await i18next.changeLanguage(lang);
  document.documentElement.lang = lang;
}
