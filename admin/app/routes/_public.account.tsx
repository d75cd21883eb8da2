import { LocaleSchema } from '@lanxang/contracts';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';
import { apiFor, rethrowAsRouteError } from '~/lib/api.server';
import { browserOf, timeAgo } from '~/lib/devices';
import { commitLocale, getLocale, requireUser } from '~/lib/session.server';
import { UI_LOCALES } from '~/i18n/i18n';

export const meta: MetaFunction = () => [{ title: 'Lanxang: Account' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [devices, locale] = await Promise.all([
    apiFor(request).listDevices().catch(rethrowAsRouteError),
    getLocale(request),
  ]);
  const now = new Date();
  return {
    user,
    languageSaved: new URL(request.url).searchParams.get('saved') === 'language',
    devices: devices.items.map((device) => ({
      id: device.id,
      client: device.clientName,
      browser: browserOf(device.userAgent),
      lastUsed: timeAgo(device.lastUsedAt, now, locale),
      paired: timeAgo(device.createdAt, now, locale),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireUser(request);
  const form = await request.formData();
  const api = apiFor(request);
  const intent = form.get('intent');
  if (intent === 'revoke') {
    await api.revokeDevice(String(form.get('id'))).catch(rethrowAsRouteError);
    return data({ revoked: String(form.get('name') ?? '') });
  }
  if (intent === 'language') {
    const locale = LocaleSchema.safeParse(form.get('locale'));
    if (!locale.success) throw data({ code: 'validation_failed' }, { status: 400 });
    await api.updateMe({ preferredLocale: locale.data }).catch(rethrowAsRouteError);
    return redirect('/account?saved=language', {
      headers: { 'Set-Cookie': await commitLocale(request, locale.data) },
    });
  }
  if (intent === 'logout') {
    await api.logout().catch(rethrowAsRouteError);
    return redirect('/', { headers: api.responseHeaders() });
  }
  throw data({ code: 'bad_request' }, { status: 400 });
}

export default function Account() {
  const { t } = useTranslation();
  const { user, devices, languageSaved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const label = (device: (typeof devices)[number]) =>
    t('device.onBrowser', {
      client: device.client,
      browser: device.browser ?? t('device.unknownBrowser'),
    });

  return (
    <section className="narrow-column">
      <div className="page-heading">
        <h1>{t('account.title')}</h1>
      </div>
      <p className="muted">
        {t('auth.signedInAs', { name: user.displayName })} · {user.email}
      </p>

      <h2>{t('account.devices')}</h2>
      {result?.revoked ? (
        <p className="form-ok" role="status">
          {t('account.revoked', { name: result.revoked })}
        </p>
      ) : null}
      {devices.length === 0 ? (
        <div className="card">
          <p>{t('account.noDevices')}</p>
          <Link className="button" to="/activate">
            {t('account.activateOne')}
          </Link>
        </div>
      ) : (
        <ul className="device-list" role="list">
          {devices.map((device) => (
            <li key={device.id} className="card device">
              <div>
                <strong>{label(device)}</strong>
                <div className="muted">
                  {t('account.paired', { when: device.paired })} ·{' '}
                  {t('account.lastUsed', { when: device.lastUsed })}
                </div>
              </div>
              <Form method="post">
                <input type="hidden" name="id" value={device.id} />
                <input type="hidden" name="name" value={label(device)} />
                <button
                  type="submit"
                  name="intent"
                  value="revoke"
                  className="button-secondary"
                  disabled={busy}
                  aria-label={t('account.revokeLabel', { name: label(device) })}
                >
                  {t('account.revoke')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}

      <h2>{t('account.language')}</h2>
      <Form method="post" className="card form-inline">
        <label htmlFor="preferred-locale">{t('account.languageHint')}</label>
        <select id="preferred-locale" name="locale" defaultValue={user.preferredLocale}>
          {UI_LOCALES.map((locale) => (
            <option key={locale} value={locale} lang={locale}>
              {t(`language.${locale}`)}
            </option>
          ))}
        </select>
        <button type="submit" name="intent" value="language" disabled={busy}>
          {t('account.save')}
        </button>
        {languageSaved ? (
          <span className="muted" role="status">
            {t('account.saved')}
          </span>
        ) : null}
      </Form>

      <Form method="post" className="sign-out">
        <button
          type="submit"
          name="intent"
          value="logout"
          className="button-secondary"
          disabled={busy}
        >
          {t('auth.signOut')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
