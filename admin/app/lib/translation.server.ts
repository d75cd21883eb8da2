import {
  resolveText,
  type Genre,
  type Locale,
  type LocalizedText,
  type MovieDetails,
  type PersonDetails,
} from '@lanxang/contracts';
import type { ApiClient } from './api.server';
import type { AdminMovieSummary } from './films.server';

const MOVIE_TEXT_FIELDS = ['title', 'overview', 'tagline'] as const;
const LIST_PAGE_SIZE = 100;
/** Enough parallel reads to be quick, few enough not to crowd the API's connection pool. */
const CONCURRENCY = 6;

export interface Completeness {
  translated: number;
  total: number;
}

export const percent = ({ translated, total }: Completeness) =>
  total === 0 ? 100 : Math.floor((translated / total) * 100);

/**
 * A film's title, overview and tagline in Lao, counted from the admin list's `missing`: a field
 * counts only when it has an English text to translate (an empty tagline asks for nothing).
 */
export function filmTextCompleteness(movie: Pick<AdminMovieSummary, 'missing'>): Completeness {
  const missing = new Set(movie.missing);
  const wanted = MOVIE_TEXT_FIELDS.filter((field) => !missing.has(`en.${field}`));
  return {
    total: wanted.length,
    translated: wanted.filter((field) => !missing.has(`lo.${field}`)).length,
  };
}

export function sumCompleteness(parts: readonly Completeness[]): Completeness {
  return parts.reduce(
    (sum, part) => ({
      translated: sum.translated + part.translated,
      total: sum.total + part.total,
    }),
    { translated: 0, total: 0 },
  );
}

/** Every film, drafts included, page by page. */
export async function allAdminFilms(api: ApiClient): Promise<AdminMovieSummary[]> {
  const films: AdminMovieSummary[] = [];
  for (let page = 1; ; page += 1) {
    const result = await api.call('adminListMovies', {
      query: { page, pageSize: LIST_PAGE_SIZE },
    });
    films.push(...result.items);
    if (films.length >= result.total || result.items.length === 0) return films;
  }
}

async function mapLimited<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}

/** One text to translate: the English source and the Lao so far. */
export interface QueueField {
  /** The form name the queue uses, e.g. `title`, `cast.2`, `crew.0`, `biography`. */
  name: string;
  kind: 'title' | 'overview' | 'tagline' | 'character' | 'job' | 'name' | 'biography';
  /** For credits: whose character or job this is. */
  context?: string;
  /** For credits: the person, so a save lands on the same credit even if the list changed. */
  personId?: number;
  en: string;
  lo: string;
  multiline: boolean;
}

export type QueueKind = 'film' | 'person' | 'genre';

export interface QueueItem {
  key: string;
  kind: QueueKind;
  id: number;
  label: string;
  labelLo: string;
  status?: 'draft' | 'published';
  fields: QueueField[];
  completeness: Completeness;
}

const needsLao = (text: LocalizedText) => Boolean(text.en?.trim()) && !text.lo?.trim();
const field = (
  name: string,
  kind: QueueField['kind'],
  text: LocalizedText,
  multiline = false,
  credit?: { context: string; personId: number },
): QueueField => ({ name, kind, en: text.en ?? '', lo: text.lo ?? '', multiline, ...credit });

/** A film's texts with an English source: its own, then cast characters and crew jobs. */
export function filmFields(movie: MovieDetails, locale: Locale): QueueField[] {
  const cast = [...movie.cast].sort((a, b) => a.order - b.order);
  return [
    field('title', 'title', movie.title),
    field('tagline', 'tagline', movie.tagline),
    field('overview', 'overview', movie.overview, true),
    ...cast.map((member, index) =>
      field(`cast.${index}`, 'character', member.character, false, {
        context: resolveText(member.person.name, locale),
        personId: member.person.id,
      }),
    ),
    ...movie.crew.map((member, index) =>
      field(`crew.${index}`, 'job', member.job, false, {
        context: resolveText(member.person.name, locale),
        personId: member.person.id,
      }),
    ),
  ].filter((entry) => entry.en.trim() !== '');
}

export function personFields(person: PersonDetails): QueueField[] {
  return [
    field('name', 'name', person.name),
    field('biography', 'biography', person.biography, true),
  ].filter((entry) => entry.en.trim() !== '');
}

function completenessOf(fields: readonly QueueField[]): Completeness {
  return {
    total: fields.length,
    translated: fields.filter((entry) => entry.lo.trim() !== '').length,
  };
}

/**
 * Everything still missing Lao: films first (their texts and credits), then people, then
 * genres. The API has no "people missing Lao" list yet, so people are found through the films'
 * credits; that is one read per film and per person, fine for a catalog of hundreds.
 */
export async function translationQueue(api: ApiClient, locale: Locale): Promise<QueueItem[]> {
  const [summaries, genres] = await Promise.all([allAdminFilms(api), api.listGenres()]);
  const films = await mapLimited(summaries, (summary) =>
    api.call('adminGetMovie', { params: { id: summary.id } }),
  );
  const personIds = [
    ...new Set(films.flatMap((film) => [...film.cast, ...film.crew].map((c) => c.person.id))),
  ];
  const people = await mapLimited(personIds, (id) => api.getPerson(id));

  const filmItems = films.flatMap((film): QueueItem[] => {
    const fields = filmFields(film, locale);
    const completeness = completenessOf(fields);
    if (completeness.translated === completeness.total) return [];
    return [
      {
        key: `film-${film.id}`,
        kind: 'film',
        id: film.id,
        label: film.title.en || film.title.lo || film.slug,
        labelLo: film.title.lo ?? '',
        status: film.status,
        fields,
        completeness,
      },
    ];
  });
  const personItems = people
    .sort((a, b) => (a.name.en ?? '').localeCompare(b.name.en ?? ''))
    .flatMap((person): QueueItem[] => {
      const fields = personFields(person);
      const completeness = completenessOf(fields);
      if (completeness.translated === completeness.total) return [];
      return [
        {
          key: `person-${person.id}`,
          kind: 'person',
          id: person.id,
          label: person.name.en || person.name.lo || String(person.id),
          labelLo: person.name.lo ?? '',
          fields,
          completeness,
        },
      ];
    });
  const genreItems = genres.items
    .filter((genre: Genre) => needsLao(genre.name))
    .map((genre): QueueItem => {
      const fields = [field('name', 'name', genre.name)];
      return {
        key: `genre-${genre.id}`,
        kind: 'genre',
        id: genre.id,
        label: genre.name.en ?? String(genre.id),
        labelLo: '',
        fields,
        completeness: completenessOf(fields),
      };
    });
  return [...filmItems, ...personItems, ...genreItems];
}
