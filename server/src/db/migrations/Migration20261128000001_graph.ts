import { Migration } from '@mikro-orm/migrations';

/**
 * The graph on top of the tables: the `node` supertype table kept by triggers (so generic edges are real
 * foreign keys and search spans every type), names folded for search, and the `edge` view that makes typed
 * fields and Relationship records one graph.
 */
export class Migration20261128000001_graph extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function amity_fold(value text) returns text language sql immutable parallel safe as $$
      select lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, '')))
    $$`);
    this.addSql(`create or replace function amity_sync_node() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          delete from node where id = old.id;
          return old;
        end if;
        insert into node (id, type, name_zh, name_en, name_local, search_text, visibility)
        values (
          new.id, tg_argv[0], new.name_zh, new.name_en, new.name_local,
          amity_fold(concat_ws(' ', new.name_zh, new.name_en, new.name_local, new.name_pinyin,
                               replace(new.name_pinyin, ' ', ''), array_to_string(new.aliases, ' '))),
          new.visibility)
        on conflict (id) do update set
          type = excluded.type, name_zh = excluded.name_zh, name_en = excluded.name_en,
          name_local = excluded.name_local, search_text = excluded.search_text, visibility = excluded.visibility;
        return new;
      end
    $$`);
    this.addSql(`create trigger country_node after insert or update or delete on "country" for each row execute function amity_sync_node('Country')`);
    this.addSql(`create trigger city_node after insert or update or delete on "city" for each row execute function amity_sync_node('City')`);
    this.addSql(`create trigger organisation_node after insert or update or delete on "organisation" for each row execute function amity_sync_node('Organisation')`);
    this.addSql(`create trigger person_node after insert or update or delete on "person" for each row execute function amity_sync_node('Person')`);
    this.addSql(`create trigger event_node after insert or update or delete on "event" for each row execute function amity_sync_node('Event')`);
    this.addSql(`create trigger partnership_node after insert or update or delete on "partnership" for each row execute function amity_sync_node('Partnership')`);
    this.addSql(`create trigger exchange_node after insert or update or delete on "exchange" for each row execute function amity_sync_node('Exchange')`);
    this.addSql(`create trigger delegation_node after insert or update or delete on "delegation" for each row execute function amity_sync_node('Delegation')`);
    this.addSql(`create trigger application_node after insert or update or delete on "application" for each row execute function amity_sync_node('Application')`);
    this.addSql(`create trigger contribution_node after insert or update or delete on "contribution" for each row execute function amity_sync_node('Contribution')`);
    this.addSql(`create trigger award_node after insert or update or delete on "award" for each row execute function amity_sync_node('Award')`);
    this.addSql(`create trigger target_node after insert or update or delete on "target" for each row execute function amity_sync_node('Target')`);
    this.addSql(EDGE_VIEW);
  }
}

/** `node dist/cli.js edge-view` prints this from the entities; a test keeps the two the same. */
export const EDGE_VIEW = `create or replace view edge as
select r.id as relationship_id, r.kind::text as kind, null::text as field, r.from_id, r.to_id, r.role, r.start_date, r.end_date from relationship r
union all
select null::uuid, null::text, 'Application.applicant', t.id, t."applicant_id", null::text, null::date, null::date from "application" t where t."applicant_id" is not null
union all
select null::uuid, null::text, 'Application.persons', t."application_id", t."person_id", null::text, null::date, null::date from "application_person" t where t."person_id" is not null
union all
select null::uuid, null::text, 'Award.grantedBy', t.id, t."granted_by_id", null::text, null::date, null::date from "award" t where t."granted_by_id" is not null
union all
select null::uuid, null::text, 'Award.recipient', t.id, t."recipient_id", null::text, null::date, null::date from "award" t where t."recipient_id" is not null
union all
select null::uuid, null::text, 'City.country', t.id, t."country_id", null::text, null::date, null::date from "city" t where t."country_id" is not null
union all
select null::uuid, null::text, 'Contribution.donor', t.id, t."donor_id", null::text, null::date, null::date from "contribution" t where t."donor_id" is not null
union all
select null::uuid, null::text, 'Contribution.recipient', t.id, t."recipient_id", null::text, null::date, null::date from "contribution" t where t."recipient_id" is not null
union all
select null::uuid, null::text, 'Delegation.originCity', t.id, t."origin_city_id", null::text, null::date, null::date from "delegation" t where t."origin_city_id" is not null
union all
select null::uuid, null::text, 'Delegation.originCountry', t.id, t."origin_country_id", null::text, null::date, null::date from "delegation" t where t."origin_country_id" is not null
union all
select null::uuid, null::text, 'Delegation.destinationCity', t.id, t."destination_city_id", null::text, null::date, null::date from "delegation" t where t."destination_city_id" is not null
union all
select null::uuid, null::text, 'Delegation.destinationCountry', t.id, t."destination_country_id", null::text, null::date, null::date from "delegation" t where t."destination_country_id" is not null
union all
select null::uuid, null::text, 'Delegation.sendingOrganisation', t.id, t."sending_organisation_id", null::text, null::date, null::date from "delegation" t where t."sending_organisation_id" is not null
union all
select null::uuid, null::text, 'Delegation.hostOrganisation', t.id, t."host_organisation_id", null::text, null::date, null::date from "delegation" t where t."host_organisation_id" is not null
union all
select null::uuid, null::text, 'Delegation.leader', t.id, t."leader_id", null::text, null::date, null::date from "delegation" t where t."leader_id" is not null
union all
select null::uuid, null::text, 'Delegation.members', t."delegation_id", t."person_id", null::text, null::date, null::date from "delegation_member" t where t."person_id" is not null
union all
select null::uuid, null::text, 'Delegation.exchange', t.id, t."exchange_id", null::text, null::date, null::date from "delegation" t where t."exchange_id" is not null
union all
select null::uuid, null::text, 'Delegation.events', t."delegation_id", t."event_id", null::text, null::date, null::date from "delegation_event" t where t."event_id" is not null
union all
select null::uuid, null::text, 'Event.city', t.id, t."city_id", null::text, null::date, null::date from "event" t where t."city_id" is not null
union all
select null::uuid, null::text, 'Event.host', t.id, t."host_id", null::text, null::date, null::date from "event" t where t."host_id" is not null
union all
select null::uuid, null::text, 'Exchange.partnership', t.id, t."partnership_id", null::text, null::date, null::date from "exchange" t where t."partnership_id" is not null
union all
select null::uuid, null::text, 'Exchange.participants', t."exchange_id", t."organisation_id", t.role, null::date, null::date from "exchange_participant" t where t."organisation_id" is not null
union all
select null::uuid, null::text, 'Organisation.city', t.id, t."city_id", null::text, null::date, null::date from "organisation" t where t."city_id" is not null
union all
select null::uuid, null::text, 'Organisation.parent', t.id, t."parent_id", null::text, null::date, null::date from "organisation" t where t."parent_id" is not null
union all
select null::uuid, null::text, 'Partnership.homeCity', t.id, t."home_city_id", null::text, null::date, null::date from "partnership" t where t."home_city_id" is not null
union all
select null::uuid, null::text, 'Partnership.partnerCity', t.id, t."partner_city_id", null::text, null::date, null::date from "partnership" t where t."partner_city_id" is not null
union all
select null::uuid, null::text, 'Person.nationality', t.id, t."nationality_id", null::text, null::date, null::date from "person" t where t."nationality_id" is not null`;
