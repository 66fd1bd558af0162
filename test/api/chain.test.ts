import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../support/hub.js';

const CHAIN = `query Chain($id: ID!) {
  partnership(id: $id) {
    names { en }
    exchanges(first: 10) {
      names { en }
      participants(first: 5) {
        role
        organisation {
          names { en }
          delegations(first: 20) { names { en } headcount members(first: 20) { names { en } } }
        }
      }
    }
  }
}`;

/**
 * A partnership with `exchanges` exchanges; each has two schools, each school sent one delegation with two
 * members. Everything is made through the API.
 */
async function buildChain(hub: Hub, label: string, exchanges: number): Promise<string> {
  const create = async (mutation: string, input: Record<string, unknown>) =>
    Object.values(await hub.query(`mutation($input: ${mutation.replace('create', '')}Input!) { ${mutation}(input: $input) { id } }`, { input }))[0] as { id: string };
  const home = await create('createCity', { names: { en: `${label} home` }, countryCode: 'CN', isHomeCity: true });
  const partner = await create('createCity', { names: { en: `${label} partner` }, countryCode: 'DE' });
  const partnership = await create('createPartnership', { homeCityId: home.id, partnerCityId: partner.id, level: 'SISTER_CITY' });
  for (let e = 0; e < exchanges; e += 1) {
    const schools = [];
    for (let s = 0; s < 2; s += 1) {
      const school = await create('createOrganisation', { names: { en: `${label} school ${e}.${s}` }, kind: 'SCHOOL', cityId: home.id });
      const members = [];
      for (let m = 0; m < 2; m += 1) members.push((await create('createPerson', { names: { en: `${label} pupil ${e}.${s}.${m}` }, category: 'OTHER' })).id);
      await create('createDelegation', {
        names: { en: `${label} visit ${e}.${s}` },
        direction: 'OUTBOUND',
        channel: 'SISTER_CITY',
        headcount: 3,
        sendingOrganisationId: school.id,
        destinationCityId: partner.id,
        memberIds: members,
      });
      schools.push(school.id);
    }
    await create('createExchange', {
      names: { en: `${label} exchange ${e}` },
      field: 'EDUCATION',
      partnershipId: partnership.id,
      participants: schools.map((organisationId) => ({ organisationId, role: 'partner school' })),
    });
  }
  return partnership.id;
}

describe('the sister city → exchange → school → delegation chain', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });
  afterAll(async () => hub?.stop());

  it('is one query, whose SQL statement count stays the same when the rows grow tenfold', async () => {
    const small = await buildChain(hub, 'Small', 1);
    const large = await buildChain(hub, 'Large', 10);

    const smallAnswer = await hub.request<any>(CHAIN, { id: small });
    const largeAnswer = await hub.request<any>(CHAIN, { id: large });
    expect(smallAnswer.errors).toBeUndefined();
    expect(largeAnswer.errors).toBeUndefined();

    const exchanges = largeAnswer.data.partnership.exchanges;
    expect(exchanges).toHaveLength(10);
    const delegations = exchanges.flatMap((exchange: any) => exchange.participants.flatMap((p: any) => p.organisation.delegations));
    expect(delegations).toHaveLength(20);
    expect(delegations.flatMap((d: any) => d.members)).toHaveLength(40);
    expect(smallAnswer.data.partnership.exchanges[0].participants[0].organisation.delegations[0].members).toHaveLength(2);

    expect(smallAnswer.extensions?.sqlStatements).toBeGreaterThan(0);
    expect(largeAnswer.extensions?.sqlStatements).toBe(smallAnswer.extensions?.sqlStatements);
    // one statement for each level: partnership, exchanges, participants, organisations, delegations, members
    expect(largeAnswer.extensions?.sqlStatements).toBeLessThanOrEqual(6);
  });

  it('records asked by id under several aliases come in one statement, with the organisations and cities they name', async () => {
    await buildChain(hub, 'Aliased', 2);
    const listed = await hub.query<any>('{ delegations(filter: { q: "Aliased visit" }, perPage: 3, sort: [{ field: names_en }]) { items { id names { en } } } }');
    const ids: string[] = listed.delegations.items.map((item: { id: string }) => item.id);
    expect(ids).toHaveLength(3);
    const record = 'names { en } sendingOrganisation { names { en } } destinationCity { names { en } }';
    const answer = await hub.request<any>(`query($a: ID!, $b: ID!, $c: ID!) { a: delegation(id: $a) { ${record} } b: delegation(id: $b) { ${record} } c: delegation(id: $c) { ${record} } }`, { a: ids[0], b: ids[1], c: ids[2] });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      a: { names: { en: 'Aliased visit 0.0' }, sendingOrganisation: { names: { en: 'Aliased school 0.0' } }, destinationCity: { names: { en: 'Aliased partner' } } },
      b: { names: { en: 'Aliased visit 0.1' }, sendingOrganisation: { names: { en: 'Aliased school 0.1' } }, destinationCity: { names: { en: 'Aliased partner' } } },
      c: { names: { en: 'Aliased visit 1.0' }, sendingOrganisation: { names: { en: 'Aliased school 1.0' } }, destinationCity: { names: { en: 'Aliased partner' } } },
    });
    expect(answer.extensions?.sqlStatements).toBe(1);
  });

  it('a person in two delegations of one batch is a member of each, read in one statement for the batch', async () => {
    const person = async (name: string) => (await hub.query<any>('mutation($input: PersonInput!) { createPerson(input: $input) { id } }', { input: { names: { en: name }, category: 'OTHER' } })).createPerson.id as string;
    const [shared, first, second] = [await person('Shared member'), await person('First only'), await person('Second only')];
    const delegation = async (name: string, memberIds: string[]) =>
      (await hub.query<any>('mutation($input: DelegationInput!) { createDelegation(input: $input) { id } }', { input: { names: { en: name }, direction: 'INBOUND', channel: 'BUSINESS', headcount: 2, memberIds } })).createDelegation.id as string;
    const ids = [await delegation('Shared visit A', [shared, first]), await delegation('Shared visit B', [second, shared])];
    const answer = await hub.request<any>('query($ids: [ID!]!) { delegations(filter: { ids: $ids }) { items { id members { names { en } } } } }', { ids });
    expect(answer.errors).toBeUndefined();
    const members = Object.fromEntries(answer.data.delegations.items.map((item: any) => [item.id, item.members.map((member: any) => member.names.en).sort()]));
    expect(members).toEqual({ [ids[0]]: ['First only', 'Shared member'], [ids[1]]: ['Second only', 'Shared member'] });
    // the page, then the members of both delegations
    expect(answer.extensions?.sqlStatements).toBe(2);
  });
});
