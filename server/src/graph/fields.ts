import { ReferenceKind, type EntityMetadata, type EntityProperty, type MetadataStorage } from '@mikro-orm/core';
import pluralize from 'pluralize';
import { getMetadataStorage } from 'type-graphql';
import { NodeRecord } from './node-record.entity.js';
import { recordTypeOfEntity, type RecordType } from './record-types.js';

/** Type-graphql's own thunk for a field's GraphQL type. */
export type TypeThunk = () => unknown;

interface BaseField {
  /** The entity property and GraphQL output field. */
  name: string;
  prop: EntityProperty;
  description?: string;
  /** True when a create must give it: not nullable and no default. */
  required: boolean;
}
export interface ScalarField extends BaseField {
  kind: 'scalar';
  type: TypeThunk;
  /** How it filters: enums by a list, dates and numbers by a range, booleans by value; text is left to `q`. */
  filter: 'enum' | 'range' | 'boolean' | 'exact' | 'none';
  sortable: boolean;
}
export interface EmbeddedField extends BaseField {
  kind: 'embedded';
  embeddable: Function;
  array: boolean;
}
export interface ReferenceField extends BaseField {
  kind: 'reference';
  inputName: string;
  /** The record type referred to; undefined when any node may be referred to. */
  target?: RecordType;
  column: string;
}
export interface LinksField extends BaseField {
  kind: 'links';
  inputName: string;
  /** The record type linked to; undefined when the links may be to any node. */
  target?: RecordType;
}
export interface OwnedField extends BaseField {
  kind: 'owned';
  child: EntityMetadata;
  childFields: RecordField[];
}
export interface InverseField extends BaseField {
  kind: 'inverse';
}
export type RecordField = ScalarField | EmbeddedField | ReferenceField | LinksField | OwnedField | InverseField;

const SYSTEM_FIELDS = new Set(['id', 'createdAt', 'updatedAt', 'version']);

/** The type-graphql fields of a class and its ancestors, nearest first. */
export function graphqlFieldsOf(target: Function): Map<string, { getType: TypeThunk; description?: string }> {
  const storage = getMetadataStorage();
  const fields = new Map<string, { getType: TypeThunk; description?: string }>();
  for (let current: Function | null = target; current && current !== Function.prototype; current = Object.getPrototypeOf(current)) {
    for (const field of storage.fields) {
      if (field.target === current && !fields.has(field.name)) {
        // type-graphql learns that a field is a list only when its type thunk first runs.
        const getType = () => {
          const type = (field.getType as TypeThunk)();
          return field.typeOptions.array ? [type] : type;
        };
        fields.set(field.name, { getType, description: field.description });
      }
    }
  }
  return fields;
}

function scalarFilter(prop: EntityProperty): ScalarField['filter'] {
  if (prop.enum) return 'enum';
  const type = String(prop.columnTypes?.[0] ?? prop.type).toLowerCase();
  if (type.includes('bool')) return 'boolean';
  if (/date|time|int|double|numeric|decimal|float|real/.test(type)) return 'range';
  if (prop.unique) return 'exact';
  return 'none';
}

/**
 * The input that sets a many-to-many link by ids: its name's last word in the singular (`members` → `memberIds`,
 * `partyCities` → `partyCityIds`, `people` → `personIds`), as an inflection library says, not by cutting an "s".
 */
export function linksInputName(name: string): string {
  const [, head, last] = /^(.*?)([A-Z]?[a-z0-9]*)$/.exec(name)!;
  return `${head}${pluralize.singular(last)}Ids`;
}

/** Whether a relation points at the `node` table, so at a node of any type. */
function isAnyNode(prop: EntityProperty): boolean {
  return prop.targetMeta?.class === NodeRecord;
}

/** Describes each public field of a class from its MikroORM and type-graphql metadata. */
export function describeFields(entity: Function, metadata: MetadataStorage, derived: readonly string[] = []): RecordField[] {
  const meta = metadata.get(entity.name);
  const instance = new (entity as new () => Record<string, unknown>)();
  const result: RecordField[] = [];
  for (const [name, graphql] of graphqlFieldsOf(entity)) {
    const prop = meta.properties[name as never] as EntityProperty | undefined;
    const base = { name, description: graphql.description };
    if (!prop) {
      continue;
    }
    const required = !prop.nullable && instance[name] === undefined && prop.default === undefined && prop.defaultRaw === undefined;
    switch (prop.kind) {
      case ReferenceKind.SCALAR:
        result.push({
          ...base,
          prop,
          required: required && !SYSTEM_FIELDS.has(name) && !derived.includes(name),
          kind: 'scalar',
          type: graphql.getType,
          filter: SYSTEM_FIELDS.has(name) && name !== 'createdAt' && name !== 'updatedAt' ? 'none' : scalarFilter(prop),
          sortable: prop.type !== 'json' && !String(prop.columnTypes?.[0]).includes('[]') && !String(prop.columnTypes?.[0]).includes('json'),
        });
        break;
      case ReferenceKind.EMBEDDED:
        result.push({ ...base, prop, required: false, kind: 'embedded', embeddable: prop.embeddable as Function, array: !!prop.array });
        break;
      case ReferenceKind.MANY_TO_ONE: {
        const target = isAnyNode(prop) ? undefined : recordTypeOfEntity(prop.targetMeta?.class);
        result.push({ ...base, prop, required, kind: 'reference', inputName: `${name}Id`, target, column: prop.fieldNames[0] });
        break;
      }
      case ReferenceKind.MANY_TO_MANY: {
        const target = recordTypeOfEntity(prop.targetMeta?.class);
        if (prop.owner && (target || isAnyNode(prop))) {
          result.push({ ...base, prop, required: false, kind: 'links', inputName: linksInputName(name), target });
        } else {
          result.push({ ...base, prop, required: false, kind: 'inverse' });
        }
        break;
      }
      case ReferenceKind.ONE_TO_MANY:
        if (prop.orphanRemoval && prop.targetMeta) {
          const child = prop.targetMeta;
          const childFields = describeFields(child.class, metadata).filter((field) => field.name !== prop.mappedBy && field.name !== 'id');
          result.push({ ...base, prop, required: false, kind: 'owned', child, childFields });
        } else {
          result.push({ ...base, prop, required: false, kind: 'inverse' });
        }
        break;
      default:
        break;
    }
  }
  return result;
}

/** Whether a field is written by clients (and so part of the input types). */
export function isWritable(field: RecordField, derived: readonly string[] = []): boolean {
  return field.kind !== 'inverse' && !SYSTEM_FIELDS.has(field.name) && !derived.includes(field.name);
}
