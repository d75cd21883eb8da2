import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';

export const meta: MetaFunction = () => [{ title: 'Lanxang: Account' }];

// A marked placeholder: the accounts work (issue 4) builds this page on the API it adds.
export async function loader() {
  return null;
}

export default function Account() {
  const { t } = useTranslation();
  return (
    <section className="placeholder">
      <p className="badge badge-soon">{t('comingWithAccounts.badge')}</p>
      <h1>{t('comingWithAccounts.accountTitle')}</h1>
      <p>{t('comingWithAccounts.accountText')}</p>
      <Link to="/">{t('comingWithAccounts.back')}</Link>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
