import { useTranslation } from 'react-i18next';
import type { FilmStatus, LaoCompleteness } from '~/lib/films.server';

export function StatusBadge({ status }: { status: FilmStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-status-${status}`}>{t(`status.${status}`)}</span>;
}

export function LaoBadge({ completeness }: { completeness: LaoCompleteness }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-lao-${completeness}`} title={t(`lao.${completeness}Hint`)}>
      {t(`lao.${completeness}`)}
    </span>
  );
}
