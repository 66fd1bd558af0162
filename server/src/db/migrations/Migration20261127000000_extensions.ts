import { Migration } from '@mikro-orm/migrations';

/** Extensions the schema uses: unaccent to fold names for search, pg_trgm to index substring search. */
export class Migration20261127000000_extensions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists unaccent');
    this.addSql('create extension if not exists pg_trgm');
  }
}
