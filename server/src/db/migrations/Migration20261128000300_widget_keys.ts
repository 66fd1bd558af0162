import { Migration } from '@mikro-orm/migrations';

/** API keys for the embeddable widgets of other offices. */
export class Migration20261128000300_widget_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "widget_key" ("id" uuid not null, "name" text not null, "office" text not null, "allowed_origins" text[] not null, "rate_limit_per_minute" int not null default 600, "key_hash" text not null, "prefix" text not null, "created_by_id" uuid null, "created_at" timestamptz not null default now(), "expires_at" timestamptz null, "revoked_at" timestamptz null, constraint "widget_key_pkey" primary key ("id"));`);
    this.addSql(`alter table "widget_key" add constraint "widget_key_key_hash_unique" unique ("key_hash");`);
    this.addSql(`create index "widget_key_created_by_id_index" on "widget_key" ("created_by_id");`);

    this.addSql(`alter table "widget_key" add constraint "widget_key_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

}
