import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  execute,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isAbstractType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/** One operation to run: a parsed and validated document, the operation's name and the request's variables. */
export interface Operation {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  context: unknown;
}

/**
 * graphql-jit's error as graphql-js's own: Apollo and formatError read `extensions`, which graphql-jit leaves
 * undefined when the cause has none, and find the cause (a DomainError) under `originalError`.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const own = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  // Where in the query: graphql-jit gives the locations themselves, graphql-js computes them from AST nodes.
  (own as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return own;
}

/**
 * The most fields graphql-jit may compile for one operation (compiledFieldsPast); past it graphql-js runs it.
 * Compiling costs about 0.1 ms a field on the benchmark machine, once per query text; the benchmark's queries
 * have 5 to 70; three levels of fragments on Node (`neighbours { ...F }`) already have 5,341.
 */
const MOST_COMPILED_FIELDS = 500;

/** The introspection fields of the query type, which its type does not list. */
const META_FIELDS: Record<string, GraphQLField<unknown, unknown>> = { __schema: SchemaMetaFieldDef, __type: TypeMetaFieldDef };

/**
 * Whether graphql-jit would compile more than `most` fields for an operation. It compiles a selection once for
 * every object type it may meet there, so a selection on an interface with twelve types counts twelve times and
 * nested interfaces multiply: eight levels of `neighbours` on Node, within the depth limit, would be 12^8 fields
 * and hold the hub for minutes. The count stops once past `most`, so it stays cheap whatever the operation.
 * Fragments count for every type, whatever their condition: a bound from above.
 */
export function compiledFieldsPast(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, most: number): boolean {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition.selectionSet);
  let count = 0;
  const visit = (set: SelectionSetNode, type: GraphQLObjectType): void => {
    for (const selection of set.selections) {
      if (count > most) return;
      if (selection.kind === Kind.FIELD) {
        count += 1;
        const field = type.getFields()[selection.name.value] ?? META_FIELDS[selection.name.value];
        if (selection.selectionSet && field) visitAll(selection.selectionSet, getNamedType(field.type));
      } else {
        const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value);
        if (inner) visit(inner, type);
      }
    }
  };
  const visitAll = (set: SelectionSetNode, type: GraphQLNamedType): void => {
    if (isObjectType(type)) visit(set, type);
    else if (isAbstractType(type)) for (const possible of schema.getPossibleTypes(type)) visit(set, possible);
  };
  const root = schema.getRootType(operation.operation);
  if (root) visit(operation.selectionSet, root);
  return count > most;
}

/** How an operation runs: compiled, or by graphql-js's `execute`. */
type Plan = CompiledQuery | 'graphql-js';

/**
 * Runs GraphQL queries as functions compiled for each of them (graphql-jit) instead of walking the query for
 * every value of every answer (graphql-js `execute`). graphql-js builds a resolve-info object, a path and a
 * promise check for each field of each record, which for a page of fifty records was a third of the hub's time;
 * a compiled query reads a plain field as a property and builds the resolve info only for the resolvers that
 * take it. The answers are the same (the API tests run through it), errors included.
 *
 * graphql-js still runs:
 * - mutations: after a root field fails with a non-null type, graphql-js runs none of the fields after it, while
 *   graphql-jit runs them all (writes whose answers are then thrown away);
 * - an operation whose variables are refused, so that the error says what graphql-js says, which formatError and
 *   the admin read (`Variable "$input" got invalid value … at "input.startDate"; …`); it too runs nothing then;
 * - an operation graphql-jit cannot compile, which graphql-js then answers or refuses;
 * - an operation whose compiled code would be too large (compiledFieldsPast).
 *
 * A query is compiled the first time its parsed document is run: Apollo hands the same document for the same
 * query text (its document cache), and the widgets' persisted operations are parsed once.
 */
export class CompiledExecution {
  private readonly plans = new WeakMap<DocumentNode, Map<string, Plan>>();

  /**
   * With `sayExecutor` (AMITY_EXPOSE_SQL_COUNT), every answer says which ran its operation in
   * `extensions.executedBy`, `graphql-jit` or `graphql-js`: the tests' proof that Apollo runs operations here.
   */
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: { sayExecutor?: boolean } = {},
  ) {}

  async run(operation: Operation): Promise<ExecutionResult> {
    const { result, executedBy } = await this.execute(operation);
    return this.options.sayExecutor ? { ...result, extensions: { ...result.extensions, executedBy } } : result;
  }

  private async execute({ document, operationName, variables, context }: Operation): Promise<{ result: ExecutionResult; executedBy: 'graphql-jit' | 'graphql-js' }> {
    const plan = this.plan(document, operationName ?? undefined);
    const byGraphqlJs = async () => ({ result: await execute({ schema: this.schema, document, operationName, variableValues: variables, contextValue: context }), executedBy: 'graphql-js' as const });
    if (plan === 'graphql-js') return byGraphqlJs();
    const result = await plan.query(undefined, context, variables ?? {});
    if (!('data' in result)) return byGraphqlJs();
    return { result: result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result, executedBy: 'graphql-jit' };
  }

  private plan(document: DocumentNode, operationName: string | undefined): Plan {
    let byName = this.plans.get(document);
    if (!byName) {
      byName = new Map();
      this.plans.set(document, byName);
    }
    let plan = byName.get(operationName ?? '');
    if (!plan) {
      plan = 'graphql-js';
      const operation = getOperationAST(document, operationName);
      if (operation?.operation === 'query' && !compiledFieldsPast(this.schema, document, operation, MOST_COMPILED_FIELDS)) {
        try {
          const compiled = compileQuery(this.schema, document, operationName, { disablingCapturingStackErrors: true });
          if (isCompiledQuery(compiled)) plan = compiled;
        } catch {
          // graphql-js answers it.
        }
      }
      byName.set(operationName ?? '', plan);
    }
    return plan;
  }

  /**
   * Apollo Server's hook for another executor (its "gateway" interface, made for federation): the schema as given,
   * and every operation run by `run`. Apollo still parses, validates and runs its plugins as before.
   *
   * A seam with Apollo: it relies on Apollo Server 5 calling `onSchemaLoadOrUpdate` then `load` at `start()`, and the
   * executor with `document`, `operationName`, `request.variables` and `context`. An Apollo that drops or changes
   * the gateway option fails the typecheck here, or test/api/execution.test.ts (each answer says what ran it,
   * `sayExecutor`); a graphql-jit whose answers drift from graphql-js's fails test/unit/compiled-execution.test.ts.
   */
  apolloGateway(): ApolloServerOptionsWithGateway<BaseContext>['gateway'] {
    let announce: ((schemaContext: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
    return {
      onSchemaLoadOrUpdate: (callback) => {
        announce = callback;
        return () => {
          announce = undefined;
        };
      },
      load: async () => {
        announce?.({ apiSchema: this.schema, coreSupergraphSdl: '' });
        return {
          executor: (request) => this.run({ document: request.document, operationName: request.operationName, variables: request.request.variables, context: request.context }),
        };
      },
      stop: async () => {},
    };
  }
}
