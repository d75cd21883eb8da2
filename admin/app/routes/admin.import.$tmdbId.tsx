import { TmdbIdSchema } from '@lanxang/contracts';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '~/components/problem-alert';
import { ResyncButton } from '~/components/resync-button';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { toShownProblem } from '~/lib/problems.server';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  {
    title: `${loaded?.preview?.title.en ?? 'TMDB film'} · Import · Lanxang Admin`,
  },
];

/** Long enough for an import, which downloads every poster, backdrop and logo first. */
const IMPORT_TIMEOUT_MS = 120_000;
const SHOWN_CAST = 15;
const SHOWN_IMAGES = 6;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const tmdbId = requireId(params, 'tmdbId', TmdbIdSchema);
  try {
    const preview = await apiFor(request).call('adminTmdbPreview', { params: { tmdbId } });
    return { tmdbId, preview, problem: null };
  } catch (error) {
    const problem = toShownProblem(error);
    if (problem.code === 'tmdb_not_found') rethrowAsRouteError(error);
    return { tmdbId, preview: null, problem };
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request);
  const tmdbId = requireId(params, 'tmdbId', TmdbIdSchema);
  try {
    const film = await apiFor(request).call('adminTmdbImport', {
      body: { tmdbId },
      timeoutMs: IMPORT_TIMEOUT_MS,
    });
    return redirect(`/admin/films/${film.id}`);
  } catch (error) {
    const problem = toShownProblem(error);
    return data({ problem }, { status: problem.status });
  }
}

export default function ImportPreview() {
  const { preview, problem, tmdbId } = useLoaderData<typeof loader>();
  const imported = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const importing = navigation.state !== 'idle' && navigation.formMethod === 'POST';

  if (!preview) {
    return (
      <div className="ingest">
        <p>
          <Link to="/admin/import">← {t('importer.backToSearch')}</Link>
        </p>
        <h1>{t('importer.previewTitle', { id: tmdbId })}</h1>
        {problem ? <ProblemAlert code={problem.code} message={problem.message} /> : null}
      </div>
    );
  }

  const poster = preview.images.posters[0];
  const directors = preview.crew.filter((member) => member.job === 'Director');
  const writers = preview.crew.filter((member) => member.department === 'Writing');

  return (
    <article className="ingest tmdb-preview">
      <p>
        <Link to="/admin/import">← {t('importer.backToSearch')}</Link>
      </p>
      <header className="film-header">
        {poster ? (
          <img className="film-poster" src={poster.url} alt="" width={160} height={240} />
        ) : (
          <span className="film-poster poster-missing" />
        )}
        <div>
          <h1>{preview.title.en || preview.originalTitle}</h1>
          {preview.title.lo ? (
            <p className="film-title-lo" lang="lo">
              {preview.title.lo}
            </p>
          ) : null}
          <p className="badges">
            {preview.hasLao ? (
              <span className="badge badge-lao-complete" data-testid="lao-translation">
                {t('importer.hasLao')}
              </span>
            ) : (
              <span className="badge badge-lao-missing" data-testid="lao-translation">
                {t('importer.noLao')}
              </span>
            )}
            {preview.importedMovieId ? (
              <span className="badge badge-imported">{t('importer.imported')}</span>
            ) : null}
          </p>
          <p className="muted">
            {[
              preview.releaseDate?.slice(0, 4),
              preview.runtimeMinutes
                ? t('importer.minutes', { count: preview.runtimeMinutes })
                : null,
              preview.certification,
              preview.genres.map((genre) => genre.name).join(', '),
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
          {imported?.problem ? (
            <ProblemAlert code={imported.problem.code} message={imported.problem.message} />
          ) : null}
          <div className="actions">
            {preview.importedMovieId ? (
              <>
                <Link className="button" to={`/admin/films/${preview.importedMovieId}`}>
                  {t('importer.openFilm')}
                </Link>
                <ResyncButton movieId={preview.importedMovieId} />
              </>
            ) : (
              <Form method="post">
                <button type="submit" disabled={importing} aria-describedby="import-hint">
                  {importing ? t('importer.importing') : t('importer.import')}
                </button>
              </Form>
            )}
          </div>
          {preview.importedMovieId ? null : (
            <p id="import-hint" className="muted">
              {t('importer.importHint')}
            </p>
          )}
        </div>
      </header>

      <section aria-labelledby="overview-title">
        <h2 id="overview-title">{t('importer.overview')}</h2>
        <p lang="en">{preview.overview.en || t('importer.noOverview')}</p>
        {preview.overview.lo ? <p lang="lo">{preview.overview.lo}</p> : null}
        {preview.tagline.en ? <p className="muted">“{preview.tagline.en}”</p> : null}
      </section>

      <section aria-labelledby="cast-title">
        <h2 id="cast-title">
          {t('importer.cast')}{' '}
          <span className="muted">({t('importer.castCount', { count: preview.cast.length })})</span>
        </h2>
        {preview.cast.length === 0 ? (
          <p className="empty">{t('importer.noCast')}</p>
        ) : (
          <ul className="people" role="list">
            {preview.cast.slice(0, SHOWN_CAST).map((member) => (
              <li key={`${member.tmdbId}-${member.order}`}>
                {member.profileUrl ? (
                  <img src={member.profileUrl} alt="" width={45} height={68} loading="lazy" />
                ) : (
                  <span className="person-missing" />
                )}
                <span>
                  <strong>{member.name}</strong>
                  <span className="muted">{member.character}</span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="crew-title">
        <h2 id="crew-title">{t('importer.crew')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('importer.directors')}</dt>
            <dd>{directors.map((member) => member.name).join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>{t('importer.writers')}</dt>
            <dd>{[...new Set(writers.map((member) => member.name))].join(', ') || '—'}</dd>
          </div>
          <div>
            <dt>{t('importer.crewCount')}</dt>
            <dd>{preview.crew.length}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="images-title">
        <h2 id="images-title">{t('importer.images')}</h2>
        <p className="muted">
          {t('importer.imageCounts', {
            posters: preview.images.posters.length,
            backdrops: preview.images.backdrops.length,
            logos: preview.images.logos.length,
          })}
        </p>
        <ul className="image-strip" role="list">
          {[...preview.images.posters, ...preview.images.backdrops]
            .slice(0, SHOWN_IMAGES)
            .map((image) => (
              <li key={image.url}>
                <img
                  src={image.url}
                  alt=""
                  height={120}
                  width={Math.round((120 * image.width) / Math.max(image.height, 1))}
                  loading="lazy"
                />
                {image.locale ? <span className="chip">{image.locale}</span> : null}
              </li>
            ))}
        </ul>
      </section>
    </article>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
