import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface QueryLimits {
  depth: number;
  aliases: number;
  cost: number;
  directives: number;
}

export interface QueryMeasure {
  depth: number;
  /** How deep the introspection part goes (GraphiQL's own query needs about a dozen levels). */
  introspectionDepth: number;
  aliases: number;
  cost: number;
  directives: number;
  /** Whether a page size came from the request's variables (then the measure holds for these variables only). */
  fromVariables?: boolean;
}

/** Arguments that say how many items a list field returns. */
const PAGE_ARGUMENTS = new Set(['perPage', 'first']);
const DEFAULT_PAGE = 25;
/** What a list without a page size (a delegation's members, a node's neighbours) is assumed to hold. */
const LIST_FACTOR = 3;
/** Introspection costs no SQL, but its types nest without end; GraphiQL's introspection query stays below this. */
export const INTROSPECTION_DEPTH = 15;

/**
 * Measures an operation before it runs: its depth, aliases, directives and estimated cost, following fragments
 * (with a guard against fragment cycles) so nothing can hide in them. Cost: a scalar costs nothing; a field
 * with a selection costs 1 and its selection costs as many times as the items it returns — its `perPage` or
 * `first`, the page of a list query, or LIST_FACTOR for another list.
 */
export function measureOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measure: QueryMeasure = { depth: 0, introspectionDepth: 0, aliases: 0, cost: 0, directives: operation.directives?.length ?? 0 };

  const pageSize = (args: readonly { name: { value: string }; value: { kind: string } }[] | undefined): number | undefined => {
    for (const argument of args ?? []) {
      if (!PAGE_ARGUMENTS.has(argument.name.value)) continue;
      const value = argument.value as { kind: string; value?: string; name?: { value: string } };
      if (value.kind === Kind.INT) return Math.max(1, Number(value.value));
      if (value.kind === Kind.VARIABLE) measure.fromVariables = true;
      if (value.kind === Kind.VARIABLE) return Math.max(1, Number(variables[value.name!.value] ?? DEFAULT_PAGE));
    }
    return undefined;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();

  /** `paged`: the parent already multiplied by its page size, so its `items` list counts once. */
  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType | null | undefined, depth: number, introspection: number, paged: boolean, visiting: Set<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      measure.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) measure.aliases += 1;
        const name = selection.name.value;
        if (name === '__typename') continue;
        const inIntrospection = introspection > 0 || name.startsWith('__');
        if (inIntrospection) measure.introspectionDepth = Math.max(measure.introspectionDepth, introspection);
        else measure.depth = Math.max(measure.depth, depth);
        if (!selection.selectionSet) continue;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
        const type = field ? getNamedType(field.type) : undefined;
        const page = pageSize(selection.arguments as never);
        const list = field ? isListType(getNullableType(field.type)) : false;
        const times = page ?? (list && !(paged && name === 'items') ? LIST_FACTOR : 1);
        const children = walk(selection.selectionSet, type as GraphQLCompositeType | undefined, depth + 1, inIntrospection ? introspection + 1 : 0, page !== undefined, visiting);
        if (!inIntrospection) cost += 1 + times * children;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType) : parent;
        cost += walk(selection.selectionSet, type, depth, introspection, paged, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        measure.directives += fragment.directives?.length ?? 0;
        cost += walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType, depth, introspection, paged, visiting);
        visiting.delete(name);
      }
      if (cost > 1e9) return cost;
    }
    return cost;
  };
  // Depth as graphql-depth-limit counts it: root fields are at 0, so `{ a { b } }` is 1 deep.
  measure.cost = walk(operation.selectionSet, root, 0, 0, false, new Set());
  return measure;
}

const measures = new WeakMap<OperationDefinitionNode, QueryMeasure>();

/**
 * measureOperation, kept per operation: Apollo keeps parsed documents by their text, so a query sent again is the
 * same operation object, and its measure is reused unless a page size came from the variables.
 */
export function measureOperationOnce(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): QueryMeasure {
  const kept = measures.get(operation);
  if (kept) return kept;
  const measure = measureOperation(schema, document, operation, variables);
  if (!measure.fromVariables) measures.set(operation, measure);
  return measure;
}

/** The first limit the operation goes over, described for a signed-in caller. */
export function overLimit(measure: QueryMeasure, limits: QueryLimits): string | undefined {
  if (measure.depth > limits.depth) return `the query is ${measure.depth} levels deep; the limit is ${limits.depth}`;
  if (measure.introspectionDepth > INTROSPECTION_DEPTH) return `the introspection is ${measure.introspectionDepth} levels deep; the limit is ${INTROSPECTION_DEPTH}`;
  if (measure.aliases > limits.aliases) return `the query has ${measure.aliases} aliases; the limit is ${limits.aliases}`;
  if (measure.directives > limits.directives) return `the query has ${measure.directives} directives; the limit is ${limits.directives}`;
  if (measure.cost > limits.cost) return `the query's estimated cost is ${measure.cost}; the limit is ${limits.cost}`;
  return undefined;
}
