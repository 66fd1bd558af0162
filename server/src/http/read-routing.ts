import type { NextFunction, Request, Response } from 'express';
import { OperationTypeNode } from 'graphql';
import { readFromReplica } from '../db/read-replicas.js';
import { requestedOperation } from './anonymous-gate.js';

/*
 * With read replicas, a request that only reads runs its reads on a replica; every other request (a mutation,
 * an import, a sign-in) runs wholly on the primary, so that what it answers includes its own writes.
 */

/** GET and HEAD only read (widgets, exports, reports, GraphQL queries sent as GET). */
export function replicaReadsForGets(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') readFromReplica(next);
  else next();
}

/** A GraphQL POST whose operation is a query only reads; mount after the JSON body is parsed. */
export function replicaReadsForQueries(maxTokens: number) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const body = req.body as Record<string, unknown> | undefined;
    const requested = req.method === 'POST' && body && !Array.isArray(body) ? requestedOperation(body.query, body.operationName, maxTokens) : undefined;
    if (requested?.operation.operation === OperationTypeNode.QUERY) readFromReplica(next);
    else next();
  };
}
