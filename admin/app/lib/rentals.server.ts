import {
  PRICE_LAK_MAX,
  PROMO_USES_MAX,
  PromoCodeInputSchema,
  PromoKindSchema,
  RENTAL_HOURS_MAX,
  TIER_NAME_MAX,
  type Locale,
} from '@lanxang/contracts';
import { data } from '@remix-run/node';
import { z } from 'zod';
import { ApiError, apiFor, type ApiClient } from './api.server';
import { assertSameOrigin } from './csrf.server';
import { emptyAsNull, formToObject, optionalText } from './forms.server';
import { toShownProblem } from './problems.server';
import { requireAdmin } from './session.server';

/**
 * What a rentals admin action answers. `target` names the form it is about (`tier-3`,
 * `new-promo`), so a page holding many small forms marks the right one.
 */
export type RentalsActionResult =
  | { status: 'saved'; target: string; savedAt: number }
  | {
      status: 'invalid';
      target: string;
      errors: Record<string, string>;
      values: Record<string, unknown>;
    };

/** The start of every rentals admin action: an admin, posting from this site, the form read. */
export async function rentalsSubmission(request: Request) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const values = formToObject(await request.formData());
  return { api: apiFor(request), values, intent: String(values.intent ?? '') };
}

export function saved(target: string) {
  return { status: 'saved', target, savedAt: Date.now() } satisfies RentalsActionResult;
}

/** A form refused here (zod) or by the API (a 400 or 409 with its field messages). */
export function refused(
  target: string,
  values: Record<string, unknown>,
  problem: z.ZodError | unknown,
) {
  let errors: Record<string, string>;
  let status = 400;
  if (problem instanceof z.ZodError) {
    errors = {};
    for (const issue of problem.issues) errors[issue.path.join('.') || 'form'] ??= issue.message;
  } else if (problem instanceof ApiError && [400, 409, 422].includes(problem.status)) {
    errors = toShownProblem(problem).fields;
    status = problem.status;
  } else {
    throw problem;
  }
  return data({ status: 'invalid', target, errors, values } satisfies RentalsActionResult, {
    status,
  });
}

const wholeNumber = (min: number, max: number, message: string) =>
  z.coerce
    .number('validation.wholeNumber')
    .int('validation.wholeNumber')
    .min(min, message)
    .max(max, message);

export const TierFormSchema = z.object({
  name: z.object({
    en: z
      .string()
      .trim()
      .min(1, 'validation.englishRequired')
      .max(TIER_NAME_MAX, 'validation.tooLong'),
    lo: optionalText(TIER_NAME_MAX),
  }),
  priceLak: wholeNumber(1, PRICE_LAK_MAX, 'validation.price'),
  rentalHours: wholeNumber(1, RENTAL_HOURS_MAX, 'validation.rentalHours'),
  position: emptyAsNull(wholeNumber(0, 10_000, 'validation.wholeNumber')).transform(
    (position) => position ?? 0,
  ),
});

/** A day from a date input, as the start (or end) of that day in UTC; empty is no limit. */
const day = (edge: 'start' | 'end') =>
  emptyAsNull(z.iso.date('validation.date')).transform((date) =>
    date === null ? null : `${date}T${edge === 'start' ? '00:00:00' : '23:59:59'}Z`,
  );

export const PromoFormSchema = z.object({
  kind: PromoKindSchema,
  value: emptyAsNull(wholeNumber(1, PRICE_LAK_MAX, 'validation.promoValue')),
  maxUses: emptyAsNull(wholeNumber(1, PROMO_USES_MAX, 'validation.wholeNumber')),
  validFrom: day('start'),
  validUntil: day('end'),
  movieId: emptyAsNull(z.coerce.number().int().positive()),
});

export const NewPromoFormSchema = PromoFormSchema.extend({
  code: z
    .string()
    .pipe(PromoCodeInputSchema.catch(''))
    .pipe(z.string().min(1, 'validation.promoCode')),
});

/** Films to pick from (promo codes for one film, the payments filter), by title. */
export async function filmChoices(api: ApiClient, locale: Locale) {
  const films = await api.call('adminListMovies', { query: { pageSize: 100 } });
  return films.items
    .map((film) => ({ id: film.id, title: film.title[locale] || film.title.en || `#${film.id}` }))
    .sort((a, b) => a.title.localeCompare(b.title, locale));
}
