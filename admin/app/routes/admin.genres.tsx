import { GENRE_NAME_MAX, IdSchema } from '@lanxang/contracts';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Field, FormError } from '~/components/fields';
import { EditorForm, savedKey, useEditor, type EditorResult } from '~/components/editor-shell';
import { RouteError } from '~/components/route-error';
import { rethrowAsRouteError } from '~/lib/api.server';
import { editorLoad, editorSubmission } from '~/lib/editor.server';
import { changedLocales, sameText, textPair, textPairWithEnglish } from '~/lib/forms.server';
import { refusedForm } from '~/lib/problems.server';

export const meta: MetaFunction = () => [{ title: 'Genres · Lanxang Admin' }];

const GenresFormSchema = z.object({
  genres: z
    .array(z.object({ id: IdSchema, name: textPairWithEnglish(GENRE_NAME_MAX) }))
    .optional()
    .transform((genres) => genres ?? []),
  added: textPair(GENRE_NAME_MAX).refine((pair) => !pair.lo || pair.en, {
    message: 'validation.englishRequired',
    path: ['en'],
  }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { api } = await editorLoad(request);
  const genres = await api.listGenres().catch(rethrowAsRouteError);
  return { genres: genres.items };
}

type ActionResult = EditorResult | { status: 'saved'; savedAt: number; changed: number };

export async function action({ request }: ActionFunctionArgs) {
  const submission = await editorSubmission(request, GenresFormSchema);
  if (submission.rejected) return submission.rejected;
  const { api, values, input } = submission;
  const stored = new Map(
    (await api.listGenres().catch(rethrowAsRouteError)).items.map((genre) => [genre.id, genre]),
  );
  let changed = 0;
  for (const [index, genre] of input.genres.entries()) {
    const before = stored.get(genre.id);
    if (!before || sameText(genre.name, before.name)) continue;
    try {
      await api.call('adminUpdateGenre', {
        params: { id: genre.id },
        body: { name: changedLocales(genre.name, before.name) },
      });
      changed += 1;
    } catch (error) {
      return refusedForm(error, values, { prefix: `genres.${index}.`, refusals: [400, 409] });
    }
  }
  const added = input.added;
  if (added.en) {
    try {
      await api.call('adminCreateGenre', {
        body: { name: added.lo ? added : { en: added.en } },
      });
      changed += 1;
    } catch (error) {
      return refusedForm(error, values, { prefix: 'added.', refusals: [400, 409] });
    }
  }
  return { status: 'saved', savedAt: Date.now(), changed } satisfies ActionResult;
}

export default function Genres() {
  const { genres } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  return <GenresForm key={savedKey(result)} genres={genres} result={result} />;
}

function GenresForm({
  genres,
  result,
}: {
  genres: ReturnType<typeof useLoaderData<typeof loader>>['genres'];
  result: ActionResult | undefined;
}) {
  const { t } = useTranslation();
  const editor = useEditor(genres, result);

  return (
    <>
      <div className="page-heading">
        <h1>{t('genres.title')}</h1>
        <p className="muted">{t('genres.lead')}</p>
      </div>
      <EditorForm editor={editor}>
        <FormError error={editor.errors.form} />
        <table className="side-by-side genre-table">
          <thead>
            <tr>
              <th scope="col">{t('film.english')}</th>
              <th scope="col">{t('film.lao')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('genres.films')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {genres.map((genre, index) => (
              <tr key={genre.id}>
                <td>
                  <input type="hidden" name={`genres.${index}.id`} value={genre.id} />
                  <Field
                    name={`genres.${index}.name.en`}
                    label={t('genres.nameIn', { language: t('film.english') })}
                    lang="en"
                    className="label-hidden"
                    defaultValue={editor.submitted(`genres.${index}.name.en`, genre.name.en)}
                    error={editor.errors[`genres.${index}.name.en`]}
                  />
                </td>
                <td>
                  <Field
                    name={`genres.${index}.name.lo`}
                    label={t('genres.nameIn', { language: t('film.lao') })}
                    lang="lo"
                    className="label-hidden field-lo"
                    defaultValue={editor.submitted(`genres.${index}.name.lo`, genre.name.lo)}
                    error={editor.errors[`genres.${index}.name.lo`]}
                  />
                </td>
                <td>
                  <Link to={`/admin/home#genre-rows`}>{t('genres.onHome')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <fieldset className="translated-row">
          <legend>{t('genres.add')}</legend>
          <Field
            name="added.en"
            label={t('film.english')}
            lang="en"
            defaultValue={editor.submitted('added.en', '')}
            error={editor.errors['added.en']}
          />
          <Field
            name="added.lo"
            label={t('film.lao')}
            lang="lo"
            className="field-lo"
            defaultValue={editor.submitted('added.lo', '')}
            error={editor.errors['added.lo']}
          />
        </fieldset>
      </EditorForm>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
