import { resolveText, type LocalizedText } from '@lanxang/contracts';
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LaoBadge, StatusBadge } from '~/components/badges';
import { Field, FormError } from '~/components/fields';
import {
  EditorForm,
  RecordHeader,
  savedKey,
  TranslatedRow,
  useEditor,
  type EditorResult,
} from '~/components/editor-shell';
import { MoveButtons, useReorderable } from '~/components/reorder';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { editorLoad } from '~/lib/editor.server';
import { FilmFormSchema, filmSave } from '~/lib/film-form.server';
import { imageUrl, laoCompleteness } from '~/lib/films.server';
import { formToObject, rejectedByZod, type TextPair } from '~/lib/forms.server';
import { refusedForm } from '~/lib/problems.server';
import { formatKip } from '~/lib/money';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction<typeof loader> = ({ data: film }) => [
  { title: `${film?.title.en ?? 'Film'} · Lanxang Admin` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { api, locale } = await editorLoad(request);
  const id = requireId(params, 'id');
  const [movie, genres, tiers] = await Promise.all([
    api.call('adminGetMovie', { params: { id } }),
    api.listGenres(),
    api.call('adminListTiers'),
  ]).catch(rethrowAsRouteError);
  return {
    id: movie.id,
    slug: movie.slug,
    status: movie.status,
    lao: laoCompleteness(movie),
    title: movie.title,
    overview: movie.overview,
    tagline: movie.tagline,
    originalTitle: movie.originalTitle,
    releaseDate: movie.releaseDate,
    runtimeMinutes: movie.runtimeMinutes,
    certification: movie.certification,
    voteAverage: movie.voteAverage,
    imdbId: movie.imdbId,
    trailerUrl: movie.trailerUrl,
    tmdbId: movie.tmdbId,
    pricingTierId: movie.pricingTierId,
    // An inactive tier is offered only to the film already on it.
    tiers: tiers.items
      .filter((tier) => tier.active || tier.id === movie.pricingTierId)
      .map((tier) => ({
        id: tier.id,
        label: `${resolveText(tier.name, locale)} · ${formatKip(tier.priceLak, locale)}`,
      })),
    posterUrl: imageUrl(movie.poster, 300),
    genreIds: movie.genres.map((genre) => genre.id),
    allGenres: genres.items.map((genre) => ({
      id: genre.id,
      name: resolveText(genre.name, locale),
    })),
    cast: [...movie.cast]
      .sort((a, b) => a.order - b.order)
      .map((member) => ({
        personId: member.person.id,
        name: resolveText(member.person.name, locale),
        character: member.character,
      })),
    crew: movie.crew.map((member) => ({
      personId: member.person.id,
      name: resolveText(member.person.name, locale),
      department: member.department,
      job: member.job,
    })),
    videoSources: movie.videoSources,
  };
}

type ActionResult = EditorResult | { status: 'status-changed' };

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const id = requireId(params, 'id');
  const api = apiFor(request);
  const formData = await request.formData();
  const intent = formData.get('intent');

  if (intent === 'publish' || intent === 'unpublish') {
    await api
      .call(intent === 'publish' ? 'adminPublishMovie' : 'adminUnpublishMovie', { params: { id } })
      .catch(rethrowAsRouteError);
    return { status: 'status-changed' } satisfies ActionResult;
  }
  if (intent === 'delete') {
    await api.call('adminDeleteMovie', { params: { id } }).catch(rethrowAsRouteError);
    return redirect('/admin/films?deleted=1');
  }

  const values = formToObject(formData, ['genreIds']);
  const parsed = FilmFormSchema.safeParse(values);
  if (!parsed.success) {
    return rejectedByZod(parsed.error, values);
  }
  const stored = await api.call('adminGetMovie', { params: { id } }).catch(rethrowAsRouteError);
  const body = filmSave(parsed.data, stored);
  if (body) {
    try {
      await api.call('adminSaveMovie', { params: { id }, body });
    } catch (error) {
      // The film's own fields sit at the form's top level; cast and crew keep their names.
      return refusedForm(error, values, { formField: (field) => field.replace(/^movie\./, '') });
    }
  }
  return { status: 'saved', savedAt: Date.now() } satisfies ActionResult;
}

type Film = ReturnType<typeof useLoaderData<typeof loader>>;
type CastRow = Film['cast'][number] & { key: string };

/** A cast or crew row as the form posted it. */
interface SubmittedCredit {
  personId?: string;
  character?: Partial<TextPair>;
  job?: Partial<TextPair>;
}

/**
 * The rows a credit list starts from: in a refused submission's order with what was typed in
 * them, else as stored. The editor only reorders credits, so each submitted row is a stored one.
 */
function startingRows<Row extends { personId: number }>(
  stored: readonly Row[],
  submitted: unknown,
  withTyped: (row: Row, typed: SubmittedCredit) => Row,
): Row[] {
  if (!Array.isArray(submitted)) return [...stored];
  const unmatched = [...stored];
  return submitted.flatMap((typed: SubmittedCredit) => {
    const at = unmatched.findIndex((row) => String(row.personId) === typed.personId);
    const [row] = at < 0 ? [] : unmatched.splice(at, 1);
    return row ? [withTyped(row, typed)] : [];
  });
}

const typedPair = (typed: Partial<TextPair> | undefined, stored: LocalizedText): TextPair => ({
  en: typed?.en ?? stored.en ?? '',
  lo: typed?.lo ?? stored.lo ?? '',
});

export default function FilmEditor() {
  const film = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const deleteDialog = useRef<HTMLDialogElement>(null);
  const busy = navigation.state !== 'idle';

  return (
    <article className="film-editor">
      <p>
        <Link to="/admin/films">← {t('film.backToFilms')}</Link>
      </p>
      <RecordHeader imageUrl={film.posterUrl} width={160} height={240} name={film.title}>
        <p className="badges">
          <StatusBadge status={film.status} />
          <LaoBadge completeness={film.lao} />
        </p>
        <div className="film-actions">
          <Form method="post">
            <input
              type="hidden"
              name="intent"
              value={film.status === 'published' ? 'unpublish' : 'publish'}
            />
            <button type="submit" disabled={busy}>
              {film.status === 'published' ? t('film.unpublish') : t('film.publish')}
            </button>
          </Form>
          <Link className="button button-secondary" to={`/admin/films/${film.id}/preview`}>
            {t('film.tvPreview')}
          </Link>
          <button
            type="button"
            className="button-danger"
            onClick={() => deleteDialog.current?.showModal()}
          >
            {t('film.delete')}
          </button>
        </div>
      </RecordHeader>

      <FilmForm key={`${film.id}-${savedKey(result)}`} film={film} result={result} />

      <dialog ref={deleteDialog} className="confirm-dialog" aria-labelledby="delete-title">
        <Form method="post">
          <h2 id="delete-title">
            {t('film.deleteTitle', { title: film.title.en || film.title.lo })}
          </h2>
          <p>{t('film.deleteText')}</p>
          <div className="actions">
            <button type="button" autoFocus onClick={() => deleteDialog.current?.close()}>
              {t('film.keep')}
            </button>
            <button type="submit" name="intent" value="delete" className="button-danger">
              {t('film.deleteConfirm')}
            </button>
          </div>
        </Form>
      </dialog>
    </article>
  );
}

function FilmForm({ film, result }: { film: Film; result: ActionResult | undefined }) {
  const { t } = useTranslation();
  const editor = useEditor(film.id, result);
  const { errors, invalid } = editor;
  const [cast, setCast] = useState<CastRow[]>(() =>
    startingRows(film.cast, invalid?.values.cast, (member, typed) => ({
      ...member,
      character: typedPair(typed.character, member.character),
    })).map((member, index) => ({ ...member, key: `${member.personId}-${index}` })),
  );
  const [crew] = useState(() =>
    startingRows(film.crew, invalid?.values.crew, (member, typed) => ({
      ...member,
      job: typedPair(typed.job, member.job),
    })),
  );
  const reorder = useReorderable(cast, setCast, (member, position, count) =>
    t('film.castMoved', { name: member.name, position, count }),
  );
  // The hidden order fields change without an input event; compare again after each move.
  useEffect(editor.recheck, [cast, editor.recheck]);

  const checkedGenres = new Set(
    invalid ? ((invalid.values.genreIds as string[] | undefined) ?? []).map(Number) : film.genreIds,
  );

  return (
    <EditorForm editor={editor} savingLabel={t('film.saving')} aria-describedby="editor-help">
      <p id="editor-help" className="muted">
        {t('film.editorHelp')}
      </p>
      <FormError error={errors.form} />

      <section aria-labelledby="text-title">
        <h2 id="text-title">{t('film.text')}</h2>
        <TranslatedRow
          field="title"
          label={t('film.fields.title')}
          stored={film.title}
          editor={editor}
        />
        <TranslatedRow
          field="tagline"
          label={t('film.fields.tagline')}
          stored={film.tagline}
          editor={editor}
        />
        <TranslatedRow
          field="overview"
          label={t('film.fields.overview')}
          stored={film.overview}
          editor={editor}
          multiline
        />
      </section>

      <section aria-labelledby="details-title">
        <h2 id="details-title">{t('film.details')}</h2>
        <div className="facts-grid">
          <Field
            name="releaseDate"
            type="date"
            label={t('film.releaseDate')}
            defaultValue={editor.submitted('releaseDate', film.releaseDate)}
            error={errors.releaseDate}
          />
          <Field
            name="runtimeMinutes"
            inputMode="numeric"
            label={t('film.runtimeMinutes')}
            defaultValue={editor.submitted('runtimeMinutes', film.runtimeMinutes)}
            error={errors.runtimeMinutes}
          />
          <Field
            name="certification"
            label={t('film.certification')}
            defaultValue={editor.submitted('certification', film.certification)}
            error={errors.certification}
          />
          <Field
            name="voteAverage"
            inputMode="decimal"
            label={t('film.rating')}
            hint={t('film.ratingHint')}
            defaultValue={editor.submitted('voteAverage', film.voteAverage)}
            error={errors.voteAverage}
          />
          <Field
            name="imdbId"
            label={t('film.imdbId')}
            hint={t('film.imdbIdHint')}
            defaultValue={editor.submitted('imdbId', film.imdbId)}
            error={errors.imdbId}
          />
          <Field
            name="trailerUrl"
            type="url"
            label={t('film.trailerUrl')}
            defaultValue={editor.submitted('trailerUrl', film.trailerUrl)}
            error={errors.trailerUrl}
          />
          <div className="field">
            <label htmlFor="field-pricingTierId">{t('rentals.filmTier')}</label>
            <select
              id="field-pricingTierId"
              name="pricingTierId"
              aria-describedby="field-pricingTierId-hint"
              defaultValue={editor.submitted('pricingTierId', film.pricingTierId ?? '')}
            >
              <option value="">{t('rentals.free')}</option>
              {film.tiers.map((tier) => (
                <option key={tier.id} value={tier.id}>
                  {tier.label}
                </option>
              ))}
            </select>
            <small id="field-pricingTierId-hint" className="muted">
              {t('rentals.filmTierHint')}
            </small>
          </div>
        </div>
        <fieldset className="genre-picker">
          <legend>{t('film.genres')}</legend>
          {film.allGenres.map((genre) => (
            <label key={genre.id} className="chip-check">
              <input
                type="checkbox"
                name="genreIds"
                value={genre.id}
                defaultChecked={checkedGenres.has(genre.id)}
              />
              {genre.name}
            </label>
          ))}
        </fieldset>
        <p className="muted">
          {t('film.tmdbId')}: {film.tmdbId ?? '—'} · {t('film.originalTitle')}: {film.originalTitle}
        </p>
      </section>

      <section aria-labelledby="cast-title">
        <h2 id="cast-title">{t('film.cast')}</h2>
        <p className="muted" id="cast-help">
          {t('film.castHelp')}
        </p>
        {cast.length === 0 ? (
          <p className="empty">{t('film.noCast')}</p>
        ) : (
          <ol className="credit-list" aria-describedby="cast-help">
            {cast.map((member, index) => (
              <li key={member.key} {...reorder.rowProps(index)}>
                <span className="drag-handle" {...reorder.handleProps(index)} aria-hidden="true">
                  ⠿
                </span>
                <input type="hidden" name={`cast.${index}.personId`} value={member.personId} />
                <div className="credit-person">
                  <Link to={`/admin/people/${member.personId}`}>{member.name}</Link>
                  <span className="muted">{t('film.billing', { position: index + 1 })}</span>
                </div>
                <Field
                  name={`cast.${index}.character.en`}
                  label={t('film.characterIn', { language: t('film.english') })}
                  lang="en"
                  defaultValue={member.character.en}
                  error={errors[`cast.${index}.character.en`]}
                />
                <Field
                  name={`cast.${index}.character.lo`}
                  label={t('film.characterIn', { language: t('film.lao') })}
                  lang="lo"
                  defaultValue={member.character.lo}
                  error={errors[`cast.${index}.character.lo`]}
                  className="field-lo"
                />
                <div className="move-buttons">
                  <MoveButtons
                    index={index}
                    count={cast.length}
                    onMove={reorder.move}
                    upLabel={t('film.moveUp', { name: member.name })}
                    downLabel={t('film.moveDown', { name: member.name })}
                  />
                </div>
              </li>
            ))}
          </ol>
        )}
        <p className="visually-hidden" aria-live="polite">
          {reorder.announcement}
        </p>
      </section>

      <section aria-labelledby="crew-title">
        <h2 id="crew-title">{t('film.crew')}</h2>
        {crew.length === 0 ? (
          <p className="empty">{t('film.noCrew')}</p>
        ) : (
          <ul className="credit-list" role="list">
            {crew.map((member, index) => (
              <li key={`${member.personId}-${index}`}>
                <input type="hidden" name={`crew.${index}.personId`} value={member.personId} />
                <input type="hidden" name={`crew.${index}.department`} value={member.department} />
                <div className="credit-person">
                  <Link to={`/admin/people/${member.personId}`}>{member.name}</Link>
                  <span className="muted">{member.department}</span>
                </div>
                <Field
                  name={`crew.${index}.job.en`}
                  label={t('film.jobIn', { language: t('film.english') })}
                  lang="en"
                  defaultValue={member.job.en}
                  error={errors[`crew.${index}.job.en`]}
                />
                <Field
                  name={`crew.${index}.job.lo`}
                  label={t('film.jobIn', { language: t('film.lao') })}
                  lang="lo"
                  defaultValue={member.job.lo}
                  error={errors[`crew.${index}.job.lo`]}
                  className="field-lo"
                />
              </li>
            ))}
          </ul>
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
    </EditorForm>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
