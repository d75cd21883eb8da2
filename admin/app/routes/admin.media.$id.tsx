import { LocaleSchema, SUBTITLE_MAX_BYTES, VideoUrlInputSchema } from '@lanxang/contracts';
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { JobTable } from '~/components/job-table';
import { PreviewPlayer } from '~/components/preview-player';
import { ProblemAlert } from '~/components/problem-alert';
import { RouteError } from '~/components/route-error';
import { VideoUpload } from '~/components/video-upload';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { assertSameOrigin } from '~/lib/csrf.server';
import { playbackOrNull, putSubtitles, toJobRow } from '~/lib/media.server';
import { toShownProblem, type ShownProblem } from '~/lib/problems.server';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';
import { usePoll } from '~/lib/use-poll';

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [
  { title: `${loaded?.film.title ?? 'Film'} · Media · Lanxang Admin` },
];

const SUBTITLE_LOCALES = LocaleSchema.options;

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = requireId(params, 'id');
  const [movie, jobs] = await Promise.all([
    apiFor(request).call('adminGetMovie', { params: { id } }),
    apiFor(request).call('adminListJobs', { query: { movieId: id, limit: 20 } }),
  ]).catch(rethrowAsRouteError);
  // An admin's playback answer covers drafts too, its URLs signed for this admin.
  const playback = await playbackOrNull(request, id).catch(rethrowAsRouteError);
  return {
    film: {
      id: movie.id,
      title: movie.title.en || movie.title.lo || movie.originalTitle,
      status: movie.status,
      sources: movie.videoSources,
    },
    jobs: jobs.items.map(toJobRow),
    playback,
  };
}

type ActionResult = {
  intent: string;
  locale?: string;
  done: boolean;
  fieldError?: string;
  problem: ShownProblem | null;
};

export async function action({ request, params }: ActionFunctionArgs) {
  assertSameOrigin(request);
  await requireAdmin(request);
  const id = requireId(params, 'id');
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const answer = (result: Omit<ActionResult, 'intent'>, status = 200) =>
    data<ActionResult>({ intent, ...result }, { status });
  const failed = (error: unknown, locale?: string) => {
    const problem = toShownProblem(error);
    return answer({ done: false, problem, locale }, problem.status);
  };

  if (intent === 'url') {
    const parsed = VideoUrlInputSchema.safeParse({ url: String(form.get('url') ?? '').trim() });
    if (!parsed.success) {
      return answer(
        { done: false, problem: null, fieldError: parsed.error.issues[0]?.message },
        400,
      );
    }
    try {
      await apiFor(request).call('adminSetVideoUrl', { params: { id }, body: parsed.data });
      return answer({ done: true, problem: null });
    } catch (error) {
      return failed(error);
    }
  }

  const locale = LocaleSchema.safeParse(form.get('locale'));
  if (intent === 'subtitles' && locale.success) {
    const file = form.get('vtt');
    if (!(file instanceof Blob) || file.size === 0)
      return answer({ done: false, problem: null, locale: locale.data, fieldError: 'empty' }, 400);
    if (file.size > SUBTITLE_MAX_BYTES)
      return answer({ done: false, problem: null, locale: locale.data, fieldError: 'tooBig' }, 413);
    try {
      await putSubtitles(request, id, locale.data, file);
      return answer({ done: true, problem: null, locale: locale.data });
    } catch (error) {
      return failed(error, locale.data);
    }
  }
  if (intent === 'delete-subtitles' && locale.success) {
    try {
      await apiFor(request).call('adminDeleteSubtitles', { params: { id, locale: locale.data } });
      return answer({ done: true, problem: null, locale: locale.data });
    } catch (error) {
      return failed(error, locale.data);
    }
  }
  throw data({ code: 'bad_request' }, { status: 400 });
}

function HlsUrlForm() {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const mine = result?.intent === 'url' ? result : undefined;
  const busy = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'url';
  return (
    <Form method="post" className="url-form">
      <input type="hidden" name="intent" value="url" />
      <div className="field">
        <label htmlFor="hls-url">{t('media.hlsUrl')}</label>
        <small id="hls-url-hint" className="muted">
          {t('media.hlsUrlHint')}
        </small>
        <input
          id="hls-url"
          type="url"
          name="url"
          required
          placeholder="https://cdn.example.com/film/master.m3u8"
          className="input-wide"
          aria-invalid={mine?.fieldError ? true : undefined}
          aria-describedby={mine?.fieldError ? 'hls-url-hint hls-url-error' : 'hls-url-hint'}
        />
        {mine?.fieldError ? (
          <p id="hls-url-error" className="field-error">
            {t('media.hlsUrlInvalid')} <span lang="en">({mine.fieldError})</span>
          </p>
        ) : null}
      </div>
      {mine?.problem ? (
        <ProblemAlert code={mine.problem.code} message={mine.problem.message} />
      ) : null}
      {mine?.done ? (
        <p role="status" className="ok">
          {t('media.hlsUrlSaved')}
        </p>
      ) : null}
      <p>
        <button type="submit" disabled={busy}>
          {t('media.hlsUrlSave')}
        </button>
      </p>
    </Form>
  );
}

function SubtitleRow({
  locale,
  track,
}: {
  locale: (typeof SUBTITLE_LOCALES)[number];
  track: { url: string; label: string } | undefined;
}) {
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const mine = result?.locale === locale ? result : undefined;
  const busy = navigation.state === 'submitting' && navigation.formData?.get('locale') === locale;
  const inputId = `vtt-${locale}`;
  return (
    <li className="subtitle-row" data-locale={locale}>
      <h3>{t(`media.subtitleLanguages.${locale}`)}</h3>
      <p>
        {track ? (
          <a href={track.url} target="_blank" rel="noreferrer">
            {t('media.subtitleCurrent', { label: track.label })}
          </a>
        ) : (
          <span className="muted">{t('media.subtitleNone')}</span>
        )}
      </p>
      <Form method="post" encType="multipart/form-data" className="subtitle-form">
        <input type="hidden" name="intent" value="subtitles" />
        <input type="hidden" name="locale" value={locale} />
        <div className="field">
          <label htmlFor={inputId}>{t('media.subtitleFile')}</label>
          <input id={inputId} type="file" name="vtt" accept=".vtt,text/vtt" required />
        </div>
        <button type="submit" disabled={busy}>
          {t('media.subtitleUpload')}
          <span className="visually-hidden"> ({t(`media.subtitleLanguages.${locale}`)})</span>
        </button>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="delete-subtitles" />
        <input type="hidden" name="locale" value={locale} />
        <button type="submit" className="button-secondary" disabled={busy}>
          {t('media.subtitleDelete')}
          <span className="visually-hidden"> ({t(`media.subtitleLanguages.${locale}`)})</span>
        </button>
      </Form>
      {mine?.fieldError ? (
        <p className="field-error" role="alert">
          {t(mine.fieldError === 'tooBig' ? 'media.subtitleTooBig' : 'media.subtitleEmpty')}
        </p>
      ) : null}
      {mine?.problem ? (
        <ProblemAlert code={mine.problem.code} message={mine.problem.message} />
      ) : null}
      {mine?.done ? (
        <p role="status" className="ok">
          {t(mine.intent === 'subtitles' ? 'media.subtitleSaved' : 'media.subtitleDeleted')}
        </p>
      ) : null}
    </li>
  );
}

export default function FilmMedia() {
  const { film, jobs, playback } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  usePoll(jobs.some((job) => job.active));

  return (
    <div className="ingest">
      <p>
        <Link to="/admin/media">← {t('media.backToMedia')}</Link>
      </p>
      <div className="page-heading">
        <h1>{t('media.filmTitle', { title: film.title })}</h1>
        <Link to={`/admin/films/${film.id}`}>{t('media.openFilm')}</Link>
      </div>

      <section aria-labelledby="source-title" className="panel">
        <h2 id="source-title">{t('media.sourceTitle')}</h2>
        <div className="two-columns">
          <VideoUpload movieId={film.id} />
          <HlsUrlForm />
        </div>
      </section>

      <section aria-labelledby="jobs-title">
        <h2 id="jobs-title">{t('media.jobsTitle')}</h2>
        {jobs.length === 0 ? (
          <div className="empty">
            <p>{t('media.noJobs')}</p>
          </div>
        ) : (
          <JobTable jobs={jobs} caption={t('media.jobsTitle')} />
        )}
      </section>

      <section aria-labelledby="preview-title">
        <h2 id="preview-title">{t('media.previewTitle')}</h2>
        {playback ? (
          <PreviewPlayer
            masterUrl={playback.masterUrl}
            posterUrl={playback.posterUrl}
            subtitles={playback.subtitles}
          />
        ) : (
          <div className="empty">
            <p>{t('media.previewNone')}</p>
          </div>
        )}
      </section>

      <section aria-labelledby="subtitles-title">
        <h2 id="subtitles-title">{t('media.subtitlesTitle')}</h2>
        <p className="muted">{t('media.subtitlesHint')}</p>
        <ul className="subtitle-list" role="list">
          {SUBTITLE_LOCALES.map((locale) => (
            <SubtitleRow
              key={locale}
              locale={locale}
              track={playback?.subtitles.find((track) => track.locale === locale)}
            />
          ))}
        </ul>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
