import { Collection, type EntityManager } from '@mikro-orm/postgresql';
import { validate } from 'class-validator';
import type { FieldProblem } from '../errors.js';
import type { RecordField } from './fields.js';
import { isRecordId } from './ids.js';
import { hasAnyName, Names, pinyinOf } from './names.js';
import { NodeRecord } from './node-record.entity.js';
import { NodeEntity } from './record.entity.js';


type Input = Record<string, unknown>;
type Writable = Record<string, unknown>;

/** References an input names, collected so each target type is checked in one query. */
class ReferenceCheck {
  private readonly wanted = new Map<Function, Map<string, string[]>>();

  add(target: Function, id: string, field: string): void {
    const byId = this.wanted.get(target) ?? new Map<string, string[]>();
    byId.set(id, [...(byId.get(id) ?? []), field]);
    this.wanted.set(target, byId);
  }

  async missing(em: EntityManager): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = [];
    for (const [target, byId] of this.wanted) {
      // Plain rows, not entities: a partly loaded entity left in the identity map would later pass for a loaded one.
      const found: Array<{ id: string }> = await em
        .createQueryBuilder(target as never)
        .select('id' as never)
        .where({ id: { $in: [...byId.keys()] } } as never)
        .execute('all');
      const foundIds = new Set(found.map((record) => record.id));
      const label = target === NodeRecord ? 'node' : target.name;
      for (const [id, fields] of byId) {
        if (!foundIds.has(id)) for (const field of fields) problems.push({ field, message: `no ${label} with id ${id}` });
      }
    }
    return problems;
  }
}

function cleanText(value: unknown): unknown {
  return typeof value === 'string' ? value.trim() : value;
}

/**
 * Applies a create input or a patch to a record: scalars, names, references by id (or natural key), links
 * and owned children. Returns the problems found; nothing is written here.
 */
export async function applyInput(
  em: EntityManager,
  fields: RecordField[],
  record: Writable,
  input: Input,
  path = '',
  checks = new ReferenceCheck(),
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const isTop = path === '';
  for (const field of fields) {
    const key = field.kind === 'reference' || field.kind === 'links' ? field.inputName : field.name;
    const given = key in input && input[key] !== undefined;
    const at = `${path}${key}`;
    switch (field.kind) {
      case 'scalar': {
        if (!given) break;
        const value = cleanText(input[key]);
        if (value === null && field.required) problems.push({ field: at, message: 'is required and cannot be cleared' });
        else if (value === null && !field.prop.nullable) problems.push({ field: at, message: 'must have a value (leave it out for the default)' });
        else record[field.name] = value === '' && field.prop.nullable ? null : value;
        break;
      }
      case 'embedded': {
        if (!given) break;
        const value = input[key];
        // Every field of an embedded object is optional in the input type (a patch may leave it out), so what its
        // entity requires is checked here: a status change without its date is bad input, not a record to sort.
        const required = requiredOfEmbeddable(em, field.embeddable as Function);
        const before = problems.length;
        const items = field.array ? ((value as Input[] | null) ?? []).map((item, index) => [`${path}${key}[${index}]`, item] as const) : value == null ? [] : [[`${path}${key}`, value as Input] as const];
        for (const [at, item] of items) {
          for (const name of required) if (cleanObject(item)[name] == null) problems.push({ field: `${at}.${name}`, message: 'is required' });
        }
        if (problems.length > before) break;
        if (field.array) {
          record[field.name] = ((value as Input[] | null) ?? []).map((item) => Object.assign(new (field.embeddable as new () => object)(), cleanObject(item)));
        } else if (value === null) {
          record[field.name] = new (field.embeddable as new () => object)();
        } else {
          record[field.name] = Object.assign(record[field.name] ?? new (field.embeddable as new () => object)(), cleanObject(value as Input));
        }
        break;
      }
      case 'reference': {
        const naturalKey = field.target?.naturalKey;
        const naturalInput = naturalKey ? `${field.name}${naturalKey[0].toUpperCase()}${naturalKey.slice(1)}` : undefined;
        if (naturalInput && typeof input[naturalInput] === 'string' && field.target) {
          const code = String(input[naturalInput]).trim().toUpperCase();
          const found = await em.findOne(field.target.entity as never, { [naturalKey as string]: code } as never);
          if (!found) problems.push({ field: `${path}${naturalInput}`, message: `"${input[naturalInput]}" is not a known ${field.target.name} ${naturalKey}` });
          else record[field.name] = found;
          break;
        }
        if (!given) {
          // Only when nothing names it: a reference given but bad has its own problem already.
          if (field.required && record[field.name] == null) problems.push({ field: at, message: 'is required' });
          break;
        }
        const id = input[key];
        if (id === null) {
          if (field.required) problems.push({ field: at, message: 'is required and cannot be cleared' });
          else record[field.name] = null;
        } else if (!isRecordId(id)) {
          problems.push({ field: at, message: `"${String(id)}" is not a valid id` });
        } else {
          const target = field.target?.entity ?? NodeRecord;
          checks.add(target, id, at);
          record[field.name] = em.getReference(target as never, id as never);
        }
        break;
      }
      case 'links': {
        if (!given) break;
        const ids = [...new Set((input[key] as string[] | null) ?? [])];
        const bad = ids.filter((id) => !isRecordId(id));
        if (bad.length > 0) {
          problems.push({ field: at, message: `not valid ids: ${bad.join(', ')}` });
          break;
        }
        const target = field.target?.entity ?? NodeRecord;
        for (const id of ids) checks.add(target, id, at);
        const links = record[field.name] as Collection<{ id: string }>;
        if (!links.isInitialized()) await links.init();
        // The same records again (the admin sends every field it shows) is no change: the collection is left as it
        // is, so that neither the record's version nor the link table is written.
        if (!sameValues(links.getItems().map((linked) => linked.id), ids)) links.set(ids.map((id) => em.getReference(target as never, id as never)));
        break;
      }
      case 'owned': {
        if (!given) break;
        const collection = record[field.name] as Collection<object>;
        // A new record's collection is already empty and initialised (and cannot load: it is not managed yet).
        if (!collection.isInitialized()) await collection.init();
        const items = (input[key] as Input[] | null) ?? [];
        const parts: Writable[] = [];
        for (const [index, item] of items.entries()) {
          const child = new (field.child.class as new () => Writable)();
          problems.push(...(await applyInput(em, field.childFields, child, item, `${at}[${index}].`, checks)));
          parts.push(child);
        }
        // Parts equal to those there are no change: replacing them would delete and insert the same rows.
        if (sameValues(partValues(field.childFields, collection.getItems() as Writable[]), partValues(field.childFields, parts))) break;
        collection.removeAll();
        for (const part of parts) collection.add(part);
        break;
      }
      case 'inverse':
        break;
    }
  }
  if (isTop) problems.push(...(await checks.missing(em)));
  return problems;
}

/** Whether two lists hold the same values, in any order (links and parts have none). */
function sameValues(current: string[], next: string[]): boolean {
  const [a, b] = [[...current].sort(), [...next].sort()];
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Each part's values as its input gives them (a reference by its id), one text per part, to compare parts by. */
function partValues(fields: RecordField[], parts: Writable[]): string[] {
  return parts.map((part) =>
    JSON.stringify(
      fields.filter((field) => field.kind === 'scalar' || field.kind === 'embedded' || field.kind === 'reference').map((field) => {
        const value = part[field.name];
        return field.kind === 'reference' ? ((value as { id?: string } | null | undefined)?.id ?? null) : (value ?? null);
      }),
    ),
  );
}

/** The properties an embeddable's entity cannot do without (not nullable, no default). */
function requiredOfEmbeddable(em: EntityManager, embeddable: Function): string[] {
  const meta = em.getMetadata().find(embeddable.name);
  return meta ? Object.values(meta.properties).filter((prop) => !prop.nullable && prop.default === undefined && !prop.primary).map((prop) => prop.name) : [];
}

function cleanObject(value: Input): Input {
  return Object.fromEntries(Object.entries(value ?? {}).map(([key, item]) => [key, cleanText(item) === '' ? null : cleanText(item)]));
}

/** Rules every record follows whatever its type: names, date order, field constraints. */
export async function genericProblems(record: Writable): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (record instanceof NodeEntity) {
    const names = record.names as Names;
    if (!hasAnyName(names)) problems.push({ field: 'names', message: 'at least one of zh, en or local is required and must not be empty' });
    if (names.zh && !names.pinyin) names.pinyin = pinyinOf(names.zh);
    record.aliases = [...new Set((record.aliases ?? []).map((alias) => alias.trim()).filter((alias) => alias !== ''))];
  }
  const start = record.startDate as string | null | undefined;
  const end = record.endDate as string | null | undefined;
  if (start && end && end < start) problems.push({ field: 'endDate', message: `${end} is before the start date ${start}` });
  const errors = await validate(record as object, { skipMissingProperties: true, forbidUnknownValues: false });
  for (const error of errors) {
    for (const message of Object.values(error.constraints ?? {})) {
      problems.push({ field: error.property, message: message.startsWith(error.property) ? message.slice(error.property.length + 1) : message });
    }
  }
  return problems;
}
