import { useFetcher } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { action } from '~/routes/admin.import.resync.$movieId';
import { ProblemAlert } from './problem-alert';

/** "Re-sync from TMDB" for an imported film; usable on any page, it stays where it is. */
export function ResyncButton({ movieId }: { movieId: number }) {
  const fetcher = useFetcher<typeof action>();
  const { t } = useTranslation();
  const busy = fetcher.state !== 'idle';
  return (
    <fetcher.Form method="post" action={`/admin/import/resync/${movieId}`} className="resync">
      <button type="submit" className="button-secondary" disabled={busy}>
        {busy ? t('importer.resyncing') : t('importer.resync')}
      </button>
      <span role="status" className="resync-status">
        {!busy && fetcher.data?.ok ? t('importer.resynced') : null}
      </span>
      {!busy && fetcher.data?.problem ? (
        <ProblemAlert code={fetcher.data.problem.code} message={fetcher.data.problem.message} />
      ) : null}
    </fetcher.Form>
  );
}
