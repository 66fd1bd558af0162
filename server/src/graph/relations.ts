import type { MetadataStorage } from '@mikro-orm/core';
import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from './context.js';
import { describeFields } from './fields.js';
import { referencedByOf } from './referenced-by.js';

type Root = Record<string, unknown> & { id: string };
type FieldResolver = GraphQLFieldResolver<Root, RequestContext>;

/**
 * Gives every relation field of every record type a batched resolver: references by id, collections
 * (links, owned parts, inverse sides) and declared back-references each load once per level of a query.
 */
export function attachRelationResolvers(schema: GraphQLSchema, metadata: MetadataStorage, entities: Function[]): void {
  for (const entity of entities) {
    const objectType = schema.getType(entity.name);
    if (!(objectType instanceof GraphQLObjectType)) throw new Error(`No GraphQL object type for ${entity.name}`);
    const graphqlFields = objectType.getFields();
    const resolvers = new Map<string, FieldResolver>();
    for (const field of describeFields(entity, metadata)) {
      if (field.kind === 'reference') {
        const target = field.target?.entity;
        resolvers.set(field.name, (root, _args, ctx) => {
          const reference = root[field.name] as { id: string } | null | undefined;
          if (!reference) return null;
          return target ? ctx.loaders.byId(target).load(reference.id) : ctx.loaders.node(reference.id);
        });
      } else if (field.kind === 'links' || field.kind === 'owned' || field.kind === 'inverse') {
        resolvers.set(field.name, (root, _args, ctx) => ctx.loaders.collection(entity, field.name).load(root));
      }
    }
    for (const back of referencedByOf(entity)) {
      resolvers.set(back.field, (root, _args, ctx) => ctx.loaders.referencing(back.entity(), back.properties).load(root.id));
    }
    for (const [name, resolve] of resolvers) {
      const graphqlField = graphqlFields[name];
      if (!graphqlField) throw new Error(`${entity.name}.${name} is a relation but not a GraphQL field`);
      graphqlField.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
}
