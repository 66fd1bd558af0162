import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

/**
 * The hub's seam with Apollo Server (server/src/graph/compiled-execution.ts): Apollo runs every operation through
 * the executor the hub gives it as a "gateway", which compiles queries with graphql-jit and leaves to graphql-js
 * what graphql-js must answer. With AMITY_EXPOSE_SQL_COUNT (as every test hub runs) each answer says which ran it;
 * an Apollo that stops calling the gateway answers without it and fails here.
 */
type Answer = { data?: Record<string, any> | null; errors?: Array<{ message: string }>; extensions?: { executedBy?: string } };

describe('how the hub runs operations', () => {
  let hub: Hub;

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });
  afterAll(async () => hub?.stop());

  const ask = (query: string, variables?: Record<string, unknown>) => hub.request(query, variables) as Promise<Answer>;

  it('runs a query compiled by graphql-jit, the same query again from its compiled plan', async () => {
    for (const round of [1, 2]) {
      const answer = await ask('query Countries { countries(perPage: 1) { total } me { username } }');
      expect(answer.errors, `round ${round}`).toBeUndefined();
      expect(answer.data?.me, `round ${round}`).toEqual({ username: 'admin' });
      expect(answer.extensions?.executedBy, `round ${round}`).toBe('graphql-jit');
    }
  });

  it('runs a mutation by graphql-js, which runs no field after a failing one', async () => {
    const created = await ask('mutation { createCity(input: { names: { en: "Executia" }, countryCode: "NO" }) { names { en } } }');
    expect(created.errors).toBeUndefined();
    expect(created.data).toEqual({ createCity: { names: { en: 'Executia' } } });
    expect(created.extensions?.executedBy).toBe('graphql-js');
    // graphql-jit would run `second` too, and save a city whose answer is then thrown away.
    const stopped = await ask('mutation { first: createCity(input: { names: { en: "Nowhere" }, countryCode: "not a code" }) { id } second: createCity(input: { names: { en: "Never saved" }, countryCode: "NO" }) { id } }');
    expect(stopped.data).toBeNull();
    expect(stopped.errors).toHaveLength(1);
    expect(stopped.extensions?.executedBy).toBe('graphql-js');
    expect((await hub.db.query("select count(*)::int as count from city where name_en in ('Nowhere', 'Never saved')")).rows[0].count).toBe(0);
  });

  it('refuses variables in graphql-js\'s words, by graphql-js', async () => {
    const answer = await ask('query ($first: Int!) { countries(perPage: $first) { total } }', { first: 'three' });
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0].message).toMatch(/^Variable "\$first" got invalid value "three"/);
    expect(answer.extensions?.executedBy).toBe('graphql-js');
  });
});
