import type { MovieDetails, Payment, Rental, RentalPrice } from '@lanxang/contracts';
import { callRoute, getRoute } from './client';
import { ensureAnonymousId, isSignedIn } from './session';

export type { Payment, Rental, RentalPrice };

/** The API holds a status request open this long at most (`PAYMENT_WAIT_MAX_SECONDS`). */
const WAIT_SECONDS = 25;

/**
 * Rentals belong to someone: a TV not signed in rents as its anonymous viewer, whose id may still
 * be on its way from boot (a call without it would be refused and drop the id).
 */
async function asViewer(): Promise<void> {
  if (!isSignedIn()) await ensureAnonymousId();
}

/** What renting `movie` costs this viewer, and their rental of it if one is running. */
export async function getRentalPrice(movie: Pick<MovieDetails, 'slug'>): Promise<RentalPrice> {
  await asViewer();
  return getRoute('getRentalPrice', { idOrSlug: movie.slug });
}

/** A LAO QR payment for `movie`, with the phone link and code that reach it. */
export async function startPayment(movie: Pick<MovieDetails, 'id'>): Promise<Payment> {
  await asViewer();
  return callRoute('startPayment', { body: { movieId: movie.id, provider: 'laoqr' } });
}

/**
 * The payment once it differs from `version` (paid, expired, a promo applied on a phone), or as
 * it is after the API's longest wait. The API answers within a second of the change.
 */
export function waitForPayment(payment: Pick<Payment, 'id' | 'version'>): Promise<Payment> {
  return callRoute('getPayment', {
    params: { id: payment.id },
    query: { waitSeconds: WAIT_SECONDS, version: payment.version },
    timeoutMs: (WAIT_SECONDS + 10) * 1000,
  });
}

export async function cancelPayment(payment: Pick<Payment, 'id'>): Promise<void> {
  await callRoute('cancelPayment', { params: { id: payment.id } });
}

export async function getActiveRentals(): Promise<Rental[]> {
  await asViewer();
  return (await getRoute('listRentals')).active;
}

/** Whether Enter on a film's first button should open the Rent screen rather than play. */
export function needsRental(
  movie: Pick<MovieDetails, 'rentalRequired'>,
  price: RentalPrice | undefined,
): boolean {
  return movie.rentalRequired && !price?.activeRentalExpiresAt;
}
