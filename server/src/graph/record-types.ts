import type { EntityManager } from '@mikro-orm/postgresql';
import type { FieldProblem } from '../errors.js';
import type { HistoryRules } from './history.js';
import { NodeEntity, type RecordEntity } from './record.entity.js';

/** What a type adds to the generic rules: checks and derived fields, run after the input is applied. */
export interface TypeRules<T> {
  /** Fields the server derives; they are readable but not part of the input types. */
  derived?: readonly string[];
  /** Fill derived fields (and defaults such as a name made from other fields) before validation. */
  derive?(record: T, em: EntityManager): void | Promise<void>;
  /** Problems with the record as it would be saved; each names its input field. */
  check?(record: T, em: EntityManager): FieldProblem[] | Promise<FieldProblem[]>;
  /** How records stood on an earlier date: gives the type's one and list queries an `asOf` argument. */
  history?: HistoryRules<T>;
}

export interface RecordType<T extends RecordEntity = RecordEntity> {
  entity: new () => T;
  /** GraphQL type name, e.g. City */
  name: string;
  /** Root field for one record, e.g. city */
  singular: string;
  /** Root field for the list, e.g. cities */
  plural: string;
  rules: TypeRules<T>;
  /** Unique text fields a reference may also name the record by, e.g. a country by its code. */
  naturalKey?: string;
}

export function recordType<T extends RecordEntity>(entity: new () => T, singular: string, plural: string, rules: TypeRules<T> = {}, naturalKey?: string): RecordType<T> {
  return { entity, name: entity.name, singular, plural, rules, naturalKey };
}

/*
 * The generic core serves record types it does not know by name: the concrete types sit above it (nodes/) and
 * register themselves as their registry loads (nodes/registry.ts); a test may register a type of its own after
 * them. The core reads them only when it serves a request or builds the schema, never while its own modules load.
 */
const registered: RecordType[] = [];

/** Adds `types` to the record types of the API, after those registered before, in the order they are listed. */
export function registerRecordTypes<T extends readonly RecordType[]>(types: T): T {
  for (const type of types) {
    if (registered.some((other) => other.name === type.name)) throw new Error(`The record type ${type.name} is registered twice`);
    registered.push(type);
  }
  return types;
}

/** Every record type of the API, as the registry of types gave them. */
export function recordTypes(): readonly RecordType[] {
  if (registered.length === 0) throw new Error('No record types are registered: load nodes/registry.js before serving records');
  return registered;
}

/** The record types whose records are nodes of the graph. */
export function nodeTypes(): readonly RecordType[] {
  return recordTypes().filter((type) => type.entity.prototype instanceof NodeEntity);
}

export function recordTypeByName(name: string): RecordType | undefined {
  return recordTypes().find((type) => type.name === name);
}

/** The record type whose entity is `entity`, if it is one. */
export function recordTypeOfEntity(entity: Function | undefined): RecordType | undefined {
  return entity ? recordTypes().find((type) => type.entity === entity) : undefined;
}
