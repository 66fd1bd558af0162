import { Collection, Embeddable, Embedded, Entity, Enum, ManyToOne, OneToMany, Property, Unique, type Rel } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { City } from '../city/city.entity.js';
import { Exchange } from '../exchange/exchange.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

export enum PartnershipLevel {
  SISTER_CITY = 'SISTER_CITY',
  FRIENDLY_EXCHANGE = 'FRIENDLY_EXCHANGE',
  PROSPECT = 'PROSPECT',
}
registerEnumType(PartnershipLevel, {
  name: 'PartnershipLevel',
  description:
    'SISTER_CITY (formal twinning), FRIENDLY_EXCHANGE (friendly-exchange relation), PROSPECT (contact opened)',
  valuesConfig: {
    SISTER_CITY: { description: 'A formal twinning (友好城市)' },
    FRIENDLY_EXCHANGE: { description: 'A friendly-exchange relation (友好交流城市)' },
    PROSPECT: { description: 'Contact opened, no agreement yet' },
  },
});

export enum PartnershipStatus {
  CONTACT_OPENED = 'CONTACT_OPENED',
  AGREEMENT_SIGNED = 'AGREEMENT_SIGNED',
  DORMANT = 'DORMANT',
  ENDED = 'ENDED',
}
registerEnumType(PartnershipStatus, {
  name: 'PartnershipStatus',
  description: 'A step in a partnership\'s history',
  valuesConfig: {
    CONTACT_OPENED: { description: 'First contact made' },
    AGREEMENT_SIGNED: { description: 'The agreement was signed' },
    DORMANT: { description: 'Contact has lapsed' },
    ENDED: { description: 'The partnership ended' },
  },
});

@Embeddable()
@ObjectType({ description: 'One dated step of a partnership: contact opened, agreement signed, dormant, ended.' })
export class PartnershipStatusChange {
  @Field(() => PartnershipStatus, { description: 'What happened at this step' })
  @Enum({ items: () => PartnershipStatus })
  status!: PartnershipStatus;

  @Field(() => LocalDate, { description: 'When it happened; a month or year known only is written as its first day' })
  @Property({ type: 'string' })
  date!: string;

  @Field(() => PartnershipLevel, { nullable: true, description: 'The level the partnership reached with this step' })
  @Enum({ items: () => PartnershipLevel, nullable: true })
  level?: PartnershipLevel | null;

  @Field(() => String, { nullable: true, description: 'A note on the step, e.g. where it is known from' })
  @Property({ type: 'string', nullable: true })
  note?: string | null;
}

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'The twinning of a home city and a partner city, with its dated history.' })
@NameOrderIndexes()
@Entity()
@Unique({ properties: ['homeCity', 'partnerCity'] })
export class Partnership extends NodeEntity {
  @Field(() => City, { description: 'The home city, served by this office' })
  @ManyToOne(() => City)
  homeCity!: Rel<City>;

  @Field(() => City, { description: 'The partner city abroad' })
  @ManyToOne(() => City)
  partnerCity!: Rel<City>;

  @Field(() => PartnershipLevel, { description: 'The level it has now: sister city, friendly exchange or prospect' })
  @Enum({ items: () => PartnershipLevel, nativeEnumName: 'partnership_level' })
  level!: PartnershipLevel;

  @Field(() => PartnershipStatus, { nullable: true, description: 'The latest status of the history' })
  @Enum({ items: () => PartnershipStatus, nativeEnumName: 'partnership_status', nullable: true })
  status?: PartnershipStatus | null;

  @Field(() => LocalDate, { nullable: true, description: 'When the agreement was signed, from the history' })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;

  @Field(() => [PartnershipStatusChange], { description: 'Dated status history, oldest first' })
  @Embedded(() => PartnershipStatusChange, { array: true })
  statusHistory: PartnershipStatusChange[] = [];

  @Field(() => String, { nullable: true, description: 'Reference of the signed agreement' })
  @Property({ type: 'text', nullable: true })
  agreementReference?: string | null;

  @Field(() => [Exchange], { description: 'Exchange programmes run under this partnership' })
  @OneToMany(() => Exchange, (exchange) => exchange.partnership)
  exchanges = new Collection<Exchange>(this);
}
