import type { EntityManager } from '@mikro-orm/postgresql';
import { Application } from '../nodes/application/application.entity.js';
import { applicationRules } from '../nodes/application/application.rules.js';
import { Award } from '../nodes/award/award.entity.js';
import { City } from '../nodes/city/city.entity.js';
import { Contribution } from '../nodes/contribution/contribution.entity.js';
import { contributionRules } from '../nodes/contribution/contribution.rules.js';
import { Country } from '../nodes/country/country.entity.js';
import { countryRules } from '../nodes/country/country.rules.js';
import { Delegation } from '../nodes/delegation/delegation.entity.js';
import { delegationRules } from '../nodes/delegation/delegation.rules.js';
import { Event } from '../nodes/event/event.entity.js';
import { Exchange, ExchangeParticipant } from '../nodes/exchange/exchange.entity.js';
import { Organisation } from '../nodes/organisation/organisation.entity.js';
import { Partnership, PartnershipStatusChange } from '../nodes/partnership/partnership.entity.js';
import { partnershipHistory } from '../nodes/partnership/partnership.history.js';
import { partnershipRules } from '../nodes/partnership/partnership.rules.js';
import { Person } from '../nodes/person/person.entity.js';
import { Relationship } from '../nodes/relationship/relationship.entity.js';
import { relationshipHistory } from '../nodes/relationship/relationship.history.js';
import { relationshipRules } from '../nodes/relationship/relationship.rules.js';
import { Target } from '../nodes/target/target.entity.js';
import { targetRules } from '../nodes/target/target.rules.js';
import type { FieldProblem } from '../errors.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AccessToken } from '../auth/access-token.entity.js';
import { Session } from '../auth/session.entity.js';
import { User } from '../auth/user.entity.js';
import { ImportBatch, ImportMapping } from '../spreadsheets/import-batch.entity.js';
import type { HistoryRules } from './history.js';
import { NodeRecord } from './node-record.entity.js';
import { NodeEntity, RecordEntity } from './record.entity.js';
import { Names } from './names.js';
import { WidgetKey } from '../widgets/widget-key.entity.js';

/** What a type adds to the generic rules: checks and derived fields, run after the input is applied. */
export interface TypeRules<T> {
  /** Fields the server derives; they are readable but not part of the input types. */
  derived?: readonly string[];
  /** Fill derived fields (and defaults such as a name made from other fields) before validation. */
  derive?(record: T, em: EntityManager): void | Promise<void>;
  /** Problems with the record as it would be saved; each names its input field. */
  check?(record: T, em: EntityManager): FieldProblem[] | Promise<FieldProblem[]>;
  /** How records stood on an earlier date: gives the type's one and list queries an `asOf` argument. */
  history?: HistoryRules<T>;
}

export interface RecordType<T extends RecordEntity = RecordEntity> {
  entity: new () => T;
  /** GraphQL type name, e.g. City */
  name: string;
  /** Root field for one record, e.g. city */
  singular: string;
  /** Root field for the list, e.g. cities */
  plural: string;
  rules: TypeRules<T>;
  /** Unique text fields a reference may also name the record by, e.g. a country by its code. */
  naturalKey?: string;
}

function recordType<T extends RecordEntity>(entity: new () => T, singular: string, plural: string, rules: TypeRules<T> = {}, naturalKey?: string): RecordType<T> {
  return { entity, name: entity.name, singular, plural, rules, naturalKey };
}

/** Every record type of the API, in the order of DESIGN §2. */
export const recordTypes: RecordType[] = [
  recordType(Country, 'country', 'countries', countryRules, 'code'),
  recordType(City, 'city', 'cities'),
  recordType(Organisation, 'organisation', 'organisations'),
  recordType(Person, 'person', 'people'),
  recordType(Event, 'event', 'events'),
  recordType(Partnership, 'partnership', 'partnerships', { ...partnershipRules, history: partnershipHistory }),
  recordType(Exchange, 'exchange', 'exchanges'),
  recordType(Delegation, 'delegation', 'delegations', delegationRules),
  recordType(Application, 'application', 'applications', applicationRules),
  recordType(Contribution, 'contribution', 'contributions', contributionRules),
  recordType(Award, 'award', 'awards'),
  recordType(Target, 'target', 'targets', targetRules),
  recordType(Relationship, 'relationship', 'relationships', { ...relationshipRules, history: relationshipHistory }),
] as RecordType[];

export const nodeTypes = recordTypes.filter((type) => type.entity.prototype instanceof NodeEntity);

export function recordTypeByName(name: string): RecordType | undefined {
  return recordTypes.find((type) => type.name === name);
}

/** Every class MikroORM maps, for its configuration. */
export const entities = [
  RecordEntity,
  NodeEntity,
  NodeRecord,
  Names,
  PartnershipStatusChange,
  ExchangeParticipant,
  ...recordTypes.map((type) => type.entity),
  User,
  Session,
  AccessToken,
  AuditEntry,
  WidgetKey,
  ImportBatch,
  ImportMapping,
];
