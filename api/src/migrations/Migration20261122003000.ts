import { Migration } from '@mikro-orm/migrations';
import PgBoss from 'pg-boss';

/** The schema pg-boss keeps its queue in; the app starts pg-boss with `migrate: false`. */
export const PGBOSS_SCHEMA = 'pgboss';

export class Migration20261122003000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "video_sources" add column "poster_key" varchar(300) null, add column "trickplay_key" varchar(300) null, add column "trickplay_interval_seconds" double precision null;`,
    );

    this.addSql(
      `create table "media_jobs" ("id" serial primary key, "movie_id" int not null, "kind" text check ("kind" in ('transcode')) not null default 'transcode', "state" text check ("state" in ('queued', 'running', 'retrying', 'completed', 'failed', 'cancelled')) not null default 'queued', "step" text check ("step" in ('waiting', 'probing', 'transcoding', 'measuring', 'poster', 'trickplay', 'publishing', 'done')) not null default 'waiting', "percent" double precision not null default 0, "eta_seconds" int null, "attempts" int not null default 0, "max_attempts" int not null, "source_name" varchar(255) not null, "source_bytes" double precision not null, "source_path" varchar(1000) null, "storage_prefix" varchar(300) not null, "boss_job_id" varchar(36) null, "video_source_id" int null, "error_code" varchar(60) null, "error_message" text null, "error_detail" text null, "heartbeat_at" timestamptz null, "started_at" timestamptz null, "finished_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "media_jobs_movie_id_index" on "media_jobs" ("movie_id");`);
    this.addSql(`create index "media_jobs_state_index" on "media_jobs" ("state");`);
    this.addSql(
      `alter table "media_jobs" add constraint "media_jobs_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "media_jobs" add constraint "media_jobs_video_source_id_foreign" foreign key ("video_source_id") references "video_sources" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `create table "subtitle_tracks" ("id" serial primary key, "movie_id" int not null, "locale" text check ("locale" in ('en', 'lo')) not null, "label" varchar(100) not null, "vtt_key" varchar(300) not null, "playlist_key" varchar(300) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(
      `alter table "subtitle_tracks" add constraint "subtitle_tracks_movie_id_locale_unique" unique ("movie_id", "locale");`,
    );
    this.addSql(
      `alter table "subtitle_tracks" add constraint "subtitle_tracks_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );

    // pg-boss's own tables, from pg-boss's own construction plan (schema version 24, pg-boss
    // 10.4). Its plan wraps itself in BEGIN/COMMIT under an advisory lock; this migration already
    // runs in a transaction, so the wrapper is left out. A pg-boss upgrade that changes its schema
    // gets a new migration running `PgBoss.getMigrationPlans(PGBOSS_SCHEMA, <old version>)`.
    this.addSql(unwrapTransaction(PgBoss.getConstructionPlans(PGBOSS_SCHEMA)));
  }

  override async down(): Promise<void> {
    this.addSql(`drop schema if exists "${PGBOSS_SCHEMA}" cascade;`);
    this.addSql(`drop table if exists "subtitle_tracks" cascade;`);
    this.addSql(`drop table if exists "media_jobs" cascade;`);
    this.addSql(
      `alter table "video_sources" drop column "poster_key", drop column "trickplay_key", drop column "trickplay_interval_seconds";`,
    );
  }
}

function unwrapTransaction(plan: string): string {
  const body = plan.trim();
  if (!body.startsWith('BEGIN;') || !body.endsWith('COMMIT;')) {
    throw new Error('pg-boss changed the shape of its construction plan: review this migration');
  }
  return body.slice('BEGIN;'.length, -'COMMIT;'.length);
}
