import { Migration } from '@mikro-orm/migrations';

// Accounts: users, sessions (web and device), RFC 8628 device authorizations, rate-limit windows.
export class Migration20261122001324 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "rate_limit_windows" ("key" varchar(200) not null, "window_start" timestamptz not null, "hits" int not null, "expires_at" timestamptz not null, constraint "rate_limit_windows_pkey" primary key ("key", "window_start"));`,
    );
    this.addSql(
      `create index "rate_limit_windows_expires_at_index" on "rate_limit_windows" ("expires_at");`,
    );

    this.addSql(
      `create table "users" ("id" serial primary key, "email" varchar(254) not null, "password_hash" varchar(200) not null, "display_name" varchar(100) not null, "role" text check ("role" in ('viewer', 'admin')) not null default 'viewer', "preferred_locale" text check ("preferred_locale" in ('en', 'lo')) not null default 'en', "created_at" timestamptz not null, "updated_at" timestamptz not null);`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(
      `create table "sessions" ("id" uuid not null, "user_id" int not null, "kind" text check ("kind" in ('web', 'device')) not null, "token_hash" varchar(64) not null, "token_expires_at" timestamptz not null, "refresh_token_hash" varchar(64) null, "previous_refresh_token_hash" varchar(64) null, "expires_at" timestamptz not null, "last_used_at" timestamptz not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, "client_id" varchar(100) null, "client_name" varchar(200) null, "user_agent" varchar(500) null, "failed_code_entries" int not null default 0, constraint "sessions_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_refresh_token_hash_unique" unique ("refresh_token_hash");`,
    );
    this.addSql(
      `create index "sessions_previous_refresh_token_hash_index" on "sessions" ("previous_refresh_token_hash");`,
    );
    this.addSql(`create index "sessions_user_id_kind_index" on "sessions" ("user_id", "kind");`);

    this.addSql(
      `create table "device_authorizations" ("id" serial primary key, "client_id" varchar(100) not null, "device_code_hash" varchar(64) not null, "user_code" varchar(8) not null, "status" text check ("status" in ('pending', 'approved', 'denied', 'consumed')) not null default 'pending', "expires_at" timestamptz not null, "interval" int not null, "last_polled_at" timestamptz null, "anonymous_id" varchar(64) null, "user_agent" varchar(500) null, "ip" varchar(64) null, "user_id" int null, "session_id" uuid null, "created_at" timestamptz not null, "decided_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "device_authorizations" add constraint "device_authorizations_device_code_hash_unique" unique ("device_code_hash");`,
    );
    this.addSql(
      `alter table "device_authorizations" add constraint "device_authorizations_user_code_unique" unique ("user_code");`,
    );
    this.addSql(
      `create index "device_authorizations_expires_at_index" on "device_authorizations" ("expires_at");`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "device_authorizations" add constraint "device_authorizations_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "device_authorizations" add constraint "device_authorizations_session_id_foreign" foreign key ("session_id") references "sessions" ("id") on update cascade on delete set null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sessions" drop constraint "sessions_user_id_foreign";`);

    this.addSql(
      `alter table "device_authorizations" drop constraint "device_authorizations_user_id_foreign";`,
    );

    this.addSql(
      `alter table "device_authorizations" drop constraint "device_authorizations_session_id_foreign";`,
    );

    this.addSql(`drop table if exists "rate_limit_windows" cascade;`);

    this.addSql(`drop table if exists "users" cascade;`);

    this.addSql(`drop table if exists "sessions" cascade;`);

    this.addSql(`drop table if exists "device_authorizations" cascade;`);
  }
}
