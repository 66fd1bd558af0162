import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface QueryLimits {
  depth: number;
  aliases: number;
  cost: number;
  directives: number;
}

export interface QueryMeasure {
  depth: number;
  aliases: number;
  cost: number;
  directives: number;
}

/** List arguments that multiply what a field's selection costs. */
const PAGE_ARGUMENTS = new Set(['perPage', 'first']);
const DEFAULT_PAGE = 25;

/**
 * Measures an operation before it runs: its depth, aliases, directives and estimated cost (each field with a
 * selection 1, times the page size a list asks for), following fragments — with a guard against fragment cycles — so nothing can
 * hide in them.
 */
export function measureOperation(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measure: QueryMeasure = { depth: 0, aliases: 0, cost: 0, directives: operation.directives?.length ?? 0 };

  const pageSize = (args: readonly { name: { value: string }; value: { kind: string } }[] | undefined): number => {
    for (const argument of args ?? []) {
      if (!PAGE_ARGUMENTS.has(argument.name.value)) continue;
      const value = argument.value as { kind: string; value?: string; name?: { value: string } };
      if (value.kind === Kind.INT) return Math.max(1, Number(value.value));
      if (value.kind === Kind.VARIABLE) return Math.max(1, Number(variables[value.name!.value] ?? DEFAULT_PAGE));
    }
    return 1;
  };

  const walk = (selectionSet: SelectionSetNode, depth: number, visiting: Set<string>): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      measure.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) measure.aliases += 1;
        if (selection.name.value.startsWith('__')) continue;
        measure.depth = Math.max(measure.depth, depth);
        // A scalar costs nothing; a field with a selection (a record, a list, a page) costs one, and its
        // selection costs as many times as the page it asks for.
        if (selection.selectionSet) cost += 1 + pageSize(selection.arguments as never) * walk(selection.selectionSet, depth + 1, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        cost += walk(selection.selectionSet, depth, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        measure.directives += fragment.directives?.length ?? 0;
        cost += walk(fragment.selectionSet, depth, visiting);
        visiting.delete(name);
      }
      if (cost > 1e9) return cost;
    }
    return cost;
  };
  // Depth as graphql-depth-limit counts it: root fields are at 0, so `{ a { b } }` is 1 deep.
  measure.cost = walk(operation.selectionSet, 0, new Set());
  return measure;
}

/** The first limit the operation goes over, described for a signed-in caller. */
export function overLimit(measure: QueryMeasure, limits: QueryLimits): string | undefined {
  if (measure.depth > limits.depth) return `the query is ${measure.depth} levels deep; the limit is ${limits.depth}`;
  if (measure.aliases > limits.aliases) return `the query has ${measure.aliases} aliases; the limit is ${limits.aliases}`;
  if (measure.directives > limits.directives) return `the query has ${measure.directives} directives; the limit is ${limits.directives}`;
  if (measure.cost > limits.cost) return `the query's estimated cost is ${measure.cost}; the limit is ${limits.cost}`;
  return undefined;
}
