import { Entity, Enum, ManyToOne, Property, DecimalType } from '@mikro-orm/core';
import { Matches, Min } from 'class-validator';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { NodeRecord } from '../../graph/node-record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

export enum ContributionKind {
  DONATION = 'DONATION',
  INVESTMENT = 'INVESTMENT',
  GRANT = 'GRANT',
  SUBSIDY = 'SUBSIDY',
  IN_KIND = 'IN_KIND',
}
registerEnumType(ContributionKind, {
  name: 'ContributionKind',
  description: 'What kind of money or goods moves',
  valuesConfig: {
    DONATION: { description: 'A gift of money' },
    INVESTMENT: { description: 'Money invested in a business or project' },
    GRANT: { description: 'A grant from a government or foundation' },
    SUBSIDY: { description: 'A subsidy paid to people, e.g. to poor students' },
    IN_KIND: { description: 'Goods or services given in kind' },
  },
});

export enum ContributionStatus {
  PLEDGED = 'PLEDGED',
  SIGNED = 'SIGNED',
  DELIVERED = 'DELIVERED',
}
registerEnumType(ContributionStatus, {
  name: 'ContributionStatus',
  description: 'How far a contribution has come',
  valuesConfig: {
    PLEDGED: { description: 'Promised' },
    SIGNED: { description: 'Agreed in writing' },
    DELIVERED: { description: 'Paid or handed over' },
  },
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'Money or goods moving: a donation, investment, grant, subsidy or gift in kind.' })
@NameOrderIndexes()
@Entity()
export class Contribution extends NodeEntity {
  @Field(() => ContributionKind, { description: 'What kind of contribution: a donation, investment, grant, subsidy or gift in kind' })
  @Enum({ items: () => ContributionKind, nativeEnumName: 'contribution_kind' })
  kind!: ContributionKind;

  @Field(() => NodeEntity, { nullable: true, description: 'Who gives: any node' })
  @ManyToOne(() => NodeRecord, { nullable: true })
  donor?: NodeRecord | null;

  @Field(() => NodeEntity, { nullable: true, description: 'Who receives: any node' })
  @ManyToOne(() => NodeRecord, { nullable: true })
  recipient?: NodeRecord | null;

  @Field(() => Float, { nullable: true, description: 'Amount of money, in `currency`' })
  @Property({ type: new DecimalType('number'), columnType: 'numeric(16,2)', nullable: true })
  @Min(0, { message: 'must not be negative' })
  amount?: number | null;

  @Field(() => String, { nullable: true, description: 'ISO 4217 currency code, e.g. CNY' })
  @Property({ type: 'text', nullable: true })
  @Matches(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code such as CNY' })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: 'What was given in kind, e.g. computers' })
  @Property({ type: 'text', nullable: true })
  inKindDescription?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many items were given in kind' })
  @Property({ type: 'integer', nullable: true })
  @Min(0, { message: 'must not be negative' })
  quantity?: number | null;

  @Field(() => Int, { nullable: true, description: 'How many people benefit' })
  @Property({ type: 'integer', nullable: true })
  @Min(0, { message: 'must not be negative' })
  beneficiaries?: number | null;

  @Field(() => ContributionStatus, { description: 'How far it has come: pledged, signed or delivered' })
  @Enum({ items: () => ContributionStatus, nativeEnumName: 'contribution_status', default: ContributionStatus.PLEDGED })
  status: ContributionStatus = ContributionStatus.PLEDGED;

  @Field(() => LocalDate, { nullable: true, description: 'When it was pledged or signed' })
  @Property({ type: 'date', nullable: true })
  date?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When it was paid or handed over' })
  @Property({ type: 'date', nullable: true })
  deliveredOn?: string | null;
}
