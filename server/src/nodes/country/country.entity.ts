import { Entity, Enum, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { NodeEntity, RecordEntity } from '../../graph/record.entity.js';
import { NameOrderIndexes } from '../../graph/name-order.js';

export enum Continent {
  AFRICA = 'AFRICA',
  ANTARCTICA = 'ANTARCTICA',
  ASIA = 'ASIA',
  EUROPE = 'EUROPE',
  NORTH_AMERICA = 'NORTH_AMERICA',
  OCEANIA = 'OCEANIA',
  SOUTH_AMERICA = 'SOUTH_AMERICA',
}
registerEnumType(Continent, {
  name: 'Continent',
  description: 'A continent, from a country\'s UN M49 region',
  valuesConfig: {
    AFRICA: { description: 'Africa' },
    ANTARCTICA: { description: 'Antarctica' },
    ASIA: { description: 'Asia' },
    EUROPE: { description: 'Europe' },
    NORTH_AMERICA: { description: 'North and Central America and the Caribbean' },
    OCEANIA: { description: 'Australia, New Zealand and the Pacific islands' },
    SOUTH_AMERICA: { description: 'South America' },
  },
});

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A country or territory of ISO 3166-1, seeded from maintained reference packages.' })
@NameOrderIndexes()
@Entity()
export class Country extends NodeEntity {
  @Field({ description: 'ISO 3166-1 alpha-2 code, e.g. NO' })
  @Property({ type: 'text' })
  @Unique()
  code!: string;

  @Field({ description: 'ISO 3166-1 alpha-3 code, e.g. NOR' })
  @Property({ type: 'text' })
  code3!: string;

  @Field(() => Continent, { description: 'The continent, from the country\'s UN M49 region' })
  @Enum({ items: () => Continent, nativeEnumName: 'continent' })
  continent!: Continent;

  @Field(() => String, { nullable: true, description: 'UN M49 region, e.g. Europe' })
  @Property({ type: 'text', nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'UN M49 sub-region, e.g. Eastern Europe or Australia and New Zealand' })
  @Property({ type: 'text', nullable: true })
  subregion?: string | null;

  @Field(() => String, { nullable: true, description: 'UN M49 intermediate region, e.g. South America or Eastern Africa' })
  @Property({ type: 'text', nullable: true })
  intermediateRegion?: string | null;
}
