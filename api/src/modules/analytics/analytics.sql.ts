/**
 * The SQL of playback analytics. Days are UTC days of `received_at` (when the API stored the
 * event), so a day is final once it is over, however late a TV's clock or its retries run.
 * The benchmark's bare `pg` baseline runs `insertEventsSql` itself.
 */

/**
 * A batch in one statement: `$1` session id, `$2` the events as a JSON array of
 * `{ movie_id, type, at, position_seconds, data }`. Events naming no film of ours are dropped.
 */
export const insertEventsSql = `
  with stored as (
    insert into video_analytics (session_id, movie_id, type, at, position_seconds, data)
    select $1, e.movie_id, e.type, e.at, e.position_seconds, e.data
    from jsonb_to_recordset($2::jsonb)
      as e(movie_id int, type text, at timestamptz, position_seconds float8, data jsonb)
    where exists (select 1 from movies m where m.id = e.movie_id)
    returning 1
  )
  select count(*)::int as accepted from stored`;

/** Each film's figures per day from the raw events received in [`from`, `until`) (timestamptz SQL). */
const dailyFromRaw = (from: string, until: string) => `
  select (e.received_at at time zone 'UTC')::date as day, e.movie_id,
    count(*) filter (where e.type = 'play_requested')::int as plays,
    count(*) filter (where e.type = 'complete')::int as completions,
    coalesce(sum((e.data->>'watchedSeconds')::float8) filter (where e.type = 'heartbeat'), 0) as watched_seconds,
    coalesce(sum((e.data->>'durationMs')::float8) filter (where e.type = 'stall_end'), 0) as stalled_ms,
    count(*) filter (where e.type = 'quality_switch')::int as quality_switches,
    count(*) filter (where e.type = 'error')::int as errors,
    coalesce(array_agg((e.data->>'timeToFirstFrameMs')::float8) filter (where e.type = 'first_frame'), '{}') as first_frame_ms
  from video_analytics e
  where e.received_at >= ${from} and e.received_at < ${until}
  group by 1, 2`;

/** Each film's errors per day and code, from the raw events received in [`from`, `until`). */
const errorsFromRaw = (from: string, until: string) => `
  select (e.received_at at time zone 'UTC')::date as day, e.movie_id,
    (e.data->>'category')::int as category, (e.data->>'code')::int as code, count(*)::int as count
  from video_analytics e
  where e.type = 'error' and e.received_at >= ${from} and e.received_at < ${until}
  group by 1, 2, 3, 4`;

const utcDay = (date: string) => `(${date})::timestamp at time zone 'UTC'`;

// The rollup runs inside an ORM transaction, whose driver (knex) binds `?`, not `$n`.

/** Serialises rollups: two workers never roll up the same days at once. */
export const rollupLockSql = `select pg_advisory_xact_lock(hashtext('analytics_rollup'))`;

/** The first day not yet rolled up (the oldest raw event's day at first), or null with nothing to do. */
export const rollupStartSql = `
  select coalesce(
    (select rolled_through + 1 from analytics_rollup),
    (select (min(received_at) at time zone 'UTC')::date from video_analytics)
  )::text as start`;

/** Rolls the days [first `?`, second `?`] up into the aggregates (again, if a day was already there). */
export const rollupDailySql = `
  insert into analytics_daily
    (day, movie_id, plays, completions, watched_seconds, stalled_ms, quality_switches, errors, first_frame_ms)
  ${dailyFromRaw(utcDay('?::date'), utcDay('?::date + 1'))}
  on conflict (day, movie_id) do update set
    plays = excluded.plays, completions = excluded.completions,
    watched_seconds = excluded.watched_seconds, stalled_ms = excluded.stalled_ms,
    quality_switches = excluded.quality_switches, errors = excluded.errors,
    first_frame_ms = excluded.first_frame_ms`;

export const rollupErrorsSql = `
  insert into analytics_daily_errors (day, movie_id, category, code, count)
  ${errorsFromRaw(utcDay('?::date'), utcDay('?::date + 1'))}
  on conflict (day, movie_id, category, code) do update set count = excluded.count`;

export const markRolledThroughSql = `
  insert into analytics_rollup (rolled_through) values (?::date)
  on conflict (singleton) do update set rolled_through = excluded.rolled_through`;

/** Raw events older than `?` (timestamptz) go, but never ones not yet rolled up. */
export const deleteOldEventsSql = `
  delete from video_analytics
  where received_at < least(?::timestamptz,
    coalesce((select ${utcDay('rolled_through + 1')} from analytics_rollup), '-infinity'))`;

/**
 * The figures of the days [`$1`, `$2`], of one film when `$3` is set: rolled-up days from the
 * aggregates, the days after (today, and any the job has not reached yet) from raw events.
 */
const rangeSql = (fromAggregates: string, fromRaw: (from: string, until: string) => string) => `
  with state as (
    select coalesce((select rolled_through from analytics_rollup), '-infinity'::date) as through
  ), ranged as (
    select a.* from (${fromAggregates}) a, state
    where a.day between $1::date and least($2::date, state.through)
    union all
    select r.* from state, lateral (${fromRaw(
      utcDay('greatest($1::date, state.through + 1)'),
      utcDay('$2::date + 1'),
    )}) r
  )
  select * from ranged where $3::int is null or movie_id = $3::int`;

const dailyRange = rangeSql(
  `select day, movie_id, plays, completions, watched_seconds, stalled_ms, quality_switches, errors, first_frame_ms from analytics_daily`,
  dailyFromRaw,
);

/**
 * One row per day of the range (zeros for days without events) and a totals row (`day` null).
 * Percentiles of time to first frame are exact: every sample of a day is kept in its aggregate.
 */
export const figuresByDaySql = `
  with daily as (${dailyRange}),
  sums as (
    select day, sum(plays)::int as plays, sum(completions)::int as completions,
      sum(watched_seconds)::float8 as watched_seconds, sum(stalled_ms)::float8 as stalled_ms,
      sum(quality_switches)::int as quality_switches, sum(errors)::int as errors
    from daily group by rollup (day)
  ), samples as (
    select d.day, s.ms from daily d cross join lateral unnest(d.first_frame_ms) as s(ms)
  ), percentiles as (
    select day, percentile_cont(0.5) within group (order by ms) as first_frame_median_ms,
      percentile_cont(0.95) within group (order by ms) as first_frame_p95_ms
    from samples group by rollup (day)
  ), days as (
    select g::date as day from generate_series($1::date, $2::date, interval '1 day') g
    union all select null
  )
  select days.day::text as day, coalesce(s.plays, 0) as plays, coalesce(s.completions, 0) as completions,
    coalesce(s.watched_seconds, 0) as watched_seconds, coalesce(s.stalled_ms, 0) as stalled_ms,
    coalesce(s.quality_switches, 0) as quality_switches, coalesce(s.errors, 0) as errors,
    p.first_frame_median_ms, p.first_frame_p95_ms
  from days
  left join sums s on s.day is not distinct from days.day
  left join percentiles p on p.day is not distinct from days.day
  order by days.day nulls last`;

/** The most played films of the range, `$4` of them, with their titles while they exist. */
export const topFilmsSql = `
  with daily as (${dailyRange})
  select d.movie_id, m.slug,
    (select jsonb_object_agg(t.locale, t.title) from movie_translations t where t.movie_id = d.movie_id) as titles,
    sum(d.plays)::int as plays, sum(d.completions)::int as completions,
    sum(d.watched_seconds)::float8 as watched_seconds
  from daily d left join movies m on m.id = d.movie_id
  group by d.movie_id, m.slug
  order by sum(d.plays) desc, sum(d.watched_seconds) desc, d.movie_id
  limit $4`;

export const errorsByCodeSql = `
  with errors as (${rangeSql(
    `select day, movie_id, category, code, count from analytics_daily_errors`,
    errorsFromRaw,
  )})
  select category, code, sum(count)::int as count from errors
  group by category, code order by sum(count) desc, category, code`;

/** The film of a per-film view (drafts and all: an admin reads it). */
export const analyticsFilmSql = `
  select m.id, m.slug,
    (select jsonb_object_agg(t.locale, t.title) from movie_translations t where t.movie_id = m.id) as titles
  from movies m where m.id = $1`;
