import { Migration } from '@mikro-orm/migrations';

/** Spreadsheet imports: each committed batch (to undo it) and named column mappings. */
export class Migration20261128000400_imports extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "import_batch" ("id" uuid not null, "record_type" text not null, "file_name" text null, "actor_id" uuid null, "actor_username" text null, "request_id" text null, "created_at" timestamptz not null default now(), "created" int not null default 0, "updated" int not null default 0, "records" jsonb not null, "undone_at" timestamptz null, "undone_by" text null, constraint "import_batch_pkey" primary key ("id"));`);
    this.addSql(`create index "import_batch_created_at_index" on "import_batch" ("created_at");`);

    this.addSql(`create table "import_mapping" ("id" uuid not null, "name" text not null, "record_type" text not null, "columns" jsonb not null, "actor_username" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "import_mapping_pkey" primary key ("id"));`);
    this.addSql(`alter table "import_mapping" add constraint "import_mapping_name_unique" unique ("name");`);
  }

}
