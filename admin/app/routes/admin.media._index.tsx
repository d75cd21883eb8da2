import { SEARCH_QUERY_MAX } from '@lanxang/contracts';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { StatusBadge } from '~/components/badges';
import { JobTable } from '~/components/job-table';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { toJobRow } from '~/lib/media.server';
import { requireAdmin } from '~/lib/session.server';
import { usePoll } from '~/lib/use-poll';

export const meta: MetaFunction = () => [{ title: 'Media · Lanxang Admin' }];

const RECENT_JOBS = 25;
const FILMS_SHOWN = 30;

const SearchSchema = z.object({
  q: z.string().trim().max(SEARCH_QUERY_MAX).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const search = SearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [jobs, films] = await Promise.all([
    apiFor(request).call('adminListJobs', { query: { limit: RECENT_JOBS } }),
    apiFor(request).call('adminListMovies', {
      query: { q: search.q || undefined, pageSize: FILMS_SHOWN },
    }),
  ]).catch(rethrowAsRouteError);

  // Jobs carry film ids only; name the films the list does not already hold.
  const titles: Record<number, string> = {};
  for (const film of films.items) titles[film.id] = film.title.en || film.title.lo || '';
  const unknownIds = [...new Set(jobs.items.map((job) => job.movieId))].filter(
    (id) => !(id in titles),
  );
  const named = await Promise.all(
    unknownIds.map((id) =>
      apiFor(request)
        .call('adminGetMovie', { params: { id } })
        .then(
          (film) => [id, film.title.en || film.title.lo || film.originalTitle] as const,
          // A film deleted since its job ran: the job still shows, by number.
          () => null,
        ),
    ),
  );
  for (const entry of named) if (entry) titles[entry[0]] = entry[1];

  return {
    search,
    jobs: jobs.items.map(toJobRow),
    titles,
    films: films.items.map((film) => ({
      id: film.id,
      title: film.title.en || film.title.lo || '',
      status: film.status,
      year: film.releaseDate?.slice(0, 4) ?? null,
    })),
    filmTotal: films.total,
  };
}

export default function MediaIndex() {
  const { search, jobs, titles, films, filmTotal } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  usePoll(jobs.some((job) => job.active));

  return (
    <div className="ingest">
      <h1>{t('media.title')}</h1>
      <p className="muted">{t('media.lead')}</p>

      <section aria-labelledby="recent-title">
        <h2 id="recent-title">{t('media.recentJobs')}</h2>
        {jobs.length === 0 ? (
          <div className="empty">
            <p>{t('media.noRecentJobs')}</p>
          </div>
        ) : (
          <JobTable jobs={jobs} filmTitles={titles} caption={t('media.recentJobs')} />
        )}
      </section>

      <section aria-labelledby="films-title">
        <h2 id="films-title">{t('media.pickFilm')}</h2>
        <Form method="get" className="toolbar" role="search" aria-label={t('media.pickFilm')}>
          <div className="field">
            <label htmlFor="media-film-search">{t('media.searchFilms')}</label>
            <input
              id="media-film-search"
              type="search"
              name="q"
              defaultValue={search.q ?? ''}
              autoComplete="off"
              className="input-wide"
            />
          </div>
          <div className="toolbar-actions">
            <button type="submit">{t('media.searchSubmit')}</button>
          </div>
        </Form>
        {films.length === 0 ? (
          <div className="empty">
            <p>{search.q ? t('media.noFilmMatch') : t('media.noFilms')}</p>
            {search.q ? null : <Link to="/admin/import">{t('media.importFirst')}</Link>}
          </div>
        ) : (
          <>
            <ul className="media-films" role="list">
              {films.map((film) => (
                <li key={film.id}>
                  <Link to={`/admin/media/${film.id}`}>{film.title}</Link>
                  {film.year ? <span className="muted"> ({film.year})</span> : null}{' '}
                  <StatusBadge status={film.status} />
                </li>
              ))}
            </ul>
            {filmTotal > films.length ? (
              <p className="muted">{t('media.moreFilms', { count: filmTotal - films.length })}</p>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
