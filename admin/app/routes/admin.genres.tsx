import { IdSchema } from '@lanxang/contracts';
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Field, FormError } from '~/components/fields';
import { RouteError } from '~/components/route-error';
import { DirtyMarker, UnsavedChangesDialog, useUnsavedChanges } from '~/components/unsaved-changes';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import {
  changedLocales,
  formToObject,
  type InvalidForm,
  rejectedByZod,
  sameText,
  textPair,
  textPairWithEnglish,
} from '~/lib/forms.server';
import { refusedForm } from '~/lib/problems.server';
import { requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Genres · Lanxang Admin' }];

const GenresFormSchema = z.object({
  genres: z
    .array(z.object({ id: IdSchema, name: textPairWithEnglish(100) }))
    .optional()
    .transform((genres) => genres ?? []),
  added: textPair(100).refine((pair) => !pair.lo || pair.en, {
    message: 'validation.englishRequired',
    path: ['en'],
  }),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const genres = await apiFor(request).listGenres().catch(rethrowAsRouteError);
  return { genres: genres.items };
}

type ActionResult = InvalidForm | { status: 'saved'; savedAt: number; changed: number };

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const api = apiFor(request);
  const values = formToObject(await request.formData());
  const parsed = GenresFormSchema.safeParse(values);
  if (!parsed.success) {
    return rejectedByZod(parsed.error, values);
  }
  const stored = new Map(
    (await api.listGenres().catch(rethrowAsRouteError)).items.map((genre) => [genre.id, genre]),
  );
  let changed = 0;
  for (const [index, genre] of parsed.data.genres.entries()) {
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
  const added = parsed.data.added;
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
  const actionData = useActionData<ActionResult>();
  const savedAt = actionData?.status === 'saved' ? actionData.savedAt : 0;
  return <GenresForm key={savedAt} genres={genres} actionData={actionData} />;
}

function GenresForm({
  genres,
  actionData,
}: {
  genres: ReturnType<typeof useLoaderData<typeof loader>>['genres'];
  actionData: ActionResult | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const form = useRef<HTMLFormElement>(null);
  const { dirty, blocker } = useUnsavedChanges(form, genres);
  const invalid = actionData?.status === 'invalid' ? actionData : undefined;
  const submitted = (path: (string | number)[], fallback: string | undefined) => {
    if (!invalid) return fallback;
    const value = path.reduce<unknown>(
      (node, key) => (node as Record<string | number, unknown> | undefined)?.[key],
      invalid.values,
    );
    return typeof value === 'string' ? value : fallback;
  };

  return (
    <>
      <div className="page-heading">
        <h1>{t('genres.title')}</h1>
        <p className="muted">{t('genres.lead')}</p>
      </div>
      <Form method="post" ref={form} className="editor-form" noValidate>
        <FormError error={invalid?.errors.form} />
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
                    defaultValue={submitted(['genres', index, 'name', 'en'], genre.name.en)}
                    error={invalid?.errors[`genres.${index}.name.en`]}
                  />
                </td>
                <td>
                  <Field
                    name={`genres.${index}.name.lo`}
                    label={t('genres.nameIn', { language: t('film.lao') })}
                    lang="lo"
                    className="label-hidden field-lo"
                    defaultValue={submitted(['genres', index, 'name', 'lo'], genre.name.lo)}
                    error={invalid?.errors[`genres.${index}.name.lo`]}
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
            defaultValue={submitted(['added', 'en'], '')}
            error={invalid?.errors['added.en']}
          />
          <Field
            name="added.lo"
            label={t('film.lao')}
            lang="lo"
            className="field-lo"
            defaultValue={submitted(['added', 'lo'], '')}
            error={invalid?.errors['added.lo']}
          />
        </fieldset>
        <div className="save-bar">
          <DirtyMarker dirty={dirty} />
          {actionData?.status === 'saved' && !dirty ? (
            <span className="saved-marker" role="status">
              {t('film.saved')}
            </span>
          ) : null}
          <button type="submit" disabled={navigation.state !== 'idle'}>
            {t('film.save')}
          </button>
        </div>
        <UnsavedChangesDialog blocker={blocker} />
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
