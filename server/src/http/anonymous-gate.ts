import type { ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../errors.js';
import { sendJson } from './http-answers.js';
import { chooseOperation } from './query-admission.js';

/** The only root field an anonymous caller may ask for: a stranger gets nothing but a way to sign in. */
export const ANONYMOUS_ROOT_FIELDS: ReadonlySet<string> = new Set(['login']);

/** The root field names an operation selects, through its fragments. */
export function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition] as const] : [])));
  const names: string[] = [];
  const collect = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet, seen);
      }
    }
  };
  collect(operation.selectionSet, new Set());
  return names;
}

/** The operation a request's query text asks to run (`operationName` picks among several), or undefined when there is none. */
export function requestedOperation(query: unknown, operationName: unknown, maxTokens: number): { document: DocumentNode; operation: OperationDefinitionNode } | undefined {
  if (typeof query !== 'string') return undefined;
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens });
  } catch {
    return undefined;
  }
  const operation = chooseOperation(document, operationName);
  return operation ? { document, operation } : undefined;
}

/** Whether an anonymous caller may send this query text (`operationName` picks among several operations). */
export function anonymousMayRun(query: unknown, operationName: unknown, maxTokens: number): boolean {
  const requested = requestedOperation(query, operationName, maxTokens);
  return !!requested && rootFieldNames(requested.document, requested.operation).every((name) => ANONYMOUS_ROOT_FIELDS.has(name));
}

/**
 * Before GraphQL sees a request of a caller that is not signed in: anything but `login` is refused (false), so a
 * stranger learns nothing from validation or parse messages (which would name types, fields and limits). A
 * batch or a POST that is not JSON goes on: Apollo refuses those itself, with no schema detail.
 */
function anonymousMayPass(params: unknown, method: string, isJson: boolean, maxTokens: number): boolean {
  if (Array.isArray(params) || (method === 'POST' && !isJson)) return true;
  const fields = params as Record<string, unknown> | undefined;
  return !!fields && anonymousMayRun(fields.query, fields.operationName, maxTokens);
}

/** The answer to an anonymous request anonymousMayPass stopped. */
function refuseAnonymous(res: ServerResponse, exposeSqlCount: boolean): void {
  sendJson(res, 401, {
    errors: [{ message: 'Sign in first', extensions: { code: ErrorCode.UNAUTHENTICATED } }],
    ...(exposeSqlCount ? { extensions: { sqlStatements: 0 } } : {}),
  });
}

/** The gate in front of Apollo on the GraphQL route (graphql-route.ts), for POSTs and GETs alike. */
export function anonymousGate(isSignedIn: (req: Request) => boolean, maxTokens: number, exposeSqlCount: boolean) {
  return (req: Request, res: Response, next: NextFunction) => {
    const params: unknown = req.method === 'GET' ? req.query : req.body;
    if (isSignedIn(req) || anonymousMayPass(params, req.method, !!req.is('application/json'), maxTokens)) next();
    else refuseAnonymous(res, exposeSqlCount);
  };
}
