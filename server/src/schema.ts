import type { MetadataStorage } from '@mikro-orm/core';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { buildApiTypes, type RecordApiTypes } from './graph/api-types.js';
import { createCrudResolver } from './graph/crud.resolver.js';
import { EdgeResolver, NodeFieldsResolver } from './graph/node-fields.resolver.js';
import { NodeResolver } from './graph/node.resolver.js';
import { recordTypes, type RecordType } from './graph/registry.js';
import { attachRelationResolvers } from './graph/relations.js';
import { ExchangeParticipant } from './nodes/exchange/exchange.entity.js';

export interface AmitySchema {
  schema: GraphQLSchema;
  apiTypes: Map<RecordType, RecordApiTypes>;
}

/** The whole GraphQL schema: the generic convention for every record type, plus the graph-wide fields. */
export async function buildAmitySchema(metadata: MetadataStorage): Promise<AmitySchema> {
  const apiTypes = new Map(recordTypes.map((type) => [type, buildApiTypes(type, metadata)]));
  const crudResolvers = recordTypes.map((type) => createCrudResolver(type, apiTypes.get(type) as RecordApiTypes));
  const schema = await buildSchema({
    resolvers: [NodeResolver, NodeFieldsResolver, EdgeResolver, ...crudResolvers] as never,
    orphanedTypes: recordTypes.map((type) => type.entity),
    validate: false,
  });
  attachRelationResolvers(schema, metadata, [...recordTypes.map((type) => type.entity), ExchangeParticipant]);
  return { schema, apiTypes };
}

/** The SDL as committed in schema/schema.graphql: sorted, so it changes only when the API does. */
export function printAmitySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
