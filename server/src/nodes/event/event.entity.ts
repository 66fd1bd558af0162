import { Entity, Enum, Index, ManyToOne, Property } from '@mikro-orm/core';
import { Min } from 'class-validator';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { LocalDate } from '../../graph/scalars.js';
import { City } from '../city/city.entity.js';
import { Organisation } from '../organisation/organisation.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

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
registerEnumType(EventKind, {
  name: 'EventKind',
  description: 'What kind of event',
  valuesConfig: {
    CONFERENCE: { description: 'A conference, forum or seminar' },
    FESTIVAL: { description: 'A festival' },
    GAMES: { description: 'Sports games' },
    FAIR: { description: 'A fair or expo' },
    CEREMONY: { description: 'A ceremony, e.g. a signing' },
    CAMPAIGN: { description: 'A campaign, e.g. making the Overseas Chinese Law known' },
    GALA: { description: 'A gala or performance' },
    CAMP: { description: 'A camp, e.g. a summer camp for young overseas Chinese' },
    TRAINING: { description: 'A training course' },
    OTHER: { description: 'Any other event' },
  },
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A conference, festival, games, fair, ceremony, campaign, gala, camp or training.' })
// Public event widgets and date-sorted lists: the page and its count read this index alone.
@Index({ properties: ['visibility', 'startDate'] })
@NameOrderIndexes()
@Entity()
export class Event extends NodeEntity {
  @Field(() => EventKind, { description: 'What kind of event' })
  @Enum({ items: () => EventKind, nativeEnumName: 'event_kind' })
  kind!: EventKind;

  @Field(() => LocalDate, { nullable: true, description: 'First day of the event' })
  @Property({ type: 'date', nullable: true })
  startDate?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Last day of the event' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Field(() => City, { nullable: true, description: 'The city it took place in' })
  @ManyToOne(() => City, { nullable: true })
  city?: City | null;

  @Field(() => String, { nullable: true, description: 'Where in the city, e.g. a hall or hotel' })
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
