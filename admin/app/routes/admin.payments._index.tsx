import {
  PAGE_MAX,
  PAYMENT_PROVIDERS,
  PAYMENT_STATUSES,
  PaymentProviderSchema,
  PaymentStatusSchema,
} from '@lanxang/contracts';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { FilmSelect } from '~/components/film-select';
import { Pagination } from '~/components/pagination';
import { RouteError } from '~/components/route-error';
import { rethrowAsRouteError } from '~/lib/api.server';
import { DateRangeSchema } from '~/lib/date-range';
import { editorLoad } from '~/lib/editor.server';
import { formatKip } from '~/lib/money';
import { filmChoices } from '~/lib/rentals.server';

export const meta: MetaFunction = () => [{ title: 'Payments · Lanxang Admin' }];

const PAGE_SIZE = 50;

/** Hand-edited URLs degrade to no filter instead of an error. */
const PaymentFilterSchema = DateRangeSchema.extend({
  status: PaymentStatusSchema.optional().catch(undefined),
  provider: PaymentProviderSchema.optional().catch(undefined),
  movieId: z.coerce.number().int().positive().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(PAGE_MAX).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { api, locale } = await editorLoad(request);
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, value]) => value !== ''),
  );
  const filter = PaymentFilterSchema.parse(params);
  const [payments, films] = await Promise.all([
    api.call('adminListPayments', { query: { ...filter, pageSize: PAGE_SIZE } }),
    filmChoices(api, locale),
  ]).catch(rethrowAsRouteError);
  return {
    filter,
    films,
    locale,
    payments: payments.items,
    total: payments.total,
    pageCount: Math.max(1, Math.ceil(payments.total / PAGE_SIZE)),
  };
}

export default function Payments() {
  const { t } = useTranslation();
  const { filter, films, payments, total, pageCount, locale } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const filtered = Boolean(
    filter.status || filter.provider || filter.movieId || filter.from || filter.to,
  );
  const pageHref = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filter, page })) {
      if (value !== undefined) params.set(key, String(value));
    }
    return `?${params}`;
  };
  const dateTime = new Intl.DateTimeFormat(locale === 'lo' ? 'lo-LA' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });

  return (
    <>
      <div className="page-heading">
        <h1>{t('rentals.payments.title')}</h1>
        <p className="muted">
          {t('rentals.payments.lead')} {t('rentals.payments.total', { count: total })}
        </p>
      </div>
      <Form method="get" className="toolbar" aria-label={t('rentals.payments.filter')}>
        <div className="field">
          <label htmlFor="payment-status">{t('rentals.payments.status')}</label>
          <select id="payment-status" name="status" defaultValue={filter.status ?? ''}>
            <option value="">{t('rentals.payments.any')}</option>
            {PAYMENT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`rentals.payments.statuses.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="payment-provider">{t('rentals.payments.provider')}</label>
          <select id="payment-provider" name="provider" defaultValue={filter.provider ?? ''}>
            <option value="">{t('rentals.payments.any')}</option>
            {PAYMENT_PROVIDERS.map((provider) => (
              <option key={provider} value={provider}>
                {t(`rentals.payments.providers.${provider}`)}
              </option>
            ))}
          </select>
        </div>
        <FilmSelect
          id="payment-film"
          label={t('rentals.payments.film')}
          emptyLabel={t('rentals.payments.any')}
          films={films}
          defaultValue={filter.movieId ?? ''}
        />
        <div className="field">
          <label htmlFor="payment-from">{t('rentals.payments.from')}</label>
          <input id="payment-from" type="date" name="from" defaultValue={filter.from ?? ''} />
        </div>
        <div className="field">
          <label htmlFor="payment-to">{t('rentals.payments.to')}</label>
          <input id="payment-to" type="date" name="to" defaultValue={filter.to ?? ''} />
        </div>
        <div className="toolbar-actions">
          <button type="submit">{t('rentals.payments.filter')}</button>
          {filtered ? (
            <Link className="button button-secondary" to="/admin/payments">
              {t('rentals.payments.clear')}
            </Link>
          ) : null}
        </div>
      </Form>

      {payments.length === 0 ? (
        <p className="empty">{t('rentals.payments.empty')}</p>
      ) : (
        <table className="payment-table" aria-busy={navigation.state === 'loading'}>
          <thead>
            <tr>
              <th scope="col">{t('rentals.payments.created')}</th>
              <th scope="col">{t('rentals.payments.film')}</th>
              <th scope="col">{t('rentals.payments.amount')}</th>
              <th scope="col">{t('rentals.payments.provider')}</th>
              <th scope="col">{t('rentals.payments.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('rentals.payments.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.map((payment) => (
              <tr key={payment.id} data-payment={payment.id}>
                <td>{dateTime.format(new Date(payment.createdAt))}</td>
                <td>{payment.movieTitle[locale] || payment.movieTitle.en}</td>
                <td className="number">
                  {formatKip(payment.amount, locale)}
                  {payment.promo ? <small className="muted"> ({payment.promo.code})</small> : null}
                </td>
                <td>{t(`rentals.payments.providers.${payment.provider}`)}</td>
                <td>
                  <span className={`badge badge-payment-${payment.status}`}>
                    {t(`rentals.payments.statuses.${payment.status}`)}
                  </span>
                  {payment.flaggedReason ? (
                    <span className="badge badge-payment-flagged" title={payment.flaggedReason}>
                      {t('rentals.payments.flagged')}
                    </span>
                  ) : null}
                </td>
                <td>
                  <Link to={`/admin/payments/${payment.id}`}>{t('rentals.payments.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Pagination
        page={filter.page}
        pageCount={pageCount}
        href={pageHref}
        previousLabel={t('rentals.payments.previous')}
        nextLabel={t('rentals.payments.next')}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
