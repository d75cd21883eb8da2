import type { Locale } from '@lanxang/contracts';
import i18next, { type i18n } from 'i18next';
import { en } from './en';
import { lo } from './lo';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

// Every locale the contracts name must have its strings here, or this stops compiling.
const resources = { en: { translation: en }, lo: { translation: lo } } satisfies Record<
  Locale,
  unknown
>;

/** The UI languages, in switcher order. Not imported from contracts at run time: that would
 * pull zod and every schema into the browser bundle. */
export const UI_LOCALES = Object.keys(resources) as Locale[];

const instances = new Map<Locale, i18n>();

/**
 * One i18next instance per language, created once and never switched: the server renders many
 * admins' requests at once, and the browser swaps instances when the language changes, so the
 * first render after a switch is already in the new language.
 */
export function i18nFor(locale: Locale): i18n {
  let instance = instances.get(locale);
  if (!instance) {
    instance = i18next.createInstance();
    // Strings are bundled (they are small), so initialisation is synchronous.
    void instance.init({
      lng: locale,
      fallbackLng: 'en',
      supportedLngs: UI_LOCALES,
      resources,
      initAsync: false,
      interpolation: { escapeValue: false },
    });
    instances.set(locale, instance);
  }
  return instance;
}
