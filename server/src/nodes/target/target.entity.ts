import { Entity, Property } from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { JSONObject } from '../../graph/scalars.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A yearly plan item; its measure is a query over records, so actual against target is computed.' })
@NameOrderIndexes()
@Entity()
export class Target extends NodeEntity {
  @Field(() => Int, { description: 'The year of the plan' })
  @Property({ type: 'integer' })
  @Min(1900, { message: 'must be a year from 1900' })
  @Max(2200, { message: 'must be a year up to 2200' })
  year!: number;

  @Field(() => Float, { description: 'The planned figure' })
  @Property({ type: 'double' })
  @Min(0, { message: 'must not be negative' })
  targetValue!: number;

  @Field(() => String, { nullable: true, description: 'Unit of the figure, e.g. cities, events' })
  @Property({ type: 'text', nullable: true })
  unit?: string | null;

  @Field(() => JSONObject, {
    nullable: true,
    description:
      'How the actual figure is counted: { subject, filter, value } over records, e.g. { "subject": "partnerships", "filter": { "level": ["SISTER_CITY"], "signedOnFrom": "2012-01-01", "signedOnTo": "2012-12-31" } }. ' +
      'subject: delegations, applications, contributions, partnerships or events; filter: the subject’s list filter, plus dimension values as stats’ where takes them ' +
      '(continent, subregion, countryCode, cityId, organisationKind, year) and, for partnerships, statusHistory { status, level, dateFrom, dateTo }; ' +
      'value: count (the default) or another figure of the subject’s stats, e.g. personTimes, or amount with currency (default CNY). Records count as they stand now: dates in the filter bound a measure to its year.',
  })
  @Property({ type: 'jsonb', nullable: true })
  measure?: Record<string, unknown> | null;
}
