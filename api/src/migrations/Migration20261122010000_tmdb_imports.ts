import { Migration } from '@mikro-orm/migrations';

/** Bulk TMDB imports: a batch per admin request and one row per film, so progress survives a restart. */
export class Migration20261122010000_tmdb_imports extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "tmdb_import_batches" ("id" serial primary key, "actor" varchar(200) not null, "runner_id" varchar(40) not null, "created_at" timestamptz not null, "finished_at" timestamptz null);`,
    );
    this.addSql(
      `create table "tmdb_import_items" ("id" serial primary key, "batch_id" int not null, "position" int not null, "tmdb_id" int not null, "status" text check ("status" in ('pending', 'running', 'done', 'failed', 'interrupted')) not null default 'pending', "movie_id" int null, "title" varchar(300) null, "error_code" varchar(60) null, "error_message" varchar(1000) null, "started_at" timestamptz null, "finished_at" timestamptz null);`,
    );
    this.addSql(
      `create index "tmdb_import_items_batch_id_position_index" on "tmdb_import_items" ("batch_id", "position");`,
    );
    this.addSql(
      `create index "tmdb_import_items_movie_id_index" on "tmdb_import_items" ("movie_id");`,
    );
    this.addSql(
      `alter table "tmdb_import_items" add constraint "tmdb_import_items_batch_id_foreign" foreign key ("batch_id") references "tmdb_import_batches" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "tmdb_import_items" add constraint "tmdb_import_items_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "tmdb_import_items" cascade;`);
    this.addSql(`drop table if exists "tmdb_import_batches" cascade;`);
  }
}
