import { Entity, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Max, Min } from 'class-validator';
import { Field, Float, ObjectType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { Country } from '../country/country.entity.js';
import { ReferencedBy } from '../../graph/referenced-by.js';
import { Partnership } from '../partnership/partnership.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A city, district or county: a home city of this office or a partner abroad.' })
@NameOrderIndexes()
@Entity()
export class City extends NodeEntity {
  @Field(() => Country, { description: 'The country it is in' })
  @ManyToOne(() => Country)
  country!: Rel<Country>;

  @Field(() => String, { nullable: true, description: 'Province or state' })
  @Property({ type: 'text', nullable: true })
  province?: string | null;

  @Field(() => Float, { nullable: true, description: 'Latitude in degrees, north positive (for maps)' })
  @Property({ type: 'double', nullable: true })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: 'Longitude in degrees, east positive (for maps)' })
  @Property({ type: 'double', nullable: true })
  @Min(-180)
  @Max(180)
  longitude?: number | null;

  @Field({ description: 'A city this office serves (Nanchang and its districts)' })
  @Property({ default: false })
  isHomeCity: boolean = false;

  @Field(() => [Partnership], { description: 'Partnerships this city is in, as home city or as partner' })
  @ReferencedBy(() => Partnership, ['homeCity', 'partnerCity'])
  partnerships?: Partnership[];
}
