import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type GraphQLResponse, type Hub } from '../support/hub.js';
import { keepSecret, problemsOf } from '../support/log-check.js';
import { deleteRequest } from './records.js';

/**
 * Two requests making the same thing at once: each passes the check for an existing one before either is saved,
 * and the database's unique constraint refuses the second. That answer names the field, and the hub's log keeps a
 * warning with the request's id and nothing of the statement: no SQL, no values, no password hash.
 */

const CREATE_USER = 'mutation ($input: UserInput!) { createUser(input: $input) { id username } }';

let hub: Hub;

beforeAll(async () => {
  hub = await startHub({ template: 'empty' });
});

afterAll(async () => {
  await hub?.stop();
});

/** What one request of a race answered, with the request id it was sent under. */
interface Answer {
  requestId: string;
  response: GraphQLResponse;
}

async function race(count: number, send: (headers: Record<string, string>) => Promise<GraphQLResponse>): Promise<Answer[]> {
  const tag = randomBytes(4).toString('hex');
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const requestId = `race-${tag}-${index}`;
      return { requestId, response: await send({ 'x-request-id': requestId }) };
    }),
  );
}

/** The log lines of the given requests, parsed. */
function linesOf(requestIds: string[]): Array<Record<string, unknown>> {
  return hub.logs
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => requestIds.includes(String(line.requestId)));
}

describe('a unique value taken by a request running at the same moment', () => {
  it('answers every other createUser of the name BAD_USER_INPUT naming the username, and logs no hash, password or SQL', async () => {
    const refusedIds: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      // Generated names, and passwords with what SQL quoting and the scrubber's own patterns meet: a quote, a dash.
      const username = `race-${randomBytes(3).toString('hex')}.${round}_x`;
      const password = `${randomBytes(9).toString('base64url')} - it's (${round})`;
      keepSecret(password);
      const answers = await race(3, (headers) => hub.request(CREATE_USER, { input: { username, role: 'VIEWER', password } }, headers));
      const made = answers.filter(({ response }) => response.data?.createUser);
      const refused = answers.filter(({ response }) => response.errors);
      expect(made, JSON.stringify(answers)).toHaveLength(1);
      expect(refused).toHaveLength(2);
      for (const { requestId, response } of refused) {
        const [error] = response.errors!;
        expect(error.extensions?.code, error.message).toBe('BAD_USER_INPUT');
        expect(error.extensions?.fields).toEqual([{ field: 'username', message: `a user named "${username}" exists` }]);
        refusedIds.push(requestId);
      }
      const { rows } = await hub.db.query('select count(*)::int as count from app_user where username = $1', [username]);
      expect(rows).toEqual([{ count: 1 }]);
    }

    // The log is written after the answer: wait for the request lines of every refused request.
    await expect.poll(() => linesOf(refusedIds).filter((line) => line.msg === 'request').length).toBe(refusedIds.length);
    const lines = linesOf(refusedIds);
    // At least one refusal came from the database's constraint (the race), not only from the check before it.
    const clashes = lines.filter((line) => line.code === 'BAD_USER_INPUT');
    expect(clashes.length).toBeGreaterThan(0);
    for (const clash of clashes) {
      expect(clash.level).toBe(40);
      expect(clash.err).toMatchObject({ type: 'UniqueConstraintViolationException', code: '23505', constraint: 'app_user_username_unique', table: 'app_user' });
    }
    expect(lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(problemsOf('this hub', hub.logs.join('\n'), [])).toEqual([]);
  });

  it('saves every one of several import mappings of one name sent at once, keeping one of them', async () => {
    const token = await hub.login('admin');
    const name = `台账-${randomBytes(3).toString('hex')}`;
    const columnsOf = (index: number) => ({ [`地名${index}`]: 'names.zh', 所属国: 'country', [`备注${index}`]: null });
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        fetch(`${hub.url}/imports/mappings/${encodeURIComponent(name)}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': `mapping-race-${index}` },
          body: JSON.stringify({ recordType: 'City', columns: columnsOf(index) }),
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    const { rows } = await hub.db.query<{ columns: unknown }>('select columns from import_mapping where name = $1', [name]);
    expect(rows).toHaveLength(1);
    expect([0, 1, 2, 3].map(columnsOf)).toContainEqual(rows[0].columns);
  });

  it('answers the second of two new countries with one ISO code BAD_USER_INPUT naming the code', async () => {
    const found = await hub.query(`{ countries(filter: { code: ["BV"] }) { items { id version } } }`);
    const [bouvet] = found.countries.items;
    expect((await deleteRequest(hub, 'Country', bouvet.id, bouvet.version)).errors).toBeUndefined();

    const answers = await race(2, (headers) =>
      hub.request('mutation ($input: CountryInput!) { createCountry(input: $input) { id code } }', { input: { code: 'bv', names: { en: 'Bouvet Island' } } }, headers),
    );
    const refused = answers.filter(({ response }) => response.errors);
    expect(answers.filter(({ response }) => response.data?.createCountry)).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const [error] = refused[0].response.errors!;
    expect(error.extensions?.code, error.message).toBe('BAD_USER_INPUT');
    expect((error.extensions?.fields as Array<{ field: string }>).map((problem) => problem.field)).toEqual(['code']);
    await expect.poll(() => linesOf([refused[0].requestId]).some((line) => line.msg === 'request')).toBe(true);
    expect(linesOf([refused[0].requestId]).filter((line) => Number(line.level) >= 50)).toEqual([]);
    expect(problemsOf('this hub', hub.logs.join('\n'), [])).toEqual([]);
  });
});
