import i18next from 'i18next';
import type { Locale, LocalizedText } from '@lanxang/contracts';
import en from '../locales/en.json';
import lo from '../locales/lo.json';
import { storedLocale, storeLocale } from './preferences';

export type TranslationKey = keyof typeof en;

// Both catalogues are bundled: together they are a few KB, and a TV should not wait on the
// network to show its own menus.
export async function initI18n(): Promise<void> {
  await i18next.init({
    lng: storedLocale() ?? 'en',
    fallbackLng: 'en',
    resources: { en: { translation: en }, lo: { translation: lo } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
}

export function t(key: TranslationKey, options?: Record<string, unknown>): string {
  return i18next.t(key, options);
}

export function currentLocale(): Locale {
  return i18next.language === 'lo' ? 'lo' : 'en';
}

/** For what lives outside the pages (the app shell's banners), which redraw on a change. */
export function onLocaleChange(listener: () => void): void {
  i18next.on('languageChanged', listener);
}

export async function setLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  await i18next.changeLanguage(locale);
}

/**
 * The contracts' rule (own locale, else English, else anything non-empty), restated here because
 * importing `@lanxang/contracts` at run time would pull zod into the TV bundle.
 */
export function localized(
  text: LocalizedText | undefined,
  locale: Locale = currentLocale(),
): string {
  if (!text) return '';
  return text[locale] || text.en || Object.values(text).find((value) => Boolean(value)) || '';
}
