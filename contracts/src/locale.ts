import { z } from 'zod';

/** Every locale the product speaks. Adding a third is this one line (plus its UI strings). */
export const LOCALES = ['en', 'lo'] as const;
export const DEFAULT_LOCALE = 'en' satisfies Locale;

export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

/** A translated field as the API returns it: `{ "en": "...", "lo": "..." }`, missing locales absent. */
export const LocalizedTextSchema = z.partialRecord(LocaleSchema, z.string());
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/**
 * The string to show for `locale`: that locale's text if it is non-empty, else the default
 * locale's, else any non-empty translation. A client never shows an empty title.
 */
export function resolveText(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  const own = text[locale];
  if (own) return own;
  const fallback = text[DEFAULT_LOCALE];
  if (fallback) return fallback;
  return Object.values(text).find((value) => Boolean(value)) ?? '';
}
