import { buildSchema, execute, getOperationAST, GraphQLError, parse, type GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CompiledExecution, compiledFieldsPast } from '../../server/dist/graph/compiled-execution.js';

/**
 * How the hub runs operations (server/src/graph/compiled-execution.ts): queries compiled, mutations and what
 * cannot or should not be compiled by graphql-js. The API tests run every answer through it; these pin the
 * choices it makes.
 */

const fieldsOf = (schema: GraphQLSchema, query: string, most: number) => {
  const document = parse(query);
  return compiledFieldsPast(schema, document, getOperationAST(document)!, most);
};

describe('the size of a compiled operation', () => {
  // As the hub's graph: twelve node types behind one interface, each with neighbours of any type.
  const types = Array.from({ length: 12 }, (_, i) => `type T${i} implements Node { id: ID! names: Names! neighbours: [Node!]! }`);
  const schema = buildSchema(`
    interface Node { id: ID! names: Names! neighbours: [Node!]! }
    type Names { zh: String en: String }
    ${types.join('\n')}
    type Delegation { id: ID! names: Names! channel: String }
    type Page { items: [Delegation!]! }
    type Query { delegations(perPage: Int): Page! node(id: ID!): Node }
  `);

  it('counts each field once for an object type, and once for every type an interface may be', () => {
    const page = '{ delegations(perPage: 50) { items { id names { zh en } channel } } }';
    // delegations, items, id, names, zh, en, channel
    expect(fieldsOf(schema, page, 7)).toBe(false);
    expect(fieldsOf(schema, page, 6)).toBe(true);
    // node, then id and __typename for each of the twelve types
    const node = '{ node(id: "x") { id __typename } }';
    expect(fieldsOf(schema, node, 25)).toBe(false);
    expect(fieldsOf(schema, node, 24)).toBe(true);
    // fragments count where they are spread
    expect(fieldsOf(schema, '{ node(id: "x") { ...N } } fragment N on Node { id }', 13)).toBe(false);
    expect(fieldsOf(schema, '{ node(id: "x") { ...N } } fragment N on Node { id }', 12)).toBe(true);
  });

  it('stops counting nested interfaces early: eight levels of fragments on Node (12^8 fields) are too many, and say so at once', () => {
    const deep = `query ($id: ID!) { node(id: $id) { ...F1 } } ${Array.from({ length: 7 }, (_, i) => `fragment F${i + 1} on Node { neighbours { ...F${i + 2} } }`).join(' ')} fragment F8 on Node { id }`;
    expect(fieldsOf(schema, deep, 500)).toBe(true);
    expect(fieldsOf(schema, '{ __schema { types { name fields { name type { name ofType { name } } } } } }', 500)).toBe(false);
  });
});

describe('running operations', () => {
  const schema = buildSchema(`
    interface Named { name: String! }
    type City implements Named { name: String! population: Int }
    type School implements Named { name: String! pupils: Int }
    type Query { named: [Named!]! count(at: Int!): Int! }
    type Mutation { step(n: Int!): Int! }
  `);
  const ran: number[] = [];
  const rootValue = {};
  const resolvers = {
    named: () => [Object.assign(Object.create({ kind: 'City' }), { name: 'Nanchang', population: 6 }), Object.assign(Object.create({ kind: 'School' }), { name: 'Arts College', pupils: 900 })],
    count: ({ at }: { at: number }) => at + 1,
    step: ({ n }: { n: number }) => {
      ran.push(n);
      if (n === 2) throw new GraphQLError('step 2 fails', { extensions: { code: 'BAD_USER_INPUT' } });
      return n;
    },
  };
  (schema.getType('Named') as { resolveType?: unknown }).resolveType = (value: { kind: string }) => value.kind;
  for (const [name, resolve] of Object.entries(resolvers)) {
    const field = (schema.getQueryType()!.getFields()[name] ?? schema.getMutationType()!.getFields()[name])!;
    field.resolve = (_source, args) => (resolve as (args: unknown) => unknown)(args);
  }
  const execution = new CompiledExecution(schema);
  const both = async (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const compiled = await execution.run({ document, variables, context: {} });
    const plain = await execute({ schema, document, variableValues: variables, rootValue, contextValue: {} });
    return { compiled: JSON.parse(JSON.stringify(compiled)), plain: JSON.parse(JSON.stringify(plain)) };
  };

  it('answers a query as graphql-js does, abstract types included', async () => {
    const { compiled, plain } = await both('{ named { __typename name ... on City { population } ... on School { pupils } } count(at: 2) }');
    expect(compiled).toEqual(plain);
    expect(compiled.data.named).toEqual([
      { __typename: 'City', name: 'Nanchang', population: 6 },
      { __typename: 'School', name: 'Arts College', pupils: 900 },
    ]);
  });

  it('refuses bad variables in graphql-js words, naming the variable', async () => {
    const { compiled, plain } = await both('query ($at: Int!) { count(at: $at) }', { at: 'three' });
    expect(compiled).toEqual(plain);
    expect(compiled.errors[0].message).toMatch(/^Variable "\$at" got invalid value "three"/);
    expect(compiled.data).toBeUndefined();
  });

  it('runs a mutation as graphql-js does: after a failing non-null field, none of the fields after it', async () => {
    ran.length = 0;
    const answer = await execution.run({ document: parse('mutation { a: step(n: 1) b: step(n: 2) c: step(n: 3) }'), context: {} });
    expect(ran).toEqual([1, 2]);
    expect(answer.data).toBeNull();
    expect(answer.errors?.map((error) => error.message)).toEqual(['step 2 fails']);
  });

  it('gives errors of compiled queries as graphql-js errors, with their cause and code', async () => {
    const failing = buildSchema('type Query { broken: Int }');
    failing.getQueryType()!.getFields().broken.resolve = () => {
      throw new GraphQLError('no figure', { extensions: { code: 'NOT_FOUND' } });
    };
    const answer = await new CompiledExecution(failing).run({ document: parse('{ broken }'), context: {} });
    expect(answer.data).toEqual({ broken: null });
    const [error] = answer.errors!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'NOT_FOUND' });
    expect(error.originalError?.message).toBe('no figure');
    expect(error.path).toEqual(['broken']);
    expect(error.locations).toEqual([{ line: 1, column: 3 }]);
  });
});
