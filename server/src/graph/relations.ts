import type { MetadataStorage } from '@mikro-orm/core';
import { getNullableType, GraphQLObjectType, type GraphQLFieldResolver, type GraphQLOutputType, type GraphQLSchema } from 'graphql';
import { boundedList, checkedFirst, firstArgument } from './bounded-lists.js';
import type { RequestContext } from './context.js';
import { describeFields } from './fields.js';
import { referencedByOf } from './referenced-by.js';

type Root = Record<string, unknown> & { id: string };
type FieldResolver = GraphQLFieldResolver<Root, RequestContext, { first?: number }>;

/**
 * Gives every relation field of every record type a batched resolver: references by id, collections
 * (links, owned parts, inverse sides) and declared back-references each load once per level of a query. The
 * lists get a `first` argument (bounded-lists.ts) and say their order in their description.
 *
 * A reference answers null when the reader may not read the record it names (a PUBLIC exchange's participant from
 * a RESTRICTED organisation, read by a VIEWER), so every reference is nullable in the answer, whatever the entity
 * requires on input: a required reference answered null would be an error that empties the whole list it stands
 * in. The description says so.
 */
export function attachRelationResolvers(schema: GraphQLSchema, metadata: MetadataStorage, entities: Function[]): void {
  for (const entity of entities) {
    const objectType = schema.getType(entity.name);
    if (!(objectType instanceof GraphQLObjectType)) throw new Error(`No GraphQL object type for ${entity.name}`);
    const graphqlFields = objectType.getFields();
    const resolvers = new Map<string, FieldResolver>();
    /** The references among them: nullable in the answer. */
    const references = new Set<string>();
    /** The list fields among them, each with its order as its description says it. */
    const lists = new Map<string, string>();
    for (const field of describeFields(entity, metadata)) {
      if (field.kind === 'reference') {
        references.add(field.name);
        const target = field.target?.entity;
        resolvers.set(field.name, (root, _args, ctx) => {
          const reference = root[field.name] as { id: string } | null | undefined;
          if (!reference) return null;
          return target ? ctx.loaders.byId(target).load(reference.id) : ctx.loaders.node(reference.id);
        });
      } else if (field.kind === 'links' || field.kind === 'owned' || field.kind === 'inverse') {
        const order = field.prop.orderBy ? `in the order of ${Object.keys(field.prop.orderBy).join(', ')}` : 'in the order of their ids';
        lists.set(field.name, order);
        resolvers.set(field.name, (root, { first }, ctx, info) => {
          const bound = checkedFirst(first);
          return boundedList(ctx.loaders.collection(entity, field.name, bound).load(root), bound, info, ctx.loaders.bounds);
        });
      }
    }
    for (const back of referencedByOf(entity)) {
      lists.set(back.field, 'in the order of their ids');
      resolvers.set(back.field, (root, { first }, ctx, info) => {
        const bound = checkedFirst(first);
        return boundedList(ctx.loaders.referencing(back.entity(), back.properties, bound).load(root.id), bound, info, ctx.loaders.bounds);
      });
    }
    for (const [name, resolve] of resolvers) {
      const graphqlField = graphqlFields[name];
      if (!graphqlField) throw new Error(`${entity.name}.${name} is a relation but not a GraphQL field`);
      graphqlField.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
      if (references.has(name)) {
        graphqlField.type = getNullableType(graphqlField.type) as GraphQLOutputType;
        graphqlField.description = `${graphqlField.description ?? ''}${graphqlField.description ? '; ' : ''}null when the reader may not read it`;
      }
      const order = lists.get(name);
      if (order !== undefined) {
        graphqlField.args = [...graphqlField.args, firstArgument()];
        graphqlField.description = `${graphqlField.description ?? ''}, ${order}`;
      }
    }
  }
}
