import type { MetadataStorage } from '@mikro-orm/core';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { describeFields, graphqlFieldsOf, isWritable, type RecordField, type TypeThunk } from './fields.js';
import type { RecordType } from './record-types.js';
import { personalDataFields } from './personal-data.js';
import { Visibility } from './visibility.js';

export enum SortOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(SortOrder, {
  name: 'SortOrder',
  description: 'Which way to sort',
  valuesConfig: {
    ASC: { description: 'Ascending: smallest, earliest or first in the alphabet first' },
    DESC: { description: 'Descending: largest, latest or last in the alphabet first' },
  },
});

interface FieldSpec {
  name: string;
  type: TypeThunk;
  nullable: boolean;
  description?: string;
  defaultValue?: unknown;
}

type AnyClass = new () => object;

const madeTypes = new Map<string, AnyClass>();

/** A class made at run time, decorated as a type-graphql input or object type; one per name. */
function makeType(kind: 'input' | 'object', name: string, description: string, fields: FieldSpec[]): AnyClass {
  const existing = madeTypes.get(name);
  if (existing) return existing;
  const made = { [name]: class {} }[name];
  madeTypes.set(name, made);
  for (const field of fields) {
    Field(field.type as () => never, {
      nullable: field.nullable,
      description: field.description,
      ...(field.defaultValue !== undefined ? { defaultValue: field.defaultValue } : {}),
    })(made.prototype, field.name);
  }
  (kind === 'input' ? InputType(name, { description }) : ObjectType(name, { description }))(made);
  return made;
}

const embeddableInputs = new Map<Function, AnyClass>();

/** An input type with the same fields as an embeddable (Names → NamesInput), made once. */
function embeddableInput(embeddable: Function): AnyClass {
  let input = embeddableInputs.get(embeddable);
  if (!input) {
    const fields = [...graphqlFieldsOf(embeddable)].map(([name, field]) => ({ name, type: field.getType, nullable: true, description: field.description }));
    input = makeType('input', `${embeddable.name}Input`, `Input for ${embeddable.name}`, fields);
    embeddableInputs.set(embeddable, input);
  }
  return input;
}

/** The input fields of a record's writable fields; `forCreate` makes required ones non-null. */
function inputFields(fields: RecordField[], derived: readonly string[], forCreate: boolean, ownerName: string): FieldSpec[] {
  const specs: FieldSpec[] = [];
  for (const field of fields) {
    if (!isWritable(field, derived)) continue;
    const nullable = !(forCreate && field.required);
    switch (field.kind) {
      case 'scalar':
        specs.push({ name: field.name, type: field.type, nullable, description: field.description });
        break;
      case 'embedded': {
        const input = embeddableInput(field.embeddable);
        specs.push({ name: field.name, type: field.array ? () => [input] : () => input, nullable, description: field.description });
        break;
      }
      case 'reference':
        specs.push({
          name: field.inputName,
          type: () => ID,
          nullable: nullable || !!field.target?.naturalKey,
          description: `Id of ${field.target ? `the ${field.target.name}` : 'any node'}: ${field.description ?? field.name}`,
        });
        if (field.target?.naturalKey) {
          specs.push({
            name: `${field.name}${field.target.naturalKey[0].toUpperCase()}${field.target.naturalKey.slice(1)}`,
            type: () => String,
            nullable: true,
            description: `Or the ${field.target.name} by its ${field.target.naturalKey} (e.g. NO for Norway)`,
          });
        }
        break;
      case 'links':
        specs.push({ name: field.inputName, type: () => [ID], nullable: true, description: `Ids of ${field.target ? `the ${field.target.name} records` : 'nodes of any type'}: ${field.description ?? field.name}` });
        break;
      case 'owned': {
        const childName = `${field.child.className}Input`;
        const childInput = makeType('input', childName, `One of ${ownerName}.${field.name}`, inputFields(field.childFields, [], true, field.child.className));
        specs.push({ name: field.name, type: () => [childInput], nullable: true, description: field.description });
        break;
      }
    }
  }
  return specs;
}

/** Filter fields every list has, and those its type's fields give it. */
function filterFields(type: RecordType, fields: RecordField[]): FieldSpec[] {
  const specs: FieldSpec[] = [
    { name: 'q', type: () => String, nullable: true, description: 'Matches any name or alias, in any script: part of a Chinese name, or a Latin one ignoring case and accents' },
    { name: 'ids', type: () => [ID], nullable: true, description: 'Only these records' },
    { name: 'visibility', type: () => [Visibility], nullable: true, description: 'Any of these visibilities' },
  ];
  // Filtering or sorting by personal data would let a role that may not read it guess it: neither is offered.
  const personal = personalDataFields(type.entity);
  for (const field of fields) {
    if (field.name === 'visibility' || personal.has(field.name)) continue;
    if (field.kind === 'scalar') {
      if (field.filter === 'enum' || field.filter === 'exact') specs.push({ name: field.name, type: () => [field.type()], nullable: true, description: 'Any of these values' });
      if (field.filter === 'boolean') specs.push({ name: field.name, type: field.type, nullable: true, description: `Only records whose ${field.name} is this` });
      if (field.filter === 'range') {
        specs.push({ name: `${field.name}From`, type: field.type, nullable: true, description: `${field.name} on or after this` });
        specs.push({ name: `${field.name}To`, type: field.type, nullable: true, description: `${field.name} on or before this` });
      }
    }
    if (field.kind === 'reference') specs.push({ name: field.inputName, type: () => [ID], nullable: true, description: `${field.name} is any of these` });
    if (field.kind === 'links') specs.push({ name: field.inputName.replace(/Ids$/, 'Id'), type: () => [ID], nullable: true, description: `Has any of these among ${field.name}` });
  }
  return specs;
}

const SORT_KEY_DESCRIPTIONS: Record<string, string> = {
  names_zh: 'By Chinese name, in pinyin order',
  names_en: 'By English name',
  names_local: 'By the name in its own language',
};

/** Sort keys: scalar fields by name, names by their language (`names_zh` sorts by pinyin). */
export function sortKeys(fields: RecordField[], personal: ReadonlySet<string> = new Set()): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const field of fields) {
    if (field.kind === 'scalar' && field.sortable && field.name !== 'version' && !personal.has(field.name)) keys[field.name] = field.name;
    if (field.kind === 'embedded' && field.name === 'names') {
      for (const lang of ['zh', 'en', 'local']) keys[`names_${lang}`] = `names_${lang}`;
    }
  }
  return keys;
}

export interface RecordApiTypes {
  fields: RecordField[];
  Input: AnyClass;
  Patch: AnyClass;
  Filter: AnyClass;
  Sort: AnyClass;
  Page: AnyClass;
  sortKeys: Record<string, string>;
}

/** Input, patch, filter, sort and page types of one record type, all derived from its entity. */
export function buildApiTypes(type: RecordType, metadata: MetadataStorage): RecordApiTypes {
  const derived = type.rules.derived ?? [];
  const fields = describeFields(type.entity, metadata, derived);
  const keys = sortKeys(fields, personalDataFields(type.entity));
  const SortField = Object.fromEntries(Object.keys(keys).map((key) => [key, key]));
  registerEnumType(SortField, {
    name: `${type.name}SortField`,
    description: `Fields ${type.plural} sort by`,
    valuesConfig: Object.fromEntries(Object.keys(keys).map((key) => [key, { description: SORT_KEY_DESCRIPTIONS[key] ?? `By ${key}` }])),
  });
  const Sort = makeType('input', `${type.name}Sort`, `One sort key of ${type.plural}`, [
    { name: 'field', type: () => SortField, nullable: false, description: 'What to sort by' },
    { name: 'order', type: () => SortOrder, nullable: true, defaultValue: SortOrder.ASC, description: 'Which way: ASC (the default) or DESC' },
  ]);
  const entity = type.entity;
  return {
    fields,
    sortKeys: keys,
    Input: makeType('input', `${type.name}Input`, `A new ${type.name}`, inputFields(fields, derived, true, type.name)),
    Patch: makeType('input', `${type.name}Patch`, `Changes to a ${type.name}: only the fields given change; null clears an optional field`, inputFields(fields, derived, false, type.name)),
    Filter: makeType('input', `${type.name}Filter`, `Which ${type.plural} to list`, filterFields(type, fields)),
    Sort,
    Page: makeType('object', `${type.name}Page`, `A page of ${type.plural}`, [
      { name: 'items', type: () => [entity], nullable: false, description: `The ${type.plural} of this page` },
      { name: 'total', type: () => Int, nullable: false, description: 'How many match the filter, on all pages' },
      { name: 'page', type: () => Int, nullable: false, description: 'The number of this page, from 1' },
      { name: 'perPage', type: () => Int, nullable: false, description: 'Records a page, as asked for' },
    ]),
  };
}
