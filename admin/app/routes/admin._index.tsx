import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { resolveText } from '@lanxang/contracts';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { getLocale, requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Lanxang Admin' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const api = apiFor(request);
  const locale = await getLocale(request);
  // pageSize=1: only the total is wanted here, not the films.
  const [films, genres] = await Promise.all([
    api.listMovies({ pageSize: 1 }),
    api.listGenres(),
  ]).catch(rethrowAsRouteError);
  return {
    filmCount: films.total,
    genres: genres.items.map((genre) => ({ id: genre.id, name: resolveText(genre.name, locale) })),
  };
}

export default function Dashboard() {
  const { filmCount, genres } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <dl className="stats">
        <div className="stat">
          <dt>{t('dashboard.films')}</dt>
          <dd className="stat-value" data-testid="film-count">
            {filmCount}
          </dd>
          <dd>
            <Link to="/admin/films">{t('dashboard.browseFilms')}</Link>
          </dd>
        </div>
        <div className="stat">
          <dt>{t('dashboard.genres')}</dt>
          <dd className="stat-value" data-testid="genre-count">
            {genres.length}
          </dd>
        </div>
      </dl>

      {filmCount === 0 ? (
        <div className="empty">
          <p>{t('dashboard.noFilms')}</p>
          <p className="muted">{t('dashboard.noFilmsHint')}</p>
        </div>
      ) : null}

      <section aria-labelledby="genres-title">
        <h2 id="genres-title">{t('dashboard.genresTitle')}</h2>
        {genres.length === 0 ? (
          <p className="empty">{t('dashboard.noGenres')}</p>
        ) : (
          <ul className="chips" role="list">
            {genres.map((genre) => (
              <li key={genre.id}>
                <Link
                  className="chip"
                  to={`/admin/films?genre=${genre.id}`}
                  aria-label={t('dashboard.filmsInGenre', { genre: genre.name })}
                >
                  {genre.name}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
