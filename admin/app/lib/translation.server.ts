import {
  resolveText,
  type Locale,
  type TranslationField,
  type TranslationKind,
  type TranslationQueue,
} from '@lanxang/contracts';
import type { ApiClient } from './api.server';
import type { AdminMovieSummary } from './films.server';

const LIST_PAGE_SIZE = 100;

export interface Completeness {
  translated: number;
  total: number;
}

export const percent = ({ translated, total }: Completeness) =>
  total === 0 ? 100 : Math.floor((translated / total) * 100);

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

/** One text to translate: the English source and the Lao so far. */
export interface QueueField {
  /** The form name the queue uses, e.g. `title`, `cast.2`, `crew.0`, `biography`. */
  name: string;
  kind: TranslationField['kind'];
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

/** The queue's kinds as its addresses name them; the API calls a film a `movie`. */
const API_KIND = { film: 'movie', person: 'person', genre: 'genre' } as const satisfies Record<
  QueueKind,
  TranslationKind
>;
const QUEUE_KIND = { movie: 'film', person: 'person', genre: 'genre' } as const satisfies Record<
  TranslationKind,
  QueueKind
>;
const MULTILINE: ReadonlySet<QueueField['kind']> = new Set(['overview', 'biography']);

function queueItem(item: TranslationQueue['items'][number], locale: Locale): QueueItem {
  const kind = QUEUE_KIND[item.kind];
  return {
    key: `${kind}-${item.id}`,
    kind,
    id: item.id,
    label: item.name.en || item.name.lo || String(item.id),
    labelLo: item.name.lo ?? '',
    ...(item.status && { status: item.status }),
    fields: item.fields.map(({ name, kind: fieldKind, en, lo, person }) => ({
      name,
      kind: fieldKind,
      en,
      lo,
      multiline: MULTILINE.has(fieldKind),
      ...(person && { context: resolveText(person.name, locale), personId: person.id }),
    })),
    completeness: item.progress,
  };
}

/**
 * The first page of what is still missing Lao (films first, with their credits, then people,
 * then genres), or of one kind, with the whole queue's counts: one API read.
 */
export async function translationQueue(api: ApiClient, locale: Locale, kind?: QueueKind) {
  const queue = await api.call('adminTranslationQueue', {
    query: { ...(kind && { kind: API_KIND[kind] }), pageSize: LIST_PAGE_SIZE },
  });
  const counts = Object.fromEntries(
    Object.entries(queue.counts).map(([apiKind, count]) => [
      QUEUE_KIND[apiKind as TranslationKind],
      count,
    ]),
  ) as Record<QueueKind, number>;
  return {
    items: queue.items.map((item) => queueItem(item, locale)),
    counts,
    /** Records missing Lao, every kind. */
    total: Object.values(queue.counts).reduce((sum, count) => sum + count, 0),
    missingFields: queue.fields,
  };
}
