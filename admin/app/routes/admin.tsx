import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, NavLink, Outlet } from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ElephantMark } from '~/components/elephant-mark';
import { LanguageSwitcher } from '~/components/language-switcher';
import { RouteError } from '~/components/route-error';
import { SiteFooter } from '~/components/site-footer';
import { requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Lanxang Admin' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

function AdminShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="admin-shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="admin-header">
        <Link to="/admin" className="brand">
          <ElephantMark />
          {t('brand.admin')}
        </Link>
        <LanguageSwitcher />
      </header>
      <nav className="admin-nav" aria-label={t('nav.label')}>
        <ul role="list">
          <li>
            <NavLink to="/admin" end>
              {t('nav.dashboard')}
            </NavLink>
          </li>
          <li>
            <NavLink to="/admin/films">{t('nav.films')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/translations">{t('nav.translations')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/home">{t('nav.homeCuration')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/genres">{t('nav.genres')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/import">{t('nav.import')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/media">{t('nav.media')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/pricing">{t('rentals.nav.pricing')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/payments">{t('rentals.nav.payments')}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/revenue">{t('rentals.nav.revenue')}</NavLink>
            <NavLink to="/admin/analytics">{t('nav.analytics')}</NavLink>
          </li>
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="admin-main">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}

export default function AdminLayout() {
  // Marks the page interactive: child effects (shortcuts, the unsaved-changes guard) have run by
  // the time this parent effect does. Browser tests wait for it instead of guessing.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <AdminShell>
      <Outlet />
    </AdminShell>
  );
}

export function ErrorBoundary() {
  return (
    <AdminShell>
      <RouteError />
    </AdminShell>
  );
}
