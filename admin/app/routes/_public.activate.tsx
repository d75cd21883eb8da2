import { UserCodeSchema, formatUserCode, normalizeUserCode, type Locale } from '@lanxang/contracts';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AuthForms, Field } from '~/components/auth-forms';
import { RouteError } from '~/components/route-error';
import { ApiError, apiFor } from '~/lib/api.server';
import { handleAuthForm } from '~/lib/auth-forms.server';
import { browserOf, timeAgo } from '~/lib/devices';
import { getLocale, getUser } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Lanxang: Activate a TV' }];

const CODE_ERRORS = [
  'code_not_found',
  'code_expired',
  'code_used',
  'code_attempts_exhausted',
  'rate_limited',
] as const;
type CodeError = (typeof CODE_ERRORS)[number] | 'format' | 'unexpected';

/** What the page shows after each step: enter a code, confirm what asks, or the outcome. */
type Step =
  | { step: 'enter'; userCode: string; error?: CodeError }
  | { step: 'confirm'; userCode: string; client: string; browser: string | null; requested: string }
  | { step: 'approved'; moved: number }
  | { step: 'denied' };

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('code') ?? '';
  const userCode = UserCodeSchema.safeParse(typed);
  return {
    user: await getUser(request),
    // The QR link's code, shown as the TV shows it; anything odd is left for the person to fix.
    userCode: userCode.success ? formatUserCode(userCode.data) : typed.slice(0, 20),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  if (intent === 'login' || intent === 'register') return handleAuthForm(request, form, intent);

  const typed = String(form.get('userCode') ?? '');
  const parsed = UserCodeSchema.safeParse(typed);
  if (!parsed.success)
    return data<Step>({ step: 'enter', userCode: typed, error: 'format' }, { status: 400 });
  const userCode = parsed.data;
  const api = apiFor(request);
  try {
    if (intent === 'approve') {
      const { migrated } = await api.approveDevice(userCode);
      const moved = Object.values(migrated).reduce((sum, count) => sum + count, 0);
      return data<Step>({ step: 'approved', moved });
    }
    if (intent === 'deny') {
      await api.denyDevice(userCode);
      return data<Step>({ step: 'denied' });
    }
    const device = await api.lookupDevice(userCode);
    const locale: Locale = await getLocale(request);
    return data<Step>({
      step: 'confirm',
      userCode: formatUserCode(userCode),
      client: device.clientName,
      browser: browserOf(device.userAgent),
      requested: timeAgo(device.requestedAt, new Date(), locale),
    });
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const code = CODE_ERRORS.find((candidate) => candidate === error.code) ?? 'unexpected';
    return data<Step>(
      { step: 'enter', userCode: formatUserCode(normalizeUserCode(typed)), error: code },
      { status: error.status },
    );
  }
}

export default function Activate() {
  const { t } = useTranslation();
  const { user, userCode } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const step = result && 'step' in result ? result : undefined;
  const authResult = result && 'form' in result ? result : undefined;
  const redirectTo = userCode ? `/activate?code=${encodeURIComponent(userCode)}` : '/activate';

  if (!user) {
    return (
      <section className="narrow-column">
        <h1>{t('activate.title')}</h1>
        <p className="lead">{t('activate.lead')}</p>
        <p>{t('activate.signInFirst')}</p>
        <AuthForms redirectTo={redirectTo} result={authResult} />
      </section>
    );
  }

  if (step?.step === 'approved' || step?.step === 'denied') {
    const approved = step.step === 'approved';
    return (
      <section className="narrow-column">
        <div className={`card outcome ${approved ? 'outcome-ok' : ''}`} role="status">
          <h1>{approved ? t('activate.approvedTitle') : t('activate.deniedTitle')}</h1>
          <p>{approved ? t('activate.approvedText') : t('activate.deniedText')}</p>
          {approved && step.moved > 0 ? <p>{t('activate.moved', { count: step.moved })}</p> : null}
          <p className="actions">
            <Link className="button button-secondary" to="/account">
              {t('account.title')}
            </Link>
          </p>
        </div>
      </section>
    );
  }

  if (step?.step === 'confirm') {
    const label = t('device.onBrowser', {
      client: step.client,
      browser: step.browser ?? t('device.unknownBrowser'),
    });
    return (
      <section className="narrow-column">
        <h1>{t('activate.title')}</h1>
        <div className="card">
          <p>{t('activate.asking')}</p>
          <p className="device-asking">
            <strong>{label}</strong>, {t('activate.requested', { when: step.requested })}
          </p>
          <p className="code-echo" aria-label={t('activate.code')}>
            {step.userCode}
          </p>
          <Form method="post" className="actions">
            <input type="hidden" name="userCode" value={step.userCode} />
            <button type="submit" name="intent" value="approve" disabled={busy}>
              {t('activate.approve')}
            </button>
            <button
              type="submit"
              name="intent"
              value="deny"
              className="button-secondary"
              disabled={busy}
            >
              {t('activate.deny')}
            </button>
          </Form>
        </div>
        <p>
          <Link to="/activate">{t('activate.otherCode')}</Link>
        </p>
      </section>
    );
  }

  const error = step?.step === 'enter' ? step.error : undefined;
  return (
    <section className="narrow-column">
      <h1>{t('activate.title')}</h1>
      <p className="lead">{t('activate.lead')}</p>
      <p className="muted">{t('auth.signedInAs', { name: user.displayName })}</p>
      <Form method="post" className="card form-stack">
        {error ? (
          <p className="form-error" role="alert">
            {t(`activate.errors.${error}`)}
          </p>
        ) : null}
        <Field id="user-code" label={t('activate.code')} hint={t('activate.codeHint')}>
          <input
            id="user-code"
            name="userCode"
            className="code-input"
            required
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={20}
            defaultValue={step?.step === 'enter' ? step.userCode : userCode}
            aria-invalid={error ? true : undefined}
          />
        </Field>
        <button type="submit" name="intent" value="lookup" disabled={busy}>
          {t('activate.continue')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
