import {
  PaymentShortCodeSchema,
  PromoCodeInputSchema,
  type PhonePayment,
} from '@lanxang/contracts';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { encodeQR } from '@paulmillr/qr';
import { useTranslation } from 'react-i18next';
import { Field } from '~/components/auth-forms';
import { RouteError } from '~/components/route-error';
import { ApiError, apiFor } from '~/lib/api.server';
import { formatKip } from '~/lib/money';
import { getLocale } from '~/lib/session.server';
import { usePoll } from '~/lib/use-poll';

export const meta: MetaFunction = () => [{ title: 'Lanxang: Rent a film' }];

const CODE_ERRORS = ['not_found', 'rate_limited'] as const;
const PROMO_ERRORS = [
  'promo_invalid',
  'promo_exhausted',
  'payment_not_pending',
  'rate_limited',
] as const;
type CodeError = (typeof CODE_ERRORS)[number] | 'format' | 'unexpected';
type PromoError = (typeof PROMO_ERRORS)[number] | 'format' | 'unexpected';

const pick = <Code extends string>(codes: readonly Code[], error: ApiError): Code | 'unexpected' =>
  codes.find((candidate) => candidate === error.code) ?? 'unexpected';

/** The payment the TV shows the code of, with its LAO QR drawn here as SVG for a banking app. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const locale = await getLocale(request);
  if (!params.code) return { locale, payment: null, qrSvg: null, codeError: null };
  const code = PaymentShortCodeSchema.safeParse(params.code);
  if (!code.success) return { locale, payment: null, qrSvg: null, codeError: 'format' as const };
  try {
    const payment = await apiFor(request).call('getPaymentByCode', {
      params: { code: code.data },
    });
    const qrSvg =
      payment.status === 'pending' && payment.qrPayload
        ? encodeQR(payment.qrPayload, 'svg', { ecc: 'medium', border: 4 })
        : null;
    return { locale, payment, qrSvg, codeError: null };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { locale, payment: null, qrSvg: null, codeError: pick(CODE_ERRORS, error) };
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get('intent') === 'lookup') {
    const code = PaymentShortCodeSchema.safeParse(form.get('code'));
    if (!code.success) return data({ codeError: 'format' as CodeError }, { status: 400 });
    return redirect(`/rent/${code.data}`);
  }
  const code = PaymentShortCodeSchema.safeParse(params.code);
  const promo = PromoCodeInputSchema.safeParse(form.get('promoCode'));
  if (!code.success || !promo.success) {
    return data({ promoError: 'format' as PromoError }, { status: 400 });
  }
  try {
    await apiFor(request).call('applyPromo', {
      params: { code: code.data },
      body: { promoCode: promo.data },
    });
    return { applied: promo.data };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return data({ promoError: pick(PROMO_ERRORS, error) }, { status: error.status });
  }
}

export default function Rent() {
  const { t } = useTranslation();
  const { payment, qrSvg, codeError, locale } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // While the phone waits, a payment made in the banking app shows here within a second or two.
  usePoll(payment?.status === 'pending', 2000);

  if (!payment) {
    const error = result && 'codeError' in result ? result.codeError : codeError;
    return <EnterCode error={error ?? undefined} />;
  }
  const title = payment.movie.title[locale] || payment.movie.title.en;
  return (
    <section className="narrow-column rent-page">
      <h1>{t('rent.title')}</h1>
      <div className="card">
        <h2 className="rent-film">{title}</h2>
        <Price payment={payment} locale={locale} />
      </div>
      {payment.status === 'pending' ? (
        <PendingPayment
          payment={payment}
          qrSvg={qrSvg}
          promoError={result && 'promoError' in result ? result.promoError : undefined}
        />
      ) : (
        <div
          className={`card outcome ${payment.status === 'succeeded' ? 'outcome-ok' : ''}`}
          role="status"
        >
          <h2>{t(`rent.status.${payment.status}.title`)}</h2>
          <p>{t(`rent.status.${payment.status}.text`)}</p>
        </div>
      )}
    </section>
  );
}

function Price({ payment, locale }: { payment: PhonePayment; locale: 'en' | 'lo' }) {
  const { t } = useTranslation();
  const hours = t('rent.hours', { count: payment.rentalHours });
  return (
    <dl className="rent-price">
      {payment.promo ? (
        <>
          <dt>{t('rent.priceBefore')}</dt>
          <dd>
            <s>{formatKip(payment.amountBefore, locale)}</s>
          </dd>
          <dt>{t('rent.promo')}</dt>
          <dd>{payment.promo.code}</dd>
        </>
      ) : null}
      <dt>{t('rent.price')}</dt>
      <dd className="rent-amount" data-testid="rent-amount">
        {formatKip(payment.amount, locale)} · {hours}
      </dd>
    </dl>
  );
}

function PendingPayment({
  payment,
  qrSvg,
  promoError,
}: {
  payment: PhonePayment;
  qrSvg: string | null;
  promoError: PromoError | undefined;
}) {
  const { t } = useTranslation();
  const busy = useNavigation().state === 'submitting';
  return (
    <>
      <div className="card">
        <h2>{t('rent.payTitle')}</h2>
        {payment.payUrl ? (
          <p>
            <a className="button" href={payment.payUrl}>
              {t('rent.payWithBank')}
            </a>
          </p>
        ) : null}
        {qrSvg ? (
          <figure className="rent-qr">
            {/* Our own encoder's SVG of the payment's LAO QR payload: no user text reaches it raw. */}
            <div aria-hidden="true" dangerouslySetInnerHTML={{ __html: qrSvg }} />
            <figcaption className="muted">{t('rent.qrHint')}</figcaption>
          </figure>
        ) : null}
      </div>
      <Form method="post" className="card form-stack">
        <h2>{t('rent.promoTitle')}</h2>
        {promoError ? (
          <p className="form-error" role="alert">
            {t(`rent.promoErrors.${promoError}`)}
          </p>
        ) : null}
        <Field id="promo-code" label={t('rent.promoCode')} hint={t('rent.promoHint')}>
          <input
            id="promo-code"
            name="promoCode"
            className="code-input"
            required
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={32}
            aria-invalid={promoError ? true : undefined}
          />
        </Field>
        <button type="submit" name="intent" value="promo" disabled={busy}>
          {t('rent.applyPromo')}
        </button>
      </Form>
    </>
  );
}

function EnterCode({ error }: { error: CodeError | undefined }) {
  const { t } = useTranslation();
  const busy = useNavigation().state !== 'idle';
  return (
    <section className="narrow-column">
      <h1>{t('rent.title')}</h1>
      <p className="lead">{t('rent.lead')}</p>
      <Form method="post" action="/rent" className="card form-stack">
        {error ? (
          <p className="form-error" role="alert">
            {t(`rent.codeErrors.${error}`)}
          </p>
        ) : null}
        <Field id="rent-code" label={t('rent.code')} hint={t('rent.codeHint')}>
          <input
            id="rent-code"
            name="code"
            className="code-input"
            required
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={6}
            aria-invalid={error ? true : undefined}
          />
        </Field>
        <button type="submit" name="intent" value="lookup" disabled={busy}>
          {t('rent.continue')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
