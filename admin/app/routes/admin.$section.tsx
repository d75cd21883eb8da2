import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';
import { UPCOMING_SECTIONS } from '~/lib/sections';
import { requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Lanxang Admin' }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const section = UPCOMING_SECTIONS.find(({ slug }) => slug === params.section);
  if (!section) throw data({ code: 'not_found' }, { status: 404 });
  return { label: section.label, issue: section.issue };
}

export default function UpcomingSection() {
  const { label, issue } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className="placeholder">
      <p className="badge badge-soon">{t('section.comingSoon')}</p>
      <h1>{t(`nav.${label}`)}</h1>
      <p>{t(`section.${label}`)}</p>
      {issue ? <p className="muted">Issue #{issue}</p> : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
