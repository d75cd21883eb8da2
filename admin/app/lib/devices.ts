import type { Locale } from '@lanxang/contracts';

/**
 * A person-readable name for the browser or TV platform in a User-Agent, for "Lanxang TV on a
 * Samsung TV". Brand names stay untranslated. The most specific platform wins.
 */
export function browserOf(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const platforms: [RegExp, string][] = [
    [/Tizen/i, 'a Samsung TV'],
    [/Web0S|webOS/i, 'an LG TV'],
    [/CrKey/i, 'a Chromecast'],
    [/Android.*TV|AFT\w|BRAVIA/i, 'an Android TV'],
    [/Edg\//, 'Microsoft Edge'],
    [/Firefox\//, 'Firefox'],
    [/Chromium\//, 'a Chromium TV browser'],
    [/Chrome\//, 'Chrome'],
    [/Safari\//, 'Safari'],
  ];
  return platforms.find(([pattern]) => pattern.test(userAgent))?.[1] ?? null;
}

/** "2 minutes ago", "ຫາກໍ່ນີ້": computed where the page is rendered, sent as text. */
export function timeAgo(iso: string, now: Date, locale: Locale): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}
