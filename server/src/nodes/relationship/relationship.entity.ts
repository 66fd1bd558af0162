import { Entity, Enum, Filter, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { RecordEntity, NodeEntity } from '../../graph/record.entity.js';
import { VISIBLE_ENDS_FILTER, visibleEndsCondition, type VisibleFilterParams } from '../../graph/visible.js';
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
registerEnumType(RelationshipKind, {
  name: 'RelationshipKind',
  description: 'What a Relationship says, read from its `from` node to its `to` node',
  valuesConfig: {
    MEMBER_OF: { description: 'from is a member of to' },
    WORKS_FOR: { description: 'from works for to' },
    LEADS: { description: 'from leads to' },
    FOUNDED: { description: 'from founded to' },
    REPRESENTS: { description: 'from represents to' },
    LOCATED_IN: { description: 'from is located in to' },
    PARTNER_OF: { description: 'from is a partner of to' },
    LINKED_WITH: { description: 'from and to are linked, with no more specific kind' },
    PARTICIPATED_IN: { description: 'from took part in to' },
    HOSTED: { description: 'from hosted to' },
    ORGANISED: { description: 'from organised to' },
    SPONSORED: { description: 'from sponsored to' },
    INVITED: { description: 'from invited to' },
    INVESTED_IN: { description: 'from invested in to' },
    DONATED_TO: { description: 'from gave a donation to to' },
    RELATIVE_OF: { description: 'from is a relative of to' },
    OTHER: { description: 'Any other tie; the role says which' },
  },
});

// A viewer sees a relationship only when it may see both ends too (besides the record's own visibility).
@Filter({
  name: VISIBLE_ENDS_FILTER,
  default: true,
  args: false,
  cond: (params: VisibleFilterParams | undefined) => visibleEndsCondition(params, ['from', 'to']),
})
@ObjectType({ implements: RecordEntity, description: 'A typed edge between any two nodes, with a role, dates and a source.' })
@Entity()
@Index({ properties: ['to', 'kind'] })
@Index({ properties: ['from', 'kind'] })
export class Relationship extends RecordEntity {
  @Field(() => RelationshipKind, { description: 'What the relationship says, read from `from` to `to`: from WORKS_FOR to' })
  @Enum({ items: () => RelationshipKind, nativeEnumName: 'relationship_kind' })
  kind!: RelationshipKind;

  @Field(() => NodeEntity, { description: 'The node the relationship starts at' })
  @ManyToOne(() => NodeRecord)
  from!: NodeRecord;

  @Field(() => NodeEntity, { description: 'The node the relationship ends at' })
  @ManyToOne(() => NodeRecord)
  to!: NodeRecord;

  @Field(() => String, { nullable: true, description: 'The role, e.g. vice-president' })
  @Property({ type: 'text', nullable: true })
  role?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When it began' })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'When it ended; null while it still holds' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => String, { nullable: true, description: 'Where this is known from' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;
}
