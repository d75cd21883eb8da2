import { Migration } from '@mikro-orm/migrations';

/**
 * Rentals: price tiers (a film is free or has one), promo codes and their uses, payment
 * transactions (one owner: an account or an anonymous viewer) and the rentals they grant.
 *
 * `movies.rental_required`, `price_amount` and `price_currency` stay: the catalog reads, the TV
 * and the admin's film form show them, so they are kept as a copy of the film's tier that the
 * film writer and the tier writer maintain. Each rental-only film today gets the tier of its
 * price (one tier per distinct price; 15,000 kip when it had none).
 */
export class Migration20261202200000_rentals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "pricing_tiers" (
      "id" serial primary key,
      "name_en" varchar(100) not null,
      "name_lo" varchar(100) not null default '',
      "price_lak" int not null check ("price_lak" > 0),
      "rental_hours" int not null default 24 check ("rental_hours" > 0),
      "active" boolean not null default true,
      "position" int not null default 0,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now());`);
    this.addSql(
      `alter table "movies" add column "pricing_tier_id" int null references "pricing_tiers" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(`create index "movies_pricing_tier_id_index" on "movies" ("pricing_tier_id");`);
    this.addSql(`insert into "pricing_tiers" ("name_en", "name_lo", "price_lak", "position")
      select 'Rental ' || to_char(price, 'FM999,999,999') || ' kip',
             'ເຊົ່າ ' || to_char(price, 'FM999,999,999') || ' ກີບ',
             price, row_number() over (order by price) - 1
      from (select distinct coalesce(price_amount, 15000) as price from "movies"
            where rental_required and coalesce(price_amount, 15000) > 0) prices;`);
    this
      .addSql(`update "movies" m set "pricing_tier_id" = t."id", "price_amount" = t."price_lak", "price_currency" = 'LAK'
      from "pricing_tiers" t
      where m.rental_required and t.price_lak = coalesce(m.price_amount, 15000);`);

    this.addSql(`create table "promo_codes" (
      "id" serial primary key,
      "code" varchar(32) not null unique,
      "kind" text not null check ("kind" in ('percent', 'fixed', 'free')),
      "value" int not null check ("value" > 0),
      "max_uses" int null check ("max_uses" > 0),
      "uses" int not null default 0,
      "valid_from" timestamptz null,
      "valid_until" timestamptz null,
      "movie_id" int null references "movies" ("id") on update cascade on delete cascade,
      "active" boolean not null default true,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      check ("kind" <> 'percent' or "value" <= 100));`);

    this.addSql(`create table "payment_transactions" (
      "id" varchar(20) primary key,
      "user_id" int null references "users" ("id") on update cascade on delete cascade,
      "anonymous_viewer_id" uuid null,
      "movie_id" int not null references "movies" ("id") on update cascade on delete restrict,
      "provider" text not null check ("provider" in ('laoqr', 'manual', 'free')),
      "provider_transaction_id" varchar(100) null,
      "provider_reference" varchar(100) null,
      "short_code" varchar(6) not null,
      "currency" char(3) not null default 'LAK',
      "amount_before" int not null check ("amount_before" >= 0),
      "amount_after" int not null check ("amount_after" >= 0),
      "promo_code_id" int null references "promo_codes" ("id") on update cascade on delete set null,
      "rental_hours" int not null,
      "status" text not null default 'pending' check ("status" in ('pending', 'succeeded', 'failed', 'expired', 'refunded')),
      "failure_reason" text null check ("failure_reason" in ('cancelled', 'declined', 'amount_mismatch', 'provider_error')),
      "version" int not null default 1,
      "qr_payload" text null,
      "pay_url" text null,
      "provider_answer" jsonb null,
      "flagged_reason" varchar(300) null,
      "expires_at" timestamptz not null,
      "paid_at" timestamptz null,
      "refunded_at" timestamptz null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "payment_transactions_one_owner" check (("user_id" is null) <> ("anonymous_viewer_id" is null)),
      constraint "payment_transactions_provider_transaction_unique" unique ("provider", "provider_transaction_id"));`);
    this.addSql(
      `create unique index "payment_transactions_pending_short_code" on "payment_transactions" ("short_code") where "status" = 'pending';`,
    );
    this.addSql(
      `create index "payment_transactions_status_created_at_index" on "payment_transactions" ("status", "created_at");`,
    );
    this.addSql(
      `create index "payment_transactions_created_at_index" on "payment_transactions" ("created_at");`,
    );
    this.addSql(
      `create index "payment_transactions_user_id_index" on "payment_transactions" ("user_id");`,
    );
    this.addSql(
      `create index "payment_transactions_anonymous_viewer_id_index" on "payment_transactions" ("anonymous_viewer_id");`,
    );
    this.addSql(
      `create index "payment_transactions_movie_id_index" on "payment_transactions" ("movie_id", "created_at");`,
    );

    this.addSql(`create table "promo_code_uses" (
      "id" serial primary key,
      "promo_code_id" int not null references "promo_codes" ("id") on update cascade on delete cascade,
      "payment_id" varchar(20) not null unique references "payment_transactions" ("id") on update cascade on delete cascade,
      "user_id" int null,
      "anonymous_viewer_id" uuid null,
      "created_at" timestamptz not null default now());`);
    this.addSql(
      `create index "promo_code_uses_promo_code_id_index" on "promo_code_uses" ("promo_code_id");`,
    );

    this.addSql(`create table "rentals" (
      "id" serial primary key,
      "user_id" int null references "users" ("id") on update cascade on delete cascade,
      "anonymous_viewer_id" uuid null,
      "movie_id" int not null references "movies" ("id") on update cascade on delete cascade,
      "payment_id" varchar(20) null unique references "payment_transactions" ("id") on update cascade on delete set null,
      "starts_at" timestamptz not null,
      "expires_at" timestamptz not null,
      "ended_by" text null check ("ended_by" in ('refund')),
      "created_at" timestamptz not null default now(),
      constraint "rentals_one_owner" check (("user_id" is null) <> ("anonymous_viewer_id" is null)));`);
    this.addSql(
      `create index "rentals_user_movie_index" on "rentals" ("user_id", "movie_id", "expires_at") where "user_id" is not null;`,
    );
    this.addSql(
      `create index "rentals_anonymous_movie_index" on "rentals" ("anonymous_viewer_id", "movie_id", "expires_at") where "anonymous_viewer_id" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rentals" cascade;`);
    this.addSql(`drop table if exists "promo_code_uses" cascade;`);
    this.addSql(`drop table if exists "payment_transactions" cascade;`);
    this.addSql(`drop table if exists "promo_codes" cascade;`);
    this.addSql(`alter table "movies" drop column if exists "pricing_tier_id";`);
    this.addSql(`drop table if exists "pricing_tiers" cascade;`);
  }
}
