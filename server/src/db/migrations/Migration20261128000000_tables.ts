import { Migration } from '@mikro-orm/migrations';

/** The tables of every entity, as the MikroORM migrator wrote them. */
export class Migration20261128000000_tables extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create type "visibility" as enum ('PUBLIC', 'INTERNAL', 'RESTRICTED');`);
    this.addSql(`create type "continent" as enum ('AFRICA', 'ANTARCTICA', 'ASIA', 'EUROPE', 'NORTH_AMERICA', 'OCEANIA', 'SOUTH_AMERICA');`);
    this.addSql(`create type "contribution_kind" as enum ('DONATION', 'INVESTMENT', 'GRANT', 'SUBSIDY', 'IN_KIND');`);
    this.addSql(`create type "contribution_status" as enum ('PLEDGED', 'SIGNED', 'DELIVERED');`);
    this.addSql(`create type "organisation_kind" as enum ('GOVERNMENT', 'SCHOOL', 'UNIVERSITY', 'COMPANY', 'FOUNDATION', 'ASSOCIATION', 'MEDIA', 'COOPERATIVE', 'CLUB', 'OTHER');`);
    this.addSql(`create type "event_kind" as enum ('CONFERENCE', 'FESTIVAL', 'GAMES', 'FAIR', 'CEREMONY', 'CAMPAIGN', 'GALA', 'CAMP', 'TRAINING', 'OTHER');`);
    this.addSql(`create type "application_kind" as enum ('FOREIGN_EXPERT_INVITATION', 'APEC_BUSINESS_TRAVEL_CARD', 'INVITATION_LETTER', 'OTHER');`);
    this.addSql(`create type "application_status" as enum ('RECEIVED', 'IN_PROGRESS', 'APPROVED', 'REJECTED', 'WITHDRAWN');`);
    this.addSql(`create type "partnership_level" as enum ('SISTER_CITY', 'FRIENDLY_EXCHANGE', 'PROSPECT');`);
    this.addSql(`create type "partnership_status" as enum ('CONTACT_OPENED', 'AGREEMENT_SIGNED', 'DORMANT', 'ENDED');`);
    this.addSql(`create type "exchange_field" as enum ('EDUCATION', 'CULTURE', 'ECONOMY', 'AGRICULTURE', 'ENVIRONMENT', 'HEALTH', 'SPORT', 'YOUTH', 'GOVERNMENT');`);
    this.addSql(`create type "exchange_status" as enum ('PLANNED', 'ACTIVE', 'COMPLETED', 'SUSPENDED');`);
    this.addSql(`create type "person_category" as enum ('FOREIGN_GUEST', 'FOREIGN_EXPERT', 'OVERSEAS_CHINESE', 'RETURNED_OVERSEAS_CHINESE', 'RELATIVE_OF_OVERSEAS_CHINESE', 'COMPATRIOT', 'OFFICIAL', 'STAFF', 'OTHER');`);
    this.addSql(`create type "delegation_direction" as enum ('INBOUND', 'OUTBOUND');`);
    this.addSql(`create type "delegation_channel" as enum ('GOVERNMENT_AND_PARTY', 'SISTER_CITY', 'OVERSEAS_CHINESE', 'BUSINESS', 'ACADEMIC', 'OTHER');`);
    this.addSql(`create type "delegation_purpose" as enum ('OFFICIAL_VISIT', 'CONFERENCE', 'TRADE_AND_INVESTMENT', 'STUDY', 'EDUCATION', 'CULTURE', 'TRAINING', 'OTHER');`);
    this.addSql(`create type "approval_status" as enum ('PENDING', 'APPROVED', 'HELD_BACK', 'WITHDRAWN');`);
    this.addSql(`create type "relationship_kind" as enum ('MEMBER_OF', 'WORKS_FOR', 'LEADS', 'FOUNDED', 'REPRESENTS', 'LOCATED_IN', 'PARTNER_OF', 'LINKED_WITH', 'PARTICIPATED_IN', 'HOSTED', 'ORGANISED', 'SPONSORED', 'INVITED', 'INVESTED_IN', 'DONATED_TO', 'RELATIVE_OF', 'OTHER');`);
    this.addSql(`create table "country" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "code" text not null, "code3" text not null, "continent" "continent" not null, "region" text null, "subregion" text null, "intermediate_region" text null, constraint "country_pkey" primary key ("id"));`);
    this.addSql(`alter table "country" add constraint "country_code_unique" unique ("code");`);

    this.addSql(`create table "city" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "country_id" uuid not null, "province" text null, "latitude" double precision null, "longitude" double precision null, "is_home_city" boolean not null default false, constraint "city_pkey" primary key ("id"));`);
    this.addSql(`create index "city_country_id_index" on "city" ("country_id");`);

    this.addSql(`create table "node" ("id" uuid not null, "type" text not null, "name_zh" text null, "name_en" text null, "name_local" text null, "search_text" text not null default '', "visibility" "visibility" not null, constraint "node_pkey" primary key ("id"));`);
    this.addSql(`create index "node_search_text_trgm" on "node" using gin ("search_text" gin_trgm_ops);`);
    this.addSql(`create index "node_type_index" on "node" ("type");`);

    this.addSql(`create table "contribution" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "kind" "contribution_kind" not null, "donor_id" uuid null, "recipient_id" uuid null, "amount" numeric(16,2) null, "currency" text null, "in_kind_description" text null, "quantity" int null, "beneficiaries" int null, "status" "contribution_status" not null default 'PLEDGED', "date" date null, "delivered_on" date null, constraint "contribution_pkey" primary key ("id"));`);
    this.addSql(`create index "contribution_donor_id_index" on "contribution" ("donor_id");`);
    this.addSql(`create index "contribution_recipient_id_index" on "contribution" ("recipient_id");`);

    this.addSql(`create table "organisation" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "kind" "organisation_kind" not null, "city_id" uuid null, "parent_id" uuid null, "website" text null, constraint "organisation_pkey" primary key ("id"));`);
    this.addSql(`create index "organisation_city_id_index" on "organisation" ("city_id");`);
    this.addSql(`create index "organisation_parent_id_index" on "organisation" ("parent_id");`);

    this.addSql(`create table "event" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "kind" "event_kind" not null, "start_date" date null, "end_date" date null, "city_id" uuid null, "venue" text null, "host_id" uuid null, "attendance" int null, constraint "event_pkey" primary key ("id"));`);
    this.addSql(`create index "event_city_id_index" on "event" ("city_id");`);
    this.addSql(`create index "event_host_id_index" on "event" ("host_id");`);

    this.addSql(`create table "award" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "year" int not null, "granted_by_id" uuid null, "recipient_id" uuid null, constraint "award_pkey" primary key ("id"));`);
    this.addSql(`create index "award_granted_by_id_index" on "award" ("granted_by_id");`);
    this.addSql(`create index "award_recipient_id_index" on "award" ("recipient_id");`);

    this.addSql(`create table "application" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "kind" "application_kind" not null, "applicant_id" uuid null, "person_count" int not null, "status" "application_status" not null default 'RECEIVED', "submitted_on" date null, "decided_on" date null, constraint "application_pkey" primary key ("id"));`);
    this.addSql(`create index "application_applicant_id_index" on "application" ("applicant_id");`);

    this.addSql(`create table "partnership" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "home_city_id" uuid not null, "partner_city_id" uuid not null, "level" "partnership_level" not null, "status" "partnership_status" null, "signed_on" date null, "status_history" jsonb not null, "agreement_reference" text null, constraint "partnership_pkey" primary key ("id"));`);
    this.addSql(`create index "partnership_partner_city_id_index" on "partnership" ("partner_city_id");`);
    this.addSql(`alter table "partnership" add constraint "partnership_home_city_id_partner_city_id_unique" unique ("home_city_id", "partner_city_id");`);

    this.addSql(`create table "exchange" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "field" "exchange_field" not null, "partnership_id" uuid null, "start_date" date null, "end_date" date null, "status" "exchange_status" not null default 'ACTIVE', "outcomes" text null, constraint "exchange_pkey" primary key ("id"));`);
    this.addSql(`create index "exchange_partnership_id_index" on "exchange" ("partnership_id");`);

    this.addSql(`create table "exchange_participant" ("id" uuid not null, "exchange_id" uuid not null, "organisation_id" uuid not null, "role" text null, constraint "exchange_participant_pkey" primary key ("id"));`);
    this.addSql(`create index "exchange_participant_exchange_id_index" on "exchange_participant" ("exchange_id");`);
    this.addSql(`create index "exchange_participant_organisation_id_index" on "exchange_participant" ("organisation_id");`);

    this.addSql(`create table "person" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "category" "person_category" not null, "nationality_id" uuid null, "title" text null, "passport_number" text null, "date_of_birth" date null, "phone" text null, "email" text null, constraint "person_pkey" primary key ("id"));`);
    this.addSql(`create index "person_nationality_id_index" on "person" ("nationality_id");`);

    this.addSql(`create table "delegation" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "direction" "delegation_direction" not null, "channel" "delegation_channel" not null, "purpose" "delegation_purpose" not null default 'OFFICIAL_VISIT', "origin_city_id" uuid null, "origin_country_id" uuid null, "destination_city_id" uuid null, "destination_country_id" uuid null, "sending_organisation_id" uuid null, "host_organisation_id" uuid null, "leader_id" uuid null, "headcount" int not null, "start_date" date null, "end_date" date null, "exchange_id" uuid null, "approval_status" "approval_status" null, "approval_number" text null, "approval_date" date null, "green_channel" boolean not null default false, constraint "delegation_pkey" primary key ("id"));`);
    this.addSql(`create index "delegation_origin_city_id_index" on "delegation" ("origin_city_id");`);
    this.addSql(`create index "delegation_origin_country_id_index" on "delegation" ("origin_country_id");`);
    this.addSql(`create index "delegation_destination_city_id_index" on "delegation" ("destination_city_id");`);
    this.addSql(`create index "delegation_destination_country_id_index" on "delegation" ("destination_country_id");`);
    this.addSql(`create index "delegation_sending_organisation_id_index" on "delegation" ("sending_organisation_id");`);
    this.addSql(`create index "delegation_host_organisation_id_index" on "delegation" ("host_organisation_id");`);
    this.addSql(`create index "delegation_leader_id_index" on "delegation" ("leader_id");`);
    this.addSql(`create index "delegation_exchange_id_index" on "delegation" ("exchange_id");`);

    this.addSql(`create table "delegation_member" ("delegation_id" uuid not null, "person_id" uuid not null, constraint "delegation_member_pkey" primary key ("delegation_id", "person_id"));`);
    this.addSql(`create index "delegation_member_person_id_index" on "delegation_member" ("person_id");`);

    this.addSql(`create table "delegation_event" ("delegation_id" uuid not null, "event_id" uuid not null, constraint "delegation_event_pkey" primary key ("delegation_id", "event_id"));`);
    this.addSql(`create index "delegation_event_event_id_index" on "delegation_event" ("event_id");`);

    this.addSql(`create table "application_person" ("application_id" uuid not null, "person_id" uuid not null, constraint "application_person_pkey" primary key ("application_id", "person_id"));`);
    this.addSql(`create index "application_person_person_id_index" on "application_person" ("person_id");`);

    this.addSql(`create table "relationship" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "kind" "relationship_kind" not null, "from_id" uuid not null, "to_id" uuid not null, "role" text null, "start_date" date null, "end_date" date null, "source" text null, constraint "relationship_pkey" primary key ("id"));`);
    this.addSql(`create index "relationship_from_id_kind_index" on "relationship" ("from_id", "kind");`);
    this.addSql(`create index "relationship_to_id_kind_index" on "relationship" ("to_id", "kind");`);

    this.addSql(`create table "target" ("id" uuid not null, "visibility" "visibility" not null default 'INTERNAL', "notes" text null, "generated" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "version" int not null default 1, "aliases" text[] not null default '{}', "name_zh" text null, "name_en" text null, "name_local" text null, "name_local_lang" text null, "name_pinyin" text null, "year" int not null, "target_value" double precision not null, "unit" text null, "measure" jsonb null, constraint "target_pkey" primary key ("id"));`);

    this.addSql(`alter table "city" add constraint "city_country_id_foreign" foreign key ("country_id") references "country" ("id") on update cascade;`);

    this.addSql(`alter table "contribution" add constraint "contribution_donor_id_foreign" foreign key ("donor_id") references "node" ("id") on update cascade on delete set null deferrable initially deferred;`);
    this.addSql(`alter table "contribution" add constraint "contribution_recipient_id_foreign" foreign key ("recipient_id") references "node" ("id") on update cascade on delete set null deferrable initially deferred;`);

    this.addSql(`alter table "organisation" add constraint "organisation_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "organisation" add constraint "organisation_parent_id_foreign" foreign key ("parent_id") references "organisation" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "event" add constraint "event_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "event" add constraint "event_host_id_foreign" foreign key ("host_id") references "organisation" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "award" add constraint "award_granted_by_id_foreign" foreign key ("granted_by_id") references "organisation" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "award" add constraint "award_recipient_id_foreign" foreign key ("recipient_id") references "node" ("id") on update cascade on delete set null deferrable initially deferred;`);

    this.addSql(`alter table "application" add constraint "application_applicant_id_foreign" foreign key ("applicant_id") references "organisation" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "partnership" add constraint "partnership_home_city_id_foreign" foreign key ("home_city_id") references "city" ("id") on update cascade;`);
    this.addSql(`alter table "partnership" add constraint "partnership_partner_city_id_foreign" foreign key ("partner_city_id") references "city" ("id") on update cascade;`);

    this.addSql(`alter table "exchange" add constraint "exchange_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "exchange_participant" add constraint "exchange_participant_exchange_id_foreign" foreign key ("exchange_id") references "exchange" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "exchange_participant" add constraint "exchange_participant_organisation_id_foreign" foreign key ("organisation_id") references "organisation" ("id") on update cascade;`);

    this.addSql(`alter table "person" add constraint "person_nationality_id_foreign" foreign key ("nationality_id") references "country" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "delegation" add constraint "delegation_origin_city_id_foreign" foreign key ("origin_city_id") references "city" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_origin_country_id_foreign" foreign key ("origin_country_id") references "country" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_destination_city_id_foreign" foreign key ("destination_city_id") references "city" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_destination_country_id_foreign" foreign key ("destination_country_id") references "country" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_sending_organisation_id_foreign" foreign key ("sending_organisation_id") references "organisation" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_host_organisation_id_foreign" foreign key ("host_organisation_id") references "organisation" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_leader_id_foreign" foreign key ("leader_id") references "person" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "delegation" add constraint "delegation_exchange_id_foreign" foreign key ("exchange_id") references "exchange" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "delegation_member" add constraint "delegation_member_delegation_id_foreign" foreign key ("delegation_id") references "delegation" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "delegation_member" add constraint "delegation_member_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "delegation_event" add constraint "delegation_event_delegation_id_foreign" foreign key ("delegation_id") references "delegation" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "delegation_event" add constraint "delegation_event_event_id_foreign" foreign key ("event_id") references "event" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "application_person" add constraint "application_person_application_id_foreign" foreign key ("application_id") references "application" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "application_person" add constraint "application_person_person_id_foreign" foreign key ("person_id") references "person" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "relationship" add constraint "relationship_from_id_foreign" foreign key ("from_id") references "node" ("id") on update cascade deferrable initially deferred;`);
    this.addSql(`alter table "relationship" add constraint "relationship_to_id_foreign" foreign key ("to_id") references "node" ("id") on update cascade deferrable initially deferred;`);
  }
}
