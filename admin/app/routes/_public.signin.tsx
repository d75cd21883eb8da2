import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AuthForms } from '~/components/auth-forms';
import { RouteError } from '~/components/route-error';
import { handleAuthForm } from '~/lib/auth-forms.server';
import { safeRedirect } from '~/lib/redirect';
import { getUser } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Lanxang: Sign in' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get('redirectTo'), '/account');
  if (await getUser(request)) throw redirect(redirectTo);
  return { redirectTo };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  return handleAuthForm(request, form, form.get('intent') === 'register' ? 'register' : 'login');
}

export default function SignIn() {
  const { t } = useTranslation();
  const { redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow-column">
      <h1>{t('auth.signInTitle')}</h1>
      <p className="lead">{t('auth.signInLead')}</p>
      <AuthForms redirectTo={redirectTo} result={result} />
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
