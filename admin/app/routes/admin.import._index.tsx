import {
  SEARCH_QUERY_MAX,
  TMDB_SEARCH_PAGE_MAX,
  TMDB_YEAR_MAX,
  TMDB_YEAR_MIN,
  TmdbBulkImportSchema,
  TmdbSearchQuerySchema,
} from '@lanxang/contracts';
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { ProblemAlert } from '~/components/problem-alert';
import { RouteError } from '~/components/route-error';
import { apiFor } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { toShownProblem } from '~/lib/problems.server';
import { requireAdmin } from '~/lib/session.server';
import { parseTmdbIds } from '~/lib/tmdb-ids';

export const meta: MetaFunction = () => [{ title: 'Import from TMDB · Lanxang Admin' }];

/** A hand-edited URL degrades to "no search yet" rather than an error page. */
const SearchParamsSchema = z.object({
  q: z.string().trim().max(SEARCH_QUERY_MAX).optional().catch(undefined),
  year: z.coerce.number().int().min(TMDB_YEAR_MIN).max(TMDB_YEAR_MAX).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(TMDB_SEARCH_PAGE_MAX).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const search = SearchParamsSchema.parse(
    Object.fromEntries(
      [...new URL(request.url).searchParams].filter(([, value]) => value.trim() !== ''),
    ),
  );
  if (!search.q) return { search, results: null, problem: null };
  const query = TmdbSearchQuerySchema.parse(search);
  try {
    const results = await apiFor(request).call('adminTmdbSearch', { query });
    return { search, results, problem: null };
  } catch (error) {
    // TMDB being unconfigured, rate limited or down is explained on the page, search box intact.
    return { search, results: null, problem: toShownProblem(error) };
  }
}

export async function action({ request }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request);
  const form = await request.formData();
  const pasted = String(form.get('tmdbIds') ?? '');
  const { ids, rejected } = parseTmdbIds(pasted);
  const fieldError = (kind: 'rejected' | 'empty' | 'tooMany') =>
    data(
      { pasted, fieldError: { kind, tokens: rejected.slice(0, 5).join(', ') }, problem: null },
      { status: 400 },
    );
  if (rejected.length > 0) return fieldError('rejected');
  const parsed = TmdbBulkImportSchema.safeParse({ tmdbIds: ids });
  if (!parsed.success) return fieldError(ids.length === 0 ? 'empty' : 'tooMany');

  try {
    const batch = await apiFor(request).call('adminTmdbBulkImport', { body: parsed.data });
    return redirect(`/admin/import/batches/${batch.id}`);
  } catch (error) {
    const problem = toShownProblem(error);
    return data({ pasted, fieldError: null, problem }, { status: problem.status });
  }
}

export default function ImportSearch() {
  const { search, results, problem } = useLoaderData<typeof loader>();
  const bulk = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const searching =
    navigation.state === 'loading' && navigation.location.pathname === '/admin/import';
  const starting = navigation.state === 'submitting' && navigation.formMethod === 'POST';

  const pageHref = (page: number) => {
    const params = new URLSearchParams({ q: search.q ?? '', page: String(page) });
    if (search.year) params.set('year', String(search.year));
    return `?${params}`;
  };

  const bulkError = bulk?.fieldError
    ? bulk.fieldError.kind === 'rejected'
      ? t('importer.bulkRejected', { tokens: bulk.fieldError.tokens })
      : t(`importer.${bulk.fieldError.kind === 'empty' ? 'bulkEmpty' : 'bulkTooMany'}`)
    : null;

  return (
    <div className="ingest">
      <h1>{t('importer.title')}</h1>
      <p className="muted">{t('importer.lead')}</p>

      <Form method="get" className="toolbar" role="search" aria-label={t('importer.searchLabel')}>
        <div className="field">
          <label htmlFor="tmdb-q">{t('importer.query')}</label>
          <input
            id="tmdb-q"
            type="search"
            name="q"
            defaultValue={search.q ?? ''}
            required
            maxLength={SEARCH_QUERY_MAX}
            autoComplete="off"
            className="input-wide"
          />
        </div>
        <div className="field">
          <label htmlFor="tmdb-year">{t('importer.year')}</label>
          <input
            id="tmdb-year"
            type="number"
            name="year"
            inputMode="numeric"
            min={1870}
            max={2100}
            defaultValue={search.year ?? ''}
            className="input-year"
          />
        </div>
        <div className="toolbar-actions">
          <button type="submit">{t('importer.search')}</button>
        </div>
      </Form>

      <section aria-labelledby="results-title" aria-busy={searching}>
        <h2 id="results-title" className="visually-hidden">
          {t('importer.results')}
        </h2>
        {problem ? (
          <ProblemAlert code={problem.code} message={problem.message} />
        ) : results === null ? (
          <div className="empty">
            <p>{t('importer.startHint')}</p>
          </div>
        ) : results.items.length === 0 ? (
          <div className="empty">
            <p>{t('importer.noResults', { q: search.q })}</p>
          </div>
        ) : (
          <>
            <p className="muted" aria-live="polite">
              {t('importer.resultCount', { count: results.totalResults })}
            </p>
            <ul className="tmdb-results" role="list">
              {results.items.map((film) => (
                <li key={film.tmdbId} className="tmdb-result">
                  {film.posterUrl ? (
                    <img src={film.posterUrl} alt="" width={92} height={138} loading="lazy" />
                  ) : (
                    <span className="tmdb-poster-missing" />
                  )}
                  <div className="tmdb-result-body">
                    <h3>
                      <Link to={`/admin/import/${film.tmdbId}`}>{film.title}</Link>{' '}
                      <span className="muted">{film.year ?? t('importer.noYear')}</span>
                    </h3>
                    {film.originalTitle !== film.title ? (
                      <p className="muted">{film.originalTitle}</p>
                    ) : null}
                    <p className="tmdb-overview">{film.overview || t('importer.noOverview')}</p>
                    <p className="actions">
                      <Link className="button" to={`/admin/import/${film.tmdbId}`}>
                        {t('importer.preview')}
                        <span className="visually-hidden">: {film.title}</span>
                      </Link>
                      {film.importedMovieId ? (
                        <>
                          <span className="badge badge-imported">{t('importer.imported')}</span>
                          <Link to={`/admin/films/${film.importedMovieId}`}>
                            {t('importer.openFilm')}
                            <span className="visually-hidden">: {film.title}</span>
                          </Link>
                        </>
                      ) : null}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
            {results.totalPages > 1 ? (
              <nav className="pagination" aria-label={t('importer.pages')}>
                {search.page > 1 ? (
                  <Link to={pageHref(search.page - 1)} rel="prev">
                    {t('importer.previous')}
                  </Link>
                ) : (
                  <span aria-hidden="true" />
                )}
                <span>
                  {t('importer.pageOf', {
                    page: search.page,
                    pages: Math.min(results.totalPages, TMDB_SEARCH_PAGE_MAX),
                  })}
                </span>
                {search.page < Math.min(results.totalPages, TMDB_SEARCH_PAGE_MAX) ? (
                  <Link to={pageHref(search.page + 1)} rel="next">
                    {t('importer.next')}
                  </Link>
                ) : (
                  <span aria-hidden="true" />
                )}
              </nav>
            ) : null}
          </>
        )}
      </section>

      <section aria-labelledby="bulk-title" className="panel">
        <h2 id="bulk-title">{t('importer.bulkTitle')}</h2>
        <Form method="post" className="bulk-form">
          <div className="field">
            <label htmlFor="tmdb-ids">{t('importer.bulkLabel')}</label>
            <small id="tmdb-ids-hint" className="muted">
              {t('importer.bulkHint')}
            </small>
            <textarea
              id="tmdb-ids"
              name="tmdbIds"
              rows={5}
              defaultValue={bulk?.pasted ?? ''}
              aria-invalid={bulkError ? true : undefined}
              aria-describedby={bulkError ? 'tmdb-ids-hint tmdb-ids-error' : 'tmdb-ids-hint'}
            />
            {bulkError ? (
              <p id="tmdb-ids-error" className="field-error">
                {bulkError}
              </p>
            ) : null}
          </div>
          {bulk?.problem ? (
            <ProblemAlert code={bulk.problem.code} message={bulk.problem.message} />
          ) : null}
          <p>
            <button type="submit" disabled={starting}>
              {starting ? t('importer.bulkStarting') : t('importer.bulkStart')}
            </button>
          </p>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
