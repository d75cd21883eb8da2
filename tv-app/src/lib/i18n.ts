import i18next from 'i18next';
import type { Locale, LocalizedText } from '@lanxang/contracts';
import en from '../locales/en.json';
import { storedLocale, storeLocale } from './preferences';

export type TranslationKey = keyof typeof en;

/**
 * English is bundled, so a TV shows its menus with no network; Lao's catalogue is its own chunk,
 * fetched before the first screen only for a viewer who chose Lao, and otherwise when they do.
 */
async function loadCatalogue(locale: Locale): Promise<void> {
  if (i18next.hasResourceBundle(locale, 'translation')) return;
  const { default: lo } = await import('../locales/lo.json');
  i18next.addResourceBundle('lo', 'translation', lo);
}

export async function initI18n(): Promise<void> {
  const locale = storedLocale() ?? 'en';
  await i18next.init({
    lng: 'en',
    fallbackLng: 'en',
    resources: { en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (locale !== 'en') await setLocale(locale);
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
  await loadCatalogue(locale);
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
