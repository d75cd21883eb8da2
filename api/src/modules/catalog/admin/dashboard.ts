import {
  DASHBOARD_ACTIVITY_MAX,
  DASHBOARD_FILMS_MAX,
  type AdminDashboard,
  type LocalizedText,
} from '@lanxang/contracts';
import type { Db } from '../../../db.js';
import type { AuditLog } from '../../audit/audit.js';
import { toDashboardFilm, toDashboardActivity, type DashboardFilmRow } from './admin.presenters.js';
import { translationQueueSummary } from './translation-queue.js';

const filmCountsSql = `select status, count(*)::int as films from movies group by status`;

/**
 * Each film's Lao progress over its title, overview and tagline (a text counts only when it has
 * an English source), least translated first, with the totals over every film.
 */
const filmTextsSql = `
  with film_texts as (
    select m.id, m.status,
      (count(*) filter (where f.en <> ''))::int as total,
      (count(*) filter (where f.en <> '' and f.lo <> ''))::int as translated
    from movies m
    left join movie_translations en on en.movie_id = m.id and en.locale = 'en'
    left join movie_translations lo on lo.movie_id = m.id and lo.locale = 'lo'
    cross join lateral (values (coalesce(en.title, ''), coalesce(lo.title, '')),
      (coalesce(en.overview, ''), coalesce(lo.overview, '')),
      (coalesce(en.tagline, ''), coalesce(lo.tagline, ''))) as f(en, lo)
    group by m.id, m.status
  )
  select t.id, t.status, t.total, t.translated,
    sum(t.total) over () as all_total, sum(t.translated) over () as all_translated,
    (select jsonb_object_agg(mt.locale, mt.title) filter (where mt.title <> '')
      from movie_translations mt where mt.movie_id = t.id) as titles
  from film_texts t
  order by case when t.total = 0 then 100 else t.translated * 100 / t.total end, t.id
  limit $1`;

const movieTitlesSql = `
  select movie_id as id, jsonb_object_agg(locale, title) filter (where title <> '') as titles
  from movie_translations where movie_id = any($1::int[]) group by movie_id`;

/** What the admin dashboard shows, in a fixed number of queries whatever the catalog's size. */
export async function adminDashboard(
  db: Pick<Db, 'sql'>,
  auditLog: AuditLog,
): Promise<AdminDashboard> {
  const [counts, films, queue, audit] = await Promise.all([
    db.sql<{ status: 'draft' | 'published'; films: number }>(filmCountsSql),
    db.sql<DashboardFilmRow & { all_total: string; all_translated: string }>(filmTextsSql, [
      DASHBOARD_FILMS_MAX,
    ]),
    translationQueueSummary(db),
    auditLog.list({ limit: DASHBOARD_ACTIVITY_MAX }),
  ]);
  const movieIds = audit
    .filter((entry) => entry.entityType === 'movie')
    .map((entry) => Number(entry.entityId))
    .filter(Number.isInteger);
  const titles = new Map(
    movieIds.length === 0
      ? []
      : (
          await db.sql<{ id: number; titles: LocalizedText | null }>(movieTitlesSql, [movieIds])
        ).map((row) => [String(row.id), row.titles ?? {}]),
  );
  return {
    films: {
      draft: counts.find((row) => row.status === 'draft')?.films ?? 0,
      published: counts.find((row) => row.status === 'published')?.films ?? 0,
    },
    filmTexts: {
      translated: Number(films[0]?.all_translated ?? 0),
      total: Number(films[0]?.all_total ?? 0),
    },
    leastTranslated: films.map(toDashboardFilm),
    missingLao: queue.counts,
    activity: audit.map((entry) => toDashboardActivity(entry, titles)),
  };
}
