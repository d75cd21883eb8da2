import type { Home } from '@lanxang/contracts';
import type { Rental } from '../services/rentals';
import { formatKip, timeLeft } from './format';
import { currentLocale, t } from './i18n';

/** What Home needs of a row to draw it: its catalog rows, and the viewer's own. */
export type ShownRow = Pick<Home['rows'][number], 'id' | 'title' | 'items'>;

/** `₭15,000 · 24 hours`, or `₭15.000 · 24 ຊົ່ວໂມງ` in Lao. */
export function priceLabel(amountLak: number, rentalHours: number): string {
  return t('rent.price', {
    price: formatKip(amountLak, currentLocale()),
    hours: t('rent.hours', { count: rentalHours }),
  });
}

/** `Rented · 23 h 5 min left`: what a rented film's Details says instead of its price. */
export function timeLeftLabel(expiresAt: string, now = Date.now()): string {
  const { hours, minutes } = timeLeft(expiresAt, now);
  return hours > 0
    ? t('rent.timeLeftHours', { hours, minutes })
    : t('rent.timeLeftMinutes', { minutes });
}

/** "My rentals", soonest to end first; empty (so not shown) once none is running. */
export function myRentalsRow(rentals: Rental[], now = Date.now()): ShownRow {
  return {
    id: 'my-rentals',
    title: { en: t('home.myRentals', { lng: 'en' }), lo: t('home.myRentals', { lng: 'lo' }) },
    items: rentals
      .filter((rental) => Date.parse(rental.expiresAt) > now)
      .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))
      .map((rental) => rental.movie),
  };
}
