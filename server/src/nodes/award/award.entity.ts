import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import { Field, Int, ObjectType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { NodeRecord } from '../../graph/node-record.entity.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'An award or honour; its title is its names.' })
@NameOrderIndexes()
@Entity()
export class Award extends NodeEntity {
  @Field(() => Int, { description: 'The year it was awarded' })
  @Property({ type: 'integer' })
  @Min(1900, { message: 'must be a year from 1900' })
  @Max(2200, { message: 'must be a year up to 2200' })
  year!: number;

  @Field(() => Organisation, { nullable: true, description: 'Who granted it' })
  @ManyToOne(() => Organisation, { nullable: true })
  grantedBy?: Organisation | null;

  @Field(() => NodeEntity, { nullable: true, description: 'Who received it: any node' })
  @ManyToOne(() => NodeRecord, { nullable: true })
  recipient?: NodeRecord | null;
}
