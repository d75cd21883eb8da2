import { Migration } from '@mikro-orm/migrations';

/**
 * Watch progress (one row per owner and film, the owner an account or an anonymous viewer),
 * raw playback events, and the daily aggregates they are rolled up into.
 */
export class Migration20261202100000_progress_analytics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "watch_progress" (
        "id" bigserial primary key,
        "user_id" int null references "users" ("id") on update cascade on delete cascade,
        "anonymous_viewer_id" uuid null,
        "movie_id" int not null references "movies" ("id") on update cascade on delete cascade,
        "position_seconds" double precision not null check ("position_seconds" >= 0),
        "duration_seconds" double precision not null check ("duration_seconds" > 0),
        "completed" boolean not null,
        "dismissed" boolean not null default false,
        "client_timestamp" timestamptz not null,
        constraint "watch_progress_one_owner" check (("user_id" is null) <> ("anonymous_viewer_id" is null))
      );`);
    this.addSql(
      `create unique index "watch_progress_user_movie_unique" on "watch_progress" ("user_id", "movie_id") where "user_id" is not null;`,
    );
    this.addSql(
      `create unique index "watch_progress_anonymous_movie_unique" on "watch_progress" ("anonymous_viewer_id", "movie_id") where "anonymous_viewer_id" is not null;`,
    );
    this.addSql(`create index "watch_progress_movie_id_index" on "watch_progress" ("movie_id");`);

    // No owner is kept with an event: the figures are about playback, not about who watched.
    this.addSql(`
      create table "video_analytics" (
        "id" bigserial primary key,
        "received_at" timestamptz not null default now(),
        "session_id" varchar(64) not null,
        "movie_id" int not null,
        "type" text not null check ("type" in ('play_requested', 'first_frame', 'stall_start', 'stall_end', 'quality_switch', 'error', 'pause', 'seek', 'complete', 'heartbeat')),
        "at" timestamptz not null,
        "position_seconds" double precision not null,
        "data" jsonb not null default '{}'
      );`);
    // Rows arrive in received_at order and are read and deleted by day ranges of it.
    this.addSql(
      `create index "video_analytics_received_at_index" on "video_analytics" using brin ("received_at");`,
    );

    this.addSql(`
      create table "analytics_daily" (
        "day" date not null,
        "movie_id" int not null,
        "plays" int not null,
        "completions" int not null,
        "watched_seconds" double precision not null,
        "stalled_ms" double precision not null,
        "quality_switches" int not null,
        "errors" int not null,
        "first_frame_ms" double precision[] not null,
        primary key ("day", "movie_id")
      );`);
    this.addSql(`
      create table "analytics_daily_errors" (
        "day" date not null,
        "movie_id" int not null,
        "category" int not null,
        "code" int not null,
        "count" int not null,
        primary key ("day", "movie_id", "category", "code")
      );`);
    // The last day rolled up: reads take days up to it from the aggregates, later ones from raw rows.
    this.addSql(`
      create table "analytics_rollup" (
        "singleton" boolean primary key default true check ("singleton"),
        "rolled_through" date not null
      );`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "analytics_rollup";`);
    this.addSql(`drop table if exists "analytics_daily_errors";`);
    this.addSql(`drop table if exists "analytics_daily";`);
    this.addSql(`drop table if exists "video_analytics";`);
    this.addSql(`drop table if exists "watch_progress";`);
  }
}
