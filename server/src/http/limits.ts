import {
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { MAX_PER_PAGE } from '../graph/list.js';

export interface QueryLimits {
  depth: number;
  aliases: number;
  cost: number;
  directives: number;
  /** Fields in the operation once its fragments are spread: bounds the work of validating and planning it. */
  fields: number;
}

/**
 * How often one field (one response name) may stand in one selection set: graphql-js's validation compares every
 * pair of such fields, so 250 copies of `cities { total }` take it 120 ms; no query that means something repeats a
 * field so often.
 */
export const MAX_REPEATS = 50;

export interface QueryMeasure {
  depth: number;
  /** How deep the introspection part goes (GraphiQL's own query needs about a dozen levels). */
  introspectionDepth: number;
  aliases: number;
  cost: number;
  directives: number;
  fields: number;
  /** The most often one response name stands in one selection set once fragments are merged. */
  repeats: number;
  /** The lists that multiply the cost most, outermost first, as `field × items` (to say what would fit). */
  multipliers: string[];
  /** Whether a page size came from the request's variables (then the measure holds for these variables only). */
  fromVariables: boolean;
}

/** Arguments that say how many items a list field returns. */
const PAGE_ARGUMENTS = ['perPage', 'first'] as const;
/**
 * No list answers more than a page's maximum: a larger `perPage` or `first` is refused as bad input by its field
 * (which names the maximum), so it is costed as that maximum here rather than refused as too complex.
 */
const MAX_ITEMS = MAX_PER_PAGE;
/**
 * What a list with no argument bounding it is assumed to hold. Such lists are those the hub caps itself (a
 * neighbourhood's nodes, a path's steps, an annual report's named lists); every list a caller could make long has
 * a `first` or `perPage` argument, and is costed by it.
 */
const CAPPED_LIST_FACTOR = 3;
/** Introspection costs no SQL, but its types nest without end; GraphiQL's introspection query stays below this. */
export const INTROSPECTION_DEPTH = 15;
/** No count is carried past this: a document of 2,000 tokens can describe 2^190 fields, which no float holds exactly. */
const CEILING = 1e15;
/**
 * Selection sets measured per operation, at most: each fragment is measured once per way it is used (below a page or
 * not, inside introspection or not), so a document cannot cost more than four times its own size; this budget is the
 * backstop should that ever change.
 */
const WORK_BUDGET = 20_000;

const capped = (value: number) => Math.min(value, CEILING);

/** The lists that multiply a cost, outermost first, as a chain (shared, not copied, from one level to the next). */
interface Multiplier {
  list: string;
  next: Multiplier | undefined;
}

/** What a selection set adds up to; depths are relative to the set's own level. */
interface Tally {
  cost: number;
  depth: number;
  introspectionDepth: number;
  aliases: number;
  directives: number;
  fields: number;
  /** How often each response name stands in the set itself, its fragments' fields merged in. */
  names: Map<string, number>;
  /** The most often one response name stands in one selection set, here or below. */
  repeats: number;
  multipliers: Multiplier | undefined;
}

const emptyTally = (): Tally => ({ cost: 0, depth: -1, introspectionDepth: -1, aliases: 0, directives: 0, fields: 0, names: new Map(), repeats: 0, multipliers: undefined });

export class WorkBudgetSpent extends Error {
  constructor() {
    super('the query is too complex to measure');
  }
}

/**
 * Measures an operation before it is validated or run: its depth, aliases, directives, fields and estimated cost,
 * following fragments so nothing can hide in them. Time is linear in the document: a fragment spread many times is
 * measured once and its tally multiplied, so a document that doubles its fragments at every level is measured as fast
 * as it is read, and refused by its counts.
 *
 * Cost counts the objects the answer can hold at most: a scalar costs nothing; an object field costs 1 and its
 * selection; a list costs, for each item it can return, 1 and the item's selection; a page (`perPage`) costs 1 and
 * its selection as many times as the page holds. How many items: the `first` or `perPage` given, or the argument's
 * default (the most the field answers without one), the page of a list query for its `items`, the `maxItems` a field
 * declares in its extensions (lists the hub caps itself), or CAPPED_LIST_FACTOR.
 */
export function measureOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION && !fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
  }
  let fromVariables = false;
  let work = 0;
  const measured = new Map<string, Tally>();
  const visiting = new Set<string>();

  /** How many items a field can return, when an argument bounds it. */
  const pageSize = (selection: FieldNode, field: GraphQLField<unknown, unknown> | undefined): number | undefined => {
    for (const name of PAGE_ARGUMENTS) {
      const given = selection.arguments?.find((argument) => argument.name.value === name);
      const declared = field?.args.find((argument) => argument.name === name);
      if (!given && !declared) continue;
      if (given?.value.kind === Kind.VARIABLE) fromVariables = true;
      const value = given && declared ? valueFromAST(given.value, declared.type, variables) : given?.value.kind === Kind.INT ? Number(given.value.value) : undefined;
      const size = typeof value === 'number' ? value : typeof declared?.defaultValue === 'number' ? declared.defaultValue : undefined;
      if (size !== undefined) return Math.min(MAX_ITEMS, Math.max(1, size));
    }
    return undefined;
  };

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType | null | undefined, inIntrospection: boolean, paged: boolean): Tally => {
    if ((work += 1) > WORK_BUDGET) throw new WorkBudgetSpent();
    const tally = emptyTally();
    const named = (name: string, times: number) => tally.names.set(name, capped((tally.names.get(name) ?? 0) + times));
    /** Counts that add up however deep they stand (fields, aliases, directives), `times` over. */
    const addCounts = (part: Tally) => {
      tally.aliases = capped(tally.aliases + part.aliases);
      tally.directives = capped(tally.directives + part.directives);
      tally.fields = capped(tally.fields + part.fields);
      tally.repeats = Math.max(tally.repeats, part.repeats);
    };
    /** The most expensive field's multipliers stand for the set's. */
    let heaviest = 0;
    const addCost = (cost: number, multipliers: Multiplier | undefined) => {
      tally.cost = capped(tally.cost + cost);
      if (cost > heaviest) [heaviest, tally.multipliers] = [cost, multipliers];
    };
    /** A fragment's or inline fragment's tally: its fields stand at this set's level. */
    const addSpread = (part: Tally) => {
      addCounts(part);
      for (const [name, times] of part.names) named(name, times);
      addCost(part.cost, part.multipliers);
      tally.depth = Math.max(tally.depth, part.depth);
      tally.introspectionDepth = Math.max(tally.introspectionDepth, part.introspectionDepth);
    };
    for (const selection of selectionSet.selections) {
      tally.directives = capped(tally.directives + (selection.directives?.length ?? 0));
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
        addSpread(walk(selection.selectionSet, type, inIntrospection, paged));
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        addSpread(measureFragment(selection.name.value, inIntrospection, paged));
        continue;
      }
      tally.fields = capped(tally.fields + 1);
      if (selection.alias) tally.aliases = capped(tally.aliases + 1);
      named(selection.alias?.value ?? selection.name.value, 1);
      const name = selection.name.value;
      if (name === '__typename') continue;
      const introspection = inIntrospection || name.startsWith('__');
      if (introspection) tally.introspectionDepth = Math.max(tally.introspectionDepth, 0);
      else tally.depth = Math.max(tally.depth, 0);
      if (!selection.selectionSet) continue;
      const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
      const page = pageSize(selection, field);
      const list = field ? isListType(getNullableType(field.type)) : false;
      const declaredCap = field?.extensions?.maxItems;
      const times = page ?? (list && !(paged && name === 'items') ? (typeof declaredCap === 'number' ? declaredCap : CAPPED_LIST_FACTOR) : 1);
      const children = walk(selection.selectionSet, field ? (getNamedType(field.type) as GraphQLCompositeType) : undefined, introspection, page !== undefined);
      addCounts(children);
      if (children.introspectionDepth >= 0) tally.introspectionDepth = Math.max(tally.introspectionDepth, children.introspectionDepth + 1);
      // Introspection runs no SQL: its depth is bounded, its cost is not counted.
      if (introspection) continue;
      if (children.depth >= 0) tally.depth = Math.max(tally.depth, children.depth + 1);
      // A page (`perPage`) is one object holding its items; a list is its items, each an object.
      const cost = page !== undefined && !list ? 1 + times * children.cost : times * (1 + children.cost);
      addCost(capped(cost), times > 1 ? { list: `${name} × ${times}`, next: children.multipliers } : children.multipliers);
    }
    for (const times of tally.names.values()) tally.repeats = Math.max(tally.repeats, times);
    return tally;
  };

  /** A fragment's tally, measured once per way it is used. A cycle or an unknown name adds nothing: validation refuses those. */
  const measureFragment = (name: string, inIntrospection: boolean, paged: boolean): Tally => {
    const key = `${name}|${inIntrospection ? 1 : 0}|${paged ? 1 : 0}`;
    const kept = measured.get(key);
    if (kept) return kept;
    const fragment = fragments.get(name);
    if (!fragment || visiting.has(name)) return emptyTally();
    visiting.add(name);
    const tally = walk(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined, inIntrospection, paged);
    tally.directives = capped(tally.directives + (fragment.directives?.length ?? 0));
    visiting.delete(name);
    measured.set(key, tally);
    return tally;
  };

  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  const tally = walk(operation.selectionSet, root, false, false);
  // Depth as graphql-depth-limit counts it: root fields are at 0, so `{ a { b } }` is 1 deep.
  return {
    depth: Math.max(0, tally.depth),
    introspectionDepth: Math.max(0, tally.introspectionDepth),
    aliases: tally.aliases,
    cost: tally.cost,
    directives: tally.directives + (operation.directives?.length ?? 0),
    fields: tally.fields,
    repeats: tally.repeats,
    multipliers: chain(tally.multipliers),
    fromVariables,
  };
}

function chain(multiplier: Multiplier | undefined): string[] {
  const lists: string[] = [];
  for (let link = multiplier; link; link = link.next) lists.push(link.list);
  return lists;
}

/** The first limit the operation goes over, described for a signed-in caller. */
export function overLimit(measure: QueryMeasure, limits: QueryLimits): string | undefined {
  if (measure.fields > limits.fields) return `the query asks for ${count(measure.fields)} fields once its fragments are spread; the limit is ${limits.fields}`;
  if (measure.repeats > MAX_REPEATS) return `one field stands ${count(measure.repeats)} times in one selection once its fragments are spread; the limit is ${MAX_REPEATS}`;
  if (measure.depth > limits.depth) return `the query is ${measure.depth} levels deep; the limit is ${limits.depth}`;
  if (measure.introspectionDepth > INTROSPECTION_DEPTH) return `the introspection is ${measure.introspectionDepth} levels deep; the limit is ${INTROSPECTION_DEPTH}`;
  if (measure.aliases > limits.aliases) return `the query has ${count(measure.aliases)} aliases; the limit is ${limits.aliases}`;
  if (measure.directives > limits.directives) return `the query has ${count(measure.directives)} directives; the limit is ${limits.directives}`;
  if (measure.cost > limits.cost) {
    const lists = measure.multipliers.length > 0 ? ` The lists that multiply it: ${measure.multipliers.join(', then ')}; ask for fewer items (\`first\`, \`perPage\`) or fewer nested lists.` : '';
    return `the query's estimated cost is ${count(measure.cost)}; the limit is ${limits.cost}.${lists}`;
  }
  return undefined;
}

const count = (value: number) => (value >= CEILING ? 'more than 10^15' : String(value));
