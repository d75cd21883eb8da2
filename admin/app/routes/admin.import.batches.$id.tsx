import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { requireId } from '~/lib/params.server';
import { requireAdmin } from '~/lib/session.server';
import { usePoll } from '~/lib/use-poll';

export const meta: MetaFunction = () => [{ title: 'Bulk import · Lanxang Admin' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = requireId(params, 'id');
  return apiFor(request)
    .call('adminTmdbImportBatch', { params: { id } })
    .catch(rethrowAsRouteError);
}

export default function ImportBatch() {
  const batch = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const running = batch.status === 'running';
  usePoll(running);

  const { total, done, failed, interrupted } = batch.counts;
  const settled = done + failed + interrupted;
  const percent = total === 0 ? 100 : Math.round((settled / total) * 100);
  const problems = batch.items.filter((item) => item.error);

  return (
    <div className="ingest">
      <p>
        <Link to="/admin/import">← {t('importer.backToSearch')}</Link>
      </p>
      <h1>{t('importer.batchTitle', { id: batch.id })}</h1>

      <div className="batch-progress">
        <label htmlFor="batch-progress">
          {running ? t('importer.batchRunning') : t('importer.batchFinished')}
        </label>
        <progress id="batch-progress" max={100} value={percent} aria-valuetext={`${percent} %`}>
          {percent} %
        </progress>
        <p aria-live="polite" data-testid="batch-summary">
          <strong>{percent} %</strong> ·{' '}
          {t('importer.batchCounts', { settled, total, done, failed: failed + interrupted })}
        </p>
      </div>

      {problems.length > 0 ? (
        <section aria-labelledby="failed-title" className="panel panel-bad">
          <h2 id="failed-title">{t('importer.failedTitle', { count: problems.length })}</h2>
          <ul data-testid="batch-failures">
            {problems.map((item) => (
              <li key={item.tmdbId}>
                <strong>{item.title ?? t('importer.tmdbFilm', { id: item.tmdbId })}</strong>:{' '}
                {item.error?.message} <span className="muted">({item.error?.code})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <table className="batch-table">
        <caption className="visually-hidden">{t('importer.batchItems')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('importer.tmdbId')}</th>
            <th scope="col">{t('importer.film')}</th>
            <th scope="col">{t('importer.itemStatus')}</th>
          </tr>
        </thead>
        <tbody>
          {batch.items.map((item) => (
            <tr key={item.tmdbId} data-status={item.status}>
              <td>
                <Link to={`/admin/import/${item.tmdbId}`}>{item.tmdbId}</Link>
              </td>
              <td>
                {item.movieId ? (
                  <Link to={`/admin/films/${item.movieId}`}>
                    {item.title ?? t('importer.tmdbFilm', { id: item.tmdbId })}
                  </Link>
                ) : (
                  (item.title ?? '—')
                )}
              </td>
              <td>
                <span className={`badge badge-item-${item.status}`}>
                  {t(`importer.itemStatuses.${item.status}`)}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
