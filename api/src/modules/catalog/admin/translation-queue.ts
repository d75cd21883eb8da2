import type {
  LaoProgress,
  TranslationField,
  TranslationKind,
  TranslationQueue,
  TranslationQueueQuerySchema,
} from '@lanxang/contracts';
import type { z } from 'zod';
import type { Db } from '../../../db.js';
import {
  toTranslationField,
  toTranslationQueueItem,
  type QueueFieldRow,
  type QueueRecordRow,
} from './admin.presenters.js';

/**
 * Every translatable text with an English source, one row each, for the records the filters
 * `$1` (film ids), `$2` (person ids), `$3` (genre ids) let through (`null` lets all through).
 * Credits are numbered as the film editor numbers them: cast in billing order, crew by department.
 * `section`, `idx` order a record's texts: its own, then cast, then crew.
 */
const wantedTextsSql = `
  with cast_rows as (
    select c.id, c.movie_id, c.person_id,
      (row_number() over (partition by c.movie_id order by c."order", c.id) - 1)::int as idx
    from movie_cast c where ($1::int[] is null or c.movie_id = any($1))
  ), crew_rows as (
    select c.id, c.movie_id, c.person_id,
      (row_number() over (partition by c.movie_id order by c.department, c.id) - 1)::int as idx
    from movie_crew c where ($1::int[] is null or c.movie_id = any($1))
  ), texts as (
    select 'movie' as kind, m.id as record_id, 0 as section, f.idx, f.name, f.name as field_kind,
      f.en, f.lo, null::int as person_id
    from movies m
    left join movie_translations en on en.movie_id = m.id and en.locale = 'en'
    left join movie_translations lo on lo.movie_id = m.id and lo.locale = 'lo'
    cross join lateral (values (0, 'title', en.title, lo.title), (1, 'tagline', en.tagline, lo.tagline),
      (2, 'overview', en.overview, lo.overview)) as f(idx, name, en, lo)
    where ($1::int[] is null or m.id = any($1))
    union all
    select 'movie', c.movie_id, 1, c.idx, 'cast.' || c.idx, 'character', en."character", lo."character", c.person_id
    from cast_rows c
    left join movie_cast_translations en on en.credit_id = c.id and en.locale = 'en'
    left join movie_cast_translations lo on lo.credit_id = c.id and lo.locale = 'lo'
    union all
    select 'movie', c.movie_id, 2, c.idx, 'crew.' || c.idx, 'job', en.job, lo.job, c.person_id
    from crew_rows c
    left join movie_crew_translations en on en.credit_id = c.id and en.locale = 'en'
    left join movie_crew_translations lo on lo.credit_id = c.id and lo.locale = 'lo'
    union all
    select 'person', p.id, 0, f.idx, f.name, f.name, f.en, f.lo, null
    from people p
    left join people_translations en on en.person_id = p.id and en.locale = 'en'
    left join people_translations lo on lo.person_id = p.id and lo.locale = 'lo'
    cross join lateral (values (0, 'name', en.name, lo.name), (1, 'biography', en.biography, lo.biography))
      as f(idx, name, en, lo)
    where ($2::int[] is null or p.id = any($2))
    union all
    select 'genre', g.id, 0, 0, 'name', 'name', en.name, lo.name, null
    from genres g
    left join genre_translations en on en.genre_id = g.id and en.locale = 'en'
    left join genre_translations lo on lo.genre_id = g.id and lo.locale = 'lo'
    where ($3::int[] is null or g.id = any($3))
  ), wanted as (
    select kind, record_id, section, idx, name, field_kind, en, coalesce(lo, '') as lo, person_id,
      btrim(coalesce(lo, '')) <> '' as translated
    from texts where btrim(coalesce(en, '')) <> ''
  )`;

/** Per record: how many of its texts have Lao; the queue is the records still short of some. */
const queueSql = `${wantedTextsSql}, queue as (
    select kind, record_id, count(*)::int as total, (count(*) filter (where translated))::int as translated
    from wanted group by kind, record_id
    having count(*) filter (where translated) < count(*)
  )`;

const summarySql = `${queueSql}
  select kind, count(*)::int as records, sum(total)::int as total, sum(translated)::int as translated
  from queue group by kind`;

/**
 * One page of the queue in the translator's order: films as the admin film list orders them
 * (last changed first), people by English name, genres as the public genre list orders them.
 */
const pageSql = `${queueSql}, ranked as (
    select 'movie' as kind, 0 as kind_rank, m.id, m.status,
      row_number() over (order by m.updated_at desc, m.id desc) as rank
    from movies m
    union all
    select 'person', 1, p.id, null,
      row_number() over (order by lower(coalesce(t.name, '')), p.id)
    from people p left join people_translations t on t.person_id = p.id and t.locale = 'en'
    union all
    select 'genre', 2, g.id, null,
      row_number() over (order by (select count(*) from movie_genres mg join movies m on m.id = mg.movie_id
        where mg.genre_id = g.id and m.status = 'published') desc, g.id)
    from genres g
  )
  select q.kind, q.record_id as id, r.status, q.total, q.translated, count(*) over () as total_records,
    case q.kind
      when 'movie' then (select jsonb_object_agg(t.locale, t.title) filter (where t.title <> '') from movie_translations t where t.movie_id = q.record_id)
      when 'person' then (select jsonb_object_agg(t.locale, t.name) filter (where t.name <> '') from people_translations t where t.person_id = q.record_id)
      else (select jsonb_object_agg(t.locale, t.name) filter (where t.name <> '') from genre_translations t where t.genre_id = q.record_id)
    end as names
  from queue q join ranked r on r.kind = q.kind and r.id = q.record_id
  where ($4::text is null or q.kind = $4)
  order by r.kind_rank, r.rank
  limit $5 offset $6`;

const fieldsSql = `${wantedTextsSql}
  select w.kind, w.record_id, w.name, w.field_kind as kind_of_field, w.en, w.lo, w.person_id,
    (select jsonb_object_agg(t.locale, t.name) filter (where t.name <> '') from people_translations t where t.person_id = w.person_id)
      as person_names
  from wanted w
  order by w.kind, w.record_id, w.section, w.idx`;

export interface QueueSummary {
  counts: Record<TranslationKind, number>;
  fields: LaoProgress;
}

/** Records missing Lao by kind, and how far their texts are translated. */
export async function translationQueueSummary(db: Pick<Db, 'sql'>): Promise<QueueSummary> {
  const rows = await db.sql<{
    kind: TranslationKind;
    records: number;
    total: number;
    translated: number;
  }>(summarySql, [null, null, null]);
  const counts: Record<TranslationKind, number> = { movie: 0, person: 0, genre: 0 };
  const fields = { translated: 0, total: 0 };
  for (const row of rows) {
    counts[row.kind] = row.records;
    fields.total += row.total;
    fields.translated += row.translated;
  }
  return { counts, fields };
}

/** A page of the films, people and genres with a text missing Lao, with all their texts. */
export async function translationQueue(
  db: Pick<Db, 'sql'>,
  query: z.output<typeof TranslationQueueQuerySchema>,
): Promise<TranslationQueue> {
  const [summary, records] = await Promise.all([
    translationQueueSummary(db),
    db.sql<QueueRecordRow & { total_records: string }>(pageSql, [
      null,
      null,
      null,
      query.kind ?? null,
      query.pageSize,
      (query.page - 1) * query.pageSize,
    ]),
  ]);
  const idsOf = (kind: TranslationKind) =>
    records.filter((record) => record.kind === kind).map((record) => record.id);
  const fieldRows =
    records.length === 0
      ? []
      : await db.sql<QueueFieldRow>(fieldsSql, [idsOf('movie'), idsOf('person'), idsOf('genre')]);
  const fieldsOf = new Map<string, TranslationField[]>();
  for (const row of fieldRows) {
    const key = `${row.kind}-${row.record_id}`;
    fieldsOf.set(key, [...(fieldsOf.get(key) ?? []), toTranslationField(row)]);
  }
  return {
    items: records.map((record) =>
      toTranslationQueueItem(record, fieldsOf.get(`${record.kind}-${record.id}`) ?? []),
    ),
    page: query.page,
    pageSize: query.pageSize,
    total: records[0] ? Number(records[0].total_records) : 0,
    ...summary,
  };
}
