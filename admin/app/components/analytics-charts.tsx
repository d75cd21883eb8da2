import type { AdminAnalytics } from '@lanxang/contracts';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

type Day = AdminAnalytics['days'][number];

const CHART_HEIGHT = 260;
const COLORS = { primary: '#1d5fa8', secondary: '#b7791f', muted: '#556070' } as const;

/** `2026-12-01` as `12-01`: the year is in the range above the charts. */
const shortDay = (date: string) => date.slice(5);

/**
 * Charts measure their container, which exists only in the browser: the server renders a box of
 * the same height (no layout shift, no zero-size warnings), the browser draws the chart into it.
 */
function ChartFigure({ title, children }: { title: string; children: ReactNode }) {
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  return (
    <figure className="analytics-chart">
      <figcaption>{title}</figcaption>
      <div style={{ height: CHART_HEIGHT }}>
        {inBrowser ? (
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            {children}
          </ResponsiveContainer>
        ) : null}
      </div>
    </figure>
  );
}

export function PlaysChart({ days }: { days: Day[] }) {
  const { t } = useTranslation();
  return (
    <ChartFigure title={t('analytics.playsPerDay')}>
      <ComposedChart data={days}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" tickFormatter={shortDay} />
        <YAxis yAxisId="plays" allowDecimals={false} />
        <YAxis yAxisId="hours" orientation="right" />
        <Tooltip />
        <Legend />
        <Bar
          yAxisId="plays"
          dataKey="plays"
          name={t('analytics.plays')}
          fill={COLORS.primary}
          isAnimationActive={false}
        />
        <Line
          yAxisId="hours"
          dataKey="watchHours"
          name={t('analytics.watchHours')}
          stroke={COLORS.secondary}
          dot={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ChartFigure>
  );
}

/** A 0-to-1 figure per day (completion, rebuffering), drawn as a percentage. */
export function RatioChart({
  days,
  field,
  title,
}: {
  days: Day[];
  field: 'completionRate' | 'rebufferingRatio';
  title: string;
}) {
  const data = days.map((day) => {
    const ratio = day[field];
    return { date: day.date, value: ratio === null ? null : Math.round(ratio * 1000) / 10 };
  });
  return (
    <ChartFigure title={title}>
      <LineChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" tickFormatter={shortDay} />
        <YAxis unit="%" domain={[0, 'auto']} />
        <Tooltip />
        <Line
          dataKey="value"
          name={title}
          unit="%"
          stroke={COLORS.primary}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  );
}

export function FirstFrameChart({ days }: { days: Day[] }) {
  const { t } = useTranslation();
  return (
    <ChartFigure title={t('analytics.firstFramePerDay')}>
      <LineChart data={days}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" tickFormatter={shortDay} />
        <YAxis unit=" ms" width={80} />
        <Tooltip />
        <Legend />
        <Line
          dataKey="firstFrameMedianMs"
          name={t('analytics.firstFrameMedian')}
          unit=" ms"
          stroke={COLORS.primary}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          dataKey="firstFrameP95Ms"
          name={t('analytics.firstFrameP95')}
          unit=" ms"
          stroke={COLORS.secondary}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  );
}

export function ErrorsChart({ errors }: { errors: AdminAnalytics['errorsByCode'] }) {
  const { t } = useTranslation();
  const data = errors.map((error) => ({
    code: `${error.category} · ${error.code}`,
    count: error.count,
  }));
  return (
    <ChartFigure title={t('analytics.errorsByCode')}>
      <BarChart data={data}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="code" />
        <YAxis allowDecimals={false} />
        <Tooltip />
        <Bar
          dataKey="count"
          name={t('analytics.count')}
          fill={COLORS.muted}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartFigure>
  );
}

export function TopFilmsChart({
  films,
  titles,
}: {
  films: AdminAnalytics['topFilms'];
  titles: Record<number, string>;
}) {
  const { t } = useTranslation();
  const data = films.map((film) => ({ title: titles[film.movieId], plays: film.plays }));
  return (
    <ChartFigure title={t('analytics.topFilms')}>
      <BarChart data={data} layout="vertical" margin={{ left: 24 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" allowDecimals={false} />
        <YAxis type="category" dataKey="title" width={180} />
        <Tooltip />
        <Bar
          dataKey="plays"
          name={t('analytics.plays')}
          fill={COLORS.primary}
          isAnimationActive={false}
        />
      </BarChart>
    </ChartFigure>
  );
}
