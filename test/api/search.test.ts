import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';
import { create, expectError } from './records.js';

const SEARCH = `query Search($q: String!, $types: [NodeType!], $first: Int) {
  search(q: $q, types: $types, first: $first) { score type node { id names { zh en local } } }
}`;

interface Hit {
  score: number;
  type: string;
  node: { id: string; names: { zh: string | null; en: string | null; local: string | null } };
}

describe('search across every node type', () => {
  let hub: Hub;
  const ids: Record<string, string> = {};

  const search = async (q: string, variables: Record<string, unknown> = {}) => (await hub.query<{ search: Hit[] }>(SEARCH, { q, ...variables })).search;

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
    ids.nanchang = (await create(hub, 'City', { names: { zh: '南昌', en: 'Nanchang' }, countryCode: 'CN', isHomeCity: true })).id;
    ids.kragero = (await create(hub, 'City', { names: { zh: '克拉格勒', en: 'Kragero', local: 'Kragerø', localLang: 'no' }, countryCode: 'NO' })).id;
    ids.university = (await create(hub, 'Organisation', { names: { zh: '南昌大学', en: 'Nanchang University' }, kind: 'UNIVERSITY', cityId: ids.nanchang })).id;
    ids.school = (await create(hub, 'Organisation', { names: { zh: '南昌三中', en: 'Nanchang No. 3 Middle School' }, kind: 'SCHOOL', aliases: ['NC3'], cityId: ids.nanchang })).id;
    ids.association = (await create(hub, 'Organisation', { names: { en: 'Jiangxi-Nanchang Friendship Association' }, kind: 'ASSOCIATION' })).id;
    ids.road = (await create(hub, 'Organisation', { names: { en: 'Nanchan Road Traders' }, kind: 'COMPANY' })).id;
    ids.person = (await create(hub, 'Person', { names: { zh: '李南昌', en: 'Li Nanchang' }, category: 'STAFF' })).id;
  });
  afterAll(async () => hub?.stop());

  it('ranks an exact name first, then names starting with the text, then names containing it, then similar spellings', async () => {
    const hits = await search('Nanchang');
    const order = hits.map((hit) => hit.node.id);
    const rank = (id: string) => order.indexOf(id);

    expect(order[0]).toBe(ids.nanchang);
    expect(hits[0]).toMatchObject({ type: 'City' });
    expect(hits[0].score).toBeGreaterThanOrEqual(3);
    for (const id of [ids.university, ids.school, ids.person]) {
      expect(rank(id)).toBeGreaterThan(0);
      expect(hits[rank(id)].score).toBeGreaterThanOrEqual(2);
      expect(hits[rank(id)].score).toBeLessThan(3);
      expect(rank(id)).toBeLessThan(rank(ids.association));
    }
    expect(hits[rank(ids.association)].score).toBeGreaterThanOrEqual(1);
    expect(hits[rank(ids.association)].score).toBeLessThan(2);
    // "Nanchan Road" does not contain "nanchang" but is spelt much like it
    expect(rank(ids.road)).toBeGreaterThan(rank(ids.association));
    expect(hits[rank(ids.road)].score).toBeLessThan(1);
    expect(hits[rank(ids.road)].score).toBeGreaterThan(0);

    const scores = hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('finds a part of a Chinese name, pinyin and aliases', async () => {
    expect((await search('三中')).map((hit) => hit.node.id)).toEqual([ids.school]);
    expect((await search('sanzhong')).map((hit) => hit.node.id)).toContain(ids.school);
    expect((await search('nc3'))[0].node.id).toBe(ids.school);
    const exact = await search('南昌');
    expect(exact[0].node.id).toBe(ids.nanchang);
    expect(exact.map((hit) => hit.node.id)).toEqual(expect.arrayContaining([ids.university, ids.school, ids.person]));
  });

  it('ignores case and accents in Latin names', async () => {
    for (const q of ['kragero', 'KRAGERØ', 'Kragerø', 'krag']) {
      const hits = await search(q);
      expect(hits[0]?.node.id, q).toBe(ids.kragero);
    }
  });

  it('narrows to the types asked for and returns at most `first` hits', async () => {
    const organisations = await search('Nanchang', { types: ['ORGANISATION'] });
    expect(organisations.length).toBeGreaterThanOrEqual(3);
    expect(new Set(organisations.map((hit) => hit.type))).toEqual(new Set(['Organisation']));

    const people = await search('Nanchang', { types: ['PERSON', 'CITY'] });
    expect(people.map((hit) => hit.node.id).sort()).toEqual([ids.nanchang, ids.person].sort());

    expect(await search('Nanchang', { first: 2 })).toHaveLength(2);
    expect(await search('zzzz-no-such-name')).toEqual([]);
    // countries are nodes too
    expect((await search('Norway', { types: ['COUNTRY'] }))[0]).toMatchObject({ type: 'Country', node: { names: { en: 'Norway' } } });
  });

  it('is one SQL statement, plus one for the nodes it returns, whatever their types', async () => {
    const bare = await hub.request(`{ search(q: "Nanchang") { score type } }`);
    expect(bare.errors).toBeUndefined();
    expect(bare.extensions?.sqlStatements).toBe(1);

    // the hits are a City, Organisations and a Person: their records load in one statement
    const full = await hub.request<{ search: Hit[] }>(SEARCH, { q: 'Nanchang' });
    expect(full.errors).toBeUndefined();
    expect(new Set(full.data!.search.map((hit) => hit.type)).size).toBeGreaterThan(1);
    expect(full.extensions?.sqlStatements).toBe(2);
  });

  it('finds only what the caller may see', async () => {
    const secret = (await create(hub, 'Person', { names: { en: 'Nanchang Secret Person' }, category: 'STAFF', visibility: 'RESTRICTED' })).id;
    expect((await search('Nanchang Secret')).map((hit) => hit.node.id)).toEqual([secret]);
    const viewer = await hub.as('viewer');
    const seen = (await viewer.query<{ search: Hit[] }>(SEARCH, { q: 'Nanchang' })).search.map((hit) => hit.node.id);
    expect(seen).toContain(ids.nanchang);
    expect(seen).not.toContain(secret);
  });

  it('refuses an empty text and a `first` out of range, naming the argument', async () => {
    for (const q of ['', '   ']) {
      const error = expectError(await hub.request(SEARCH, { q }), 'BAD_USER_INPUT');
      expect(error.message).toMatch(/^q: /);
    }
    for (const first of [0, 101]) {
      const error = expectError(await hub.request(SEARCH, { q: 'Nanchang', first }), 'BAD_USER_INPUT');
      expect(error.message).toMatch(/^first: must be from 1 to 100/);
    }
  });
});
