import { resolveText } from '@lanxang/contracts';
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { Field, FormError } from '~/components/fields';
import { RouteError } from '~/components/route-error';
import { DirtyMarker, UnsavedChangesDialog, useUnsavedChanges } from '~/components/unsaved-changes';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { imageUrl } from '~/lib/films.server';
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
import { requireId } from '~/lib/params.server';
import { getLocale, requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction<typeof loader> = ({ data: person }) => [
  { title: `${person?.name.en ?? 'Person'} · Lanxang Admin` },
];

const PersonFormSchema = z.object({
  name: textPairWithEnglish(200),
  biography: textPair(10_000),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = requireId(params, 'id');
  const locale = await getLocale(request);
  const person = await apiFor(request).getPerson(id).catch(rethrowAsRouteError);
  return {
    id: person.id,
    name: person.name,
    biography: person.biography,
    birthday: person.birthday,
    placeOfBirth: person.placeOfBirth,
    profileUrl: imageUrl(person.profile, 185),
    filmography: person.filmography.map((entry) => ({
      movieId: entry.movie.id,
      title: resolveText(entry.movie.title, locale),
      credit: entry.credit,
      role: resolveText(entry.role, locale),
    })),
  };
}

type ActionResult = InvalidForm | { status: 'saved'; savedAt: number };

export async function action({ request, params }: ActionFunctionArgs) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const id = requireId(params, 'id');
  const api = apiFor(request);
  const values = formToObject(await request.formData());
  const parsed = PersonFormSchema.safeParse(values);
  if (!parsed.success) {
    return rejectedByZod(parsed.error, values);
  }
  const stored = await api.getPerson(id).catch(rethrowAsRouteError);
  const update = {
    ...(sameText(parsed.data.name, stored.name)
      ? {}
      : { name: changedLocales(parsed.data.name, stored.name) }),
    ...(sameText(parsed.data.biography, stored.biography)
      ? {}
      : { biography: changedLocales(parsed.data.biography, stored.biography) }),
  };
  if (Object.keys(update).length > 0) {
    try {
      await api.call('adminUpdatePerson', { params: { id }, body: update });
    } catch (error) {
      return refusedForm(error, values);
    }
  }
  return { status: 'saved', savedAt: Date.now() } satisfies ActionResult;
}

export default function PersonEditor() {
  const person = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionResult>();
  const { t } = useTranslation();
  const savedAt = actionData?.status === 'saved' ? actionData.savedAt : 0;
  return (
    <article className="person-editor">
      <header className="film-header">
        {person.profileUrl ? (
          <img className="film-poster" src={person.profileUrl} alt="" width={120} height={180} />
        ) : (
          <span className="film-poster poster-missing person-missing" />
        )}
        <div>
          <h1>{person.name.en || person.name.lo}</h1>
          {person.name.en && person.name.lo ? (
            <p className="film-title-lo" lang="lo">
              {person.name.lo}
            </p>
          ) : null}
          <p className="muted">
            {[person.birthday, person.placeOfBirth].filter(Boolean).join(' · ')}
          </p>
        </div>
      </header>
      <PersonForm key={`${person.id}-${savedAt}`} person={person} actionData={actionData} />
      <section aria-labelledby="filmography-title">
        <h2 id="filmography-title">{t('person.filmography')}</h2>
        {person.filmography.length === 0 ? (
          <p className="empty">{t('person.noFilms')}</p>
        ) : (
          <ul role="list" className="plain-list">
            {person.filmography.map((entry) => (
              <li key={`${entry.movieId}-${entry.credit}-${entry.role}`}>
                <Link to={`/admin/films/${entry.movieId}`}>{entry.title}</Link>{' '}
                <span className="muted">{entry.role}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function PersonForm({
  person,
  actionData,
}: {
  person: ReturnType<typeof useLoaderData<typeof loader>>;
  actionData: ActionResult | undefined;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const form = useRef<HTMLFormElement>(null);
  const { dirty, blocker } = useUnsavedChanges(form, person.id);
  const invalid = actionData?.status === 'invalid' ? actionData : undefined;
  const submitted = (field: 'name' | 'biography', locale: 'en' | 'lo', stored?: string) =>
    (invalid?.values[field] as Record<string, string> | undefined)?.[locale] ?? stored;
  useEffect(() => {
    if (invalid) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [invalid]);

  return (
    <Form method="post" ref={form} className="editor-form" noValidate>
      <FormError error={invalid?.errors.form} />
      {(['name', 'biography'] as const).map((field) => (
        <fieldset className="translated-row" key={field}>
          <legend>{t(`person.${field}`)}</legend>
          <Field
            name={`${field}.en`}
            label={t('film.english')}
            lang="en"
            multiline={field === 'biography'}
            rows={6}
            defaultValue={submitted(field, 'en', person[field].en)}
            error={invalid?.errors[`${field}.en`]}
          />
          <Field
            name={`${field}.lo`}
            label={t('film.lao')}
            lang="lo"
            multiline={field === 'biography'}
            rows={6}
            defaultValue={submitted(field, 'lo', person[field].lo)}
            error={invalid?.errors[`${field}.lo`]}
            className="field-lo"
          />
        </fieldset>
      ))}
      <div className="save-bar">
        <DirtyMarker dirty={dirty} />
        {actionData?.status === 'saved' && !dirty ? (
          <span className="saved-marker" role="status">
            {t('film.saved')}
          </span>
        ) : null}
        <button type="submit" name="intent" value="save" disabled={navigation.state !== 'idle'}>
          {t('film.save')}
        </button>
      </div>
      <UnsavedChangesDialog blocker={blocker} />
    </Form>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
