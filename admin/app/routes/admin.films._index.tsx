import { MOVIE_TITLE_MAX, MovieStatusSchema, PAGE_MAX, SEARCH_QUERY_MAX } from '@lanxang/contracts';
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { LaoBadge, StatusBadge } from '~/components/badges';
import { Field, FormError } from '~/components/fields';
import { Pagination } from '~/components/pagination';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { toFilmRow } from '~/lib/films.server';
import { formToObject, optionalText, rejectedByZod } from '~/lib/forms.server';
import { refusedForm } from '~/lib/problems.server';
import { getLocale, requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Films · Lanxang Admin' }];

const PAGE_SIZE = 20;

/** Hand-edited URLs degrade to the unfiltered first page instead of an error. */
const FilmSearchSchema = z.object({
  q: z.string().trim().max(SEARCH_QUERY_MAX).optional().catch(undefined),
  status: MovieStatusSchema.optional().catch(undefined),
  missing: z.literal('lo').optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(PAGE_MAX).catch(1),
});

const NewFilmSchema = z.object({
  title: z.object({
    en: z
      .string()
      .trim()
      .min(1, 'validation.englishRequired')
      .max(MOVIE_TITLE_MAX, 'validation.tooLong'),
    lo: optionalText(MOVIE_TITLE_MAX),
  }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const search = FilmSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const api = apiFor(request);
  const locale = await getLocale(request);
  const [films, genres] = await Promise.all([
    api.call('adminListMovies', {
      query: {
        q: search.q || undefined,
        status: search.status,
        missingLocale: search.missing,
        page: search.page,
        pageSize: PAGE_SIZE,
      },
    }),
    api.listGenres(),
  ]).catch(rethrowAsRouteError);

  const genresById = new Map(genres.items.map((genre) => [genre.id, genre]));
  return {
    search,
    rows: films.items.map((movie) => toFilmRow(movie, genresById, locale)),
    total: films.total,
    pageCount: Math.max(1, Math.ceil(films.total / PAGE_SIZE)),
    deleted: new URL(request.url).searchParams.has('deleted'),
  };
}

/** Creates a draft with its title; the editor takes it from there. */
export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const values = formToObject(await request.formData());
  const parsed = NewFilmSchema.safeParse(values);
  if (!parsed.success) {
    return rejectedByZod(parsed.error, values);
  }
  const title = parsed.data.title.lo ? parsed.data.title : { en: parsed.data.title.en };
  try {
    const film = await apiFor(request).call('adminCreateMovie', { body: { title } });
    return redirect(`/admin/films/${film.id}`);
  } catch (error) {
    return refusedForm(error, values, { refusals: [400, 409] });
  }
}

/** "/" jumps to the search field from anywhere on the page, as in most admin tools. */
function useSlashToFocus(input: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, select, [contenteditable="true"]')) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [input]);
}

export default function Films() {
  const { search, rows, total, pageCount, deleted } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const createDialog = useRef<HTMLDialogElement>(null);
  const invalid = actionData?.status === 'invalid' ? actionData : undefined;
  useEffect(() => {
    if (invalid) createDialog.current?.showModal();
  }, [invalid]);
  const submittedTitle = (locale: 'en' | 'lo') => {
    const title = invalid?.values.title as Record<string, string> | undefined;
    return title?.[locale] ?? '';
  };
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const searchInput = useRef<HTMLInputElement>(null);
  useSlashToFocus(searchInput);

  const filtered = Boolean(search.q || search.status || search.missing);
  const pageHref = (page: number) => {
    const params = new URLSearchParams(searchParams);
    params.set('page', String(page));
    return `?${params}`;
  };

  return (
    <>
      <div className="page-heading">
        <h1>{t('films.title')}</h1>
        <p className="muted" aria-live="polite">
          {t('films.count', { count: total })}
        </p>
        <button
          type="button"
          className="page-heading-action"
          onClick={() => createDialog.current?.showModal()}
        >
          {t('films.create')}
        </button>
      </div>
      {deleted ? (
        <p className="notice" role="status">
          {t('films.deleted')}
        </p>
      ) : null}

      <Form method="get" className="toolbar" role="search">
        <div className="field">
          <div className="field-label">
            <label htmlFor="film-search">{t('films.search')}</label>
            <small id="film-search-hint" className="muted">
              {t('films.searchHint')}
            </small>
          </div>
          <input
            ref={searchInput}
            id="film-search"
            type="search"
            name="q"
            defaultValue={search.q ?? ''}
            aria-describedby="film-search-hint"
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor="film-status">{t('films.status')}</label>
          <select id="film-status" name="status" defaultValue={search.status ?? ''}>
            <option value="">{t('films.allStatuses')}</option>
            <option value="published">{t('status.published')}</option>
            <option value="draft">{t('status.draft')}</option>
          </select>
        </div>
        <div className="field field-checkbox">
          <input
            id="film-missing"
            type="checkbox"
            name="missing"
            value="lo"
            defaultChecked={search.missing === 'lo'}
          />
          <label htmlFor="film-missing">{t('films.missingLao')}</label>
        </div>
        <div className="toolbar-actions">
          <button type="submit">{t('films.apply')}</button>
          {filtered ? (
            <Link className="button button-secondary" to="/admin/films">
              {t('films.clear')}
            </Link>
          ) : null}
        </div>
      </Form>

      {rows.length === 0 ? (
        <div className="empty">
          <p>{filtered ? t('films.noMatch') : t('films.noFilms')}</p>
          {search.page > 1 ? <Link to="?page=1">{t('films.backToFirst')}</Link> : null}
        </div>
      ) : (
        <table className="film-table" aria-busy={navigation.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('films.columns.poster')}</span>
              </th>
              <th scope="col">{t('films.columns.title')}</th>
              <th scope="col">{t('films.columns.year')}</th>
              <th scope="col">{t('films.columns.genres')}</th>
              <th scope="col">{t('films.columns.status')}</th>
              <th scope="col">{t('films.columns.lao')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((film) => (
              <tr key={film.id}>
                <td className="poster-cell">
                  {film.posterUrl ? (
                    <img src={film.posterUrl} alt="" width={46} height={69} loading="lazy" />
                  ) : (
                    <span className="poster-missing" title={t('films.noPoster')} />
                  )}
                </td>
                <td>
                  <Link to={`/admin/films/${film.id}`} className="film-title">
                    {film.title.en || film.title.lo}
                  </Link>
                  {film.title.en && film.title.lo ? (
                    <span className="film-title-lo" lang="lo">
                      {film.title.lo}
                    </span>
                  ) : null}
                </td>
                <td>{film.year ?? '—'}</td>
                <td>{film.genres.join(', ')}</td>
                <td>
                  <StatusBadge status={film.status} />
                </td>
                <td>
                  <LaoBadge completeness={film.lao} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Pagination
        page={search.page}
        pageCount={pageCount}
        href={pageHref}
        previousLabel={t('films.previous')}
        nextLabel={t('films.next')}
      />

      <dialog ref={createDialog} className="confirm-dialog" aria-labelledby="create-title">
        <Form method="post" noValidate>
          <h2 id="create-title">{t('films.createTitle')}</h2>
          <p className="muted">{t('films.createHint')}</p>
          <FormError error={invalid?.errors.form} />
          <Field
            name="title.en"
            label={t('films.newTitleEn')}
            lang="en"
            required
            autoFocus
            defaultValue={submittedTitle('en')}
            error={invalid?.errors['title.en']}
          />
          <Field
            name="title.lo"
            label={t('films.newTitleLo')}
            lang="lo"
            defaultValue={submittedTitle('lo')}
            error={invalid?.errors['title.lo']}
          />
          <div className="actions">
            <button
              type="button"
              className="button-secondary"
              onClick={() => createDialog.current?.close()}
            >
              {t('films.cancel')}
            </button>
            <button type="submit">{t('films.createSubmit')}</button>
          </div>
        </Form>
      </dialog>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
