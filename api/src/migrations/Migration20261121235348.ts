import { Migration } from '@mikro-orm/migrations';

export class Migration20261121235348 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_log" ("id" bigserial primary key, "actor" varchar(200) not null, "action" varchar(60) not null, "entity_type" varchar(60) not null, "entity_id" varchar(60) not null, "before" jsonb null, "after" jsonb null, "request_id" varchar(60) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "audit_log_created_at_index" on "audit_log" ("created_at");`);
    this.addSql(
      `create index "audit_log_entity_type_entity_id_index" on "audit_log" ("entity_type", "entity_id");`,
    );

    this.addSql(`create table "genres" ("id" serial primary key, "tmdb_id" int null);`);
    this.addSql(`alter table "genres" add constraint "genres_tmdb_id_unique" unique ("tmdb_id");`);

    this.addSql(
      `create table "genre_translations" ("genre_id" int not null, "locale" text check ("locale" in ('en', 'lo')) not null, "name" varchar(100) not null default '', constraint "genre_translations_pkey" primary key ("genre_id", "locale"));`,
    );

    this.addSql(
      `create table "movies" ("id" serial primary key, "slug" varchar(120) not null, "tmdb_id" int null, "imdb_id" varchar(16) null, "original_title" varchar(300) not null, "original_language" varchar(8) not null default 'lo', "release_date" date null, "runtime_minutes" int null, "certification" varchar(16) null, "vote_average" double precision null, "vote_count" int not null default 0, "popularity" double precision not null default 0, "status" text check ("status" in ('draft', 'published')) not null default 'draft', "rental_required" boolean not null default false, "price_amount" int null, "price_currency" varchar(3) not null default 'LAK', "trailer_url" varchar(500) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "movies" add constraint "movies_slug_unique" unique ("slug");`);
    this.addSql(`alter table "movies" add constraint "movies_tmdb_id_unique" unique ("tmdb_id");`);
    this.addSql(`alter table "movies" add constraint "movies_imdb_id_unique" unique ("imdb_id");`);
    this.addSql(`create index "movies_status_index" on "movies" ("status");`);

    this.addSql(
      `create table "movie_genres" ("movie_id" int not null, "genre_id" int not null, constraint "movie_genres_pkey" primary key ("movie_id", "genre_id"));`,
    );

    this.addSql(
      `create table "movie_translations" ("movie_id" int not null, "locale" text check ("locale" in ('en', 'lo')) not null, "title" varchar(300) not null default '', "overview" text not null default '', "tagline" varchar(500) not null default '', "search_title" varchar(300) not null default '', "edited_at" timestamptz null, constraint "movie_translations_pkey" primary key ("movie_id", "locale"));`,
    );

    this.addSql(
      `create table "people" ("id" serial primary key, "tmdb_id" int null, "birthday" date null, "place_of_birth" varchar(300) null, "popularity" double precision not null default 0, "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "people" add constraint "people_tmdb_id_unique" unique ("tmdb_id");`);

    this.addSql(
      `create table "images" ("id" serial primary key, "movie_id" int null, "person_id" int null, "kind" text check ("kind" in ('poster', 'backdrop', 'logo', 'profile')) not null, "locale" text check ("locale" in ('en', 'lo')) null, "width" int not null, "height" int not null, "storage_key" varchar(300) not null, "source_path" varchar(300) null, "position" int not null default 0, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "images_movie_id_kind_position_index" on "images" ("movie_id", "kind", "position");`,
    );
    this.addSql(`create index "images_person_id_kind_index" on "images" ("person_id", "kind");`);

    this.addSql(
      `create table "homepage_featured" ("id" serial primary key, "movie_id" int not null, "position" int not null, "image_id" int null, "visible_from" timestamptz null, "visible_until" timestamptz null, "created_at" timestamptz not null);`,
    );
    this.addSql(
      `create index "homepage_featured_movie_id_index" on "homepage_featured" ("movie_id");`,
    );
    this.addSql(
      `create index "homepage_featured_position_index" on "homepage_featured" ("position");`,
    );

    this.addSql(
      `create table "movie_crew" ("id" serial primary key, "movie_id" int not null, "person_id" int not null, "department" varchar(100) not null);`,
    );
    this.addSql(`create index "movie_crew_person_id_index" on "movie_crew" ("person_id");`);
    this.addSql(
      `create index "movie_crew_movie_id_department_index" on "movie_crew" ("movie_id", "department");`,
    );

    this.addSql(
      `create table "movie_crew_translations" ("credit_id" int not null, "locale" text check ("locale" in ('en', 'lo')) not null, "job" varchar(200) not null default '', constraint "movie_crew_translations_pkey" primary key ("credit_id", "locale"));`,
    );

    this.addSql(
      `create table "movie_cast" ("id" serial primary key, "movie_id" int not null, "person_id" int not null, "order" int not null default 0);`,
    );
    this.addSql(`create index "movie_cast_person_id_index" on "movie_cast" ("person_id");`);
    this.addSql(
      `create index "movie_cast_movie_id_order_index" on "movie_cast" ("movie_id", "order");`,
    );

    this.addSql(
      `create table "movie_cast_translations" ("credit_id" int not null, "locale" text check ("locale" in ('en', 'lo')) not null, "character" varchar(300) not null default '', constraint "movie_cast_translations_pkey" primary key ("credit_id", "locale"));`,
    );

    this.addSql(
      `create table "people_translations" ("person_id" int not null, "locale" text check ("locale" in ('en', 'lo')) not null, "name" varchar(200) not null default '', "biography" text not null default '', "edited_at" timestamptz null, constraint "people_translations_pkey" primary key ("person_id", "locale"));`,
    );

    this.addSql(
      `create table "video_sources" ("id" serial primary key, "movie_id" int not null, "format" text check ("format" in ('hls')) not null default 'hls', "quality" text check ("quality" in ('original', '1080p', '720p', '480p', '360p')) not null default 'original', "url" varchar(1000) null, "storage_key" varchar(300) null, "bandwidth" int null, "codecs" varchar(100) null, "width" int null, "height" int null, "duration_seconds" double precision null, "status" text check ("status" in ('pending', 'processing', 'ready', 'failed')) not null default 'pending', "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`create index "video_sources_movie_id_index" on "video_sources" ("movie_id");`);

    this.addSql(
      `alter table "genre_translations" add constraint "genre_translations_genre_id_foreign" foreign key ("genre_id") references "genres" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "movie_genres" add constraint "movie_genres_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "movie_genres" add constraint "movie_genres_genre_id_foreign" foreign key ("genre_id") references "genres" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "movie_translations" add constraint "movie_translations_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "images" add constraint "images_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "images" add constraint "images_person_id_foreign" foreign key ("person_id") references "people" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "homepage_featured" add constraint "homepage_featured_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "homepage_featured" add constraint "homepage_featured_image_id_foreign" foreign key ("image_id") references "images" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "movie_crew" add constraint "movie_crew_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "movie_crew" add constraint "movie_crew_person_id_foreign" foreign key ("person_id") references "people" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "movie_crew_translations" add constraint "movie_crew_translations_credit_id_foreign" foreign key ("credit_id") references "movie_crew" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "movie_cast" add constraint "movie_cast_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "movie_cast" add constraint "movie_cast_person_id_foreign" foreign key ("person_id") references "people" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "movie_cast_translations" add constraint "movie_cast_translations_credit_id_foreign" foreign key ("credit_id") references "movie_cast" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "people_translations" add constraint "people_translations_person_id_foreign" foreign key ("person_id") references "people" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "video_sources" add constraint "video_sources_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete cascade;`,
    );
    // Title search is a substring match on normalised titles (Lao has no word breaks), which a
    // trigram index serves; the rest index the home rows and filters.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(
      `create index "movie_translations_search_title_trgm" on "movie_translations" using gin ("search_title" gin_trgm_ops);`,
    );
    this.addSql(`create index "movie_genres_genre_id_index" on "movie_genres" ("genre_id");`);
    this.addSql(
      `create index "movies_published_release_index" on "movies" ("release_date" desc nulls last, "id") where "status" = 'published';`,
    );
    this.addSql(
      `create index "movies_published_rating_index" on "movies" ("vote_average" desc nulls last, "id") where "status" = 'published';`,
    );
  }
}
