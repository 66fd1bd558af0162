import { randomUUID } from 'node:crypto';
import { Collection, Entity, Enum, ManyToOne, OneToMany, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

export enum ExchangeField {
  EDUCATION = 'EDUCATION',
  CULTURE = 'CULTURE',
  ECONOMY = 'ECONOMY',
  AGRICULTURE = 'AGRICULTURE',
  ENVIRONMENT = 'ENVIRONMENT',
  HEALTH = 'HEALTH',
  SPORT = 'SPORT',
  YOUTH = 'YOUTH',
  GOVERNMENT = 'GOVERNMENT',
}
registerEnumType(ExchangeField, {
  name: 'ExchangeField',
  description: 'The field a cooperation programme works in',
  valuesConfig: {
    EDUCATION: { description: 'Education' },
    CULTURE: { description: 'Culture' },
    ECONOMY: { description: 'Economy and trade' },
    AGRICULTURE: { description: 'Agriculture' },
    ENVIRONMENT: { description: 'Environment, e.g. water management' },
    HEALTH: { description: 'Health' },
    SPORT: { description: 'Sport' },
    YOUTH: { description: 'Youth' },
    GOVERNMENT: { description: 'Government and administration' },
  },
});

export enum ExchangeStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(ExchangeStatus, {
  name: 'ExchangeStatus',
  description: 'Where a programme stands',
  valuesConfig: {
    PLANNED: { description: 'Agreed, not started' },
    ACTIVE: { description: 'Running' },
    COMPLETED: { description: 'Finished' },
    SUSPENDED: { description: 'On hold' },
  },
});

@ObjectType({ description: 'An organisation taking part in an exchange, and its role there.' })
@Entity()
export class ExchangeParticipant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Exchange, { deleteRule: 'cascade' })
  exchange!: Rel<Exchange>;

  @Field(() => Organisation, { description: 'The participating organisation' })
  @ManyToOne(() => Organisation)
  organisation!: Rel<Organisation>;

  @Field(() => String, { nullable: true, description: 'e.g. partner school, host, sponsor' })
  @Property({ type: 'text', nullable: true })
  role?: string | null;
}

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A cooperation programme, usually run under a partnership.' })
@NameOrderIndexes()
@Entity()
export class Exchange extends NodeEntity {
  @Field(() => ExchangeField, { description: 'The field the programme works in' })
  @Enum({ items: () => ExchangeField, nativeEnumName: 'exchange_field' })
  field!: ExchangeField;

  @Field(() => Partnership, { nullable: true, description: 'The partnership it runs under, if any' })
  @ManyToOne(() => Partnership, { nullable: true })
  partnership?: Partnership | null;

  @Field(() => [ExchangeParticipant], { description: 'Participating organisations with their roles' })
  @OneToMany(() => ExchangeParticipant, (participant) => participant.exchange, { orphanRemoval: true })
  participants = new Collection<ExchangeParticipant>(this);

  @Field(() => LocalDate, { nullable: true, description: 'When the programme began' })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When the programme ended or is to end' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => ExchangeStatus, { description: 'Where the programme stands' })
  @Enum({ items: () => ExchangeStatus, nativeEnumName: 'exchange_status', default: ExchangeStatus.ACTIVE })
  status: ExchangeStatus = ExchangeStatus.ACTIVE;

  @Field(() => String, { nullable: true, description: 'What came of it' })
  @Property({ type: 'text', nullable: true })
  outcomes?: string | null;
}
