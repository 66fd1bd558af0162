import type { MetadataStorage } from '@mikro-orm/core';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AuditResolver } from './audit/audit.resolver.js';
import { AccessTokenResolver, AuthResolver } from './auth/auth.resolver.js';
import { buildApiTypes, type RecordApiTypes } from './graph/api-types.js';
import type { RequestContext } from './graph/context.js';
import { createCrudResolver } from './graph/crud.resolver.js';
import { EdgeResolver, NodeFieldsResolver } from './traversal/node-fields.resolver.js';
import { NodeResolver } from './graph/node.resolver.js';
import { NeighbourhoodResolver } from './traversal/neighbourhood.resolver.js';
import { PathResolver, PathsResolver } from './traversal/paths.resolver.js';
import { SearchResolver } from './traversal/search.resolver.js';
import { registerNodeTypeEnum } from './traversal/search.js';
import { recordTypes, type RecordType } from './nodes/registry.js';
import { adjustBuiltSchema, adjustMetadata } from './graph/schema-adjustments.js';
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
  registerNodeTypeEnum();
  adjustMetadata();
  const schema = await buildSchema({
    resolvers: [AuthResolver, AccessTokenResolver, AuditResolver, WidgetKeyResolver, NodeResolver, NodeFieldsResolver, EdgeResolver, SearchResolver, PathsResolver, PathResolver, NeighbourhoodResolver, ...createStatsResolvers(apiTypes), ...crudResolvers] as never,
    orphanedTypes: types.map((type) => type.entity),
    validate: false,
    // A widget key (no viewer) may reach what any signed-in reader may, through its persisted operations only.
    authChecker: ({ context }: { context: RequestContext }, roles: string[]) =>
      context.viewer ? roles.length === 0 || roles.includes(context.viewer.role) : roles.length === 0 && !!context.widgetKey,
    authMode: 'error',
  });
  adjustBuiltSchema(schema, metadata, [...types.map((type) => type.entity), ExchangeParticipant]);
  return { schema, apiTypes };
}

/** The SDL as committed in schema/schema.graphql: sorted, so it changes only when the API does. */
export function printAmitySchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
