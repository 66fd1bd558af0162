import { Migration } from '@mikro-orm/migrations';

/** Accounts, sessions, personal access tokens and the append-only audit trail. */
export class Migration20261128000200_access extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "audit_action" as enum ('CREATE', 'UPDATE', 'DELETE', 'READ_PERSONAL_DATA', 'SIGN_IN', 'SIGN_IN_FAILED', 'SIGN_OUT');`);
    this.addSql(`create type "role" as enum ('ADMIN', 'EDITOR', 'ANALYST', 'VIEWER');`);
    this.addSql(`create table "audit_entry" ("id" bigserial primary key, "at" timestamptz not null default now(), "actor_id" uuid null, "actor_username" text null, "action" "audit_action" not null, "record_type" text null, "record_id" uuid null, "before" jsonb null, "after" jsonb null, "request_id" text null);`);
    this.addSql(`create index "audit_entry_at_index" on "audit_entry" ("at");`);
    this.addSql(`create index "audit_entry_record_id_at_index" on "audit_entry" ("record_id", "at");`);

    this.addSql(`create table "app_user" ("id" uuid not null, "username" text not null, "display_name" text null, "role" "role" not null, "active" boolean not null default true, "password_hash" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(`create table "session" ("token_hash" text not null, "user_id" uuid not null, "created_at" timestamptz not null default now(), "last_seen_at" timestamptz not null default now(), "expires_at" timestamptz not null, "ended_at" timestamptz null, constraint "session_pkey" primary key ("token_hash"));`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "access_token" ("id" uuid not null, "user_id" uuid not null, "name" text not null, "token_hash" text not null, "prefix" text not null, "created_at" timestamptz not null default now(), "last_used_at" timestamptz null, "expires_at" timestamptz null, "revoked_at" timestamptz null, constraint "access_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "access_token" add constraint "access_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "access_token_user_id_index" on "access_token" ("user_id");`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "access_token" add constraint "access_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    // The audit trail is append-only: the database itself refuses to change or remove an entry.
    this.addSql(`create or replace function amity_audit_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'audit entries cannot be changed or deleted' using errcode = 'insufficient_privilege';
      end
    $$`);
    this.addSql(`create trigger audit_entry_append_only before update or delete on audit_entry for each row execute function amity_audit_append_only()`);
    this.addSql(`create trigger audit_entry_no_truncate before truncate on audit_entry for each statement execute function amity_audit_append_only()`);
  }
}
