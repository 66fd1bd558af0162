import type { MetadataStorage } from '@mikro-orm/core';
import { isAbstractType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import { AccessTokenResolver, AuthResolver } from './auth/auth.resolver.js';
import { guardPersonalData } from './auth/personal-data.guard.js';
import { buildApiTypes, type RecordApiTypes } from './graph/api-types.js';
import type { RequestContext } from './graph/context.js';
import { createCrudResolver } from './graph/crud.resolver.js';
import { EdgeResolver, NodeFieldsResolver } from './traversal/node-fields.resolver.js';
import { NodeResolver } from './graph/node.resolver.js';
import { NeighbourhoodResolver } from './traversal/neighbourhood.resolver.js';
import { PathResolver, PathsResolver } from './traversal/paths.resolver.js';
import { SearchResolver } from './traversal/search.resolver.js';
import { typeNameOf } from './graph/record.entity.js';
import { recordTypes, type RecordType } from './nodes/registry.js';
import { attachRelationResolvers } from './graph/relations.js';
import { ExchangeParticipant } from './nodes/exchange/exchange.entity.js';
import { createStatsResolvers } from './stats/stats.schema.js';
import { WidgetKeyResolver } from './widgets/widget-key.resolver.js';

export interface AmitySchema {
  schema: GraphQLSchema;
  apiTypes: Map<RecordType, RecordApiTypes>;
}

/** The whole GraphQL schema: the generic convention for every record type, plus the graph-wide fields. */
export async function buildAmitySchema(metadata: MetadataStorage): Promise<AmitySchema> {
  const types = recordTypes();
  const apiTypes = new Map(types.map((type) => [type, buildApiTypes(type, metadata)]));
  const crudResolvers = types.map((type) => createCrudResolver(type, apiTypes.get(type) as RecordApiTypes));
  plainFieldsReadDirectly();
  const schema = await buildSchema({
    resolvers: [AuthResolver, AccessTokenResolver, AuditResolver, WidgetKeyResolver, NodeResolver, NodeFieldsResolver, EdgeResolver, SearchResolver, PathsResolver, PathResolver, NeighbourhoodResolver, ...createStatsResolvers(apiTypes), ...crudResolvers] as never,
    orphanedTypes: types.map((type) => type.entity),
    validate: false,
    // A widget key (no viewer) may reach what any signed-in reader may, through its persisted operations only.
    authChecker: ({ context }: { context: RequestContext }, roles: string[]) =>
      context.viewer ? roles.length === 0 || roles.includes(context.viewer.role) : roles.length === 0 && !!context.widgetKey,
    authMode: 'error',
  });
  attachRelationResolvers(schema, metadata, [...types.map((type) => type.entity), ExchangeParticipant]);
  guardPersonalData(schema, types.map((type) => type.entity));
  describeRootTypes(schema);
  abstractTypesResolvedAtOnce(schema);
  return { schema, apiTypes };
}

/**
 * Fields with neither middleware nor authorisation of their own read their value straight from the record
 * (GraphQL's default resolver) instead of through type-graphql's wrapper, which would only find nothing to run:
 * one function call and object less for every value of every answer.
 */
function plainFieldsReadDirectly(): void {
  for (const field of getMetadataStorage().fields) {
    if (field.simple === undefined && !field.roles && !field.middlewares?.length && field.name === field.schemaName) field.simple = true;
  }
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

/** type-graphql gives the root types no description; GraphiQL's documentation starts with them. */
function describeRootTypes(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  if (query) query.description = 'Reading: one record or a page of each type, any node by id, search, paths, neighbourhoods and figures';
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = 'Changing: create, update and delete records of each type; signing in and out';
}

/** The SDL as committed in schema/schema.graphql: sorted, so it changes only when the API does. */
export function printAmitySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
