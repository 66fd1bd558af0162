import { Application } from './application/application.entity.js';
import { applicationRules } from './application/application.rules.js';
import { Award } from './award/award.entity.js';
import { City } from './city/city.entity.js';
import { Contribution } from './contribution/contribution.entity.js';
import { contributionRules } from './contribution/contribution.rules.js';
import { Country } from './country/country.entity.js';
import { countryRules } from './country/country.rules.js';
import { Delegation } from './delegation/delegation.entity.js';
import { delegationRules } from './delegation/delegation.rules.js';
import { Event } from './event/event.entity.js';
import { Exchange, ExchangeParticipant } from './exchange/exchange.entity.js';
import { Organisation } from './organisation/organisation.entity.js';
import { Partnership, PartnershipStatusChange } from './partnership/partnership.entity.js';
import { partnershipHistory } from './partnership/partnership.history.js';
import { partnershipRules } from './partnership/partnership.rules.js';
import { Person } from './person/person.entity.js';
import { Relationship } from './relationship/relationship.entity.js';
import { relationshipHistory } from './relationship/relationship.history.js';
import { relationshipRules } from './relationship/relationship.rules.js';
import { Target } from './target/target.entity.js';
import { targetRules } from './target/target.rules.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { AccessToken } from '../auth/access-token.entity.js';
import { Session } from '../auth/session.entity.js';
import { User } from '../auth/user.entity.js';
import { ImportBatch, ImportMapping } from '../spreadsheets/import-batch.entity.js';
import { NodeRecord } from '../graph/node-record.entity.js';
import { Names } from '../graph/names.js';
import { NodeEntity, RecordEntity } from '../graph/record.entity.js';
import { recordType, registerRecordTypes, type RecordType } from '../graph/record-types.js';
import { WidgetKey } from '../widgets/widget-key.entity.js';

/**
 * The record types of the application, in the order the API and the admin list them. The generic core (graph/)
 * serves them without knowing them: this list registers them with it, and every other list of types (the API's
 * queries and inputs, the admin's resources and labels, the spreadsheets) is read from it or from the schema.
 */
const applicationTypes = registerRecordTypes([
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
] as RecordType[]);

export { nodeTypes, recordTypeByName, recordTypes, type RecordType } from '../graph/record-types.js';

/** Every class MikroORM maps, for its configuration. */
export const entities = [
  RecordEntity,
  NodeEntity,
  NodeRecord,
  Names,
  PartnershipStatusChange,
  ExchangeParticipant,
  ...applicationTypes.map((type) => type.entity),
  User,
  Session,
  AccessToken,
  AuditEntry,
  WidgetKey,
  ImportBatch,
  ImportMapping,
];
