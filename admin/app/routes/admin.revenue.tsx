import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { RouteError } from '~/components/route-error';
import { rethrowAsRouteError } from '~/lib/api.server';
import { DateRangeSchema } from '~/lib/date-range';
import { editorLoad } from '~/lib/editor.server';
import { formatKip } from '~/lib/money';

export const meta: MetaFunction = () => [{ title: 'Revenue · Lanxang Admin' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { api, locale } = await editorLoad(request);
  const params = Object.fromEntries(
    [...new URL(request.url).searchParams].filter(([, value]) => value !== ''),
  );
  const revenue = await api
    .call('adminRevenue', { query: DateRangeSchema.parse(params) })
    .catch(rethrowAsRouteError);
  return { revenue, locale };
}

/** Charts draw at this size on the server and until the browser has measured the page. */
const CHART_SIZE = { width: 900, height: 320 };

export default function Revenue() {
  const { t } = useTranslation();
  const { revenue, locale } = useLoaderData<typeof loader>();
  const kip = (amount: number) => formatKip(amount, locale);
  const films = revenue.movies.map((movie) => ({
    title: movie.title[locale] || movie.title.en || `#${movie.movieId}`,
    amount: movie.amount,
    count: movie.count,
  }));

  return (
    <>
      <div className="page-heading">
        <h1>{t('rentals.revenue.title')}</h1>
        <p className="muted">{t('rentals.revenue.lead')}</p>
      </div>
      <Form method="get" className="toolbar" aria-label={t('rentals.revenue.title')}>
        <div className="field">
          <label htmlFor="revenue-from">{t('rentals.payments.from')}</label>
          <input id="revenue-from" type="date" name="from" defaultValue={revenue.from} />
        </div>
        <div className="field">
          <label htmlFor="revenue-to">{t('rentals.payments.to')}</label>
          <input id="revenue-to" type="date" name="to" defaultValue={revenue.to} />
        </div>
        <div className="toolbar-actions">
          <button type="submit">{t('rentals.revenue.show')}</button>
        </div>
      </Form>
      <p className="revenue-total" data-testid="revenue-total">
        {t('rentals.revenue.total', { amount: kip(revenue.total), count: revenue.count })}
      </p>
      {revenue.count === 0 ? (
        <p className="empty">{t('rentals.revenue.empty')}</p>
      ) : (
        <>
          <section className="card chart-card" aria-labelledby="revenue-days">
            <h2 id="revenue-days">{t('rentals.revenue.perDay')}</h2>
            <ResponsiveContainer
              width="100%"
              height={CHART_SIZE.height}
              initialDimension={CHART_SIZE}
            >
              <BarChart data={revenue.days} margin={{ left: 24, right: 12 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="date" tickFormatter={(date: string) => date.slice(5)} />
                <YAxis tickFormatter={kip} width={100} />
                <Tooltip formatter={(value) => kip(Number(value))} />
                <Bar dataKey="amount" name={t('rentals.payments.amount')} fill="#b8860b" />
              </BarChart>
            </ResponsiveContainer>
          </section>
          <section className="card chart-card" aria-labelledby="revenue-films">
            <h2 id="revenue-films">{t('rentals.revenue.perFilm')}</h2>
            <ResponsiveContainer
              width="100%"
              height={Math.max(160, films.length * 44)}
              initialDimension={{
                width: CHART_SIZE.width,
                height: Math.max(160, films.length * 44),
              }}
            >
              <BarChart data={films} layout="vertical" margin={{ left: 24, right: 12 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" tickFormatter={kip} />
                <YAxis type="category" dataKey="title" width={220} />
                <Tooltip formatter={(value) => kip(Number(value))} />
                <Bar dataKey="amount" name={t('rentals.payments.amount')} fill="#2f6f5e" />
              </BarChart>
            </ResponsiveContainer>
            <table className="revenue-table">
              <thead>
                <tr>
                  <th scope="col">{t('rentals.payments.film')}</th>
                  <th scope="col">{t('rentals.payments.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {films.map((film) => (
                  <tr key={film.title}>
                    <td>{film.title}</td>
                    <td className="number">
                      {kip(film.amount)} ({film.count})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
