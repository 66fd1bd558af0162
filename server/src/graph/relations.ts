import type { MetadataStorage } from '@mikro-orm/core';
import type { GraphQLFieldResolver } from 'graphql';
import { boundedList, checkedFirst } from './bounded-lists.js';
import type { RequestContext } from './context.js';
import { describeFields } from './fields.js';
import { referencedByOf } from './referenced-by.js';

type Root = Record<string, unknown> & { id: string };
type FieldResolver = GraphQLFieldResolver<Root, RequestContext, { first?: number }>;

/** How one relation field of a record type is answered, and what its GraphQL field must say of it. */
export interface RelationField {
  name: string;
  resolve: FieldResolver;
  /**
   * A reference, which answers null when the reader may not read the record it names (a PUBLIC exchange's
   * participant from a RESTRICTED organisation, read by a VIEWER): nullable in the answer, whatever the entity
   * requires on input, since a required reference answered null would be an error that empties the whole list it
   * stands in.
   */
  reference: boolean;
  /** A list: the order of its items as its description says it; it takes a `first` argument (bounded-lists.ts). */
  order?: string;
}

/**
 * The batched resolvers of a record type's relation fields: references by id, collections (links, owned parts,
 * inverse sides) and declared back-references each load once per level of a query (loaders.ts), never once per
 * record. schema-adjustments.ts sets them on the built schema.
 */
export function relationFields(entity: Function, metadata: MetadataStorage): RelationField[] {
  const fields: RelationField[] = [];
  for (const field of describeFields(entity, metadata)) {
    if (field.kind === 'reference') {
      const target = field.target?.entity;
      fields.push({
        name: field.name,
        reference: true,
        resolve: (root, _args, ctx) => {
          const reference = root[field.name] as { id: string } | null | undefined;
          if (!reference) return null;
          return target ? ctx.loaders.byId(target).load(reference.id) : ctx.loaders.node(reference.id);
        },
      });
    } else if (field.kind === 'links' || field.kind === 'owned' || field.kind === 'inverse') {
      fields.push({
        name: field.name,
        reference: false,
        order: field.prop.orderBy ? `in the order of ${Object.keys(field.prop.orderBy).join(', ')}` : 'in the order of their ids',
        resolve: (root, { first }, ctx, info) => {
          const bound = checkedFirst(first);
          return boundedList(ctx.loaders.collection(entity, field.name, bound).load(root), bound, info, ctx.loaders.bounds);
        },
      });
    }
  }
  for (const back of referencedByOf(entity)) {
    fields.push({
      name: back.field,
      reference: false,
      order: 'in the order of their ids',
      resolve: (root, { first }, ctx, info) => {
        const bound = checkedFirst(first);
        return boundedList(ctx.loaders.referencing(back.entity(), back.properties, bound).load(root.id), bound, info, ctx.loaders.bounds);
      },
    });
  }
  return fields;
}
