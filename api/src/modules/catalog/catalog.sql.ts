/**
 * The SQL behind the public catalog reads. Each endpoint runs a fixed number of these (no N+1),
 * aggregating translations, images and credits into JSON inside PostgreSQL. The benchmark's raw
 * `pg` baseline runs these very strings, so the comparison measures our stack, not the SQL.
 */

import { HOME_ROW_PAGE, HOME_ROWS_WITH_CARDS } from '@lanxang/contracts';

/** One image row as JSON: what `toImage` reads. */
const imageJson = (alias: string) =>
  `jsonb_build_object('id', ${alias}.id, 'kind', ${alias}.kind, 'locale', ${alias}.locale, 'width', ${alias}.width, 'height', ${alias}.height, 'key', ${alias}.storage_key)`;

/** The first image of a kind for a film, as JSON (or null). */
const primaryImage = (kind: 'poster' | 'backdrop') => `(
  select ${imageJson('i')} from images i
  where i.movie_id = m.id and i.kind = '${kind}'
  order by i.locale is not null, i.position, i.id limit 1)`;

/** Columns of a film tile (`MovieSummary`); the query must alias `movies` as `m`. */
export const MOVIE_SUMMARY_COLUMNS = `
  m.id, m.slug, m.release_date::text as release_date, m.runtime_minutes, m.certification,
  m.vote_average, m.rental_required,
  (select jsonb_object_agg(t.locale, jsonb_build_object('title', t.title, 'overview', t.overview, 'tagline', t.tagline))
     from movie_translations t where t.movie_id = m.id) as texts,
  array(select mg.genre_id from movie_genres mg where mg.movie_id = m.id order by mg.genre_id) as genre_ids,
  ${primaryImage('poster')} as poster,
  ${primaryImage('backdrop')} as backdrop`;

/** Columns of a film card (`MovieCard`): a tile's without overview and backdrop. */
const MOVIE_CARD_COLUMNS = `
  m.id, m.slug, m.release_date::text as release_date, m.vote_average, m.rental_required,
  (select jsonb_object_agg(t.locale, jsonb_build_object('title', t.title))
     from movie_translations t where t.movie_id = m.id) as texts,
  ${primaryImage('poster')} as poster`;

const ORDER_BY = {
  newest: 'm.release_date desc nulls last, m.id desc',
  oldest: 'm.release_date asc nulls last, m.id asc',
  rating: 'm.vote_average desc nulls last, m.id desc',
  popular: 'm.popularity desc, m.id desc',
  title: `(select t.search_title from movie_translations t where t.movie_id = m.id and t.locale = 'en') asc, m.id asc`,
} as const;
export type MovieOrder = keyof typeof ORDER_BY;

/** `$1` an array of film ids: those published, as tiles. */
export const movieSummariesByIdSql = `
  select ${MOVIE_SUMMARY_COLUMNS} from movies m where m.id = any($1::int[]) and m.status = 'published'`;

/** Cards. `$1` genre id or null, `$2` LIKE pattern on `search_title` or null, `$3` limit, `$4` offset. */
export const listMoviesSql = (order: MovieOrder) => `
  select ${MOVIE_CARD_COLUMNS}, count(*) over() as total
  from movies m
  where m.status = 'published'
    and ($1::int is null or exists (select 1 from movie_genres g where g.movie_id = m.id and g.genre_id = $1))
    and ($2::text is null or exists (select 1 from movie_translations t where t.movie_id = m.id and t.search_title like $2))
  order by ${ORDER_BY[order]}
  limit $3 offset $4`;

/**
 * Everything of one film but its similar films. `$1` id or null, `$2` slug or null, `$3` true to
 * include drafts (admins).
 */
export const movieDetailsSql = `
  select ${MOVIE_SUMMARY_COLUMNS},
    m.original_title, m.original_language, m.tmdb_id, m.imdb_id, m.status, m.price_amount,
    m.price_currency, m.pricing_tier_id, m.trailer_url,
    coalesce((select jsonb_agg(jsonb_build_object('id', g.id, 'tmdbId', g.tmdb_id, 'names',
        (select jsonb_object_agg(gt.locale, gt.name) from genre_translations gt where gt.genre_id = g.id)) order by g.id)
      from movie_genres mg join genres g on g.id = mg.genre_id where mg.movie_id = m.id), '[]') as genres,
    coalesce((select jsonb_agg(${imageJson('i')} order by i.kind, i.position, i.id)
      from images i where i.movie_id = m.id), '[]') as images,
    coalesce((select jsonb_agg(jsonb_build_object('id', v.id, 'format', v.format, 'quality', v.quality, 'status', v.status,
        'durationSeconds', v.duration_seconds) order by v.id)
      from video_sources v where v.movie_id = m.id), '[]') as video_sources,
    coalesce((select jsonb_agg(jsonb_build_object('order', c."order",
        'roles', (select jsonb_object_agg(ct.locale, ct."character") from movie_cast_translations ct where ct.credit_id = c.id),
        'person', ${personJson('p')}) order by c."order", c.id)
      from movie_cast c join people p on p.id = c.person_id where c.movie_id = m.id), '[]') as "cast",
    coalesce((select jsonb_agg(jsonb_build_object('department', c.department,
        'roles', (select jsonb_object_agg(ct.locale, ct.job) from movie_crew_translations ct where ct.credit_id = c.id),
        'person', ${personJson('p')}) order by c.department, c.id)
      from movie_crew c join people p on p.id = c.person_id where c.movie_id = m.id), '[]') as crew
  from movies m
  where (m.status = 'published' or $3::boolean) and (m.id = $1 or m.slug = $2)`;

function personJson(alias: string): string {
  return `jsonb_build_object('id', ${alias}.id,
    'names', (select jsonb_object_agg(pt.locale, pt.name) from people_translations pt where pt.person_id = ${alias}.id),
    'profile', (select ${imageJson('pi')} from images pi where pi.person_id = ${alias}.id and pi.kind = 'profile'
      order by pi.position, pi.id limit 1))`;
}

/** Published films sharing the most genres with film `$1`, then the best rated, as cards. `$2` limit. */
export const similarMoviesSql = `
  select ${MOVIE_CARD_COLUMNS}
  from movies m
  join (select mg.movie_id, count(*) as shared
        from movie_genres mg
        where mg.genre_id in (select genre_id from movie_genres where movie_id = $1) and mg.movie_id <> $1
        group by mg.movie_id) s on s.movie_id = m.id
  where m.status = 'published'
  order by s.shared desc, m.vote_average desc nulls last, m.id
  limit $2`;

/** One person: `$1` id. */
export const personSql = `
  select p.id, p.tmdb_id, p.birthday::text as birthday, p.place_of_birth,
    (select jsonb_object_agg(pt.locale, jsonb_build_object('name', pt.name, 'biography', pt.biography))
       from people_translations pt where pt.person_id = p.id) as texts,
    (select ${imageJson('pi')} from images pi where pi.person_id = p.id and pi.kind = 'profile'
       order by pi.position, pi.id limit 1) as profile
  from people p where p.id = $1`;

/** The published films person `$1` is credited in, newest first, with their role. */
export const filmographySql = `
  select ${MOVIE_SUMMARY_COLUMNS}, f.credit, f.roles
  from (
    select c.movie_id, 'cast' as credit, c."order" as rank,
      (select jsonb_object_agg(ct.locale, ct."character") from movie_cast_translations ct where ct.credit_id = c.id) as roles
    from movie_cast c where c.person_id = $1
    union all
    select c.movie_id, 'crew', 1000,
      (select jsonb_object_agg(ct.locale, ct.job) from movie_crew_translations ct where ct.credit_id = c.id)
    from movie_crew c where c.person_id = $1
  ) f
  join movies m on m.id = f.movie_id
  where m.status = 'published'
  order by m.release_date desc nulls last, m.id, f.rank`;

const genreRows = `
  select g.id, g.tmdb_id,
    (select jsonb_object_agg(gt.locale, gt.name) from genre_translations gt where gt.genre_id = g.id) as names,
    (select count(*) from movie_genres mg join movies m on m.id = mg.movie_id
      where mg.genre_id = g.id and m.status = 'published')::int as movie_count
  from genres g`;

/** Genres with their names and how many published films each has. */
export const genresSql = `${genreRows}
  order by movie_count desc, g.id`;

/** One genre, as `genresSql` lists it. */
export const genreSql = `${genreRows}
  where g.id = $1`;

/** One image by id, as JSON. */
export const imageSql = `select ${imageJson('i')} as image from images i where i.id = $1`;

/** Genre names only, for labelling home rows. */
export const genreNamesSql = `
  select g.id, (select jsonb_object_agg(gt.locale, gt.name) from genre_translations gt where gt.genre_id = g.id) as names
  from genres g`;

/** The hero: featured published films visible at `$1`, in curated order. */
export const heroSql = `
  select ${MOVIE_SUMMARY_COLUMNS},
    (select ${imageJson('ci')} from images ci where ci.id = f.image_id) as custom_image
  from homepage_featured f
  join movies m on m.id = f.movie_id
  where m.status = 'published'
    and (f.visible_from is null or f.visible_from <= $1)
    and (f.visible_until is null or f.visible_until > $1)
  order by f.position, f.id`;

/**
 * Films of the published ones in `order`, `limit` of them after the first `offset`, numbered from
 * 1; `filter` narrows them (it may name the outer query's columns, so it serves inside a lateral
 * join). Written as order-and-limit so PostgreSQL walks an index and stops early instead of
 * numbering every film.
 */
const topFilms = (filter: string, order: string, limit: string, offset = '0') => `
  select m.id, row_number() over (order by ${order}) as pos
  from (select * from movies m where m.status = 'published' ${filter} order by ${order}
        limit ${limit} offset ${offset}) m`;

/** What each kind of home row lists, and in which order. */
const HOME_ROW_FILMS = {
  new: { filter: '', order: 'm.release_date desc nulls last, m.id desc' },
  'top-rated': {
    filter: 'and m.vote_average is not null',
    order: 'm.vote_average desc nulls last, m.id desc',
  },
  genre: {
    filter: (genreId: string) =>
      `and exists (select 1 from movie_genres mg where mg.movie_id = m.id and mg.genre_id = ${genreId})`,
    order: 'm.popularity desc, m.vote_average desc nulls last, m.id',
  },
} as const;

/**
 * Every home row in one pass, in display order: new releases, one per genre with films, then top
 * rated. The first rows (new releases and the next `$2`) come with their first `$1` films; the
 * others come as one line with no film (their cards are fetched with `homeRowPageSql`). Genres
 * are ranked by their published films: all their films less the few unpublished ones, which is
 * cheaper than joining every film.
 */
export const homeRowsSql = `
  with genre_counts as (
    select mg.genre_id, count(*) as films from movie_genres mg group by mg.genre_id
    union all
    select mg.genre_id, -count(*) from movies d join movie_genres mg on mg.movie_id = d.id
    where d.status <> 'published' group by mg.genre_id
  ), genre_rows as (
    select genre_id as id, row_number() over (order by sum(films) desc, genre_id) as rank
    from genre_counts group by genre_id having sum(films) > 0
  ), home_rows as (
    (select 'new' as row_kind, 0::bigint as row_rank, null::int as genre_id, n.id as movie_id, n.pos
       from (${topFilms(HOME_ROW_FILMS.new.filter, HOME_ROW_FILMS.new.order, '$1')}) n)
    union all
    (select 'top-rated', 1000000, null, t.id, t.pos
       from (select 1) one
       left join lateral (${topFilms(
         `and (select count(*) from genre_rows) < $2 ${HOME_ROW_FILMS['top-rated'].filter}`,
         HOME_ROW_FILMS['top-rated'].order,
         '$1',
       )}) t on true)
    union all
    (select 'genre', gr.rank, gr.id, x.id, x.pos
       from genre_rows gr
       left join lateral (${topFilms(
         `and gr.rank <= $2 ${HOME_ROW_FILMS.genre.filter('gr.id')}`,
         HOME_ROW_FILMS.genre.order,
         '$1',
       )}) x on true)
  )
  select r.row_kind, r.row_rank, r.genre_id, ${MOVIE_SUMMARY_COLUMNS}
  from home_rows r
  left join lateral (select * from movies m where m.id = r.movie_id) m on true
  order by r.row_rank, r.pos`;

/**
 * `homeRowsSql`'s values as Home asks: a page and one more card per row (the extra says whether
 * the row goes on), and cards for new releases and the next rows up to `HOME_ROWS_WITH_CARDS`.
 */
export const HOME_ROWS_SQL_VALUES = [HOME_ROW_PAGE + 1, HOME_ROWS_WITH_CARDS - 1];

/**
 * One page of a home row: `$1` films after the first `$2`, in the row's order. A genre row
 * (`$3` its genre) answers one row with no film when the genre exists but has no more films, and
 * no row at all when it does not exist.
 */
export const homeRowPageSql = (kind: 'new' | 'top-rated' | 'genre') => {
  if (kind !== 'genre') {
    const { filter, order } = HOME_ROW_FILMS[kind];
    return `
  select ${MOVIE_SUMMARY_COLUMNS}
  from (${topFilms(filter, order, '$1', '$2')}) x
  join movies m on m.id = x.id
  order by x.pos`;
  }
  return `
  select ${MOVIE_SUMMARY_COLUMNS}
  from genres g
  left join lateral (${topFilms(HOME_ROW_FILMS.genre.filter('g.id'), HOME_ROW_FILMS.genre.order, '$1', '$2')}) x on true
  left join lateral (select * from movies m where m.id = x.id) m on true
  where g.id = $3
  order by x.pos`;
};

/**
 * The admin's film list: drafts too, with each translated field still empty. `$1` status or
 * null, `$2` LIKE pattern or null, `$3` locale whose gaps to require or null, `$4` limit, `$5` offset.
 */
export const adminListMoviesSql = `
  select ${MOVIE_SUMMARY_COLUMNS}, m.status, m.updated_at, count(*) over() as total,
    array(
      select l.locale || '.' || f.field
      from unnest(array['en', 'lo']) as l(locale)
      cross join unnest(array['title', 'overview', 'tagline']) as f(field)
      left join movie_translations t on t.movie_id = m.id and t.locale = l.locale
      where coalesce(case f.field when 'title' then t.title when 'overview' then t.overview else t.tagline end, '') = ''
      order by l.locale, f.field) as missing
  from movies m
  where ($1::text is null or m.status = $1)
    and ($2::text is null or exists (select 1 from movie_translations t where t.movie_id = m.id and t.search_title like $2))
    and ($3::text is null or not exists (
      select 1 from movie_translations t where t.movie_id = m.id and t.locale = $3
        and t.title <> '' and t.overview <> ''))
  order by m.updated_at desc, m.id desc
  limit $4 offset $5`;
