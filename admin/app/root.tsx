import laoFont400 from '@fontsource/noto-sans-lao/lao-400.css?url';
import laoFont700 from '@fontsource/noto-sans-lao/lao-700.css?url';
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { RouteError } from '~/components/route-error';
import { i18nFor } from '~/i18n/i18n';
import { getLocale } from '~/lib/session.server';
import appStyles from '~/styles/app.css?url';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: laoFont400 },
  { rel: 'stylesheet', href: laoFont700 },
  { rel: 'stylesheet', href: appStyles },
];

export const meta: MetaFunction = () => [{ title: 'Lanxang' }];

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: await getLocale(request) };
}

export function Layout({ children }: { children: ReactNode }) {
  // Undefined when the root loader itself failed; English is then the safe choice.
  const locale = useRouteLoaderData<typeof loader>('root')?.locale ?? 'en';
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18nFor(locale)}>{children}</I18nextProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return (
    <main id="main" className="page-narrow">
      <RouteError />
    </main>
  );
}
