import { Link, Outlet } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ElephantMark } from '~/components/elephant-mark';
import { LanguageSwitcher } from '~/components/language-switcher';
import { RouteError } from '~/components/route-error';
import { SiteFooter } from '~/components/site-footer';

export async function loader() {
  return null;
}

function PublicShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="public-shell">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="public-header">
        <Link to="/" className="brand">
          <ElephantMark />
          {t('brand.name')}
        </Link>
        <LanguageSwitcher />
      </header>
      <main id="main" tabIndex={-1} className="page-narrow">
        {children}
      </main>
      <SiteFooter />
    </div>
  );
}

export default function PublicLayout() {
  return (
    <PublicShell>
      <Outlet />
    </PublicShell>
  );
}

export function ErrorBoundary() {
  return (
    <PublicShell>
      <RouteError />
    </PublicShell>
  );
}
