import type { Collection } from '@mikro-orm/postgresql';
import type { RecordApiTypes } from '../../graph/api-types.js';
import type { RecordEntity } from '../../graph/record.entity.js';
import type { Input } from './rows.js';

/** The input fields an update changes, as they stand now: what an undo puts back. */
export async function fieldsBefore(record: RecordEntity, input: Input, api: Pick<RecordApiTypes, 'fields'>): Promise<Input> {
  const writable = record as unknown as Record<string, unknown>;
  const before: Input = {};
  for (const field of api.fields) {
    if (field.kind === 'embedded' && field.name in input) {
      const current = (writable[field.name] ?? {}) as Input;
      before[field.name] = Object.fromEntries(Object.keys(input[field.name] as Input).map((key) => [key, current[key] ?? null]));
    } else if (field.kind === 'scalar' && field.name in input) {
      const value = writable[field.name];
      before[field.name] = Array.isArray(value) ? [...(value as unknown[])] : (value ?? null);
    } else if (field.kind === 'reference' && field.inputName in input) {
      before[field.inputName] = (writable[field.name] as { id?: string } | null | undefined)?.id ?? null;
    } else if (field.kind === 'links' && field.inputName in input) {
      const collection = writable[field.name] as Collection<RecordEntity>;
      if (!collection.isInitialized()) await collection.init();
      before[field.inputName] = collection.getItems().map((item) => item.id);
    }
  }
  return before;
}

/** A value as compared for "does the row change it": empty and absent alike, numbers as numbers, keys in order. */
function comparable(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (Array.isArray(value)) return value.map(comparable);
  if (typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((key) => [key, comparable((value as Input)[key])]));
  return value;
}

/** The input fields (a name as names.zh) whose values differ from the record's now. */
export function changedFields(before: Input, input: Input): string[] {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(input)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const current = (before[key] ?? {}) as Input;
      for (const [part, given] of Object.entries(value as Input)) if (JSON.stringify(comparable(given)) !== JSON.stringify(comparable(current[part]))) changed.push(`${key}.${part}`);
    } else if (JSON.stringify(comparable(value)) !== JSON.stringify(comparable(before[key]))) changed.push(key);
  }
  return changed;
}
