import { Migration } from '@mikro-orm/migrations';

/** Every table the public catalog reads show; a write to any of them changes some response. */
const CATALOG_TABLES = [
  'movies',
  'movie_translations',
  'movie_genres',
  'genres',
  'genre_translations',
  'images',
  'people',
  'people_translations',
  'movie_cast',
  'movie_cast_translations',
  'movie_crew',
  'movie_crew_translations',
  'video_sources',
  'homepage_featured',
  'pricing_tiers',
];

/**
 * Indexes for the home's per-genre rows: each row walks the published films in popularity order
 * and stops at the first 20 in its genre (probing `movie_genres`' primary key), instead of sorting
 * every film of the genre. The few unpublished films get their own index so the genre counts can
 * subtract them rather than join every film.
 *
 * Then a statement trigger on each catalog table notifies `catalog_changed` (delivered at commit,
 * once per transaction), so every API process empties its response cache whoever wrote: an admin
 * on another process, the import, a media worker, a script.
 */
export class Migration20261202300000_catalog_speed extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "movies_published_popular_index" on "movies" ("popularity" desc, "vote_average" desc nulls last, "id") where "status" = 'published';`,
    );
    this.addSql(
      `create index "movies_unpublished_index" on "movies" ("id") where "status" <> 'published';`,
    );
    this.addSql(`create function "notify_catalog_changed"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('catalog_changed', '');
        return null;
      end $$;`);
    for (const table of CATALOG_TABLES) {
      this.addSql(
        `create trigger "${table}_catalog_changed" after insert or update or delete or truncate on "${table}"
          for each statement execute function "notify_catalog_changed"();`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of CATALOG_TABLES)
      this.addSql(`drop trigger "${table}_catalog_changed" on "${table}";`);
    this.addSql(`drop function "notify_catalog_changed"();`);
    this.addSql(`drop index "movies_unpublished_index";`);
    this.addSql(`drop index "movies_published_popular_index";`);
  }
}
