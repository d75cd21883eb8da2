import { BIOGRAPHY_MAX, PERSON_NAME_MAX, resolveText } from '@lanxang/contracts';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { FormError } from '~/components/fields';
import {
  EditorForm,
  RecordHeader,
  savedKey,
  TranslatedRow,
  useEditor,
  type EditorResult,
} from '~/components/editor-shell';
import { RouteError } from '~/components/route-error';
import { rethrowAsRouteError } from '~/lib/api.server';
import { editorLoad, editorSubmission } from '~/lib/editor.server';
import { imageUrl } from '~/lib/films.server';
import { changedLocales, sameText, textPair, textPairWithEnglish } from '~/lib/forms.server';
import { requireId } from '~/lib/params.server';
import { refusedForm } from '~/lib/problems.server';

export const meta: MetaFunction<typeof loader> = ({ data: person }) => [
  { title: `${person?.name.en ?? 'Person'} · Lanxang Admin` },
];

const PersonFormSchema = z.object({
  name: textPairWithEnglish(PERSON_NAME_MAX),
  biography: textPair(BIOGRAPHY_MAX),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { api, locale } = await editorLoad(request);
  const id = requireId(params, 'id');
  const person = await api.getPerson(id).catch(rethrowAsRouteError);
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

export async function action({ request, params }: ActionFunctionArgs) {
  const submission = await editorSubmission(request, PersonFormSchema);
  if (submission.rejected) return submission.rejected;
  const { api, values, input } = submission;
  const id = requireId(params, 'id');
  const stored = await api.getPerson(id).catch(rethrowAsRouteError);
  const update = {
    ...(sameText(input.name, stored.name) ? {} : { name: changedLocales(input.name, stored.name) }),
    ...(sameText(input.biography, stored.biography)
      ? {}
      : { biography: changedLocales(input.biography, stored.biography) }),
  };
  if (Object.keys(update).length > 0) {
    try {
      await api.call('adminUpdatePerson', { params: { id }, body: update });
    } catch (error) {
      return refusedForm(error, values);
    }
  }
  return { status: 'saved', savedAt: Date.now() } satisfies EditorResult;
}

export default function PersonEditor() {
  const person = useLoaderData<typeof loader>();
  const result = useActionData<EditorResult>();
  const { t } = useTranslation();
  return (
    <article className="person-editor">
      <RecordHeader
        imageUrl={person.profileUrl}
        width={120}
        height={180}
        missingClassName="person-missing"
        name={person.name}
      >
        <p className="muted">
          {[person.birthday, person.placeOfBirth].filter(Boolean).join(' · ')}
        </p>
      </RecordHeader>
      <PersonForm key={`${person.id}-${savedKey(result)}`} person={person} result={result} />
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
  result,
}: {
  person: ReturnType<typeof useLoaderData<typeof loader>>;
  result: EditorResult | undefined;
}) {
  const { t } = useTranslation();
  const editor = useEditor(person.id, result);
  return (
    <EditorForm editor={editor}>
      <FormError error={editor.errors.form} />
      {(['name', 'biography'] as const).map((field) => (
        <TranslatedRow
          key={field}
          field={field}
          label={t(`person.${field}`)}
          stored={person[field]}
          multiline={field === 'biography'}
          rows={6}
          editor={editor}
        />
      ))}
    </EditorForm>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
