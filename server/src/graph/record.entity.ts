import { randomUUID } from 'node:crypto';
import { Embedded, Enum, Filter, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, InterfaceType } from 'type-graphql';
import { Visibility } from './visibility.js';
import { Names } from './names.js';
import { VISIBLE_FILTER, visibleCondition, type VisibleFilterParams } from './visible.js';

/**
 * The GraphQL type of a value of an abstract type (Record, Node, StatsGroup): its class's name, which is its
 * object type's name. schema-adjustments.ts sets it back on those types after type-graphql made it asynchronous.
 */
export const typeNameOf = (value: object): string => value.constructor.name;

/** What every stored record shares: identity, visibility, notes, timestamps and the optimistic-lock version. */
// Every ORM query of a request reads only what its viewer may read (lists, records by id, relations loaded in
// batches): the rule is visible.ts's.
@Filter({
  name: VISIBLE_FILTER,
  default: true,
  args: false,
  cond: (params: VisibleFilterParams | undefined) => visibleCondition(params),
})
@InterfaceType('Record', { description: 'What every stored record shares', resolveType: typeNameOf })
export abstract class RecordEntity {
  @Field(() => ID, { description: 'Unique id (a UUID)' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Visibility, { description: 'Who may read this record' })
  @Enum({ items: () => Visibility, nativeEnumName: 'visibility', default: Visibility.INTERNAL })
  visibility: Visibility = Visibility.INTERNAL;

  @Field(() => String, { nullable: true, description: 'Free notes' })
  @Property({ type: 'text', nullable: true })
  notes?: string | null;

  @Field({ description: 'True for records made up to complete the demo data set where the source gives only totals' })
  @Property({ default: false })
  generated: boolean = false;

  @Field({ description: 'When the record was made' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field({ description: 'When the record last changed' })
  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Int, { description: 'Optimistic-lock version: pass it back as expectedVersion to update or delete' })
  @Property({ version: true })
  version!: number;
}

/** Every linkable record of the graph: a node has names in several languages and aliases. */
@InterfaceType('Node', {
  implements: RecordEntity,
  description: 'A record of the graph: country, city, organisation, person, event, partnership, exchange, delegation, application, contribution, award or target.',
  resolveType: typeNameOf,
})
export abstract class NodeEntity extends RecordEntity {
  @Field(() => Names, { description: 'Its names in Chinese, in English and in its own language' })
  @Embedded(() => Names, { prefix: 'name_' })
  names: Names = new Names();

  @Field(() => [String], { description: 'Other names and spellings, in any script' })
  @Property({ type: 'text[]', default: '{}' })
  aliases: string[] = [];
}
