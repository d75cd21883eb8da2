import { FEATURED_MAX, IdSchema, resolveText } from '@lanxang/contracts';
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { StatusBadge } from '~/components/badges';
import { useErrorText } from '~/components/fields';
import { MoveButtons, useReorderable } from '~/components/reorder';
import { EditorForm, savedKey, useEditor, type EditorResult } from '~/components/editor-shell';
import { RouteError } from '~/components/route-error';
import { rethrowAsRouteError } from '~/lib/api.server';
import { fromVientianeLocal, toVientianeLocal } from '~/lib/curation';
import { editorLoad, editorSubmission } from '~/lib/editor.server';
import { imageUrl, type FilmStatus } from '~/lib/films.server';
import { refusedForm } from '~/lib/problems.server';
import { allAdminFilms } from '~/lib/translation.server';

export const meta: MetaFunction = () => [{ title: 'Home curation · Lanxang Admin' }];

const localDateTime = z
  .string()
  .trim()
  .refine(
    (value) => value === '' || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value),
    'validation.dateTime',
  );

const FeaturedFormSchema = z.object({
  items: z
    .array(
      z
        .object({
          movieId: IdSchema,
          imageId: z.string().optional(),
          visibleFrom: localDateTime,
          visibleUntil: localDateTime,
        })
        .refine(
          (item) => !item.visibleFrom || !item.visibleUntil || item.visibleFrom < item.visibleUntil,
          {
            message: 'validation.windowOrder',
            path: ['visibleUntil'],
          },
        ),
    )
    .max(FEATURED_MAX, 'validation.tooManyFeatured')
    .optional()
    .transform((items) => items ?? []),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { api, locale } = await editorLoad(request);
  const [featured, films, home] = await Promise.all([
    api.call('adminGetFeatured'),
    allAdminFilms(api),
    api.home({ locale }),
  ]).catch(rethrowAsRouteError);
  const filmsById = new Map(films.map((film) => [film.id, film]));
  const describe = (id: number) => {
    const film = filmsById.get(id);
    return {
      title: film ? resolveText(film.title, locale) : `#${id}`,
      status: (film?.status ?? 'draft') as FilmStatus,
      imageUrl: imageUrl(film?.backdrop ?? film?.poster ?? null, 300),
    };
  };
  return {
    featured: featured.items
      .sort((a, b) => a.position - b.position)
      .map((item) => ({
        movieId: item.movieId,
        imageId: item.imageId,
        visibleFrom: toVientianeLocal(item.visibleFrom),
        visibleUntil: toVientianeLocal(item.visibleUntil),
        ...describe(item.movieId),
      })),
    films: films
      .map((film) => ({ id: film.id, ...describe(film.id) }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    genreRows: home.rows
      .filter((row) => row.kind === 'genre')
      .map((row) => ({
        id: row.id,
        genreId: row.genreId,
        title: row.resolved?.title ?? resolveText(row.title, locale),
        count: row.items.length,
      })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = await editorSubmission(request, FeaturedFormSchema);
  if (submission.rejected) return submission.rejected;
  const { api, values, input } = submission;
  try {
    await api.call('adminSetFeatured', {
      body: input.items.map((item) => ({
        movieId: item.movieId,
        imageId: item.imageId ? Number(item.imageId) : null,
        visibleFrom: fromVientianeLocal(item.visibleFrom),
        visibleUntil: fromVientianeLocal(item.visibleUntil),
      })),
    });
  } catch (error) {
    return refusedForm(error, values, { prefix: 'items.' });
  }
  return { status: 'saved', savedAt: Date.now() } satisfies EditorResult;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = LoaderData['featured'][number] & { key: string };

export default function HomeCuration() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<EditorResult>();
  const { t } = useTranslation();
  return (
    <>
      <div className="page-heading">
        <h1>{t('home.title')}</h1>
        <p className="muted">{t('home.lead')}</p>
      </div>
      <FeaturedForm key={savedKey(result)} loaderData={loaderData} result={result} />
      <section aria-labelledby="genre-rows" className="genre-rows">
        <h2 id="genre-rows">{t('home.genreRows')}</h2>
        <p className="muted">{t('home.genreRowsHint')}</p>
        {loaderData.genreRows.length === 0 ? (
          <p className="empty">{t('home.noGenreRows')}</p>
        ) : (
          <ul role="list" className="plain-list">
            {loaderData.genreRows.map((row) => (
              <li key={row.id}>
                {row.title}{' '}
                <span className="muted">{t('home.rowFilms', { count: row.count })}</span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/admin/genres">{t('home.editGenres')}</Link>
        </p>
      </section>
    </>
  );
}

function FeaturedForm({
  loaderData,
  result,
}: {
  loaderData: LoaderData;
  result: EditorResult | undefined;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const picker = useRef<HTMLSelectElement>(null);
  const [items, setItems] = useState<Item[]>(() =>
    loaderData.featured.map((item, index) => ({ ...item, key: `${item.movieId}-${index}` })),
  );
  const editor = useEditor(loaderData.featured, result);
  const { invalid, recheck } = editor;
  const reorder = useReorderable(items, setItems, (item, position, count) =>
    t('home.moved', { title: item.title, position, count }),
  );
  useEffect(recheck, [items, recheck]);

  const available = loaderData.films.filter(
    (film) => !items.some((item) => item.movieId === film.id),
  );

  function add() {
    const id = Number(picker.current?.value);
    const film = loaderData.films.find((candidate) => candidate.id === id);
    if (!film) return;
    setItems((current) => [
      ...current,
      {
        movieId: film.id,
        imageId: null,
        visibleFrom: '',
        visibleUntil: '',
        title: film.title,
        status: film.status,
        imageUrl: film.imageUrl,
        key: `${film.id}-${Date.now()}`,
      },
    ]);
  }

  function remove(index: number) {
    const removed = items[index];
    setItems(items.filter((_, position) => position !== index));
    requestAnimationFrame(() => {
      const rows = document.querySelectorAll<HTMLElement>('[data-reorder-row]');
      (
        rows[Math.min(index, rows.length - 1)]?.querySelector<HTMLElement>(
          '[data-reorder-focus="handle"]',
        ) ?? picker.current
      )?.focus();
    });
    if (removed) reorder.announce(t('home.removed', { title: removed.title }));
  }

  return (
    <EditorForm editor={editor} saveLabel={t('home.save')} savedLabel={t('home.saved')}>
      <section aria-labelledby="hero-title">
        <h2 id="hero-title">{t('home.hero')}</h2>
        <p className="muted" id="hero-help">
          {t('home.heroHelp')}
        </p>
        {invalid?.errors.form || invalid?.errors.items ? (
          <p className="form-error" role="alert">
            {errorText(invalid.errors.form ?? invalid.errors.items)}
          </p>
        ) : null}
        {items.length === 0 ? <p className="empty">{t('home.noHero')}</p> : null}
        <ol className="featured-list" aria-describedby="hero-help">
          {items.map((item, index) => {
            const fromError = errorText(invalid?.errors[`items.${index}.visibleFrom`]);
            const untilError = errorText(invalid?.errors[`items.${index}.visibleUntil`]);
            return (
              <li key={item.key} {...reorder.rowProps(index)}>
                <button
                  type="button"
                  className="drag-handle"
                  {...reorder.handleProps(index)}
                  aria-label={t('home.handle', {
                    title: item.title,
                    position: index + 1,
                    count: items.length,
                  })}
                  aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                >
                  ⠿
                </button>
                <input type="hidden" name={`items.${index}.movieId`} value={item.movieId} />
                <input type="hidden" name={`items.${index}.imageId`} value={item.imageId ?? ''} />
                {item.imageUrl ? (
                  <img
                    src={item.imageUrl}
                    alt=""
                    width={96}
                    height={54}
                    className="featured-thumb"
                  />
                ) : (
                  <span className="featured-thumb poster-missing" />
                )}
                <div className="featured-title">
                  <span className="featured-position">{index + 1}.</span> {item.title}{' '}
                  {item.status === 'draft' ? <StatusBadge status="draft" /> : null}
                </div>
                <div className="window">
                  <label htmlFor={`from-${item.key}`}>{t('home.visibleFrom')}</label>
                  <input
                    id={`from-${item.key}`}
                    type="datetime-local"
                    name={`items.${index}.visibleFrom`}
                    defaultValue={item.visibleFrom}
                    aria-invalid={fromError ? true : undefined}
                    aria-describedby={fromError ? `from-${item.key}-error` : 'window-zone'}
                  />
                  {fromError ? (
                    <p id={`from-${item.key}-error`} className="field-error">
                      {fromError}
                    </p>
                  ) : null}
                  <label htmlFor={`until-${item.key}`}>{t('home.visibleUntil')}</label>
                  <input
                    id={`until-${item.key}`}
                    type="datetime-local"
                    name={`items.${index}.visibleUntil`}
                    defaultValue={item.visibleUntil}
                    aria-invalid={untilError ? true : undefined}
                    aria-describedby={untilError ? `until-${item.key}-error` : 'window-zone'}
                  />
                  {untilError ? (
                    <p id={`until-${item.key}-error`} className="field-error">
                      {untilError}
                    </p>
                  ) : null}
                </div>
                <div className="move-buttons">
                  <MoveButtons
                    index={index}
                    count={items.length}
                    onMove={reorder.move}
                    upLabel={t('home.moveUp', { title: item.title })}
                    downLabel={t('home.moveDown', { title: item.title })}
                  />
                  <button
                    type="button"
                    className="button-small button-danger"
                    aria-label={t('home.remove', { title: item.title })}
                    onClick={() => remove(index)}
                  >
                    ✕
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
        <p id="window-zone" className="muted">
          {t('home.timeZone')}
        </p>
        <p className="visually-hidden" aria-live="polite">
          {reorder.announcement}
        </p>
        <div className="add-featured">
          <label htmlFor="add-film">{t('home.addLabel')}</label>
          <select id="add-film" ref={picker} disabled={available.length === 0}>
            {available.map((film) => (
              <option key={film.id} value={film.id}>
                {film.title}
                {film.status === 'draft' ? ` (${t('status.draft')})` : ''}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button-secondary"
            onClick={add}
            disabled={available.length === 0}
          >
            {t('home.add')}
          </button>
        </div>
      </section>
    </EditorForm>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
