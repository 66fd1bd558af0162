/**
 * Every change the hub makes to what type-graphql declares and builds: to type-graphql's metadata before the schema
 * is built (adjustMetadata), and to the built schema's types and fields after (adjustBuiltSchema). Each adjustment
 * below says why it exists and what it relies on that the libraries do not promise.
 *
 * What it relies on: type-graphql 2's metadata storage (`getMetadataStorage()`: `fields` with `target`, `name`,
 * `schemaName` and `simple`; the decorators' lists `authorizedFields`, `authorizedResolver`, `middlewares`,
 * `resolverMiddlewares`) and its schema generator leaving a `simple` field without a resolver; type-graphql
 * wrapping every abstract type's resolveType in an async function; graphql-js 16 building an object type's fields
 * once (`getFields()` answers the same field objects every time) and not validating the schema again once it has
 * been validated (type-graphql validates it as it builds it, before these adjustments).
 *
 * What breaks it: a type-graphql or graphql-js release that moves any of these. test/unit/schema-adjustments.test.ts
 * checks each of them and fails, naming the one that moved; test/api/schema.test.ts fails when the adjusted schema
 * no longer prints as schema/schema.graphql.
 */
import type { MetadataStorage } from '@mikro-orm/core';
import { getNullableType, GraphQLObjectType, isAbstractType, type GraphQLField, type GraphQLFieldResolver, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { personalDataResolver } from '../auth/personal-data.guard.js';
import { firstArgument } from './bounded-lists.js';
import { personalDataFields } from './personal-data.js';
import { typeNameOf } from './record.entity.js';
import { relationFields } from './relations.js';

/** The part of type-graphql's metadata storage the adjustments read and write (type-graphql does not export it). */
export interface TypeGraphqlMetadata {
  fields: Array<{ target: Function; name: string; schemaName: string; simple?: boolean }>;
  authorizedFields: Array<{ target: Function; fieldName: string }>;
  authorizedResolver: Array<{ target: Function }>;
  middlewares: Array<{ target: Function; fieldName: string }>;
  resolverMiddlewares: Array<{ target: Function }>;
}

/** type-graphql's metadata storage, as far as the adjustments use it. */
export function typeGraphqlMetadata(): TypeGraphqlMetadata {
  return getMetadataStorage() as unknown as TypeGraphqlMetadata;
}

/** Adjusts type-graphql's metadata: run before `buildSchema`. */
export function adjustMetadata(): void {
  plainFieldsReadDirectly(typeGraphqlMetadata());
}

/**
 * Adjusts the schema type-graphql built, for the record types' `entities` (and the entities they own) that ORM
 * `metadata` describes.
 */
export function adjustBuiltSchema(schema: GraphQLSchema, metadata: MetadataStorage, entities: readonly Function[]): void {
  for (const entity of entities) {
    relationFieldsResolvedInBatches(schema, metadata, entity);
    personalDataGuarded(schema, entity);
  }
  rootTypesDescribed(schema);
  abstractTypesResolvedAtOnce(schema);
}

/**
 * Fields with neither authorisation nor middleware of their own read their value straight from the record
 * (GraphQL's default resolver) instead of through type-graphql's wrapper, which would only find nothing to run:
 * one function call and object less for every value of every answer. A field that type-graphql would authorise
 * or wrap keeps its wrapper. The storage fills a field's `roles` and `middlewares` only as it builds a schema, so
 * they are looked up in the decorators' own lists here. (A global middleware given to `buildSchema` would not
 * run on these fields: the hub gives none.)
 */
function plainFieldsReadDirectly(storage: TypeGraphqlMetadata): void {
  const wrappedFields = new Map<Function, Set<string>>();
  for (const { target, fieldName } of [...storage.authorizedFields, ...storage.middlewares]) wrappedFields.set(target, (wrappedFields.get(target) ?? new Set()).add(fieldName));
  const wrappedTypes = new Set([...storage.authorizedResolver, ...storage.resolverMiddlewares].map(({ target }) => target));
  for (const field of storage.fields) {
    if (field.simple !== undefined || field.name !== field.schemaName) continue;
    if (wrappedTypes.has(field.target) || wrappedFields.get(field.target)?.has(field.name)) continue;
    field.simple = true;
  }
}

/** The GraphQL object type of an entity, which type-graphql built from the same class. */
function objectTypeOf(schema: GraphQLSchema, entity: Function): GraphQLObjectType {
  const objectType = schema.getType(entity.name);
  if (!(objectType instanceof GraphQLObjectType)) throw new Error(`No GraphQL object type for ${entity.name}`);
  return objectType;
}

function fieldOf(objectType: GraphQLObjectType, name: string, what: string): GraphQLField<unknown, unknown> {
  const field = objectType.getFields()[name];
  if (!field) throw new Error(`${objectType.name}.${name} is ${what} but not a GraphQL field`);
  return field;
}

/**
 * Every relation field of a record type answered by its batched resolver (relations.ts): type-graphql would read
 * the entity's property, a reference the ORM has not loaded or a collection loaded record by record. References
 * become nullable in the answer and say so (a reference the reader may not read answers null); lists get a `first`
 * argument and say their order. Changing a built field's type and arguments is what type-graphql has no option for:
 * the entity's own declaration stays what the inputs require.
 */
function relationFieldsResolvedInBatches(schema: GraphQLSchema, metadata: MetadataStorage, entity: Function): void {
  const objectType = objectTypeOf(schema, entity);
  for (const relation of relationFields(entity, metadata)) {
    const field = fieldOf(objectType, relation.name, 'a relation');
    field.resolve = relation.resolve as GraphQLFieldResolver<unknown, unknown>;
    if (relation.reference) {
      field.type = getNullableType(field.type) as GraphQLOutputType;
      field.description = `${field.description ?? ''}${field.description ? '; ' : ''}null when the reader may not read it`;
    }
    if (relation.order !== undefined) {
      field.args = [...field.args, firstArgument()];
      field.description = `${field.description ?? ''}, ${relation.order}`;
    }
  }
}

/**
 * Every field marked @PersonalData answered through its guard (auth/personal-data.guard.ts), whatever type declares
 * it: one marker on the property instead of a field resolver in every type that has one.
 */
function personalDataGuarded(schema: GraphQLSchema, entity: Function): void {
  const names = personalDataFields(entity);
  if (names.size === 0) return;
  const objectType = objectTypeOf(schema, entity);
  for (const name of names) fieldOf(objectType, name, 'personal data').resolve = personalDataResolver(entity.name, name) as GraphQLFieldResolver<unknown, unknown>;
}

/** type-graphql gives the root types no description; GraphiQL's documentation starts with them. */
function rootTypesDescribed(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  if (query) query.description = 'Reading: one record or a page of each type, any node by id, search, paths, neighbourhoods and figures';
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = 'Changing: create, update and delete records of each type; signing in and out';
}

/**
 * type-graphql wraps every abstract type's resolveType in an async function; compiled operations
 * (compiled-execution.ts) resolve an abstract type synchronously only. Each of ours is `typeNameOf`
 * (record.entity.ts), which is set back as it was given.
 */
function abstractTypesResolvedAtOnce(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && !type.name.startsWith('__')) type.resolveType = typeNameOf;
  }
}
