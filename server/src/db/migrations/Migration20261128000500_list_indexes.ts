import { Migration } from '@mikro-orm/migrations';

/** Indexes for the lists read most: delegations by channel and date (the admin), public events by date (widgets). */
export class Migration20261128000500_list_indexes extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "delegation_channel_start_date_index" on "delegation" ("channel", "start_date");`);
    this.addSql(`create index "event_visibility_start_date_index" on "event" ("visibility", "start_date");`);
  }

}
