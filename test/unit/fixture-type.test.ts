import { Collection, Entity, Enum, ManyToMany, ManyToOne, MikroORM, Property } from '@mikro-orm/postgresql';
import { buildSchema, introspectionFromSchema, isEnumType, isInputObjectType, isObjectType, type GraphQLNamedType } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { importTypeLabel, importTypes } from '../../admin/src/import/importTypes';
import { typeNameZh } from '../../admin/src/i18n/labels';
import { SchemaModel } from '../../admin/src/schemaModel';
import { ormConfig } from '../../server/dist/db/mikro-orm.config.js';
import { NodeEntity, RecordEntity } from '../../server/dist/graph/record.entity.js';
import { recordType, recordTypeByName, registerRecordTypes } from '../../server/dist/graph/record-types.js';
import { LocalDate } from '../../server/dist/graph/scalars.js';
import { City } from '../../server/dist/nodes/city/city.entity.js';
import { Partnership } from '../../server/dist/nodes/partnership/partnership.entity.js';
import { entities } from '../../server/dist/nodes/registry.js';
import { buildAmitySchema, printAmitySchema } from '../../server/dist/schema.js';

/**
 * A record type declared here alone, as a contributor declares one (an entity and its registration), appears in
 * the API (its type, one and list queries, CRUD mutations, inputs with its link inputs named in good English) and in
 * what the admin derives from the schema (its resource, the import wizard's lists, its label falling back to its
 * name), with no other file touched. test/unit/migration-generator.test.ts shows the database side.
 */

enum AgreementKind {
  MEMORANDUM = 'MEMORANDUM',
  CONTRACT = 'CONTRACT',
}
registerEnumType(AgreementKind, { name: 'AgreementKind', description: 'What kind of agreement' });

@ObjectType({ implements: [RecordEntity, NodeEntity], description: 'A signed agreement between cities' })
@Entity()
class Agreement extends NodeEntity {
  @Field(() => AgreementKind, { description: 'What kind of agreement' })
  @Enum({ items: () => AgreementKind, type: 'text' })
  kind!: AgreementKind;

  @Field(() => Partnership, { nullable: true, description: 'The partnership it belongs to' })
  @ManyToOne(() => Partnership, { nullable: true })
  partnership?: Partnership | null;

  @Field(() => [City], { description: 'The cities that signed it' })
  @ManyToMany(() => City, undefined, { owner: true })
  partyCities = new Collection<City>(this);

  @Field(() => LocalDate, { nullable: true, description: 'When it was signed' })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;
}

let sdl: string;

beforeAll(async () => {
  registerRecordTypes([recordType(Agreement, 'agreement', 'agreements')]);
  const orm = await MikroORM.init({ ...ormConfig({ clientUrl: 'postgres://offline@127.0.0.1:1/offline' }), entities: [...entities, Agreement], connect: false });
  sdl = printAmitySchema((await buildAmitySchema(orm.getMetadata())).schema);
  await orm.close();
});

function fieldsOf(type: GraphQLNamedType | undefined | null): Record<string, string> {
  if (!isObjectType(type) && !isInputObjectType(type)) return {};
  return Object.fromEntries(Object.values(type.getFields()).map((field) => [field.name, String(field.type)]));
}

describe('a record type declared only in the test build', () => {
  it('is a record type of the API: its type, one and list queries, CRUD mutations, inputs and a search filter', () => {
    const schema = buildSchema(sdl);
    expect(recordTypeByName('Agreement')?.plural).toBe('agreements');
    expect(fieldsOf(schema.getType('Agreement'))).toMatchObject({ id: 'ID!', kind: 'AgreementKind!', partnership: 'Partnership', partyCities: '[City!]!', signedOn: 'LocalDate' });
    expect(schema.getType('Node') && schema.getPossibleTypes(schema.getType('Node') as never).map((type) => type.name)).toContain('Agreement');
    expect(fieldsOf(schema.getQueryType())).toMatchObject({ agreement: 'Agreement', agreements: 'AgreementPage!' });
    expect(fieldsOf(schema.getMutationType())).toMatchObject({ createAgreement: 'Agreement!', updateAgreement: 'Agreement!', deleteAgreement: expect.any(String) });
    // Link inputs: the last word of the field in the singular, as pluralize says.
    expect(fieldsOf(schema.getType('AgreementInput'))).toMatchObject({ kind: 'AgreementKind!', partnershipId: 'ID', partyCityIds: '[ID!]', signedOn: 'LocalDate' });
    expect(fieldsOf(schema.getType('AgreementFilter'))).toMatchObject({ partnershipId: '[ID!]', partyCityId: '[ID!]' });
    const kinds = schema.getType('AgreementKind');
    expect(isEnumType(kinds) && kinds.getValues().map((value) => value.name)).toEqual(['CONTRACT', 'MEMORANDUM']);
    // Search narrows to it like to any other node type.
    const nodeTypes = schema.getType('NodeType');
    expect(isEnumType(nodeTypes) && nodeTypes.getValues().map((value) => value.name)).toEqual(expect.arrayContaining(['AGREEMENT', 'CITY']));
  });

  it('is a resource of the admin, a list of its import wizard, and is named by its own name until labelled', () => {
    const model = new SchemaModel(introspectionFromSchema(buildSchema(sdl)).__schema);
    expect(model.resourceNames()).toContain('Agreement');
    expect(model.resources.get('Agreement')).toMatchObject({ listQuery: 'agreements', oneQuery: 'agreement', create: 'createAgreement', inputType: 'AgreementInput', isNode: true });
    const agreements = importTypes(model).find((type) => type.type === 'Agreement');
    expect(agreements).toEqual({ plural: 'agreements', type: 'Agreement' });
    expect(importTypeLabel(agreements!, typeNameZh)).toBe('Agreement Agreements');
    expect(importTypeLabel({ plural: 'cities', type: 'City' }, typeNameZh)).toBe('城市 Cities');
  });
});
