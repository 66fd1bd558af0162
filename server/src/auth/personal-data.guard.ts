import { GraphQLObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { RequestContext } from '../graph/context.js';
import { personalDataFields } from '../graph/personal-data.js';
import { PERSONAL_DATA_READERS } from './role.js';

/**
 * Personal data fields answer only ADMIN and EDITOR (null for everyone else), and every value read is noted
 * for the audit trail. Applied to every field marked @PersonalData, whatever type declares it.
 */
export function guardPersonalData(schema: GraphQLSchema, entities: Function[]): void {
  for (const entity of entities) {
    const fields = personalDataFields(entity);
    if (fields.size === 0) continue;
    const objectType = schema.getType(entity.name);
    if (!(objectType instanceof GraphQLObjectType)) throw new Error(`No GraphQL object type for ${entity.name}`);
    for (const name of fields) {
      const field = objectType.getFields()[name];
      if (!field) throw new Error(`${entity.name}.${name} is personal data but not a GraphQL field`);
      const resolve: GraphQLFieldResolver<Record<string, unknown> & { id: string }, RequestContext> = (root, _args, ctx) => {
        if (!ctx.viewer || !PERSONAL_DATA_READERS.includes(ctx.viewer.role)) return null;
        const value = root[name];
        if (value != null) ctx.personalDataReads.note(entity.name, root.id, name);
        return value;
      };
      field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
}
