import type { GraphQLFieldResolver } from 'graphql';
import type { RequestContext } from '../graph/context.js';
import { PERSONAL_DATA_READERS } from './role.js';

/**
 * The resolver of a field marked @PersonalData (graph/personal-data.ts): it answers only ADMIN and EDITOR (null
 * for everyone else), and every value read is noted for the audit trail. schema-adjustments.ts sets it on every
 * such field, whatever type declares it.
 */
export function personalDataResolver(typeName: string, field: string): GraphQLFieldResolver<Record<string, unknown> & { id: string }, RequestContext> {
  return (root, _args, ctx) => {
    if (!ctx.viewer || !PERSONAL_DATA_READERS.includes(ctx.viewer.role)) return null;
    const value = root[field];
    if (value != null) ctx.personalDataReads.note(typeName, root.id, field);
    return value;
  };
}
