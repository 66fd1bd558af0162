import type { IntrospectionInputValue } from 'graphql';
import { isPlainField, linkedList, unwrap, type SchemaModel } from '../schemaModel';

/** What a screen needs to know about one field, derived from introspection. */
export type FieldKind = 'text' | 'longText' | 'number' | 'boolean' | 'date' | 'datetime' | 'enum' | 'ref' | 'refList' | 'names' | 'strings' | 'embedded' | 'json';

export interface DisplayField {
  name: string;
  kind: FieldKind;
  /** The named GraphQL type: enum name, referenced type, embedded type. */
  type: string;
  list: boolean;
}

export interface InputField {
  name: string;
  kind: FieldKind;
  type: string;
  list: boolean;
  required: boolean;
  /** For references: the resource to pick from, or undefined when any node (an interface) may be the target. */
  reference?: string;
  /** For embedded input objects: their own inputs. */
  children?: InputField[];
}

const HIDDEN_DISPLAY = new Set(['__typename']);
const SYSTEM = new Set(['id', 'version', 'createdAt', 'updatedAt', 'generated', 'visibility', 'notes', 'aliases', 'names', 'displayName']);

function scalarKind(model: SchemaModel, name: string, fieldName: string): FieldKind {
  if (model.types.get(name)?.kind === 'ENUM') return 'enum';
  switch (name) {
    case 'Int':
    case 'Float':
      return 'number';
    case 'Boolean':
      return 'boolean';
    case 'LocalDate':
      return 'date';
    case 'DateTimeISO':
      return 'datetime';
    case 'JSONObject':
      return 'json';
    default:
      return fieldName === 'notes' || fieldName === 'outcomes' || fieldName === 'purposeText' ? 'longText' : 'text';
  }
}

export function displayFields(model: SchemaModel, typeName: string): DisplayField[] {
  const type = model.object(typeName);
  if (!type) return [];
  const out: DisplayField[] = [];
  for (const field of type.fields) {
    if (HIDDEN_DISPLAY.has(field.name) || ['history', 'relationships', 'neighbours'].includes(field.name)) continue;
    if (field.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue == null)) continue;
    if (!isPlainField(field) && field.name !== 'displayName') continue;
    const t = unwrap(field.type);
    let kind: FieldKind;
    if (model.isScalarLike(t.name)) kind = t.list ? (t.name === 'String' ? 'strings' : 'text') : scalarKind(model, t.name, field.name);
    else if (model.isRecordRef(t.name)) kind = t.list ? 'refList' : 'ref';
    else if (t.name === 'Names') kind = 'names';
    else kind = 'embedded';
    out.push({ name: field.name, kind, type: t.name, list: t.list });
  }
  // The name first, the bookkeeping last.
  const rank = (f: DisplayField) => (f.name === 'displayName' ? 0 : SYSTEM.has(f.name) ? 2 : 1);
  return out.sort((a, b) => rank(a) - rank(b));
}

/** Columns of a list when a type has no choice of its own: the name and a few telling fields. */
export function defaultListColumns(model: SchemaModel, typeName: string): string[] {
  const fields = displayFields(model, typeName);
  const first = fields.some((f) => f.name === 'displayName') ? ['displayName'] : [];
  const telling = fields.filter((f) => !SYSTEM.has(f.name) && ['enum', 'ref', 'date', 'number', 'boolean', 'text'].includes(f.kind) && !['latitude', 'longitude', 'website'].includes(f.name));
  return [...first, ...telling.slice(0, 6).map((f) => f.name)];
}

/** Inputs of an input type (XInput for create, XPatch for edit), references resolved to resources. */
export function inputFields(model: SchemaModel, inputType: string | undefined, objectType: string, requiredFrom?: string): InputField[] {
  const fields = model.inputFields(inputType);
  const object = model.object(objectType);
  const required = new Set(model.inputFields(requiredFrom ?? inputType).filter((f) => f.type.kind === 'NON_NULL').map((f) => f.name));
  const names = new Set(fields.map((f) => f.name));
  const out: InputField[] = [];
  for (const field of fields) {
    const described = describeInput(model, field, object?.fields ?? [], names, objectType);
    if (described) out.push({ ...described, required: required.has(field.name) });
  }
  // The names first, the bookkeeping last, the rest in the schema's order.
  const rank = (f: InputField) => (f.kind === 'names' ? 0 : SYSTEM.has(f.name) ? 2 : 1);
  return out.map((f, i) => [f, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([f]) => f);
}

function describeInput(
  model: SchemaModel,
  field: IntrospectionInputValue,
  objectFields: ReadonlyArray<{ name: string; type: import('graphql').IntrospectionTypeRef }>,
  siblings: Set<string>,
  objectType: string,
): Omit<InputField, 'required'> | undefined {
  const t = unwrap(field.type);
  // `countryCode` is another way to write `countryId`: the form offers the reference only.
  if (/Code$/.test(field.name) && siblings.has(field.name.replace(/Code$/, 'Id'))) return undefined;
  if (t.name === 'NamesInput') return { name: field.name, kind: 'names', type: t.name, list: false };
  if (model.inputObject(t.name)) {
    const embeddedType = t.name.replace(/Input$/, '');
    return { name: field.name, kind: 'embedded', type: t.name, list: t.list, children: inputFields(model, t.name, embeddedType) };
  }
  if (t.name === 'ID' && /Ids?$/.test(field.name)) {
    const target = t.list ? linkedList(objectFields, field.name) : objectFields.find((f) => f.name === field.name.replace(/Id$/, ''));
    const targetType = target ? unwrap(target.type).name : undefined;
    const reference = targetType && model.resources.has(targetType) ? targetType : undefined;
    void objectType;
    return { name: field.name, kind: t.list ? 'refList' : 'ref', type: targetType ?? 'Node', list: t.list, reference };
  }
  if (t.list && t.name === 'String') return { name: field.name, kind: 'strings', type: t.name, list: true };
  return { name: field.name, kind: scalarKind(model, t.name, field.name), type: t.name, list: t.list };
}

export interface FilterField {
  name: string;
  kind: 'q' | 'enum' | 'boolean' | 'ref' | 'date' | 'number';
  type: string;
  reference?: string;
}

/** Filters a list offers: the search, the type's enums and flags, references with a resource, date ranges. */
export function filterFields(model: SchemaModel, typeName: string): FilterField[] {
  const resource = model.resources.get(typeName);
  const object = model.object(typeName);
  const out: FilterField[] = [];
  for (const field of model.inputFields(resource?.filterType)) {
    const t = unwrap(field.type);
    if (field.name === 'q') out.push({ name: 'q', kind: 'q', type: 'String' });
    else if (field.name === 'ids') continue;
    else if (model.types.get(t.name)?.kind === 'ENUM') out.push({ name: field.name, kind: 'enum', type: t.name });
    else if (t.name === 'Boolean') out.push({ name: field.name, kind: 'boolean', type: t.name });
    else if (t.name === 'ID' && field.name.endsWith('Id')) {
      const target = object?.fields.find((f) => f.name === field.name.slice(0, -2)) ?? linkedList(object?.fields ?? [], field.name);
      const targetType = target ? unwrap(target.type).name : undefined;
      if (targetType && model.resources.has(targetType)) out.push({ name: field.name, kind: 'ref', type: targetType, reference: targetType });
    } else if (t.name === 'LocalDate' && /(From|To)$/.test(field.name)) out.push({ name: field.name, kind: 'date', type: t.name });
    else if (t.name === 'Int' && /(From|To)$/.test(field.name)) out.push({ name: field.name, kind: 'number', type: t.name });
  }
  return out;
}
