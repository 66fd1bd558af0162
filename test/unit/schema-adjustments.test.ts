import { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLSchema, isEnumType, isNonNullType, isObjectType, validateSchema, type GraphQLObjectType } from 'graphql';
import { Authorized, Field, ObjectType, Query, Resolver, UseMiddleware, buildSchema as buildTypeGraphqlSchema } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { ormConfig } from '../../server/dist/db/mikro-orm.config.js';
import { adjustMetadata, typeGraphqlMetadata } from '../../server/dist/graph/schema-adjustments.js';
import { City } from '../../server/dist/nodes/city/city.entity.js';
import { entities, nodeTypes } from '../../server/dist/nodes/registry.js';
import { buildAmitySchema } from '../../server/dist/schema.js';

/**
 * The hub's seam with type-graphql's metadata and graphql-js's built schema (server/src/graph/schema-adjustments.ts).
 * A type-graphql or graphql-js upgrade that moves what the adjustments rely on fails here first, by name;
 * test/api/schema.test.ts checks that the adjusted schema prints as schema/schema.graphql.
 */

@ObjectType()
class Probe {
  @Field()
  plain!: string;

  @Authorized('ADMIN')
  @Field()
  restricted!: string;

  @UseMiddleware((_data, next) => next())
  @Field()
  wrapped!: string;
}

@Resolver()
class ProbeResolver {
  @Query(() => Probe)
  probe(): Probe {
    return Object.assign(new Probe(), { plain: 'p', restricted: 'r', wrapped: 'w' });
  }
}

let schema: GraphQLSchema;

beforeAll(async () => {
  const orm = await MikroORM.init({ ...ormConfig({ clientUrl: 'postgres://offline@127.0.0.1:1/offline' }), entities, connect: false });
  schema = (await buildAmitySchema(orm.getMetadata())).schema;
  await orm.close();
});

const objectType = (name: string): GraphQLObjectType => {
  const type = schema.getType(name);
  if (!isObjectType(type)) throw new Error(`no object type ${name}`);
  return type;
};

describe('type-graphql\'s metadata, before the schema is built', () => {
  it('has the members the adjustments read and write', () => {
    const storage = typeGraphqlMetadata() as unknown as Record<string, unknown>;
    for (const name of ['fields', 'authorizedFields', 'authorizedResolver', 'middlewares', 'resolverMiddlewares']) expect(Array.isArray(storage[name]), `getMetadataStorage().${name}`).toBe(true);
    const province = typeGraphqlMetadata().fields.find((field) => field.target === City && field.name === 'province');
    expect(province, 'a field of getMetadataStorage().fields, by target and name').toBeDefined();
    expect(province).toMatchObject({ name: 'province', schemaName: 'province' });
  });

  it('reads a plain field straight from the record, and keeps type-graphql\'s wrapper where it authorises or runs a middleware', async () => {
    adjustMetadata();
    const probeFields = typeGraphqlMetadata().fields.filter((field) => field.target === Probe);
    expect(Object.fromEntries(probeFields.map((field) => [field.name, field.simple]))).toEqual({ plain: true, restricted: undefined, wrapped: undefined });
    // type-graphql still leaves a `simple` field without a resolver of its own (graphql-js's default reads it).
    const built = await buildTypeGraphqlSchema({ resolvers: [ProbeResolver], validate: false, authChecker: () => false });
    const fields = (built.getType('Probe') as GraphQLObjectType).getFields();
    expect(fields.plain.resolve).toBeUndefined();
    expect(fields.restricted.resolve).toBeTypeOf('function');
    expect(fields.wrapped.resolve).toBeTypeOf('function');
  });
});

describe('the built schema, adjusted', () => {
  it('is a valid schema, validated again from scratch (type-graphql validated it before the adjustments)', () => {
    expect(validateSchema(new GraphQLSchema(schema.toConfig())).map((error) => error.message)).toEqual([]);
  });

  it('keeps the field objects it changed: graphql-js builds an object type\'s fields once', () => {
    const city = objectType('City');
    expect(city.getFields()).toBe(city.getFields());
    expect(city.getFields().province.resolve, 'a plain field: read straight from the record').toBeUndefined();
  });

  it('answers relations by their batched resolvers: references nullable, lists with `first`', () => {
    const country = objectType('City').getFields().country;
    expect(country.resolve).toBeTypeOf('function');
    expect(isNonNullType(country.type)).toBe(false);
    expect(country.description).toMatch(/null when the reader may not read it$/);
    const history = objectType('City').getFields().history;
    expect(history.args.map((arg) => arg.name)).toContain('first');
  });

  it('resolves every abstract type at once (compiled operations cannot wait for a promise there)', () => {
    const city = Object.create(City.prototype) as object;
    for (const name of ['Node', 'Record']) {
      const type = schema.getType(name) as { resolveType?: (value: unknown) => unknown };
      expect(type.resolveType?.(city), name).toBe('City');
    }
  });

  it('describes the root types', () => {
    expect(schema.getQueryType()?.description).toMatch(/^Reading/);
    expect(schema.getMutationType()?.description).toMatch(/^Changing/);
  });

  it('narrows a search to the node types registered when it was built', () => {
    const nodeType = schema.getType('NodeType');
    expect(isEnumType(nodeType) && nodeType.getValues().map((value) => value.value)).toEqual(nodeTypes().map((type) => type.name));
  });
});
