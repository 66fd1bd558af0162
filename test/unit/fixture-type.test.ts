import { Collection, Entity, Enum, ManyToMany, ManyToOne, MikroORM, Property } from '@mikro-orm/postgresql';
import { buildSchema, graphql, introspectionFromSchema, isEnumType, isInputObjectType, isObjectType, type GraphQLNamedType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTypeLabel, importTypes } from '../../admin/src/import/importTypes';
import { typeNameZh } from '../../admin/src/i18n/labels';
import { displayFields, inputFields } from '../../admin/src/generic/describe';
import { SchemaModel } from '../../admin/src/schemaModel';
import { Role } from '../../server/dist/auth/role.js';
import { graphSchemaChanges } from '../../server/dist/db/migration-generator.js';
import { ormConfig } from '../../server/dist/db/mikro-orm.config.js';
import { createRequestContext } from '../../server/dist/graph/context.js';
import { createLogger } from '../../server/dist/logger.js';
import { NodeRecord } from '../../server/dist/graph/node-record.entity.js';
import { NodeEntity, RecordEntity } from '../../server/dist/graph/record.entity.js';
import { recordType, recordTypeByName, registerRecordTypes } from '../../server/dist/graph/record-types.js';
import { LocalDate } from '../../server/dist/graph/scalars.js';
import { City } from '../../server/dist/nodes/city/city.entity.js';
import { Partnership } from '../../server/dist/nodes/partnership/partnership.entity.js';
import { entities } from '../../server/dist/nodes/registry.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
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

  @Field(() => [NodeEntity], { description: 'Who signed it: nodes of any type' })
  @ManyToMany(() => NodeRecord, undefined, { owner: true })
  parties = new Collection<NodeRecord>(this);

  @Field(() => LocalDate, { nullable: true, description: 'When it was signed' })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;
}

let sdl: string;
let schema: GraphQLSchema;

beforeAll(async () => {
  registerRecordTypes([recordType(Agreement, 'agreement', 'agreements')]);
  const orm = await MikroORM.init({ ...ormConfig({ clientUrl: 'postgres://offline@127.0.0.1:1/offline' }), entities: [...entities, Agreement], connect: false });
  schema = (await buildAmitySchema(orm.getMetadata())).schema;
  sdl = printAmitySchema(schema);
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
    expect(fieldsOf(schema.getType('Agreement'))).toMatchObject({ id: 'ID!', kind: 'AgreementKind!', partnership: 'Partnership', partyCities: '[City!]!', parties: '[Node!]!', signedOn: 'LocalDate' });
    expect(schema.getType('Node') && schema.getPossibleTypes(schema.getType('Node') as never).map((type) => type.name)).toContain('Agreement');
    expect(fieldsOf(schema.getQueryType())).toMatchObject({ agreement: 'Agreement', agreements: 'AgreementPage!' });
    expect(fieldsOf(schema.getMutationType())).toMatchObject({ createAgreement: 'Agreement!', updateAgreement: 'Agreement!', deleteAgreement: expect.any(String) });
    // Link inputs: the last word of the field in the singular, as pluralize says.
    expect(fieldsOf(schema.getType('AgreementInput'))).toMatchObject({ kind: 'AgreementKind!', partnershipId: 'ID', partyCityIds: '[ID!]', partyIds: '[ID!]', signedOn: 'LocalDate' });
    expect(fieldsOf(schema.getType('AgreementPatch'))).toMatchObject({ partyIds: '[ID!]' });
    expect(fieldsOf(schema.getType('AgreementFilter'))).toMatchObject({ partnershipId: '[ID!]', partyCityId: '[ID!]', partyId: '[ID!]' });
    const kinds = schema.getType('AgreementKind');
    expect(isEnumType(kinds) && kinds.getValues().map((value) => value.name)).toEqual(['CONTRACT', 'MEMORANDUM']);
    // Search narrows to it like to any other node type.
    const nodeTypes = schema.getType('NodeType');
    expect(isEnumType(nodeTypes) && nodeTypes.getValues().map((value) => value.name)).toEqual(expect.arrayContaining(['AGREEMENT', 'CITY']));
  });

  it('links to nodes of any type: a list of Node bounded by first, written as ids, shown and picked by the admin', () => {
    const schema = buildSchema(sdl);
    const parties = (schema.getType('Agreement') as GraphQLObjectType).getFields().parties;
    expect(parties.args.map((argument) => [argument.name, String(argument.type), argument.defaultValue])).toEqual([['first', 'Int!', 50]]);
    const model = new SchemaModel(introspectionFromSchema(schema).__schema);
    expect(displayFields(model, 'Agreement').find((field) => field.name === 'parties')).toEqual({ name: 'parties', kind: 'refList', type: 'Node', list: true });
    // Paired with their list whatever the plural (parties ← partyIds, partyCities ← partyCityIds); any node has no
    // resource of its own, so it is picked across types.
    const inputs = inputFields(model, 'AgreementInput', 'Agreement');
    expect(inputs.find((field) => field.name === 'partyIds')).toMatchObject({ kind: 'refList', type: 'Node', list: true, reference: undefined });
    expect(inputs.find((field) => field.name === 'partyCityIds')).toMatchObject({ kind: 'refList', type: 'City', reference: 'City' });
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

describe('links to any node, on a database with the fixture type migrated', () => {
  let database: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    database = await createTestDatabase('demo');
    orm = await MikroORM.init({ ...ormConfig({ clientUrl: database.url }), entities: [...entities, Agreement], schemaGenerator: { ignoreSchema: ['test_checks'] } });
    // What the type's generated migration holds: its tables, its node-sync trigger and the edge view again.
    const diff = await orm.schema.getUpdateSchemaMigrationSQL({ wrap: false, safe: true });
    for (const sql of await graphSchemaChanges(orm.em.getDriver(), diff.up.split('\n'))) if (sql.trim()) await orm.em.getConnection().execute(sql);
  });

  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  /** An operation answered as a signed-in user of this role answers it (the request's own context, no HTTP). */
  async function ask(role: Role, source: string, variableValues: Record<string, unknown> = {}) {
    const viewer = { userId: randomUUID(), username: `a ${role}`, role, via: 'token' as const, credentialHash: '' };
    const contextValue = createRequestContext(orm.em, { requestId: randomUUID(), log: createLogger('silent'), viewer });
    return graphql({ schema, source, variableValues, contextValue });
  }

  const CREATE = `mutation ($input: AgreementInput!) { createAgreement(input: $input) { id } }`;
  const PARTIES = `query ($id: ID!, $first: Int!) { agreement(id: $id) { parties(first: $first) { __typename id ... on City { code: id } ... on Person { displayName(lang: en) } } } }`;

  it('writes the links by ids checked as nodes, refuses an id of no node naming it, and reads each as its own type', async () => {
    const connection = orm.em.getConnection();
    const [city] = await connection.execute<{ id: string }[]>(`select id from city where visibility <> 'RESTRICTED' order by id limit 1`);
    const [person] = await connection.execute<{ id: string }[]>(`select id from person where visibility <> 'RESTRICTED' order by id limit 1`);
    const [organisation] = await connection.execute<{ id: string }[]>(`select id from organisation where visibility <> 'RESTRICTED' order by id limit 1`);
    const missing = randomUUID();
    const input = { names: { en: 'Accord of friendship' }, kind: 'MEMORANDUM' };

    const refused = await ask(Role.EDITOR, CREATE, { input: { ...input, partyIds: [city.id, missing] } });
    expect(refused.errors?.[0].originalError).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'partyIds', message: `no node with id ${missing}` }] });
    const notAnId = await ask(Role.EDITOR, CREATE, { input: { ...input, partyIds: ['Beijing'] } });
    expect(notAnId.errors?.[0].originalError).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'partyIds', message: 'not valid ids: Beijing' }] });
    expect(await connection.execute('select * from agreement')).toEqual([]);

    const created = await ask(Role.EDITOR, CREATE, { input: { ...input, partyIds: [city.id, person.id, organisation.id] } });
    expect(created.errors).toBeUndefined();
    const id = (created.data?.createAgreement as { id: string }).id;
    const linked = [city.id, person.id, organisation.id].sort();
    expect(await connection.execute('select node_record_id as id from agreement_parties where agreement_id = ? order by 1', [id])).toEqual(linked.map((party) => ({ id: party })));
    const ties = await connection.execute('select field, to_id from edge where from_id = ? order by to_id', [id]);
    expect(ties).toEqual(linked.map((party) => ({ field: 'Agreement.parties', to_id: party })));

    const read = await ask(Role.VIEWER, PARTIES, { id, first: 50 });
    expect(read.errors).toBeUndefined();
    const parties = (read.data?.agreement as { parties: Array<Record<string, string>> }).parties;
    expect(parties.map((party) => party.id)).toEqual(linked);
    expect(parties.find((party) => party.id === city.id)).toEqual({ __typename: 'City', id: city.id, code: city.id });
    expect(parties.find((party) => party.id === person.id)).toMatchObject({ __typename: 'Person', displayName: expect.any(String) });
    expect(parties.find((party) => party.id === organisation.id)).toEqual({ __typename: 'Organisation', id: organisation.id });

    // Bounded by first; a node the reader may not read is left out, as on every list.
    const first = await ask(Role.VIEWER, PARTIES, { id, first: 2 });
    expect((first.data?.agreement as { parties: unknown[] }).parties).toHaveLength(2);
    await connection.execute(`update person set visibility = 'RESTRICTED' where id = ?`, [person.id]);
    const hidden = await ask(Role.VIEWER, PARTIES, { id, first: 50 });
    expect((hidden.data?.agreement as { parties: Array<{ id: string }> }).parties.map((party) => party.id)).toEqual(linked.filter((party) => party !== person.id));
    const editor = await ask(Role.EDITOR, PARTIES, { id, first: 50 });
    expect((editor.data?.agreement as { parties: Array<{ id: string }> }).parties.map((party) => party.id)).toEqual(linked);

    // A patch replaces the links; the same links again change nothing.
    const UPDATE = `mutation ($id: ID!, $input: AgreementPatch!, $version: Int!) { updateAgreement(id: $id, input: $input, expectedVersion: $version) { version parties { id } } }`;
    const patched = await ask(Role.EDITOR, UPDATE, { id, input: { partyIds: [organisation.id] }, version: 1 });
    expect(patched.errors).toBeUndefined();
    expect(patched.data?.updateAgreement).toEqual({ version: 2, parties: [{ id: organisation.id }] });
    const again = await ask(Role.EDITOR, UPDATE, { id, input: { partyIds: [organisation.id] }, version: 2 });
    expect(again.data?.updateAgreement).toEqual({ version: 2, parties: [{ id: organisation.id }] });
  });
});
