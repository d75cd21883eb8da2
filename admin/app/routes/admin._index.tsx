import { resolveText } from '@lanxang/contracts';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '~/components/badges';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { getLocale, requireAdmin } from '~/lib/session.server';
import { percent } from '~/lib/translation.server';

export const meta: MetaFunction = () => [{ title: 'Dashboard · Lanxang Admin' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const api = apiFor(request);
  const locale = await getLocale(request);
  const [dashboard, genres] = await Promise.all([
    api.call('adminDashboard'),
    api.listGenres(),
  ]).catch(rethrowAsRouteError);
  return {
    published: dashboard.films.published,
    drafts: dashboard.films.draft,
    genreCount: genres.items.length,
    genres: genres.items.map((genre) => ({ id: genre.id, name: resolveText(genre.name, locale) })),
    overallPercent: percent(dashboard.filmTexts),
    overall: dashboard.filmTexts,
    // Least translated first: that is where the work is.
    films: dashboard.leastTranslated
      .map((film) => ({
        id: film.id,
        title: resolveText(film.title, locale),
        status: film.status,
        percent: percent(film.progress),
      }))
      .sort((a, b) => a.percent - b.percent || a.title.localeCompare(b.title)),
    activity: dashboard.activity.map((entry) => ({
      id: entry.id,
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      subject: entry.movieTitle ? resolveText(entry.movieTitle, locale) : `#${entry.entityId}`,
      createdAt: entry.createdAt,
    })),
  };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const filmCount = data.published + data.drafts;
  const formatTime = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language === 'lo' ? 'lo-LA' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Asia/Vientiane',
    }).format(new Date(iso));

  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <dl className="stats">
        <div className="stat">
          <dt>{t('dashboard.films')}</dt>
          <dd className="stat-value" data-testid="film-count">
            {data.published}
          </dd>
          <dd>
            <Link to="/admin/films?status=published">{t('dashboard.browseFilms')}</Link>
          </dd>
        </div>
        <div className="stat">
          <dt>{t('dashboard.drafts')}</dt>
          <dd className="stat-value" data-testid="draft-count">
            {data.drafts}
          </dd>
          <dd>
            <Link to="/admin/films?status=draft">{t('dashboard.browseDrafts')}</Link>
          </dd>
        </div>
        <div className="stat">
          <dt>{t('dashboard.genres')}</dt>
          <dd className="stat-value" data-testid="genre-count">
            {data.genreCount}
          </dd>
          <dd>
            <Link to="/admin/genres">{t('dashboard.editGenres')}</Link>
          </dd>
        </div>
        <div className="stat">
          <dt>{t('dashboard.laoComplete')}</dt>
          <dd className="stat-value" data-testid="lao-percent">
            {data.overallPercent}%
          </dd>
          <dd>
            <Link to="/admin/translations">{t('dashboard.openQueue')}</Link>
          </dd>
        </div>
      </dl>

      {filmCount === 0 ? (
        <div className="empty">
          <p>{t('dashboard.noFilms')}</p>
          <p className="muted">{t('dashboard.noFilmsHint')}</p>
        </div>
      ) : null}

      <div className="dashboard-columns">
        <section aria-labelledby="completeness-title">
          <h2 id="completeness-title">{t('dashboard.completenessTitle')}</h2>
          <p className="muted">{t('dashboard.completenessHint', data.overall)}</p>
          <table className="completeness-table">
            <thead>
              <tr>
                <th scope="col">{t('films.columns.title')}</th>
                <th scope="col">{t('films.columns.status')}</th>
                <th scope="col">{t('films.columns.lao')}</th>
              </tr>
            </thead>
            <tbody>
              {data.films.map((film) => (
                <tr key={film.id}>
                  <td>
                    <Link to={`/admin/films/${film.id}`}>{film.title}</Link>
                  </td>
                  <td>
                    <StatusBadge status={film.status} />
                  </td>
                  <td>
                    <span className="completeness-cell">
                      <meter
                        min={0}
                        max={100}
                        value={film.percent}
                        aria-label={t('dashboard.filmLao', { title: film.title })}
                      />
                      <span>{film.percent}%</span>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <section aria-labelledby="activity-title">
          <h2 id="activity-title">{t('dashboard.activityTitle')}</h2>
          {data.activity.length === 0 ? (
            <p className="empty">{t('dashboard.noActivity')}</p>
          ) : (
            <ol className="activity" role="list">
              {data.activity.map((entry) => (
                <li key={entry.id}>
                  <span className="activity-action">
                    {t('dashboard.activity', {
                      actor: entry.actor,
                      action: t(`audit.${entry.action.replace('.', '_')}` as 'audit.movie_update', {
                        defaultValue: entry.action,
                      }),
                      subject:
                        entry.entityType === 'movie'
                          ? entry.subject
                          : `${t(`audit.entity.${entry.entityType}` as 'audit.entity.movie', {
                              defaultValue: entry.entityType,
                            })} ${entry.entityType === 'featured' ? '' : entry.subject}`.trim(),
                    })}
                  </span>
                  <time className="muted" dateTime={entry.createdAt}>
                    {formatTime(entry.createdAt)}
                  </time>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <section aria-labelledby="genres-title">
        <h2 id="genres-title">{t('dashboard.genresTitle')}</h2>
        {data.genres.length === 0 ? (
          <p className="empty">{t('dashboard.noGenres')}</p>
        ) : (
          <ul className="chips" role="list">
            {data.genres.map((genre) => (
              <li key={genre.id}>
                <span className="chip">{genre.name}</span>
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
