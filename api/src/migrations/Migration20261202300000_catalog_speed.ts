import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the home's per-genre rows: each row walks the published films in popularity order
 * and stops at the first 20 in its genre (probing `movie_genres`' primary key), instead of sorting
 * every film of the genre. The few unpublished films get their own index so the genre counts can
 * subtract them rather than join every film.
 */
export class Migration20261202300000_catalog_speed extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "movies_published_popular_index" on "movies" ("popularity" desc, "vote_average" desc nulls last, "id") where "status" = 'published';`,
    );
    this.addSql(
      `create index "movies_unpublished_index" on "movies" ("id") where "status" <> 'published';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "movies_unpublished_index";`);
    this.addSql(`drop index "movies_published_popular_index";`);
  }
}
