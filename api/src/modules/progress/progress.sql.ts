import { COMPLETED_FRACTION } from '@lanxang/contracts';
import { MOVIE_SUMMARY_COLUMNS } from '../catalog/catalog.sql.js';

/**
 * The SQL of watch progress. Each statement is for one kind of owner, because each kind has its
 * own partial unique index (`watch_progress_user_movie_unique`, `..._anonymous_movie_unique`) and
 * `ON CONFLICT` names the one it relies on. The benchmark's bare `pg` baseline runs these strings.
 */
export type OwnerColumn = 'user_id' | 'anonymous_viewer_id';
const ownerType = { user_id: 'int', anonymous_viewer_id: 'uuid' } as const;

/** A statement's two texts, built once: a save runs hundreds of times a second. */
const perOwner = (build: (owner: OwnerColumn) => string): Record<OwnerColumn, string> => ({
  user_id: build('user_id'),
  anonymous_viewer_id: build('anonymous_viewer_id'),
});

/**
 * How far a reported duration may be from the film's video before it is a duration no film of
 * ours has: players round, and a re-encode may trim a second or two, never a tenth of the film.
 */
const VIDEO_DURATION_SLACK = { share: 0.1, seconds: 30 };
/** Without a video duration, the film's listed runtime bounds it (twice over, credits and all). */
const RUNTIME_DURATION_SLACK = { factor: 2, seconds: 600 };

/** The row as `ProgressRow` reads it; the timestamp as epoch milliseconds, whatever the pool's type parsers. */
const progressColumns = `w.movie_id, w.position_seconds, w.duration_seconds, w.completed,
  (extract(epoch from w.client_timestamp) * 1000)::float8 as client_timestamp_ms`;

/**
 * One save, in one statement: the film must be published and the duration plausible for it; the
 * row is inserted, or updated only when this save's client timestamp is newer (last write wins).
 * Always answers one row: whether the film was found, whether the duration fits it, and the row
 * kept afterwards (this save's, or the newer one that beat it; nulls when there is none).
 * `$1` owner, `$2` film, `$3` position, `$4` duration, `$5` client timestamp.
 */
export const saveProgressSql = perOwner(
  (owner) => `
  with film as (
    select m.id, m.runtime_minutes * 60 as runtime_seconds,
      (select max(v.duration_seconds) from video_sources v
        where v.movie_id = m.id and v.status = 'ready') as video_seconds
    from movies m where m.id = $2 and m.status = 'published'
  ), plausible as (
    select film.id from film
    where case
      when film.video_seconds is not null then $4::float8 between
        film.video_seconds * ${1 - VIDEO_DURATION_SLACK.share} - ${VIDEO_DURATION_SLACK.seconds}
        and film.video_seconds * ${1 + VIDEO_DURATION_SLACK.share} + ${VIDEO_DURATION_SLACK.seconds}
      when film.runtime_seconds is not null then
        $4::float8 <= film.runtime_seconds * ${RUNTIME_DURATION_SLACK.factor} + ${RUNTIME_DURATION_SLACK.seconds}
      else true end
  ), saved as (
    insert into watch_progress as w
      (${owner}, movie_id, position_seconds, duration_seconds, completed, dismissed, client_timestamp)
    select $1::${ownerType[owner]}, plausible.id, $3::float8, $4::float8,
      $3::float8 >= $4::float8 * ${COMPLETED_FRACTION}, false, $5::timestamptz
    from plausible
    on conflict (${owner}, movie_id) where ${owner} is not null do update set
      position_seconds = excluded.position_seconds,
      duration_seconds = excluded.duration_seconds,
      completed = excluded.completed,
      dismissed = false,
      client_timestamp = excluded.client_timestamp
    where excluded.client_timestamp > w.client_timestamp
    returning ${progressColumns}
  )
  select exists (select 1 from film) as film_found, exists (select 1 from plausible) as plausible, kept.*
  from (select 1) one
  left join lateral (
    select * from saved
    union all
    select ${progressColumns} from watch_progress w
    where w.${owner} = $1::${ownerType[owner]} and w.movie_id = $2 and not exists (select 1 from saved)
  ) kept on true`,
);

/** One film's row, while the film is published and the viewer has not taken it out of the row. */
export const getProgressSql = perOwner(
  (owner) => `
  select ${progressColumns} from watch_progress w join movies m on m.id = w.movie_id
  where w.${owner} = $1 and w.movie_id = $2 and not w.dismissed and m.status = 'published'`,
);

/** Continue watching: unfinished published films, the most recently watched first. `$2` limit. */
export const continueWatchingSql = perOwner(
  (owner) => `
  select ${MOVIE_SUMMARY_COLUMNS}, ${progressColumns}
  from watch_progress w join movies m on m.id = w.movie_id
  where w.${owner} = $1 and not w.completed and not w.dismissed and m.status = 'published'
  order by w.client_timestamp desc, w.movie_id desc
  limit $2`,
);

/**
 * Takes a film out of the row. The row stays, dismissed, with its timestamp moved up to `$3`
 * (now), so a save queued on a TV before the removal cannot bring it back; a newer one does.
 */
export const dismissProgressSql = perOwner(
  (owner) => `
  update watch_progress set dismissed = true, client_timestamp = greatest(client_timestamp, $3)
  where ${owner} = $1 and movie_id = $2`,
);
