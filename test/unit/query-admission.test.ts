import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_REPEATS } from '../../server/dist/http/limits.js';
import { QueryAdmission } from '../../server/dist/http/query-admission.js';
import { hostileDocuments } from '../support/hostile-documents.js';
import { schemaFile } from '../support/paths.js';

/**
 * The query limits, checked before validation (server/src/http/query-admission.ts): every hostile document, at every
 * size the token limit lets through, is refused or validated in well under 50 ms, and the measure counts what the
 * limits say it counts. The API tests (api/limits.test.ts, api/fuzz.test.ts) send the same documents to a hub.
 */
const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
const LIMITS = { depth: 8, aliases: 15, cost: 100_000, directives: 10, fields: 1000 };
const MAX_TOKENS = 2000;

const admission = () => new QueryAdmission(schema, LIMITS, MAX_TOKENS);

/** The least of three timings (this machine is shared: the least is the one nothing else interrupted). */
function fastest(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i += 1) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

describe('query admission', () => {
  for (const signedIn of [true, false]) {
    it(`hostile documents for ${signedIn ? 'a signed-in caller' : 'a stranger'}: refused, or validated, in well under 50 ms each`, () => {
      const documents = hostileDocuments(MAX_TOKENS, signedIn);
      expect(documents.length).toBeGreaterThan(30);
      const slow: string[] = [];
      let refused = 0;
      for (const { name, query } of documents) {
        // A fresh admission each time: nothing is kept from an earlier run of the same text.
        const refusal = admission().refusal({ query });
        if (refusal) refused += 1;
        const took = fastest(() => {
          if (!admission().refusal({ query })) validate(schema, parse(query, { maxTokens: MAX_TOKENS }));
        });
        if (took > 40) slow.push(`${name}: ${took.toFixed(1)} ms`);
      }
      expect(slow).toEqual([]);
      expect(refused).toBeGreaterThan(documents.length / 2);
    });
  }

  it('the audit’s document (26 levels of doubling fragments) and the largest the token limit allows are refused by their fields', () => {
    const doubling = (levels: number) =>
      `{ ...F0 } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${levels} on Query { __typename }`;
    expect(admission().refusal({ query: doubling(26) })).toMatch(/asks for 67108864 fields once its fragments are spread; the limit is 1000/);
    expect(admission().refusal({ query: doubling(190) })).toMatch(/more than 10\^15 fields/);
    expect(admission().refusal({ query: doubling(5) })).toBeUndefined();
  });

  it('costs lists by the items they can return: given, or their first’s default, or what the hub caps them at', () => {
    const measure = (query: string) => admission().refusal({ query });
    // The page, and for each of its 100 cities the city and 500 ties, each with its other end: 1 + 100 × (1 + 500 × 2).
    expect(measure('{ cities(perPage: 100) { items { relationships(first: 500) { other { id } } } } }')).toMatch(/estimated cost is 100101; the limit is 100000/);
    expect(measure('{ cities(perPage: 100) { items { relationships(first: 500) { other { id } } } } }')).toMatch(/cities × 100, then relationships × 500/);
    expect(measure('{ cities(perPage: 500) { items { country { id } } } }')).toBeUndefined();
    expect(measure('query ($n: Int) { cities(perPage: $n) { items { relationships(first: $n) { other { id } } } } }')).toBeUndefined();
    const variables = admission();
    expect(variables.refusal({ query: 'query ($n: Int) { cities(perPage: $n) { items { relationships(first: $n) { other { id } } } } }', variables: { n: 500 } })).toMatch(/estimated cost is 500501/);
    // The same text with a small page afterwards is measured again, not answered from the first measure.
    expect(variables.refusal({ query: 'query ($n: Int) { cities(perPage: $n) { items { relationships(first: $n) { other { id } } } } }', variables: { n: 5 } })).toBeUndefined();
  });

  it('counts one field asked for many times in one selection, through fragments and inline fragments', () => {
    const times = (n: number) => `{ ${'... on Query { cities { total } } '.repeat(n)} }`;
    expect(admission().refusal({ query: times(MAX_REPEATS) })).toBeUndefined();
    expect(admission().refusal({ query: times(MAX_REPEATS + 1) })).toMatch(new RegExp(`one field stands ${MAX_REPEATS + 1} times in one selection`));
    const spread = `{ ...A ...B } fragment A on Query { ${'cities { total } '.repeat(30)} } fragment B on Query { ${'cities { total } '.repeat(30)} }`;
    expect(admission().refusal({ query: spread })).toMatch(/one field stands 60 times/);
  });

  it('counts depth, aliases and directives through fragments spread more than once', () => {
    const query = `{ ...A ...B } fragment A on Query { ...C } fragment B on Query { ...C } fragment C on Query { ${Array.from({ length: 8 }, (_, i) => `c${i}: __typename`).join(' ')} }`;
    expect(admission().refusal({ query })).toMatch(/16 aliases; the limit is 15/);
    const deep = `{ cities { items { ...N } } } fragment N on City { neighbours { ...M } } fragment M on Node { neighbours { neighbours { neighbours { neighbours { neighbours { neighbours { id } } } } } } }`;
    expect(admission().refusal({ query: deep })).toMatch(/9 levels deep; the limit is 8/);
  });

  it('leaves what it cannot read to GraphQL’s own answer: syntax errors, unknown operations, cycles', () => {
    expect(admission().refusal({ query: '{ cities { ' })).toBeUndefined();
    expect(admission().refusal({ query: 'query A { __typename } query B { __typename }' })).toBeUndefined();
    expect(admission().refusal({ query: '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }' })).toBeUndefined();
    expect(admission().refusal({ query: 42 })).toBeUndefined();
  });
});
