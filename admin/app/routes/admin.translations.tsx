import {
  BIOGRAPHY_MAX,
  CHARACTER_MAX,
  CREW_JOB_MAX,
  GENRE_NAME_MAX,
  MOVIE_OVERVIEW_MAX,
  MOVIE_TAGLINE_MAX,
  MOVIE_TITLE_MAX,
  PERSON_NAME_MAX,
} from '@lanxang/contracts';
import {
  data,
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
import { Field, FormError } from '~/components/fields';
import { RouteError } from '~/components/route-error';
import { DirtyMarker, UnsavedChangesDialog, useUnsavedChanges } from '~/components/unsaved-changes';
import { apiFor, rethrowAsRouteError, type ApiClient } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import type { InvalidForm } from '~/lib/forms.server';
import { refusedForm } from '~/lib/problems.server';
import { getLocale, requireAdmin } from '~/lib/session.server';
import {
  percent,
  translationQueue,
  type QueueField,
  type QueueKind,
} from '~/lib/translation.server';

export const meta: MetaFunction = () => [{ title: 'Translations · Lanxang Admin' }];

const KINDS = ['film', 'person', 'genre'] as const satisfies readonly QueueKind[];
const ItemKeySchema = z.string().regex(/^(film|person|genre)-\d+$/);
const QueueSearchSchema = z.object({
  kind: z.enum(KINDS).optional().catch(undefined),
  item: ItemKeySchema.optional().catch(undefined),
});

/** The longest Lao text the API takes for a field of a kind of record (a title's, when unknown). */
function laoMax(record: QueueKind, field: FormDataEntryValue | null): number {
  if (field === 'name') return record === 'person' ? PERSON_NAME_MAX : GENRE_NAME_MAX;
  return MAX_LENGTH.get(String(field)) ?? MOVIE_TITLE_MAX;
}
const MAX_LENGTH = new Map<string, number>([
  ['title', MOVIE_TITLE_MAX],
  ['tagline', MOVIE_TAGLINE_MAX],
  ['overview', MOVIE_OVERVIEW_MAX],
  ['character', CHARACTER_MAX],
  ['job', CREW_JOB_MAX],
  ['biography', BIOGRAPHY_MAX],
] satisfies [Exclude<QueueField['kind'], 'name'>, number][]);

/** The queue's input for an API field error on a Lao text (`movie.title.lo`, `cast.2.character.lo`). */
function laoInputOf(field: string): string {
  const lao =
    /^(?:movie\.)?(title|tagline|overview|name|biography|(?:cast|crew)\.\d+)(?:\.\w+)?\.lo$/.exec(
      field,
    );
  return lao ? `lo:${lao[1]}` : field;
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const search = QueueSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const locale = await getLocale(request);
  const queue = await translationQueue(apiFor(request), locale, search.kind).catch(
    rethrowAsRouteError,
  );
  const { items } = queue;
  const currentIndex = Math.max(
    0,
    items.findIndex((item) => item.key === search.item),
  );
  const current = items[currentIndex] ?? null;
  return {
    kind: search.kind ?? null,
    counts: queue.counts,
    total: queue.total,
    missingFields: queue.missingFields,
    items: items.map(({ key, kind, label, labelLo, status, completeness }) => ({
      key,
      kind,
      label,
      labelLo,
      status,
      percent: percent(completeness),
    })),
    current,
    nextKey: items[currentIndex + 1]?.key ?? (items.length > 1 ? items[0]?.key : undefined) ?? null,
  };
}

type ActionResult = InvalidForm;

/** Only the Lao texts the admin typed, by field name; the English sources are not sent back. */
function laoValues(formData: FormData): Map<string, string> {
  const values = new Map<string, string>();
  for (const [name, value] of formData) {
    if (name.startsWith('lo:') && typeof value === 'string') {
      values.set(name.slice(3), value.normalize('NFC').trim());
    }
  }
  return values;
}

/** The Lao the admin changed on a film, its cast and its crew, saved in one write. */
async function saveFilm(api: ApiClient, id: number, lao: Map<string, string>, formData: FormData) {
  const film = await api.call('adminGetMovie', { params: { id } });
  const texts = Object.fromEntries(
    (['title', 'overview', 'tagline'] as const).flatMap((field) => {
      const value = lao.get(field);
      return value !== undefined && value !== (film[field].lo ?? '')
        ? [[field, { lo: value }]]
        : [];
    }),
  );
  // Credits are replaced whole; each Lao text goes to the credit whose person it was typed for.
  const typedFor = (name: string, personId: number) =>
    formData.get(`person:${name}`) === String(personId) ? lao.get(name) : undefined;
  const cast = [...film.cast].sort((a, b) => a.order - b.order);
  const castChanged = cast.some((member, index) => {
    const value = typedFor(`cast.${index}`, member.person.id);
    return value !== undefined && value !== (member.character.lo ?? '');
  });
  const crewChanged = film.crew.some((member, index) => {
    const value = typedFor(`crew.${index}`, member.person.id);
    return value !== undefined && value !== (member.job.lo ?? '');
  });
  const body = {
    ...(Object.keys(texts).length > 0 && { movie: texts }),
    ...(castChanged && {
      cast: cast.map((member, index) => {
        const value = typedFor(`cast.${index}`, member.person.id);
        return {
          personId: member.person.id,
          character: { ...member.character, ...(value !== undefined ? { lo: value } : {}) },
        };
      }),
    }),
    ...(crewChanged && {
      crew: film.crew.map((member, index) => {
        const value = typedFor(`crew.${index}`, member.person.id);
        return {
          personId: member.person.id,
          department: member.department,
          job: {
            en: member.job.en ?? '',
            ...(member.job.lo ? { lo: member.job.lo } : {}),
            ...(value !== undefined ? { lo: value } : {}),
          },
        };
      }),
    }),
  };
  if (Object.keys(body).length > 0) {
    await api.call('adminSaveMovie', { params: { id }, body });
  }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  assertSameOrigin(request);
  const formData = await request.formData();
  const key = ItemKeySchema.safeParse(formData.get('item'));
  if (!key.success) throw data({ code: 'bad_request' }, { status: 400 });
  const [kind, rawId] = key.data.split('-') as [QueueKind, string];
  const id = Number(rawId);
  const lao = laoValues(formData);

  const errors: Record<string, string> = {};
  for (const [name, value] of lao) {
    if (value.length > laoMax(kind, formData.get(`kind:${name}`)))
      errors[`lo:${name}`] = 'validation.tooLong';
  }
  const values = Object.fromEntries(lao);
  if (Object.keys(errors).length > 0) {
    return data({ status: 'invalid', errors, values } satisfies ActionResult, { status: 400 });
  }

  const api = apiFor(request);
  try {
    if (kind === 'film') await saveFilm(api, id, lao, formData);
    if (kind === 'person') {
      const person = await api.getPerson(id);
      const body = {
        ...(lao.has('name') && lao.get('name') !== (person.name.lo ?? '')
          ? { name: { lo: lao.get('name') } }
          : {}),
        ...(lao.has('biography') && lao.get('biography') !== (person.biography.lo ?? '')
          ? { biography: { lo: lao.get('biography') } }
          : {}),
      };
      if (Object.keys(body).length > 0)
        await api.call('adminUpdatePerson', { params: { id }, body });
    }
    if (kind === 'genre' && lao.get('name')) {
      await api.call('adminUpdateGenre', {
        params: { id },
        body: { name: { lo: lao.get('name') } },
      });
    }
  } catch (error) {
    return refusedForm(error, values, { formField: laoInputOf });
  }

  const params = new URLSearchParams();
  const queueKind = QueueSearchSchema.shape.kind.parse(formData.get('kind') ?? undefined);
  if (queueKind) params.set('kind', queueKind);
  const next = ItemKeySchema.safeParse(formData.get('next'));
  if (next.success && next.data !== key.data) params.set('item', next.data);
  params.set('saved', key.data);
  return redirect(`/admin/translations?${params}`);
}

export default function TranslationQueue() {
  const { kind, counts, total, items, current, nextKey, missingFields } =
    useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const saved = searchParams.get('saved');
  const kindHref = (next: QueueKind | null) => (next ? `?kind=${next}` : '?');
  const itemHref = (key: string) =>
    `?${new URLSearchParams({ ...(kind ? { kind } : {}), item: key })}`;

  return (
    <>
      <div className="page-heading">
        <h1>{t('queue.title')}</h1>
        <p className="muted" aria-live="polite">
          {t('queue.left', { count: total })} ·{' '}
          {t('queue.fieldsDone', {
            translated: missingFields.translated,
            total: missingFields.total,
          })}
        </p>
      </div>
      {saved ? (
        <p className="notice" role="status">
          {t('queue.saved')}
        </p>
      ) : null}
      <nav className="kind-filter" aria-label={t('queue.filter')}>
        <Link to={kindHref(null)} aria-current={kind === null ? 'page' : undefined}>
          {t('queue.all')} ({total})
        </Link>
        {KINDS.map((entry) => (
          <Link key={entry} to={kindHref(entry)} aria-current={kind === entry ? 'page' : undefined}>
            {t(`queue.kinds.${entry}`)} ({counts[entry]})
          </Link>
        ))}
      </nav>

      {items.length === 0 || !current ? (
        <div className="empty">
          <p>{t('queue.done')}</p>
        </div>
      ) : (
        <div className="queue">
          <ol className="queue-list" aria-label={t('queue.listLabel')}>
            {items.map((item) => (
              <li key={item.key}>
                <Link
                  to={itemHref(item.key)}
                  aria-current={item.key === current.key ? 'true' : undefined}
                >
                  <span className={`badge badge-kind-${item.kind}`}>
                    {t(`queue.kinds.${item.kind}`)}
                  </span>
                  <span className="queue-label">{item.label}</span>
                  <span className="queue-percent">{item.percent}%</span>
                </Link>
              </li>
            ))}
          </ol>
          <QueueEditor key={current.key} current={current} nextKey={nextKey} kind={kind} />
        </div>
      )}
    </>
  );
}

function QueueEditor({
  current,
  nextKey,
  kind,
}: {
  current: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>['current']>;
  nextKey: string | null;
  kind: QueueKind | null;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const actionData = useActionData<ActionResult>();
  const form = useRef<HTMLFormElement>(null);
  const { dirty, blocker } = useUnsavedChanges(form, current.key);
  const invalid = actionData?.status === 'invalid' ? actionData : undefined;
  const firstEmpty = current.fields.find((field) => !field.lo)?.name;

  // Ctrl+Enter (Cmd+Enter on a Mac) saves and moves on, from any field.
  useEffect(() => {
    const element = form.current;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        element?.requestSubmit();
      }
    }
    element?.addEventListener('keydown', onKeyDown);
    return () => element?.removeEventListener('keydown', onKeyDown);
  }, []);

  const editHref =
    current.kind === 'film'
      ? `/admin/films/${current.id}`
      : current.kind === 'person'
        ? `/admin/people/${current.id}`
        : '/admin/genres';
  const nextHref = nextKey
    ? `?${new URLSearchParams({ ...(kind ? { kind } : {}), item: nextKey })}`
    : null;

  return (
    <Form method="post" ref={form} className="queue-editor" aria-labelledby="queue-item-title">
      <input type="hidden" name="item" value={current.key} />
      {nextKey ? <input type="hidden" name="next" value={nextKey} /> : null}
      {kind ? <input type="hidden" name="kind" value={kind} /> : null}
      <header>
        <p className="muted">
          {t(`queue.kinds.${current.kind}`)}
          {current.status ? ` · ${t(`status.${current.status}`)}` : ''}
        </p>
        <h2 id="queue-item-title">{current.label}</h2>
        <p>
          <meter
            min={0}
            max={current.completeness.total}
            value={current.completeness.translated}
            aria-label={t('queue.completeness')}
          />{' '}
          {t('queue.itemDone', current.completeness)} ·{' '}
          <Link to={editHref}>{t('queue.openEditor')}</Link>
        </p>
      </header>
      <FormError error={invalid?.errors.form} />
      {current.fields.map((field) => {
        const name = `lo:${field.name}`;
        const label = field.context
          ? t(`queue.fields.${field.kind}`) + ` · ${field.context}`
          : t(`queue.fields.${field.kind}`);
        return (
          <div key={field.name} className="queue-field">
            <input type="hidden" name={`kind:${field.name}`} value={field.kind} />
            {field.name.startsWith('cast.') || field.name.startsWith('crew.') ? (
              <input type="hidden" name={`person:${field.name}`} value={field.personId} />
            ) : null}
            <div className="queue-source">
              <span className="queue-source-label">{label}</span>
              <p lang="en">{field.en}</p>
            </div>
            <Field
              name={name}
              label={t('queue.laoFor', { field: label })}
              lang="lo"
              className="field-lo"
              multiline={field.multiline}
              rows={field.multiline ? 6 : undefined}
              autoFocus={field.name === firstEmpty}
              defaultValue={(invalid?.values[field.name] as string | undefined) ?? field.lo}
              error={invalid?.errors[name]}
            />
          </div>
        );
      })}
      <div className="save-bar">
        <DirtyMarker dirty={dirty} />
        {nextHref ? (
          <Link className="button button-secondary" to={nextHref}>
            {t('queue.skip')}
          </Link>
        ) : null}
        <button
          type="submit"
          disabled={navigation.state !== 'idle'}
          aria-keyshortcuts="Control+Enter"
        >
          {t('queue.saveNext')} <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
        </button>
      </div>
      <UnsavedChangesDialog blocker={blocker} />
    </Form>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
