import pluralize from 'pluralize';
import { getIntrospectionQuery, type IntrospectionField, type IntrospectionInputValue, type IntrospectionObjectType, type IntrospectionQuery, type IntrospectionSchema, type IntrospectionType, type IntrospectionTypeRef } from 'graphql';

/**
 * What the admin knows about the API, read from introspection once signed in: which types are resources, their
 * fields, inputs, filters and sort fields. Everything generic (provider, screens) is derived from this.
 */

export interface TypeRefInfo {
  /** The named type at the bottom of the wrappers. */
  name: string;
  kind: string;
  list: boolean;
  nonNull: boolean;
}

/**
 * Whether a field is read as a record's own value: it takes no arguments, or only a list's `first` (every list
 * that is not a page takes one: a delegation's members, its events).
 */
export function isPlainField(field: IntrospectionField): boolean {
  return field.args.every((argument) => argument.name === 'first');
}

export function unwrap(ref: IntrospectionTypeRef): TypeRefInfo {
  let nonNull = false;
  let list = false;
  let current: IntrospectionTypeRef = ref;
  if (current.kind === 'NON_NULL') {
    nonNull = true;
    current = current.ofType;
  }
  while (current.kind === 'LIST' || current.kind === 'NON_NULL') {
    if (current.kind === 'LIST') list = true;
    current = current.ofType;
  }
  return { name: (current as { name: string }).name, kind: current.kind, list, nonNull };
}

/**
 * The input that writes a list of links, as the API names it (`members` → `memberIds`, `partyCities` →
 * `partyCityIds`, `parties` → `partyIds`): the list's last word in the singular. A prefix does not pair them:
 * `parties` does not start with `party`, and `partyIds` would take `partyCities`.
 */
export function linksInputName(listField: string): string {
  const [, head, last] = /^(.*?)([A-Z]?[a-z0-9]*)$/.exec(listField)!;
  return `${head}${pluralize.singular(last)}Ids`;
}

/** The list of links of an object that an input (`partyIds`) or filter (`partyId`) of its type writes or tests. */
export function linkedList<F extends { name: string; type: IntrospectionTypeRef }>(objectFields: readonly F[], inputName: string): F | undefined {
  const ids = inputName.endsWith('Ids') ? inputName : `${inputName}s`;
  return objectFields.find((field) => unwrap(field.type).list && linksInputName(field.name) === ids);
}

export interface ResourceInfo {
  /** The GraphQL type name, also the react-admin resource name (e.g. "City"). */
  name: string;
  listQuery: string;
  oneQuery?: string;
  create?: string;
  update?: string;
  remove?: string;
  filterType?: string;
  sortFieldEnum?: string;
  inputType?: string;
  patchType?: string;
  isNode: boolean;
}

export class SchemaModel {
  readonly types = new Map<string, IntrospectionType>();
  readonly resources = new Map<string, ResourceInfo>();

  constructor(readonly schema: IntrospectionSchema) {
    for (const type of schema.types) this.types.set(type.name, type);
    const query = this.object(schema.queryType.name);
    const mutation = schema.mutationType ? this.object(schema.mutationType.name) : undefined;
    const nodeTypes = new Set(this.possibleTypes('Node'));
    // A resource is a type whose list query follows the convention: `xs(filter, sort, page, perPage): XPage`.
    for (const field of query?.fields ?? []) {
      const ret = unwrap(field.type);
      if (!ret.name.endsWith('Page') || ret.list) continue;
      const name = ret.name.slice(0, -'Page'.length);
      const page = this.object(ret.name);
      const items = page?.fields.find((f) => f.name === 'items');
      if (!items || unwrap(items.type).name !== name) continue;
      if (!field.args.some((a) => a.name === 'page')) continue;
      const one = query?.fields.find((f) => f.args.some((a) => a.name === 'id') && !unwrap(f.type).list && unwrap(f.type).name === name);
      const has = (op: string) => (mutation?.fields.some((f) => f.name === op) ? op : undefined);
      const arg = (f: IntrospectionField, a: string) => {
        const found = f.args.find((x) => x.name === a);
        return found ? unwrap(found.type).name : undefined;
      };
      const createField = mutation?.fields.find((f) => f.name === `create${name}`);
      const updateField = mutation?.fields.find((f) => f.name === `update${name}`);
      this.resources.set(name, {
        name,
        listQuery: field.name,
        oneQuery: one?.name,
        create: has(`create${name}`),
        update: has(`update${name}`),
        remove: has(`delete${name}`),
        filterType: arg(field, 'filter'),
        sortFieldEnum: (() => {
          const sortType = arg(field, 'sort');
          const sortInput = sortType ? this.inputObject(sortType) : undefined;
          const f = sortInput?.inputFields.find((x) => x.name === 'field');
          return f ? unwrap(f.type).name : undefined;
        })(),
        inputType: createField ? arg(createField, 'input') : undefined,
        patchType: updateField ? arg(updateField, 'input') : undefined,
        isNode: nodeTypes.has(name),
      });
    }
  }

  object(name: string): IntrospectionObjectType | undefined {
    const type = this.types.get(name);
    return type && (type.kind === 'OBJECT' || type.kind === 'INTERFACE') ? (type as IntrospectionObjectType) : undefined;
  }

  inputObject(name: string) {
    const type = this.types.get(name);
    return type && type.kind === 'INPUT_OBJECT' ? type : undefined;
  }

  inputFields(name: string | undefined): readonly IntrospectionInputValue[] {
    return (name && this.inputObject(name)?.inputFields) || [];
  }

  enumValues(name: string): string[] {
    const type = this.types.get(name);
    return type && type.kind === 'ENUM' ? type.enumValues.map((v) => v.name) : [];
  }

  possibleTypes(name: string): string[] {
    const type = this.types.get(name);
    return type && (type.kind === 'INTERFACE' || type.kind === 'UNION') ? type.possibleTypes.map((t) => t.name) : [];
  }

  isScalarLike(name: string): boolean {
    const kind = this.types.get(name)?.kind;
    return kind === 'SCALAR' || kind === 'ENUM';
  }

  /** An object that is a record of its own (has an id): shown as a link, written as `<field>Id`. */
  isRecordRef(name: string): boolean {
    const type = this.object(name);
    return !!type?.fields.some((f) => f.name === 'id');
  }

  hasField(typeName: string, field: string): boolean {
    return !!this.object(typeName)?.fields.some((f) => f.name === field);
  }

  /** Node types and Relationship: every type with list/show/edit/create screens. */
  resourceNames(): string[] {
    return [...this.resources.keys()].sort();
  }
}

export async function fetchSchemaModel(): Promise<SchemaModel> {
  const response = await fetch(`${apiBase()}/graphql`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: false }) }),
  });
  const body = (await response.json()) as { data?: IntrospectionQuery; errors?: Array<{ message: string }> };
  if (!body.data) throw new Error(body.errors?.[0]?.message ?? 'introspection failed');
  return new SchemaModel(body.data.__schema);
}

/** The hub's origin: the admin is served by the hub at /admin, so the API is on the same origin. */
export function apiBase(): string {
  return '';
}
