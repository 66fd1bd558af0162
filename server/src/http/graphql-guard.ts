import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, Kind, visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { ErrorCode } from '../errors.js';
import type { RequestContext } from '../graph/context.js';
import { measureOperation, overLimit, type QueryLimits } from './limits.js';

/** The only root fields an anonymous caller may ask for. */
const ANONYMOUS_ROOT_FIELDS = new Set(['login', '__typename']);

function rootFields(operation: OperationDefinitionNode, fragments: Map<string, { selectionSet: OperationDefinitionNode['selectionSet'] }>): string[] {
  const names: string[] = [];
  const collect = (selections: OperationDefinitionNode['selectionSet']['selections'], seen: Set<string>) => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet.selections, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        collect(fragments.get(selection.name.value)?.selectionSet.selections ?? [], seen);
      }
    }
  };
  collect(operation.selectionSet.selections, new Set());
  return names;
}

/** PostgreSQL text cannot hold U+0000: say so clearly instead of failing in the database. */
function hasNulCharacter(document: DocumentNode, variables: Record<string, unknown> | undefined): boolean {
  if (variables && JSON.stringify(variables).includes('\\u0000')) return true;
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes('\u0000')) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Runs after validation and before any resolver (so before any SQL): anonymous callers may only sign in, and
 * every operation must stay within the depth, alias, directive and cost limits. An anonymous caller learns
 * nothing of the limits. When the request ends, the personal data it read is written to the audit trail.
 */
export function graphqlGuard(limits: QueryLimits, exposeSqlCount: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      // Count the statements of the operation itself, not of recognising the caller.
      if (contextValue.sqlCount) contextValue.sqlCount.statements = 0;
      return {
        async didResolveOperation({ document, operation, request, contextValue: context }) {
          if (!operation) return;
          const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])));
          if (!context.viewer && !rootFields(operation, fragments).every((name) => ANONYMOUS_ROOT_FIELDS.has(name))) {
            throw new GraphQLError('Sign in first', { extensions: { code: ErrorCode.UNAUTHENTICATED } });
          }
          const problem = overLimit(measureOperation(document, operation, request.variables ?? {}), limits);
          if (problem) {
            throw new GraphQLError(context.viewer ? `Query too complex: ${problem}` : 'Query too complex', { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
          }
          if (hasNulCharacter(document, request.variables)) {
            throw new GraphQLError('Text must not contain the NUL character (U+0000)', { extensions: { code: ErrorCode.BAD_USER_INPUT } });
          }
        },
        async willSendResponse({ contextValue: context, response }) {
          await context.personalDataReads.write(context.em.fork(), { viewer: context.viewer, requestId: context.requestId });
          if (exposeSqlCount && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: context.sqlCount?.statements };
          }
        },
      };
    },
  };
}
