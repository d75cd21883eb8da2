import { IdSchema, resolveText } from '@lanxang/contracts';
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { StatusBadge } from '~/components/badges';
import { useErrorText } from '~/components/fields';
import { MoveButtons, useReorderable } from '~/components/reorder';
import { RouteError } from '~/components/route-error';
import { DirtyMarker, UnsavedChangesDialog, useUnsavedChanges } from '~/components/unsaved-changes';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { fromVientianeLocal, toVientianeLocal } from '~/lib/curation';
import { imageUrl, type FilmStatus } from '~/lib/films.server';
import { formToObject, type InvalidForm, rejectedByZod } from '~/lib/forms.server';
import { refusedForm } from '~/lib/problems.server';
import { getLocale, requireAdmin } from '~/lib/session.server';
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
    .max(50, 'validation.tooManyFeatured')
    .optional()
    .transform((items) => items ?? []),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const api = apiFor(request);
  const locale = await getLocale(request);
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

type ActionResult = InvalidForm | { status: 'saved'; savedAt: number };

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const values = formToObject(await request.formData());
  const parsed = FeaturedFormSchema.safeParse(values);
  if (!parsed.success) {
    return rejectedByZod(parsed.error, values);
  }
  try {
    await apiFor(request).call('adminSetFeatured', {
      body: parsed.data.items.map((item) => ({
        movieId: item.movieId,
        imageId: item.imageId ? Number(item.imageId) : null,
        visibleFrom: fromVientianeLocal(item.visibleFrom),
        visibleUntil: fromVientianeLocal(item.visibleUntil),
      })),
    });
  } catch (error) {
    return refusedForm(error, values, { prefix: 'items.' });
  }
  return { status: 'saved', savedAt: Date.now() } satisfies ActionResult;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Item = LoaderData['featured'][number] & { key: string };

export default function HomeCuration() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionResult>();
  const { t } = useTranslation();
  const savedAt = actionData?.status === 'saved' ? actionData.savedAt : 0;
  return (
    <>
      <div className="page-heading">
        <h1>{t('home.title')}</h1>
        <p className="muted">{t('home.lead')}</p>
      </div>
      <FeaturedForm key={savedAt} loaderData={loaderData} actionData={actionData} />
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
  actionData,
}: {
  loaderData: LoaderData;
  actionData: ActionResult | undefined;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigation = useNavigation();
  const form = useRef<HTMLFormElement>(null);
  const picker = useRef<HTMLSelectElement>(null);
  const invalid = actionData?.status === 'invalid' ? actionData : undefined;
  const [items, setItems] = useState<Item[]>(() =>
    loaderData.featured.map((item, index) => ({ ...item, key: `${item.movieId}-${index}` })),
  );
  const { dirty, recheck, blocker } = useUnsavedChanges(form, loaderData.featured);
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
    <Form method="post" ref={form} className="editor-form" noValidate>
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
      <div className="save-bar">
        <DirtyMarker dirty={dirty} />
        {actionData?.status === 'saved' && !dirty ? (
          <span className="saved-marker" role="status">
            {t('home.saved')}
          </span>
        ) : null}
        <button type="submit" disabled={navigation.state !== 'idle'}>
          {t('home.save')}
        </button>
      </div>
      <UnsavedChangesDialog blocker={blocker} />
    </Form>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
