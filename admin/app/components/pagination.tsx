import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

/** Previous and next links around "Page n of m", for a list too long for one page. */
export function Pagination({
  page,
  pageCount,
  href,
  previousLabel,
  nextLabel,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
  previousLabel: string;
  nextLabel: string;
}) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  return (
    <nav className="pagination" aria-label={t('films.pagination')}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {previousLabel}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span>{t('films.pageOf', { page, pages: pageCount })}</span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          {nextLabel}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  );
}
