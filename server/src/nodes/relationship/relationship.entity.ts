import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RecordEntity, NodeEntity } from '../../graph/record.entity.js';
import { NodeRecord } from '../../graph/node-record.entity.js';
import { LocalDate } from '../../graph/scalars.js';

export enum RelationshipKind {
  MEMBER_OF = 'MEMBER_OF',
  WORKS_FOR = 'WORKS_FOR',
  LEADS = 'LEADS',
  FOUNDED = 'FOUNDED',
  REPRESENTS = 'REPRESENTS',
  LOCATED_IN = 'LOCATED_IN',
  PARTNER_OF = 'PARTNER_OF',
  LINKED_WITH = 'LINKED_WITH',
  PARTICIPATED_IN = 'PARTICIPATED_IN',
  HOSTED = 'HOSTED',
  ORGANISED = 'ORGANISED',
  SPONSORED = 'SPONSORED',
  INVITED = 'INVITED',
  INVESTED_IN = 'INVESTED_IN',
  DONATED_TO = 'DONATED_TO',
  RELATIVE_OF = 'RELATIVE_OF',
  OTHER = 'OTHER',
}
registerEnumType(RelationshipKind, { name: 'RelationshipKind' });

@ObjectType({ implements: RecordEntity, description: 'A typed edge between any two nodes, with a role, dates and a source.' })
@Entity()
@Index({ properties: ['to', 'kind'] })
@Index({ properties: ['from', 'kind'] })
export class Relationship extends RecordEntity {
  @Field(() => RelationshipKind)
  @Enum({ items: () => RelationshipKind, nativeEnumName: 'relationship_kind' })
  kind!: RelationshipKind;

  @Field(() => NodeEntity)
  @ManyToOne(() => NodeRecord)
  from!: NodeRecord;

  @Field(() => NodeEntity)
  @ManyToOne(() => NodeRecord)
  to!: NodeRecord;

  @Field(() => String, { nullable: true, description: 'The role, e.g. vice-president' })
  @Property({ type: 'text', nullable: true })
  role?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Where this is known from' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;
}
