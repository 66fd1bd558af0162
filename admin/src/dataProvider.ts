import { ApolloClient, ApolloError, HttpLink, InMemoryCache, gql } from '@apollo/client';
import type { IntrospectionField, IntrospectionInputValue } from 'graphql';
import buildDataProvider from 'ra-data-graphql';
import { CREATE, DELETE, GET_LIST, GET_MANY, GET_MANY_REFERENCE, GET_ONE, HttpError, UPDATE, type DataProvider, type Identifier, type RaRecord } from 'react-admin';
import type { AuditEntry, Edge, Language } from '@amity/schema/generated/graphql';
import { currentLanguage } from './i18n/language';
import { apiBase, isPlainField, linksInputName, unwrap, type SchemaModel } from './schemaModel';

/**
 * One data provider for every record type, generic over the API's convention (one, list, create, update, delete for each type) and driven by
 * introspection: `xs(filter, sort, page, perPage): XPage`, `x(id)`, `createX(input)`,
 * `updateX(id, input, expectedVersion)`, `deleteX(id, expectedVersion)`. A new type in the schema needs no code here.
 *
 * Records reach react-admin flattened the way the API takes them back: a reference `country { id … }` also as
 * `countryId`, a list of links `members [{ id … }]` also as `memberIds`.
 */

type Params = Record<string, any>;

const MAX_PER_PAGE = 500;
/**
 * How many items of each list a record asks for (a delegation's members, its history): all a form edits and a
 * record page shows, up to what the API gives at most. Lists of a page ask for the API's default.
 */
const RECORD_LIST_FIRST = 500;
const PAGE_LIST_FIRST = 50;
const NODE_REF_SELECTION = 'id __typename displayName(lang: $lang)';
const SKIPPED_FIELDS = new Set(['history', 'relationships', 'neighbours']);

function lowerFirst(s: string) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export class ConventionQueries {
  constructor(readonly model: SchemaModel) {}

  /**
   * The selection of a record type: scalars, embedded objects, and `{ id displayName }` of the records it points to;
   * lists (`first`, the one argument they take) with their first `first` items.
   */
  selection(typeName: string, first: number, depth = 0): string {
    const type = this.model.object(typeName);
    if (!type) return '';
    const parts: string[] = [];
    for (const field of type.fields) {
      if (SKIPPED_FIELDS.has(field.name)) continue;
      if (field.args.some((a) => a.type.kind === 'NON_NULL' && a.defaultValue == null)) continue;
      const t = unwrap(field.type);
      if (field.name === 'displayName') {
        parts.push('displayName(lang: $lang)');
      } else if (!isPlainField(field)) {
        continue;
      } else if (this.model.isScalarLike(t.name)) {
        parts.push(field.name);
      } else if (this.model.isRecordRef(t.name)) {
        parts.push(`${this.asked(field, first)} { ${this.model.hasField(t.name, 'displayName') || this.model.types.get(t.name)?.kind === 'INTERFACE' ? NODE_REF_SELECTION : 'id __typename'} }`);
      } else if (depth < 2) {
        const inner = this.selection(t.name, first, depth + 1);
        if (inner) parts.push(`${this.asked(field, first)} { ${inner} }`);
      }
    }
    return parts.join(' ');
  }

  /** A field as selected: a list with its first `first` items. */
  private asked(field: IntrospectionField, first: number): string {
    return field.args.some((a) => a.name === 'first') ? `${field.name}(first: ${first})` : field.name;
  }

  /** Which input field takes back an object field: `country` → `countryId`, `members` → `memberIds`, `parties` → `partyIds`. */
  idFieldFor(field: IntrospectionField): string {
    return unwrap(field.type).list ? linksInputName(field.name) : `${field.name}Id`;
  }

  /** Adds `<field>Id` / `<singular>Ids` next to references, recursively into embedded objects. */
  flatten(typeName: string, data: any): any {
    if (data == null || typeof data !== 'object') return data;
    const type = this.model.object(data.__typename ?? typeName) ?? this.model.object(typeName);
    if (!type) return data;
    const out: Record<string, unknown> = { ...data };
    for (const field of type.fields) {
      if (!(field.name in data)) continue;
      const t = unwrap(field.type);
      const value = data[field.name];
      if (this.model.isRecordRef(t.name)) {
        const key = this.idFieldFor(field);
        out[key] = t.list ? (value ?? []).map((v: { id: string }) => v.id) : (value?.id ?? null);
      } else if (!this.model.isScalarLike(t.name) && value != null) {
        out[field.name] = t.list ? value.map((v: unknown) => this.flatten(t.name, v)) : this.flatten(t.name, value);
      }
    }
    return out;
  }

  /** Picks the values an input type takes, recursively; empty strings become null. */
  toInput(inputType: string, data: any): any {
    const fields = this.model.inputFields(inputType);
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      if (!(field.name in data)) continue;
      out[field.name] = this.inputValue(field, data[field.name]);
    }
    return out;
  }

  private inputValue(field: IntrospectionInputValue, value: any): any {
    const t = unwrap(field.type);
    if (value === '' || value === undefined) return null;
    if (value == null) return null;
    if (this.model.inputObject(t.name)) {
      return t.list ? (value as unknown[]).filter((v) => v != null).map((v) => this.toInput(t.name, v)) : this.toInput(t.name, value);
    }
    if (t.list && !Array.isArray(value)) return [value];
    if ((t.name === 'Int' || t.name === 'Float') && typeof value === 'string') return Number(value);
    return value;
  }

  /** The fields of a patch that differ from the record as it was opened: only those are sent. */
  toPatch(patchType: string, data: any, previous: any): any {
    const full = this.toInput(patchType, data);
    const before = this.toInput(patchType, previous ?? {});
    const patch: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(full)) {
      if (JSON.stringify(value) !== JSON.stringify(before[key] ?? null)) patch[key] = value;
    }
    return patch;
  }

  /** react-admin's filter values as the type's filter input: unknown keys dropped, single values made lists. */
  toFilter(filterType: string | undefined, filter: Params): Params {
    const out: Params = {};
    for (const field of this.model.inputFields(filterType)) {
      const value = filter[field.name];
      if (value === undefined || value === '' || value === null) continue;
      const t = unwrap(field.type);
      out[field.name] = t.list && !Array.isArray(value) ? [value] : value;
      if ((t.name === 'Int' || t.name === 'Float') && typeof value === 'string') out[field.name] = Number(value);
    }
    return out;
  }

  toSort(sortEnum: string | undefined, sort: { field: string; order: string } | undefined, lang: Language) {
    if (!sort || !sortEnum) return undefined;
    const values = this.model.enumValues(sortEnum);
    let field = sort.field.replace('.', '_');
    if (field === 'displayName') field = `names_${lang}`;
    if (!values.includes(field)) return undefined;
    return [{ field, order: sort.order === 'DESC' ? 'DESC' : 'ASC' }];
  }

  buildQuery = (raFetchType: string, resourceName: string, params: Params) => {
    const resource = this.model.resources.get(resourceName);
    if (!resource) throw new Error(`Unknown resource ${resourceName}`);
    const lang = currentLanguage();
    const fields = this.selection(resourceName, RECORD_LIST_FIRST);
    const pageFields = this.selection(resourceName, PAGE_LIST_FIRST);
    const usesLang = fields.includes('$lang');
    const langVar = usesLang ? ', $lang: Language!' : '';
    const flat = (r: unknown) => this.flatten(resourceName, r);
    const { filterType, sortFieldEnum, listQuery } = resource;
    const list = (filter: Params, page: number, perPage: number, sort?: unknown) => ({
      query: gql`query List($filter: ${filterType ?? 'String'}, $sort: [${sortFieldEnum?.replace(/Field$/, '') ?? 'String'}!], $page: Int, $perPage: Int${langVar}) {
        ${listQuery}(filter: $filter, sort: $sort, page: $page, perPage: $perPage) { total items { ${pageFields} } }
      }`,
      variables: { filter, sort, page, perPage, ...(usesLang ? { lang } : {}) },
      parseResponse: (response: { data: any }) => {
        const result = response.data[listQuery];
        return { data: result.items.map(flat), total: result.total };
      },
    });
    switch (raFetchType) {
      case GET_LIST: {
        const { page = 1, perPage = 25 } = params.pagination ?? {};
        return list(this.toFilter(filterType, params.filter ?? {}), page, Math.min(perPage, MAX_PER_PAGE), this.toSort(sortFieldEnum, params.sort, lang));
      }
      case GET_MANY:
        return list({ ids: params.ids }, 1, Math.max(1, Math.min(params.ids.length, 500)));
      case GET_MANY_REFERENCE: {
        const { page = 1, perPage = 25 } = params.pagination ?? {};
        const filter = this.toFilter(filterType, { ...params.filter, [params.target]: params.id });
        return list(filter, page, perPage, this.toSort(sortFieldEnum, params.sort, lang));
      }
      case GET_ONE:
        return {
          query: gql`query One($id: ID!${langVar}) { data: ${resource.oneQuery}(id: $id) { ${fields} } }`,
          variables: { id: params.id, ...(usesLang ? { lang } : {}) },
          parseResponse: (response: { data: any }) => {
            if (!response.data.data) throw new HttpError('ra.notification.item_doesnt_exist', 404);
            return { data: flat(response.data.data) };
          },
        };
      case CREATE:
        return {
          query: gql`mutation Create($input: ${resource.inputType}!${langVar}) { data: ${resource.create}(input: $input) { ${fields} } }`,
          variables: { input: withoutEmpty(this.toInput(resource.inputType!, params.data)), ...(usesLang ? { lang } : {}) },
          parseResponse: (response: { data: any }) => ({ data: flat(response.data.data) }),
        };
      case UPDATE:
        return {
          query: gql`mutation Update($id: ID!, $input: ${resource.patchType}!, $expectedVersion: Int!${langVar}) {
            data: ${resource.update}(id: $id, input: $input, expectedVersion: $expectedVersion) { ${fields} }
          }`,
          variables: {
            id: params.id,
            input: this.toPatch(resource.patchType!, params.data, params.previousData),
            expectedVersion: params.meta?.expectedVersion ?? params.previousData?.version ?? params.data.version,
            ...(usesLang ? { lang } : {}),
          },
          parseResponse: (response: { data: any }) => ({ data: flat(response.data.data) }),
        };
      case DELETE:
        return {
          query: gql`mutation Delete($id: ID!, $expectedVersion: Int!) { data: ${resource.remove}(id: $id, expectedVersion: $expectedVersion) { __typename } }`,
          variables: { id: params.id, expectedVersion: params.previousData?.version },
          parseResponse: () => ({ data: params.previousData ?? { id: params.id } }),
        };
      default:
        throw new Error(`${raFetchType} is not part of the API convention`);
    }
  };
}

/**
 * A list's react-admin filter and sort as the list query takes them (also the /exports parameters): the same mapping
 * as the list itself, so only keys of the type's filter input are sent (`q`, `country`, …), never form-only ones.
 */
export function listArguments(model: SchemaModel, resourceName: string, filter: Params, sort?: { field: string; order: string }) {
  const resource = model.resources.get(resourceName);
  if (!resource) throw new Error(`Unknown resource ${resourceName}`);
  const queries = new ConventionQueries(model);
  return {
    plural: resource.listQuery,
    filter: queries.toFilter(resource.filterType, filter ?? {}),
    sort: queries.toSort(resource.sortFieldEnum, sort, currentLanguage()) as Array<{ field: string; order: 'ASC' | 'DESC' }> | undefined,
  };
}

/** A new record states only what was filled in: the server's defaults stand for the rest. */
function withoutEmpty(input: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value == null || (Array.isArray(value) && value.length === 0)) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const inner = withoutEmpty(value as Record<string, unknown>);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else out[key] = value;
  }
  return out;
}

/** A problem from the API, in react-admin's shape: field messages under body.errors (shown at the field). */
export function toHttpError(error: unknown): unknown {
  const apollo = (error as { body?: unknown })?.body instanceof ApolloError ? ((error as { body: ApolloError }).body) : error instanceof ApolloError ? error : undefined;
  const first = apollo?.graphQLErrors?.[0];
  if (!first) {
    if (apollo?.networkError) return new HttpError(apollo.networkError.message, (apollo.networkError as { statusCode?: number }).statusCode ?? 0, { code: 'NETWORK' });
    return error;
  }
  const ext = (first.extensions ?? {}) as { code?: string; fields?: Array<{ field: string; message: string }>; current?: Record<string, unknown> };
  const status = ext.code === 'CONFLICT' ? 409 : ext.code === 'UNAUTHENTICATED' ? 401 : ext.code === 'FORBIDDEN' ? 403 : ext.code === 'NOT_FOUND' ? 404 : 400;
  const body: Record<string, unknown> = { code: ext.code, current: ext.current };
  if (ext.fields?.length) {
    const errors: Record<string, any> = {};
    for (const { field, message } of ext.fields) setPath(errors, field, message);
    body.errors = errors;
  }
  return new HttpError(first.message, status, body);
}

function setPath(target: Record<string, any>, path: string, value: string) {
  const keys = path.split('.');
  let node = target;
  keys.slice(0, -1).forEach((k) => {
    node[k] = typeof node[k] === 'object' && node[k] ? node[k] : {};
    node = node[k];
  });
  const last = keys[keys.length - 1];
  node[last] = node[last] ? `${node[last]}; ${value}` : value;
}

/** A tie as the relationships tab reads it: the API's Edge, with the other end as a link. */
export type EdgeRow = Pick<Edge, 'kind' | 'direction'> & {
  field: string | null;
  role: string | null;
  startDate: string | null;
  endDate: string | null;
  other: { __typename: string; id: string; displayName: string };
  relationship: { id: string } | null;
};

export type HistoryRow = Pick<AuditEntry, 'action' | 'at'> & {
  actorUsername: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export interface AmityDataProvider extends DataProvider {
  model: SchemaModel;
  client: ApolloClient<unknown>;
  relationships(id: Identifier): Promise<EdgeRow[]>;
  history(id: Identifier): Promise<HistoryRow[]>;
  search(q: string, types?: string[]): Promise<Array<{ id: string; __typename: string; displayName: string }>>;
}

export async function buildAmityDataProvider(model: SchemaModel): Promise<AmityDataProvider> {
  const client = new ApolloClient({
    link: new HttpLink({ uri: `${apiBase()}/graphql`, credentials: 'same-origin' }),
    // Records are always read from the network; the cache would only hold stale versions.
    cache: new InMemoryCache({ possibleTypes: { Node: model.possibleTypes('Node'), Record: model.possibleTypes('Record') } }),
    defaultOptions: { query: { fetchPolicy: 'no-cache' }, mutate: { fetchPolicy: 'no-cache' }, watchQuery: { fetchPolicy: 'no-cache' } },
  });
  const queries = new ConventionQueries(model);
  const base = await buildDataProvider({
    client,
    buildQuery: () => queries.buildQuery,
    introspection: false,
    query: { fetchPolicy: 'no-cache' },
    mutation: { fetchPolicy: 'no-cache' },
  } as never);

  const guard = <T>(work: () => Promise<T>): Promise<T> => work().catch((e: unknown) => Promise.reject(toHttpError(e)));
  const run = async <T>(query: string, variables: Record<string, unknown>): Promise<T> =>
    guard(async () => (await client.query<T>({ query: gql(query), variables, fetchPolicy: 'no-cache' })).data);

  // Names come in the UI's language: a read that was under way while the language changed is asked again.
  const read = <T>(work: () => Promise<T>): Promise<T> =>
    guard(async () => {
      const lang = currentLanguage();
      const result = await work();
      return lang === currentLanguage() ? result : work();
    });

  const provider: AmityDataProvider = {
    getList: (r, p) =>
      read(async () => {
        // The API pages by at most 500: a longer page (an export) is read 500 at a time.
        const { page = 1, perPage = 25 } = p.pagination ?? {};
        if (perPage <= MAX_PER_PAGE || page !== 1) return base.getList(r, p);
        const first = await base.getList(r, { ...p, pagination: { page: 1, perPage: MAX_PER_PAGE } });
        const data = [...first.data];
        const total = first.total ?? data.length;
        for (let next = 2; data.length < Math.min(total, perPage); next++) {
          const more = await base.getList(r, { ...p, pagination: { page: next, perPage: MAX_PER_PAGE } });
          if (more.data.length === 0) break;
          data.push(...more.data);
        }
        return { data: data.slice(0, perPage), total };
      }),
    getOne: (r, p) => read(() => base.getOne(r, p)),
    getMany: (r, p) => read(() => base.getMany(r, p)),
    getManyReference: (r, p) => read(() => base.getManyReference(r, p)),
    create: (r, p) => guard(() => base.create(r, p)),
    update: (r, p) => guard(() => base.update(r, p)),
    delete: (r, p) => guard(async () => {
      // A delete needs the version the user saw; react-admin passes the record when it has it.
      const previousData = p.previousData ?? (await base.getOne(r, { id: p.id })).data;
      return base.delete(r, { ...p, previousData });
    }),
    deleteMany: (r, p) => guard(async () => {
      const { data } = await base.getMany(r, { ids: p.ids });
      for (const record of data as RaRecord[]) await base.delete(r, { id: record.id, previousData: record });
      return { data: p.ids };
    }),
    updateMany: (r, p) => guard(async () => {
      const { data } = await base.getMany(r, { ids: p.ids });
      for (const record of data as RaRecord[]) await base.update(r, { id: record.id, data: { ...record, ...p.data }, previousData: record });
      return { data: p.ids };
    }),
    model,
    client,
    relationships: async (id) => {
      const data = await run<{ node: { relationships: EdgeRow[] } | null }>(
        `query Edges($id: ID!, $lang: Language!) { node(id: $id) { relationships(first: ${RECORD_LIST_FIRST}) { kind field direction role startDate endDate other { __typename id displayName(lang: $lang) } relationship { id } } } }`,
        { id, lang: currentLanguage() },
      );
      return data.node?.relationships ?? [];
    },
    history: async (id) => {
      const data = await run<{ node: { history: HistoryRow[] } | null }>(`query History($id: ID!) { node(id: $id) { history(first: ${RECORD_LIST_FIRST}) { action at actorUsername before after } } }`, { id });
      return data.node?.history ?? [];
    },
    search: async (q, types) => {
      const data = await run<{ search: Array<{ node: { id: string; __typename: string; displayName: string } }> }>(
        `query Search($q: String!, $first: Int!, $lang: Language!${types ? ', $types: [NodeType!]' : ''}) { search(q: $q, first: $first${types ? ', types: $types' : ''}) { node { __typename id displayName(lang: $lang) } } }`,
        { q, first: 20, lang: currentLanguage(), ...(types ? { types } : {}) },
      );
      return data.search.map((hit) => hit.node);
    },
  };
  return provider;
}

export { lowerFirst };
