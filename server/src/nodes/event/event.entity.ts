import { Entity, Enum, ManyToOne, Property } from '@mikro-orm/core';
import { Min } from 'class-validator';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { City } from '../city/city.entity.js';
import { Organisation } from '../organisation/organisation.entity.js';

export enum EventKind {
  CONFERENCE = 'CONFERENCE',
  FESTIVAL = 'FESTIVAL',
  GAMES = 'GAMES',
  FAIR = 'FAIR',
  CEREMONY = 'CEREMONY',
  CAMPAIGN = 'CAMPAIGN',
  GALA = 'GALA',
  CAMP = 'CAMP',
  TRAINING = 'TRAINING',
  OTHER = 'OTHER',
}
registerEnumType(EventKind, { name: 'EventKind' });

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A conference, festival, games, fair, ceremony, campaign, gala, camp or training.' })
@Entity()
export class Event extends NodeEntity {
  @Field(() => EventKind)
  @Enum({ items: () => EventKind, nativeEnumName: 'event_kind' })
  kind!: EventKind;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => City, { nullable: true })
  @ManyToOne(() => City, { nullable: true })
  city?: City | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  venue?: string | null;

  @Field(() => Organisation, { nullable: true, description: 'The organisation that hosted or organised it' })
  @ManyToOne(() => Organisation, { nullable: true })
  host?: Organisation | null;

  @Field(() => Int, { nullable: true, description: 'How many people took part' })
  @Property({ type: 'integer', nullable: true })
  @Min(0, { message: 'must not be negative' })
  attendance?: number | null;
}
