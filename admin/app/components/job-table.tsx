import { Link, useFetcher } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { JobRow } from '~/lib/media.server';
import type { action as cancelAction } from '~/routes/admin.media.jobs.$jobId.cancel';
import { ProblemAlert } from './problem-alert';
import { formatBytes } from './video-upload';

function formatEta(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return minutes >= 60
    ? `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${rest}`
    : `${minutes}:${rest}`;
}

function CancelJob({ job }: { job: JobRow }) {
  const fetcher = useFetcher<typeof cancelAction>();
  const { t } = useTranslation();
  return (
    <fetcher.Form method="post" action={`/admin/media/jobs/${job.id}/cancel`}>
      <button
        type="submit"
        className="button-secondary button-small"
        disabled={fetcher.state !== 'idle'}
      >
        {t('media.cancelJob')}
        <span className="visually-hidden"> {job.sourceName}</span>
      </button>
      {fetcher.state === 'idle' && fetcher.data?.problem ? (
        <ProblemAlert code={fetcher.data.problem.code} message={fetcher.data.problem.message} />
      ) : null}
    </fetcher.Form>
  );
}

/** Media jobs with live progress; the page polls while any of them is active. */
export function JobTable({
  jobs,
  filmTitles,
  caption,
}: {
  jobs: JobRow[];
  /** Given on the cross-film list: each job links to its film's media page. */
  filmTitles?: Record<number, string>;
  caption: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <table className="job-table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {filmTitles ? <th scope="col">{t('media.film')}</th> : null}
          <th scope="col">{t('media.source')}</th>
          <th scope="col">{t('media.state')}</th>
          <th scope="col">{t('media.progress')}</th>
          <th scope="col">{t('media.created')}</th>
          <th scope="col">
            <span className="visually-hidden">{t('media.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <tr key={job.id} data-job-id={job.id} data-state={job.state}>
            {filmTitles ? (
              <td>
                <Link to={`/admin/media/${job.movieId}`}>
                  {filmTitles[job.movieId] ?? t('media.filmNumber', { id: job.movieId })}
                </Link>
              </td>
            ) : null}
            <td>
              <span className="job-source">{job.sourceName}</span>
              <span className="muted">{formatBytes(job.sourceBytes, i18n.language)}</span>
            </td>
            <td>
              <span className={`badge badge-job-${job.state}`}>
                {t(`media.states.${job.state}`)}
              </span>
              {job.attempts > 1 ? (
                <span className="muted">
                  {' '}
                  {t('media.attempt', { attempt: job.attempts, max: job.maxAttempts })}
                </span>
              ) : null}
            </td>
            <td className="job-progress">
              <progress
                max={100}
                value={job.percent}
                aria-label={t('media.progressOf', { name: job.sourceName })}
              >
                {Math.round(job.percent)} %
              </progress>
              <span data-testid="job-percent">{Math.round(job.percent)} %</span>
              <span className="muted">
                {t(`media.steps.${job.step}`)}
                {job.active && job.etaSeconds !== null
                  ? ` · ${t('media.eta', { time: formatEta(job.etaSeconds) })}`
                  : ''}
              </span>
              {job.error && job.state !== 'completed' ? (
                <ProblemAlert code={job.error.code} message={job.error.message} />
              ) : null}
            </td>
            <td>
              <time dateTime={job.createdAt}>
                {new Date(job.createdAt).toLocaleString(i18n.language, {
                  dateStyle: 'short',
                  timeStyle: 'short',
                  // The server renders this too; one fixed zone keeps both renders equal.
                  timeZone: 'UTC',
                })}{' '}
                UTC
              </time>
            </td>
            <td>{job.active ? <CancelJob job={job} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
