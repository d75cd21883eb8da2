import type { Locale } from '@lanxang/contracts';

/** `₭15,000` in English and `₭15.000` in Lao: kip has no minor unit in use, so whole numbers. */
export function formatKip(amount: number, locale: Locale): string {
  const number = new Intl.NumberFormat(locale === 'lo' ? 'lo-LA' : 'en-US', {
    maximumFractionDigits: 0,
  }).format(amount);
  return `₭${number}`;
}
