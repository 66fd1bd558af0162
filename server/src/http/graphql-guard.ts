import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, Kind, visit, type ArgumentNode, type ASTNode, type DocumentNode, type ObjectFieldNode } from 'graphql';
import { BadInputError, databaseError, ErrorCode, graphqlErrorStatus, HTTP_STATUS, toGraphQLError } from '../errors.js';
import { readOnlyWhatIsAsked, type RequestContext } from '../graph/context.js';
import { operationLabel } from '../metrics.js';
import { changesSettled } from '../graph/record-changes.js';
import { selectedFieldsOnce } from '../graph/projection.js';
import { ANONYMOUS_ROOT_FIELDS, rootFieldNames } from './anonymous-gate.js';

/** Where a NUL character (U+0000) stands in the variables, as a field path such as `input.names.en`. */
function nulInVariables(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulInVariables(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulInVariables(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return undefined;
}

const nulsInDocuments = new WeakMap<DocumentNode, { at: string | undefined }>();

/** nulInDocument, kept per document (Apollo hands the same parsed document for the same query text). */
function nulInDocumentOnce(document: DocumentNode): string | undefined {
  let kept = nulsInDocuments.get(document);
  if (!kept) {
    kept = { at: nulInDocument(document) };
    nulsInDocuments.set(document, kept);
  }
  return kept.at;
}

/** Where a NUL character stands in the query's own string literals: the argument and input fields leading to it. */
function nulInDocument(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    StringValue(node, _key, _parent, _path, ancestors) {
      if (!node.value.includes('\u0000')) return undefined;
      found = ancestors
        .filter((ancestor): ancestor is ArgumentNode | ObjectFieldNode => !Array.isArray(ancestor) && ((ancestor as ASTNode).kind === Kind.ARGUMENT || (ancestor as ASTNode).kind === Kind.OBJECT_FIELD))
        .map((ancestor) => ancestor.name.value)
        .join('.');
      return BREAK;
    },
  });
  return found;
}

/** A refusal of the caller's own request, answered with its code's HTTP status (a 4xx), not Apollo's 500. */
function refusal(message: string, code: ErrorCode): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: HTTP_STATUS[code] } } });
}

/**
 * Runs after validation and before any resolver (so before any SQL): anonymous callers may only sign in (the gate
 * in front already let nothing else through; this holds should another path reach Apollo), no subscriptions, no
 * NUL character. The limits were checked before validation (query-admission.ts). When the request ends, the
 * personal data it read is written to the audit trail, and the answer gets the HTTP status its errors call for
 * (graphqlErrorStatus), on whichever path it came.
 */
export function graphqlGuard(exposeSqlCount: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      // Count the statements of the operation itself, not of recognising the caller.
      if (contextValue.sqlCount) contextValue.sqlCount.statements = 0;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue: context }) {
          if (!operation) return;
          if (context.sqlCount) context.sqlCount.operation = operationLabel(operation.name?.value);
          if (!context.viewer && !rootFieldNames(document, operation).every((name) => ANONYMOUS_ROOT_FIELDS.has(name))) {
            throw refusal('Sign in first', ErrorCode.UNAUTHENTICATED);
          }
          if (operation.operation === 'subscription') throw refusal('Subscriptions are not offered: use a query', ErrorCode.BAD_USER_INPUT);
          const nul = nulInVariables(request.variables ?? {}, '') ?? nulInDocumentOnce(document);
          if (nul !== undefined) {
            const error = toGraphQLError(BadInputError.field(nul, 'must not contain the NUL character (U+0000)'));
            throw new GraphQLError(error.message, { originalError: error.originalError, extensions: { ...error.extensions, http: { status: HTTP_STATUS.BAD_USER_INPUT } } });
          }
          // (Apollo hands plugins and resolvers a copy of the context made before this; the loaders are shared.)
          readOnlyWhatIsAsked(context, selectedFieldsOnce(schema, document, operation));
        },
        async willSendResponse({ contextValue: context, response, operation }) {
          // A change is answered once the copies it outdates (widget answers, on every hub) are dropped.
          if (operation?.operation === 'mutation') await changesSettled();
          // What Apollo's cache-control plugin (disabled in app.ts) set: no field has a cache hint.
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
          try {
            await context.personalDataReads.write(() => context.em.fork(), { viewer: context.viewer, requestId: context.requestId });
          } catch (error) {
            // Personal data goes out only with its reading recorded: when the record cannot be written (a read-only
            // or unreachable database) the answer is withheld, and the reason given.
            const refusal = databaseError(error);
            if (!refusal || response.body.kind !== 'single') throw error;
            context.log.warn({ err: error, code: refusal.code }, 'personal data withheld: its reading could not be recorded');
            response.body.singleResult = {
              errors: [
                {
                  message: `${refusal.message} Personal data (passport or ID number, date of birth, phone, email) is shown only when its reading is recorded in the audit trail: ask without those fields.`,
                  extensions: { code: refusal.code, ...refusal.details },
                },
              ],
            };
          }
          if (response.body.kind === 'single') {
            const head = graphqlErrorStatus(response.body.singleResult);
            if (head) {
              response.http.status = head.status;
              if (head.retryAfter !== undefined) response.http.headers.set('retry-after', String(head.retryAfter));
            }
          }
          if (exposeSqlCount && response.body.kind === 'single') {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: context.sqlCount?.statements, readsAtOnce: context.sqlCount?.reads?.most ?? 0 };
          }
        },
      };
    },
  };
}
