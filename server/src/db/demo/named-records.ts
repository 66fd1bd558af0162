import { Visibility } from '../../graph/visibility.js';
import type { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { Award } from '../../nodes/award/award.entity.js';
import { City } from '../../nodes/city/city.entity.js';
import { Contribution } from '../../nodes/contribution/contribution.entity.js';
import { Delegation } from '../../nodes/delegation/delegation.entity.js';
import { Event } from '../../nodes/event/event.entity.js';
import { Exchange, ExchangeParticipant } from '../../nodes/exchange/exchange.entity.js';
import { Organisation } from '../../nodes/organisation/organisation.entity.js';
import { Partnership, PartnershipLevel, PartnershipStatusChange } from '../../nodes/partnership/partnership.entity.js';
import { deriveFromHistory } from '../../nodes/partnership/partnership.rules.js';
import { Person } from '../../nodes/person/person.entity.js';
import { Relationship } from '../../nodes/relationship/relationship.entity.js';
import { Target } from '../../nodes/target/target.entity.js';
import { demoId } from './demo-ids.js';
import type { DemoRefs, DemoSet } from './demo-set.js';
import {
  awards,
  contributions,
  delegations,
  events,
  exchanges,
  homeCities,
  organisations,
  otherCities,
  partnerCities,
  partnerships,
  people,
  relationships,
  REPORT_SOURCE,
  SISTER_CITY_LIST_SOURCE,
  targets,
  type CityFact,
  type DelegationFact,
  type NameFact,
} from './facts.js';

export const HOME_CITY = 'city:nanchang';
export const OFFICE = 'organisation:office';

export const allCities: CityFact[] = [...homeCities, ...partnerCities, ...otherCities];

export function partnershipKey(partnerCity: string): string {
  return `partnership:${partnerCity}`;
}

function named(record: NodeEntity, fact: NameFact, visibility: Visibility): void {
  record.names.zh = fact.zh;
  record.names.en = fact.en;
  record.names.local = fact.local ?? null;
  record.names.localLang = fact.localLang ?? null;
  record.aliases = fact.aliases ?? [];
  record.notes = fact.notes ?? null;
  record.visibility = visibility;
}

function cityFact(key: string): CityFact {
  const city = allCities.find((candidate) => candidate.key === key);
  if (!city) throw new Error(`demo data: no city ${key}`);
  return city;
}

const optional = <T extends RecordEntity>(refs: DemoRefs, entity: new () => T, prefix: string, key: string | undefined): T | null =>
  key ? refs.get(entity, `${prefix}:${key}`) : null;

export function fillDelegation(record: Delegation, fact: DelegationFact, refs: DemoRefs): void {
  // The office publishes its delegations in its yearly report (and widgets show them); the people in them
  // stay INTERNAL.
  named(record, fact, Visibility.PUBLIC);
  const members = fact.members ?? [];
  if (fact.headcount < Math.max(1, members.length)) throw new Error(`demo data: delegation ${fact.key} has ${fact.headcount} people but ${members.length} named members`);
  Object.assign(record, {
    direction: fact.direction,
    channel: fact.channel,
    purpose: fact.purpose,
    headcount: fact.headcount,
    startDate: fact.startDate,
    endDate: fact.endDate ?? null,
    originCity: optional(refs, City, 'city', fact.originCity),
    originCountry: fact.originCountry ? refs.country(fact.originCountry) : null,
    destinationCity: optional(refs, City, 'city', fact.destinationCity),
    destinationCountry: fact.destinationCountry ? refs.country(fact.destinationCountry) : null,
    sendingOrganisation: optional(refs, Organisation, 'organisation', fact.sendingOrganisation),
    hostOrganisation: optional(refs, Organisation, 'organisation', fact.hostOrganisation),
    leader: optional(refs, Person, 'person', fact.leader),
    exchange: optional(refs, Exchange, 'exchange', fact.exchange),
    approvalStatus: fact.approvalStatus ?? null,
    approvalDate: fact.approvalDate ?? null,
    greenChannel: fact.greenChannel ?? false,
  });
  for (const member of members) record.members.add(refs.get(Person, `person:${member}`));
  for (const event of fact.events ?? []) record.events.add(refs.get(Event, `event:${event}`));
}

/** Every record the report names, with its links. */
export function addNamedRecords(set: DemoSet): void {
  for (const fact of allCities) {
    set.add(City, `city:${fact.key}`, (city, refs) => {
      named(city, fact, Visibility.PUBLIC);
      Object.assign(city, {
        country: refs.country(fact.country),
        province: fact.province ?? null,
        latitude: fact.latitude,
        longitude: fact.longitude,
        isHomeCity: fact.isHomeCity ?? false,
      });
    });
  }

  for (const fact of organisations) {
    set.add(Organisation, `organisation:${fact.key}`, (organisation, refs) => {
      named(organisation, fact, Visibility.PUBLIC);
      Object.assign(organisation, {
        kind: fact.kind,
        city: optional(refs, City, 'city', fact.city),
        parent: optional(refs, Organisation, 'organisation', fact.parent),
        website: fact.website ?? null,
      });
    });
  }

  for (const fact of people) {
    set.add(
      Person,
      `person:${fact.key}`,
      (person, refs) => {
        // Personal data (passport, birth date, phone, email) stays empty: the report gives none.
        named(person, fact, Visibility.INTERNAL);
        Object.assign(person, { category: fact.category, title: fact.title ?? null, nationality: fact.nationality ? refs.country(fact.nationality) : null });
      },
      { generated: fact.generated },
    );
  }

  for (const fact of events) {
    set.add(Event, `event:${fact.key}`, (event, refs) => {
      named(event, fact, Visibility.PUBLIC);
      Object.assign(event, {
        kind: fact.kind,
        city: optional(refs, City, 'city', fact.city),
        venue: fact.venue ?? null,
        host: optional(refs, Organisation, 'organisation', fact.host),
        startDate: fact.startDate ?? null,
        endDate: fact.endDate ?? null,
        attendance: fact.attendance ?? null,
      });
    });
  }

  for (const fact of partnerships) {
    set.add(Partnership, partnershipKey(fact.partner), (partnership, refs) => {
      const home = cityFact(HOME_CITY.slice('city:'.length));
      const partner = cityFact(fact.partner);
      named(partnership, { zh: `${home.zh}—${partner.zh}`, en: `${home.en}–${partner.en}`, notes: fact.notes }, Visibility.PUBLIC);
      partnership.homeCity = refs.get(City, HOME_CITY);
      partnership.partnerCity = refs.get(City, `city:${fact.partner}`);
      partnership.level = fact.level;
      partnership.statusHistory = fact.history.map((step) =>
        Object.assign(new PartnershipStatusChange(), { status: step.status, date: step.date, level: step.level, note: step.note ?? null }),
      );
      deriveFromHistory(partnership);
      if (fact.level === PartnershipLevel.SISTER_CITY) partnership.notes = [partnership.notes, `Date from ${SISTER_CITY_LIST_SOURCE}.`].filter(Boolean).join(' ');
    });
  }

  for (const fact of exchanges) {
    const key = `exchange:${fact.key}`;
    set.add(Exchange, key, (exchange, refs) => {
      named(exchange, fact, Visibility.PUBLIC);
      Object.assign(exchange, {
        field: fact.field,
        partnership: fact.partnership ? refs.get(Partnership, partnershipKey(fact.partnership)) : null,
        startDate: fact.startDate ?? null,
        endDate: fact.endDate ?? null,
        status: fact.status,
        outcomes: fact.outcomes ?? null,
      });
      for (const participant of fact.participants) {
        const part = new ExchangeParticipant();
        part.id = demoId(`${key}/participant:${participant.organisation}`);
        part.organisation = refs.get(Organisation, `organisation:${participant.organisation}`);
        part.role = participant.role;
        exchange.participants.add(part);
      }
    });
  }

  for (const fact of delegations) {
    set.add(Delegation, `delegation:${fact.key}`, (delegation, refs) => fillDelegation(delegation, fact, refs));
  }

  for (const fact of contributions) {
    // Money a named person gives or gets is as private as the person.
    const involvesPerson = [fact.donor, fact.recipient].some((key) => key?.startsWith('person:'));
    set.add(Contribution, `contribution:${fact.key}`, (contribution, refs) => {
      named(contribution, fact, involvesPerson ? Visibility.INTERNAL : Visibility.PUBLIC);
      Object.assign(contribution, {
        kind: fact.kind,
        donor: fact.donor ? refs.node(fact.donor) : null,
        recipient: fact.recipient ? refs.node(fact.recipient) : null,
        amount: fact.amount ?? null,
        currency: fact.currency ?? null,
        inKindDescription: fact.inKindDescription ?? null,
        quantity: fact.quantity ?? null,
        beneficiaries: fact.beneficiaries ?? null,
        status: fact.status,
        date: fact.date ?? null,
        deliveredOn: fact.deliveredOn ?? null,
      });
    });
  }

  for (const fact of awards) {
    set.add(Award, `award:${fact.key}`, (award, refs) => {
      named(award, fact, Visibility.PUBLIC);
      award.year = fact.year;
      award.grantedBy = optional(refs, Organisation, 'organisation', fact.grantedBy);
      award.recipient = refs.node(fact.recipient);
    });
  }

  for (const fact of targets) {
    set.add(Target, `target:${fact.key}`, (target, refs) => {
      named(target, fact, Visibility.INTERNAL);
      Object.assign(target, { year: fact.year, targetValue: fact.targetValue, unit: fact.unit, measure: fact.measure(refs.id) });
    });
  }

  for (const fact of relationships) {
    const involvesPerson = fact.from.startsWith('person:') || fact.to.startsWith('person:');
    set.add(
      Relationship,
      `relationship:${fact.from}>${fact.kind}>${fact.to}`,
      (relationship, refs) => {
        Object.assign(relationship, {
          kind: fact.kind,
          from: refs.node(fact.from),
          to: refs.node(fact.to),
          role: fact.role ?? null,
          startDate: fact.startDate ?? null,
          source: fact.generated ? 'Placeholder for the demo data set' : REPORT_SOURCE,
          notes: fact.notes ?? null,
          visibility: involvesPerson ? Visibility.INTERNAL : Visibility.PUBLIC,
        });
      },
      { generated: fact.generated },
    );
  }
}
