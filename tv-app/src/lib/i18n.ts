import type { Locale, LocalizedText } from '@lanxang/contracts';
import en from '../locales/en.json';
import { storedLocale, storeLocale } from './preferences';

export type TranslationKey = keyof typeof en;
type Catalogue = Partial<Record<string, string>>;

/**
 * The menus' own few rules, not a translation library: a key in the viewer's language, else in
 * English, else the key; `{{name}}` filled from the options; with a `count`, the key's plural form
 * (`key_one`) where the language's rules pick one that exists. i18next did the same in 15 KB of
 * gzipped start-up code. English is bundled, so a TV shows its menus with no network; Lao arrives
 * as its own chunk, before the first screen only for a viewer who chose it.
 */
const catalogues: Partial<Record<Locale, Catalogue>> = { en };
let language: Locale = 'en';
const listeners: Array<() => void> = [];

async function loadCatalogue(locale: Locale): Promise<void> {
  if (catalogues[locale]) return;
  catalogues[locale] = (await import('../locales/lo.json')).default;
}

export async function initI18n(): Promise<void> {
  const locale = storedLocale() ?? 'en';
  await loadCatalogue(locale);
  language = locale;
}

export function t(key: TranslationKey, options?: Record<string, unknown>): string {
  const lookup = (name: string) => catalogues[language]?.[name] ?? catalogues.en?.[name];
  const count = options?.count;
  const plural =
    typeof count === 'number'
      ? lookup(`${key}_${new Intl.PluralRules(language).select(count)}`)
      : undefined;
  const template = plural ?? lookup(key) ?? key;
  return template.replace(/{{\s*(\w+)\s*}}/g, (_, name: string) => {
    const value = options?.[name];
    return value === undefined || value === null ? '' : String(value);
  });
}

export function currentLocale(): Locale {
  return language;
}

/** For what lives outside the pages (the app shell's banners), which redraw on a change. */
export function onLocaleChange(listener: () => void): void {
  listeners.push(listener);
}

export async function setLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  await loadCatalogue(locale);
  language = locale;
  for (const listener of listeners) listener();
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
