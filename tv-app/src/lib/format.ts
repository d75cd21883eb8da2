/** `1:05:09` or `5:09`: the clock format every TV player uses. */
export function formatClock(totalSeconds: number): string {
  const safe = Number.isFinite(totalSeconds) && totalSeconds > 0 ? Math.floor(totalSeconds) : 0;
  const hours = Math.floor(safe / 3600);
  const minutes = Math.floor((safe % 3600) / 60);
  const seconds = safe % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(seconds).padStart(2, '0')}`;
}

export function yearOf(isoDate: string | null): string {
  return isoDate ? isoDate.slice(0, 4) : '';
}

/**
 * `₭15,000` in English, `₭15.000` in Lao (the grouping Lao readers expect). Built by hand rather
 * than with `Intl`: many TV browsers ship without Lao locale data and would print `LAK 15,000`.
 */
export function formatKip(amount: number, locale: 'en' | 'lo'): string {
  const digits = String(Math.round(Math.abs(amount)));
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'lo' ? '.' : ',');
  return `${amount < 0 ? '-' : ''}₭${grouped}`;
}

/** Whole hours and minutes left until `isoDate`: `{ hours: 23, minutes: 5 }`, never negative. */
export function timeLeft(isoDate: string, now = Date.now()): { hours: number; minutes: number } {
  const minutes = Math.max(0, Math.ceil((Date.parse(isoDate) - now) / 60_000));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
