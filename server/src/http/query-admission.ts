import { Kind, parse, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { measureOperation, overLimit, WorkBudgetSpent, type QueryLimits, type QueryMeasure } from './limits.js';

/** Query texts whose parsed documents are kept: what the admin, widgets and scripts send again and again. */
const KEPT_DOCUMENTS = 500;

/** What a GraphQL request asks to run, as it arrives (a POST's JSON body, or a GET's parameters). */
export interface RequestParams {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/**
 * The limits of a query, checked before GraphQL validates it (graphql-js's validation is itself slow on hostile
 * documents: a document of doubling fragments takes it 120 ms) and before any SQL: depth, aliases, directives, the
 * fields once fragments are spread, and the estimated cost. A request the check cannot read (not a string, a syntax
 * error, no such operation) goes on to Apollo, which refuses it with its own message.
 */
export class QueryAdmission {
  private readonly documents = new Map<string, DocumentNode>();
  private readonly measures = new WeakMap<OperationDefinitionNode, QueryMeasure>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: QueryLimits,
    private readonly maxTokens: number,
  ) {}

  /** Why the request is refused (for a signed-in caller: which limit, by how much), or undefined when it may run. */
  refusal(params: RequestParams): string | undefined {
    if (typeof params.query !== 'string') return undefined;
    const document = this.document(params.query);
    if (!document) return undefined;
    const operation = chooseOperation(document, params.operationName);
    if (!operation) return undefined;
    const variables = params.variables && typeof params.variables === 'object' && !Array.isArray(params.variables) ? (params.variables as Record<string, unknown>) : {};
    let measure = this.measures.get(operation);
    if (!measure) {
      try {
        measure = measureOperation(this.schema, document, operation, variables);
      } catch (error) {
        if (error instanceof WorkBudgetSpent) return error.message;
        throw error;
      }
      // A page size from the variables holds for these variables only.
      if (!measure.fromVariables) this.measures.set(operation, measure);
    }
    return overLimit(measure, this.limits);
  }

  /** The parsed document, kept by its text (the oldest forgotten first); undefined when it does not parse. */
  private document(query: string): DocumentNode | undefined {
    const kept = this.documents.get(query);
    if (kept) return kept;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.maxTokens, noLocation: true });
    } catch {
      return undefined;
    }
    if (this.documents.size >= KEPT_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
    this.documents.set(query, document);
    return document;
  }
}

/** The operation GraphQL would run: the one named, or the only one. */
export function chooseOperation(document: DocumentNode, operationName: unknown): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  if (typeof operationName === 'string' && operationName !== '') return operations.find((operation) => operation.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** A GET request's GraphQL parameters, from its query string (`variables` is JSON there); undefined when unreadable. */
export function paramsFromSearch(search: string): RequestParams {
  const found = new URLSearchParams(search);
  let variables: unknown;
  try {
    variables = found.has('variables') ? JSON.parse(found.get('variables')!) : undefined;
  } catch {
    variables = undefined;
  }
  return { query: found.get('query') ?? undefined, operationName: found.get('operationName') ?? undefined, variables };
}
