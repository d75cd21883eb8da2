import { ANALYTICS_RANGE_MAX_DAYS, resolveText, type AdminAnalytics } from '@lanxang/contracts';
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  ErrorsChart,
  FirstFrameChart,
  PlaysChart,
  RatioChart,
  TopFilmsChart,
} from '~/components/analytics-charts';
import { RouteError } from '~/components/route-error';
import { apiFor, ApiError, rethrowAsRouteError } from '~/lib/api.server';
import { DateRangeSchema } from '~/lib/date-range';
import { getLocale, requireAdmin } from '~/lib/session.server';

export const meta: MetaFunction = () => [{ title: 'Analytics · Lanxang Admin' }];

/** The range an admin lands on: the last 30 days, today included. */
const DEFAULT_RANGE_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

// A malformed value falls back to the default rather than failing the page: these come from a URL.
const RangeSchema = DateRangeSchema.extend({
  movieId: z.coerce.number().int().positive().optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const search = RangeSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const to = search.to ?? isoDay(new Date());
  const from = search.from ?? isoDay(new Date(Date.parse(to) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS));
  const locale = await getLocale(request);
  const range = { from, to, movieId: search.movieId ?? null };
  let analytics: AdminAnalytics;
  try {
    analytics = await apiFor(request).call('adminAnalytics', {
      query: { from, to, ...(search.movieId ? { movieId: search.movieId } : {}) },
    });
  } catch (error) {
    // A range the API refuses (backwards, too long): say so beside the form, keep the page.
    if (error instanceof ApiError && error.status === 400) {
      return { range, refused: error.message, analytics: null, titles: {}, movieTitle: null };
    }
    rethrowAsRouteError(error);
  }
  const titles = Object.fromEntries(
    analytics.topFilms.map((film) => [
      film.movieId,
      resolveText(film.title, locale) || `#${film.movieId}`,
    ]),
  );
  return {
    range,
    refused: null,
    analytics,
    titles,
    movieTitle: analytics.movie ? resolveText(analytics.movie.title, locale) : null,
  };
}

export default function Analytics() {
  const { range, refused, analytics, titles, movieTitle } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'lo' ? 'lo-LA' : 'en-GB';
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const orDash = (value: number | null, format: (value: number) => string) =>
    value === null ? '—' : format(value);
  const ms = (value: number) => t('analytics.ms', { value: number.format(Math.round(value)) });
  // A few test plays are minutes, not hours: "0 h" would read as nothing watched.
  const watchTime = (hours: number) =>
    hours === 0
      ? t('analytics.hours', { value: number.format(0) })
      : hours < 1 / 60
        ? t('analytics.underMinute')
        : hours < 1
          ? t('analytics.minutes', { value: number.format(Math.round(hours * 60)) })
          : t('analytics.hours', { value: number.format(hours) });
  const rangeQuery = `from=${range.from}&to=${range.to}`;
  const totals = analytics?.totals;
  const empty = !analytics || (totals!.plays === 0 && totals!.watchHours === 0);

  return (
    <>
      <div className="page-heading">
        <h1>
          {movieTitle ? t('analytics.filmTitle', { title: movieTitle }) : t('analytics.title')}
        </h1>
        <p className="muted">{t('analytics.lead')}</p>
      </div>
      <Form method="get" className="analytics-range" aria-label={t('analytics.range')}>
        {range.movieId ? <input type="hidden" name="movieId" value={range.movieId} /> : null}
        <label>
          {t('analytics.from')}
          <input type="date" name="from" defaultValue={range.from} required />
        </label>
        <label>
          {t('analytics.to')}
          <input type="date" name="to" defaultValue={range.to} required />
        </label>
        <button type="submit">{t('analytics.show')}</button>
        {range.movieId ? (
          <Link to={`/admin/analytics?${rangeQuery}`}>{t('analytics.allFilms')}</Link>
        ) : null}
      </Form>
      {refused ? (
        <p className="form-error" role="alert">
          {t('analytics.refused', { days: ANALYTICS_RANGE_MAX_DAYS })} {refused}
        </p>
      ) : null}

      {empty || !analytics || !totals ? (
        <div className="empty" data-testid="analytics-empty">
          <p>{t('analytics.empty')}</p>
          <p className="muted">{t('analytics.emptyHint')}</p>
        </div>
      ) : (
        <>
          <dl className="stats">
            {[
              ['plays', t('analytics.plays'), number.format(totals.plays)],
              ['watch-time', t('analytics.watchTime'), watchTime(totals.watchHours)],
              [
                'completion-rate',
                t('analytics.completionRate'),
                orDash(totals.completionRate, percent.format),
              ],
              [
                'first-frame-median',
                t('analytics.firstFrameMedian'),
                orDash(totals.firstFrameMedianMs, ms),
              ],
              ['first-frame-p95', t('analytics.firstFrameP95'), orDash(totals.firstFrameP95Ms, ms)],
              [
                'rebuffering',
                t('analytics.rebuffering'),
                orDash(totals.rebufferingRatio, percent.format),
              ],
              [
                'quality-switches',
                t('analytics.qualitySwitches'),
                number.format(totals.qualitySwitches),
              ],
              ['errors', t('analytics.errors'), number.format(totals.errors)],
            ].map(([id, label, value]) => (
              <div className="stat" key={id}>
                <dt>{label}</dt>
                <dd className="stat-value" data-testid={`stat-${id}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>

          <div className="analytics-charts">
            <PlaysChart days={analytics.days} />
            <RatioChart
              days={analytics.days}
              field="completionRate"
              title={t('analytics.completionPerDay')}
            />
            <FirstFrameChart days={analytics.days} />
            <RatioChart
              days={analytics.days}
              field="rebufferingRatio"
              title={t('analytics.rebufferingPerDay')}
            />
          </div>

          <section aria-labelledby="errors-heading">
            <h2 id="errors-heading">{t('analytics.errorsByCode')}</h2>
            {analytics.errorsByCode.length === 0 ? (
              <p className="muted">{t('analytics.noErrors')}</p>
            ) : (
              <>
                <ErrorsChart errors={analytics.errorsByCode} />
                <table data-testid="errors-by-code">
                  <thead>
                    <tr>
                      <th scope="col">{t('analytics.errorCode')}</th>
                      <th scope="col">{t('analytics.count')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {analytics.errorsByCode.map((error) => (
                      <tr key={`${error.category}-${error.code}`}>
                        <td>
                          {error.category} · {error.code}
                        </td>
                        <td>{number.format(error.count)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </>
            )}
          </section>

          {range.movieId ? null : (
            <section aria-labelledby="top-films-heading">
              <h2 id="top-films-heading">{t('analytics.topFilms')}</h2>
              <TopFilmsChart films={analytics.topFilms} titles={titles} />
              <table data-testid="top-films">
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.film')}</th>
                    <th scope="col">{t('analytics.plays')}</th>
                    <th scope="col">{t('analytics.watchTime')}</th>
                    <th scope="col">{t('analytics.completionRate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {analytics.topFilms.map((film) => (
                    <tr key={film.movieId}>
                      <td>
                        <Link to={`/admin/analytics?${rangeQuery}&movieId=${film.movieId}`}>
                          {titles[film.movieId]}
                        </Link>
                      </td>
                      <td>{number.format(film.plays)}</td>
                      <td>{watchTime(film.watchHours)}</td>
                      <td>{orDash(film.completionRate, percent.format)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <RouteError />;
}
