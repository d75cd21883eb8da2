import type { MetaFunction } from '@remix-run/node';
import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';

export const meta: MetaFunction = () => [
  { title: 'Lanxang: Lao cinema on your TV' },
  { name: 'description', content: 'A streaming service for Lao cinema on the living-room TV.' },
];

export async function loader() {
  return null;
}

export default function Landing() {
  const { t } = useTranslation();
  return (
    <>
      <section className="hero">
        <h1>{t('landing.title')}</h1>
        <p className="lead">{t('landing.lead')}</p>
      </section>
      <ul className="card-grid" role="list">
        <li className="card">
          <h2>{t('landing.activateTitle')}</h2>
          <p>{t('landing.activateText')}</p>
          <Link className="button" to="/activate">
            {t('landing.activateTitle')}
          </Link>
        </li>
        <li className="card">
          <h2>{t('landing.adminTitle')}</h2>
          <p>{t('landing.adminText')}</p>
          <Link className="button" to="/admin">
            {t('landing.adminTitle')}
          </Link>
        </li>
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
