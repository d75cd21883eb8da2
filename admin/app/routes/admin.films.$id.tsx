import { IdSchema, resolveText, type LocalizedText } from '@lanxang/contracts';
import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LaoBadge, StatusBadge } from '~/components/badges';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { imageUrl, laoCompleteness } from '~/lib/films.server';
import { getLocale, requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction<typeof loader> = ({ data: film }) => [
  { title: `${film?.title.en ?? 'Film'} · Lanxang Admin` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = IdSchema.safeParse(params.id);
  if (!id.success) throw data({ code: 'not_found' }, { status: 404 });

  // The public endpoint shows published films only; the editor (issue 6) reads the admin one.
  const locale = await getLocale(request);
  const movie = await apiFor(request).getMovie(id.data).catch(rethrowAsRouteError);
  return {
    id: movie.id,
    slug: movie.slug,
    status: movie.status,
    lao: laoCompleteness(movie),
    title: movie.title,
    overview: movie.overview,
    tagline: movie.tagline,
    originalTitle: movie.originalTitle,
    originalLanguage: movie.originalLanguage,
    releaseDate: movie.releaseDate,
    runtimeMinutes: movie.runtimeMinutes,
    certification: movie.certification,
    voteAverage: movie.voteAverage,
    tmdbId: movie.tmdbId,
    rentalRequired: movie.rentalRequired,
    posterUrl: imageUrl(movie.poster, 300),
    backdropUrl: imageUrl(movie.backdrop, 780),
    imageCounts: {
      posters: movie.images.posters.length,
      backdrops: movie.images.backdrops.length,
      logos: movie.images.logos.length,
    },
    genres: movie.genres.map((genre) => resolveText(genre.name, locale)),
    cast: movie.cast.map((member) => ({
      personId: member.person.id,
      name: member.person.name,
      character: member.character,
      order: member.order,
    })),
    crew: movie.crew.map((member) => ({
      personId: member.person.id,
      name: member.person.name,
      department: member.department,
      job: member.job,
    })),
    videoSources: movie.videoSources,
  };
}

/** English and Lao of one text, side by side; a missing Lao text is marked, not hidden. */
function BothLanguages({ text, missing }: { text: LocalizedText; missing: string }) {
  return (
    <>
      <td lang="en">{text.en || <span className="missing">{missing}</span>}</td>
      <td lang="lo">{text.lo || <span className="missing">{missing}</span>}</td>
    </>
  );
}

export default function FilmDetails() {
  const film = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const missing = t('film.missing');
  const unknown = t('film.unknown');

  return (
    <article className="film-details">
      <p>
        <Link to="/admin/films">← {t('film.backToFilms')}</Link>
      </p>
      <header className="film-header">
        {film.posterUrl ? (
          <img className="film-poster" src={film.posterUrl} alt="" width={160} height={240} />
        ) : (
          <span className="film-poster poster-missing" />
        )}
        <div>
          <h1>{film.title.en || film.title.lo}</h1>
          {film.title.en && film.title.lo ? (
            <p className="film-title-lo" lang="lo">
              {film.title.lo}
            </p>
          ) : null}
          <p className="badges">
            <StatusBadge status={film.status} />
            <LaoBadge completeness={film.lao} />
          </p>
          <p className="muted">{t('film.readOnly')}</p>
        </div>
      </header>

      <section aria-labelledby="text-title">
        <h2 id="text-title">{t('film.text')}</h2>
        <table className="side-by-side">
          <thead>
            <tr>
              <th scope="col">{t('film.field')}</th>
              <th scope="col">{t('film.english')}</th>
              <th scope="col">{t('film.lao')}</th>
            </tr>
          </thead>
          <tbody>
            {(['title', 'overview', 'tagline'] as const).map((field) => (
              <tr key={field}>
                <th scope="row">{t(`film.fields.${field}`)}</th>
                <BothLanguages text={film[field]} missing={missing} />
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t('film.details')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('film.releaseDate')}</dt>
            <dd>{film.releaseDate ?? unknown}</dd>
          </div>
          <div>
            <dt>{t('film.runtime')}</dt>
            <dd>
              {film.runtimeMinutes === null
                ? unknown
                : t('film.minutes', { count: film.runtimeMinutes })}
            </dd>
          </div>
          <div>
            <dt>{t('film.certification')}</dt>
            <dd>{film.certification ?? unknown}</dd>
          </div>
          <div>
            <dt>{t('film.rating')}</dt>
            <dd>{film.voteAverage?.toFixed(1) ?? unknown}</dd>
          </div>
          <div>
            <dt>{t('film.originalTitle')}</dt>
            <dd>{film.originalTitle}</dd>
          </div>
          <div>
            <dt>{t('film.originalLanguage')}</dt>
            <dd>{film.originalLanguage}</dd>
          </div>
          <div>
            <dt>{t('film.rental')}</dt>
            <dd>{film.rentalRequired ? t('film.rentalRequired') : t('film.free')}</dd>
          </div>
          <div>
            <dt>{t('film.tmdbId')}</dt>
            <dd>{film.tmdbId ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('film.genres')}</dt>
            <dd>{film.genres.join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>{t('film.images')}</dt>
            <dd>{t('film.imageCounts', film.imageCounts)}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="cast-title">
        <h2 id="cast-title">{t('film.cast')}</h2>
        {film.cast.length === 0 ? (
          <p className="empty">{t('film.noCast')}</p>
        ) : (
          <table className="side-by-side">
            <thead>
              <tr>
                <th scope="col">{t('film.person')}</th>
                <th scope="col">{t('film.english')}</th>
                <th scope="col">{t('film.lao')}</th>
              </tr>
            </thead>
            <tbody>
              {film.cast.map((member) => (
                <tr key={`${member.personId}-${member.order}`}>
                  <th scope="row">
                    {member.name.en || member.name.lo}
                    {member.name.en && member.name.lo ? (
                      <span className="film-title-lo" lang="lo">
                        {member.name.lo}
                      </span>
                    ) : null}
                  </th>
                  <BothLanguages text={member.character} missing={missing} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="crew-title">
        <h2 id="crew-title">{t('film.crew')}</h2>
        {film.crew.length === 0 ? (
          <p className="empty">{t('film.noCrew')}</p>
        ) : (
          <table className="side-by-side">
            <thead>
              <tr>
                <th scope="col">{t('film.person')}</th>
                <th scope="col">{t('film.english')}</th>
                <th scope="col">{t('film.lao')}</th>
              </tr>
            </thead>
            <tbody>
              {film.crew.map((member) => (
                <tr key={`${member.personId}-${member.department}-${member.job.en ?? ''}`}>
                  <th scope="row">{member.name.en || member.name.lo}</th>
                  <BothLanguages text={member.job} missing={missing} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="media-title">
        <h2 id="media-title">{t('film.media')}</h2>
        {film.videoSources.length === 0 ? (
          <p className="empty">{t('film.noMedia')}</p>
        ) : (
          <ul className="chips" role="list">
            {film.videoSources.map((source) => (
              <li key={source.id} className="chip">
                {source.format.toUpperCase()} · {source.quality} · {source.status}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
