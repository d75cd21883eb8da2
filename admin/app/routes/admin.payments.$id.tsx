import { PaymentIdSchema, RefundSchema } from '@lanxang/contracts';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RouteError } from '~/components/route-error';
import { ApiError, rethrowAsRouteError } from '~/lib/api.server';
import { editorLoad } from '~/lib/editor.server';
import { formatKip } from '~/lib/money';
import { rentalsSubmission } from '~/lib/rentals.server';

export const meta: MetaFunction = () => [{ title: 'Payment · Lanxang Admin' }];

const ACTION_ERRORS = [
  'payment_not_pending',
  'payment_not_manual',
  'payment_not_refundable',
] as const;
type ActionError = (typeof ACTION_ERRORS)[number] | 'unexpected';

function paymentId(raw: string | undefined): string {
  const id = PaymentIdSchema.safeParse(raw);
  if (!id.success) throw data({ code: 'not_found', detail: 'No such payment' }, { status: 404 });
  return id.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { api, locale } = await editorLoad(request);
  const payment = await api
    .call('adminGetPayment', { params: { id: paymentId(params.id) } })
    .catch(rethrowAsRouteError);
  // Refunding asks first: the link to this page with `?confirm=refund` shows the question.
  const confirmRefund = new URL(request.url).searchParams.get('confirm') === 'refund';
  return { payment, locale, confirmRefund: confirmRefund && payment.status === 'succeeded' };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { api, values, intent } = await rentalsSubmission(request);
  const id = paymentId(params.id);
  try {
    if (intent === 'markPaid') {
      await api.call('adminMarkPaymentPaid', { params: { id } });
      return { done: 'markedPaid' as const };
    }
    if (intent === 'refund') {
      const body = RefundSchema.parse({ reason: values.reason || undefined });
      await api.call('adminRefundPayment', { params: { id }, body });
      return { done: 'refunded' as const };
    }
    throw new Response(`Unknown intent “${intent}”`, { status: 400 });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    const code: ActionError =
      ACTION_ERRORS.find((candidate) => candidate === error.code) ?? 'unexpected';
    return data({ error: code }, { status: error.status });
  }
}

export default function PaymentPage() {
  const { t } = useTranslation();
  const { payment, locale, confirmRefund } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== 'idle';
  const film = payment.movieTitle[locale] || payment.movieTitle.en || '';
  const dateTime = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(locale === 'lo' ? 'lo-LA' : 'en-GB', {
          dateStyle: 'medium',
          timeStyle: 'short',
          timeZone: 'UTC',
        }).format(new Date(iso))
      : '—';
  const rental = payment.rental;

  return (
    <>
      <p>
        <Link to="/admin/payments">← {t('rentals.payment.back')}</Link>
      </p>
      <div className="page-heading">
        <h1>{t('rentals.payment.title', { id: payment.id })}</h1>
        <p>
          <span className={`badge badge-payment-${payment.status}`} data-testid="payment-status">
            {t(`rentals.payments.statuses.${payment.status}`)}
          </span>
        </p>
      </div>
      {result && 'done' in result ? (
        <p className="notice" role="status">
          {t(`rentals.payment.${result.done}`)}
        </p>
      ) : null}
      {result && 'error' in result ? (
        <p className="form-error" role="alert">
          {t(`rentals.payment.errors.${result.error}`)}
        </p>
      ) : null}
      {payment.flaggedReason ? (
        <p className="form-error" role="alert">
          {t('rentals.payment.flaggedReason')}: {payment.flaggedReason}
        </p>
      ) : null}

      <dl className="card facts payment-facts">
        <Fact label={t('rentals.payments.film')}>
          <Link to={`/admin/films/${payment.movieId}`}>{film}</Link>
        </Fact>
        <Fact label={t('rentals.payments.amount')}>
          {formatKip(payment.amount, locale)}
          {payment.amount !== payment.amountBefore ? (
            <small className="muted"> ({formatKip(payment.amountBefore, locale)})</small>
          ) : null}
        </Fact>
        <Fact label={t('rentals.payment.promo')}>
          {payment.promo?.code ?? t('rentals.payment.none')}
        </Fact>
        <Fact label={t('rentals.payments.provider')}>
          {t(`rentals.payments.providers.${payment.provider}`)}
        </Fact>
        <Fact label={t('rentals.payment.providerId')}>
          <code>{payment.providerTransactionId ?? '—'}</code>
        </Fact>
        <Fact label={t('rentals.payment.owner')}>
          {payment.owner.userId !== null
            ? t('rentals.payment.account', { id: payment.owner.userId })
            : t('rentals.payment.anonymous')}
        </Fact>
        <Fact label={t('rentals.payments.created')}>{dateTime(payment.createdAt)}</Fact>
        <Fact label={t('rentals.payment.paidAt')}>{dateTime(payment.paidAt)}</Fact>
        <Fact label={t('rentals.payment.rental')}>
          {rental
            ? rental.endedBy
              ? t('rentals.payment.rentalEnded', {
                  reason: t(`rentals.payment.endedBy.${rental.endedBy}`),
                })
              : t('rentals.payment.rentalUntil', { when: dateTime(rental.expiresAt) })
            : '—'}
        </Fact>
        {payment.refundedAt ? (
          <Fact label={t('rentals.payment.refundedAt')}>{dateTime(payment.refundedAt)}</Fact>
        ) : null}
      </dl>

      {payment.status === 'pending' && payment.provider === 'manual' ? (
        <Form method="post" className="card">
          <p className="muted">{t('rentals.payment.markPaidHint')}</p>
          <button type="submit" name="intent" value="markPaid" disabled={busy}>
            {t('rentals.payment.markPaid')}
          </button>
        </Form>
      ) : null}

      {payment.status === 'succeeded' && !confirmRefund ? (
        <p className="actions">
          <Link className="button button-danger" to="?confirm=refund">
            {t('rentals.payment.refund')}
          </Link>
        </p>
      ) : null}

      {confirmRefund ? (
        <Form
          method="post"
          action={`/admin/payments/${payment.id}`}
          className="card confirm-card"
          aria-labelledby="refund-title"
        >
          <h2 id="refund-title">
            {t('rentals.payment.refundTitle', { amount: formatKip(payment.amount, locale) })}
          </h2>
          <p>{t('rentals.payment.refundText', { film })}</p>
          <div className="field">
            <label htmlFor="refund-reason">{t('rentals.payment.refundReason')}</label>
            <input id="refund-reason" name="reason" maxLength={500} />
          </div>
          <p className="actions">
            <button
              type="submit"
              name="intent"
              value="refund"
              className="button-danger"
              disabled={busy}
            >
              {t('rentals.payment.confirmRefund')}
            </button>
            <Link className="button button-secondary" to={`/admin/payments/${payment.id}`}>
              {t('rentals.payment.cancel')}
            </Link>
          </p>
        </Form>
      ) : null}

      <details className="card">
        <summary>{t('rentals.payment.providerAnswer')}</summary>
        <pre className="provider-answer">{JSON.stringify(payment.providerAnswer, null, 2)}</pre>
      </details>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
