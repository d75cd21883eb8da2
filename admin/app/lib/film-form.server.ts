import {
  CERTIFICATION_MAX,
  CHARACTER_MAX,
  CREW_JOB_MAX,
  IdSchema,
  IMDB_ID_PATTERN,
  MOVIE_OVERVIEW_MAX,
  MOVIE_TAGLINE_MAX,
  MOVIE_TITLE_MAX,
  RUNTIME_MINUTES_MAX,
  TRAILER_URL_MAX,
  VOTE_AVERAGE_MAX,
  type MovieDetails,
  type MovieSave,
  type MovieUpdate,
} from '@lanxang/contracts';
import { z } from 'zod';
import {
  changedLocales,
  emptyAsNull,
  sameText,
  textPair,
  textPairWithEnglish,
} from './forms.server';

const both = textPair;
const withEnglish = textPairWithEnglish;

/**
 * The film editor's form, checked here before anything reaches the API, with messages that are
 * i18n keys so the admin reads them in the UI language. The API validates again (it is the
 * authority); its messages are shown as they come when this schema lets something through.
 */
export const FilmFormSchema = z.object({
  title: withEnglish(MOVIE_TITLE_MAX),
  overview: both(MOVIE_OVERVIEW_MAX),
  tagline: both(MOVIE_TAGLINE_MAX),
  releaseDate: emptyAsNull(z.iso.date('validation.date')),
  runtimeMinutes: emptyAsNull(
    z.coerce
      .number('validation.wholeNumber')
      .int('validation.wholeNumber')
      .min(1, 'validation.runtime')
      .max(RUNTIME_MINUTES_MAX, 'validation.runtime'),
  ),
  certification: emptyAsNull(z.string().trim().max(CERTIFICATION_MAX, 'validation.tooLong')),
  voteAverage: emptyAsNull(
    z.coerce
      .number('validation.number')
      .min(0, 'validation.rating')
      .max(VOTE_AVERAGE_MAX, 'validation.rating'),
  ),
  imdbId: emptyAsNull(z.string().trim().regex(IMDB_ID_PATTERN, 'validation.imdbId')),
  trailerUrl: emptyAsNull(z.url('validation.url').max(TRAILER_URL_MAX, 'validation.tooLong')),
  /** Empty: the film is free. A tier makes it rental-only at the tier's price. */
  pricingTierId: emptyAsNull(z.coerce.number().int().positive()),
  genreIds: z.array(IdSchema),
  cast: z
    .array(z.object({ personId: IdSchema, character: both(CHARACTER_MAX) }))
    .optional()
    .transform((cast) => cast ?? []),
  crew: z
    .array(
      z.object({
        personId: IdSchema,
        department: z.string().min(1),
        job: withEnglish(CREW_JOB_MAX),
      }),
    )
    .optional()
    .transform((crew) => crew ?? []),
});

export type FilmForm = z.output<typeof FilmFormSchema>;

/** The PATCH body holding what the admin changed, or `null` when nothing did. */
function filmUpdate(form: FilmForm, stored: MovieDetails): MovieUpdate | null {
  const update: MovieUpdate = {};
  for (const field of ['title', 'overview', 'tagline'] as const) {
    if (!sameText(form[field], stored[field]))
      update[field] = changedLocales(form[field], stored[field]);
  }
  const scalars = {
    releaseDate: [form.releaseDate, stored.releaseDate],
    runtimeMinutes: [form.runtimeMinutes, stored.runtimeMinutes],
    certification: [form.certification, stored.certification],
    voteAverage: [form.voteAverage, stored.voteAverage],
    imdbId: [form.imdbId, stored.imdbId],
    trailerUrl: [form.trailerUrl, stored.trailerUrl],
    pricingTierId: [form.pricingTierId, stored.pricingTierId],
  } as const;
  for (const [key, [next, current]] of Object.entries(scalars)) {
    if (next !== current) Object.assign(update, { [key]: next });
  }
  const storedGenres = stored.genres.map((genre) => genre.id).sort((a, b) => a - b);
  const formGenres = [...form.genreIds].sort((a, b) => a - b);
  if (storedGenres.join() !== formGenres.join()) update.genreIds = form.genreIds;
  return Object.keys(update).length > 0 ? update : null;
}

/** The whole cast in the form's order, or `null` when neither order nor characters changed. */
function castUpdate(form: FilmForm, stored: MovieDetails) {
  const storedCast = [...stored.cast].sort((a, b) => a.order - b.order);
  const unchanged =
    form.cast.length === storedCast.length &&
    form.cast.every((member, index) => {
      const before = storedCast[index];
      return before?.person.id === member.personId && sameText(member.character, before.character);
    });
  if (unchanged) return null;
  return form.cast.map((member) => ({
    personId: member.personId,
    character: withoutEmpty(member.character),
  }));
}

/** The whole crew, or `null` when no job changed. */
function crewUpdate(form: FilmForm, stored: MovieDetails) {
  const unchanged =
    form.crew.length === stored.crew.length &&
    form.crew.every((member, index) => {
      const before = stored.crew[index];
      return before?.person.id === member.personId && sameText(member.job, before.job);
    });
  if (unchanged) return null;
  return form.crew.map((member) => ({
    personId: member.personId,
    department: member.department,
    job: { en: member.job.en, ...(member.job.lo ? { lo: member.job.lo } : { lo: '' }) },
  }));
}

/**
 * One save of the film with whichever of its fields, cast and crew changed, or `null` when none
 * did: the API writes them in one transaction, so a refused credit leaves the film unchanged.
 */
export function filmSave(form: FilmForm, stored: MovieDetails): MovieSave | null {
  const movie = filmUpdate(form, stored);
  const cast = castUpdate(form, stored);
  const crew = crewUpdate(form, stored);
  if (!movie && !cast && !crew) return null;
  return { ...(movie && { movie }), ...(cast && { cast }), ...(crew && { crew }) };
}

function withoutEmpty(text: { en: string; lo: string }): { en?: string; lo?: string } {
  return { ...(text.en ? { en: text.en } : {}), lo: text.lo };
}
