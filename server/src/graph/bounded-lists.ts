import { GraphQLInt, GraphQLNonNull, type GraphQLArgument, type GraphQLResolveInfo, type ResponsePath } from 'graphql';
import { Arg, Int } from 'type-graphql';
import { BadInputError, DomainError, ErrorCode } from '../errors.js';

/**
 * Every list of a record that is not a page (a delegation's members, a node's neighbours, relationships and
 * history) answers at most `first` items, `FIRST_DEFAULT` when not given: without a bound, six levels of
 * `neighbours` from one city read millions of records into the hub. The loaders read at most `first + 1` items of
 * each parent (the one more tells that the list was cut), and a request reads at most AMITY_MAX_RECORDS records
 * in all (AnswerBounds).
 */
export const FIRST_DEFAULT = 50;
export const FIRST_MAX = 500;

/** The description of `first` on every such list. */
const FIRST_DESCRIPTION = `How many items at most, from 1 to ${FIRST_MAX}; when the list holds more, the answer's extensions.truncated names it`;

/** The `first` argument of a list field declared by a type-graphql resolver. */
export function FirstArg(): ReturnType<typeof Arg> {
  return Arg('first', () => Int, { defaultValue: FIRST_DEFAULT, description: FIRST_DESCRIPTION });
}

/** The `first` argument given to a list field of the built schema (the relation fields, schema-adjustments.ts). */
export function firstArgument(): GraphQLArgument {
  return { name: 'first', description: FIRST_DESCRIPTION, type: new GraphQLNonNull(GraphQLInt), defaultValue: FIRST_DEFAULT, deprecationReason: undefined, extensions: {}, astNode: undefined };
}

/** `first` as given, once checked: from 1 to FIRST_MAX. */
export function checkedFirst(first: unknown): number {
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > FIRST_MAX) {
    throw BadInputError.field('first', `must be from 1 to ${FIRST_MAX}`);
  }
  return first;
}

/** A list answered with fewer items than it holds: where in the answer, and how many it gave. */
export interface Cut {
  path: Array<string | number>;
  first: number;
}

/** The most cut lists an answer names; past them it gives their number (`truncatedMore`). */
export const CUTS_NAMED = 100;

/** The most records a request may read, set once at start (app.ts); the default until then. */
const budget = { maxRecords: 20_000 };

export function configureRecordBudget(maxRecords: number): void {
  budget.maxRecords = maxRecords;
}

/**
 * What one request has read and cut: the records read so far and the items its lists answered, each against
 * AMITY_MAX_RECORDS, and the lists answered short. Records read are counted as their statements return, and each
 * statement reads at most what is left of the budget (and one more), so no statement brings the hub more than the
 * budget. Items answered are counted apart: a record read once may stand in the answer many times (six levels of
 * neighbours meet the same nodes again and again), and the answer is built in the hub's memory too. Kept by the
 * request's loaders, which Apollo's copies of the context share.
 */
export class AnswerBounds {
  readonly maxRecords = budget.maxRecords;
  private records = 0;
  private items = 0;
  /** Set once the request has read more than it may: everything after is refused, and so is the whole answer. */
  exceeded = false;
  readonly cuts: Cut[] = [];
  cutsLeftOff = 0;

  /**
   * The most rows the next statement may bring: what is left of the budget and one more, which tells that the
   * budget was passed without reading further. Refuses at once when it is spent.
   */
  rowLimit(): number {
    return Math.max(0, this.maxRecords - this.records) + 1;
  }

  /** Counts records read; refuses once they are more than the request may read. */
  read(count: number): void {
    this.records += count;
    if (this.records > this.maxRecords) this.refuse();
  }

  /** Counts items answered in lists; refuses once they are more than an answer may hold. */
  answer(count: number): void {
    this.items += count;
    if (this.items > this.maxRecords) this.refuse();
  }

  /**
   * Refuses the field that passed the budget. The fields resolved after it find `exceeded` set and answer nothing at
   * once, without SQL (the loaders, firstOf): the answer is replaced by the refusal anyway, and a refusal for each
   * of them (tens of thousands of items six levels down) would cost more than the answer they stand for.
   */
  private refuse(): void {
    if (this.exceeded) return;
    this.exceeded = true;
    throw this.refusal();
  }

  /** Counts the items of a list page, read and answered. */
  paged(count: number): void {
    this.read(count);
    this.answer(count);
  }


  refusal(): DomainError {
    return new DomainError(
      ErrorCode.QUERY_TOO_COMPLEX,
      `Query too complex: the answer would hold more than ${this.maxRecords} records (AMITY_MAX_RECORDS); ask for fewer (a smaller first or perPage, fewer levels of lists)`,
      { maxRecords: this.maxRecords },
    );
  }

  /** The first `first` of a list's items, noting the list as cut when it had more. */
  firstOf<T>(items: readonly T[], first: number, path: ResponsePath): T[] {
    if (this.exceeded) return [];
    if (items.length <= first) {
      this.answer(items.length);
      return items as T[];
    }
    this.answer(first);
    if (this.cuts.length < CUTS_NAMED) this.cuts.push({ path: responsePath(path), first });
    else this.cutsLeftOff += 1;
    return items.slice(0, first);
  }

  /** The records read and the list items answered so far (for tests and benchmarks: AMITY_EXPOSE_SQL_COUNT). */
  counts(): { read: number; answered: number } {
    return { read: this.records, answered: this.items };
  }

  /** What the answer's extensions say of the cut lists, if any. */
  extensions(): Record<string, unknown> | undefined {
    if (this.cuts.length === 0) return undefined;
    return { truncated: this.cuts, ...(this.cutsLeftOff > 0 ? { truncatedMore: this.cutsLeftOff } : {}) };
  }
}

/** A field's place in the answer as a list of keys and indexes (graphql-js's and graphql-jit's paths alike). */
function responsePath(path: ResponsePath | undefined): Array<string | number> {
  const keys: Array<string | number> = [];
  for (let at = path; at; at = at.prev) keys.push(at.key);
  return keys.reverse();
}

/** The list a resolver answers, at most `first` of the items read (at most `first + 1`), cut lists noted. */
export function boundedList<T>(items: readonly T[] | Promise<readonly T[]>, first: number, info: Pick<GraphQLResolveInfo, 'path'>, bounds: AnswerBounds): T[] | Promise<T[]> {
  return items instanceof Promise ? items.then((read) => bounds.firstOf(read, first, info.path)) : bounds.firstOf(items, first, info.path);
}
