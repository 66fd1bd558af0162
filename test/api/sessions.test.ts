import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type GraphQLResponse, type Hub } from '../support/hub.js';
import { expectError } from './records.js';

/**
 * Sign-in, sessions and tokens: the session cookie (HttpOnly, SameSite=Strict, a new
 * id at every sign-in, idle and absolute expiry), sign-out that really ends the session, personal access
 * tokens, disabled accounts, and sign-in abuse (per-account slow-down, aliases counted one by one, unknown
 * users answered like wrong passwords) — and no password or secret in the logs.
 */

type Data = Record<string, any>;

const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token expiresAt user { username role } } }';
const ME = '{ me { username role } }';
const PASSWORD = 'sessions-test-password-41';

/** Every secret and password this file handles: none may reach the hub's log. */
const secrets = new Set<string>();

/** A documentation address (RFC 3849) per sign-in attempt that must not count against another test's address. */
let addressSerial = 0;
const freshAddress = () => {
  addressSerial += 1;
  return `2001:db8::${addressSerial.toString(16)}`;
};

describe('sessions, tokens and sign-in abuse', () => {
  let hub: Hub;

  interface Attempt {
    body: GraphQLResponse<Data>;
    /** `amity_session=…`, ready for a Cookie header, when the answer set one. */
    cookie?: string;
    setCookie?: string;
    ms: number;
  }

  const post = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Attempt> => {
    const started = performance.now();
    const response = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<Data>;
    const ms = performance.now() - started;
    const setCookie = response.headers.getSetCookie().find((line) => line.startsWith('amity_session='));
    const cookie = setCookie?.split(';')[0];
    if (cookie && cookie.length > 'amity_session='.length) secrets.add(cookie.slice('amity_session='.length));
    if (body.data?.login?.token) secrets.add(body.data.login.token);
    return { body, cookie, setCookie, ms };
  };

  const login = (username: string, password: string, options: { address?: string; cookie?: string } = {}) => {
    secrets.add(password);
    return post(LOGIN, { u: username, p: password }, { 'x-forwarded-for': options.address ?? freshAddress(), ...(options.cookie ? { cookie: options.cookie } : {}) });
  };
  const withCookie = async (cookie: string, query = ME, variables: Record<string, unknown> = {}) => (await post(query, variables, { cookie })).body;
  const withBearer = async (token: string, query = ME, variables: Record<string, unknown> = {}) => (await post(query, variables, { authorization: `Bearer ${token}` })).body;

  /** A user of its own for one test: no other test's sessions or failures touch it. */
  const makeUser = async (username: string, role = 'ANALYST') => {
    const made = await hub.query('mutation ($input: UserInput!) { createUser(input: $input) { id version } }', { input: { username, role, password: PASSWORD } });
    return made.createUser as { id: string; version: number };
  };

  beforeAll(async () => {
    hub = await startHub({ template: 'empty' });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  describe('the session cookie', () => {
    it('login sets an HttpOnly, SameSite=Strict cookie for the whole site that ends with the session; the cookie alone signs requests in', async () => {
      const started = Date.now();
      const answer = await login('viewer', 'amity-demo');
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data!.login.user).toEqual({ username: 'viewer', role: 'VIEWER' });
      const setCookie = answer.setCookie!;
      expect(setCookie).toBeDefined();
      expect(setCookie).toMatch(/;\s*HttpOnly/i);
      expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
      expect(setCookie).toMatch(/;\s*Path=\/(;|$)/i);
      expect(setCookie).not.toMatch(/;\s*Domain=/i);
      // it ends when the session ends at the latest: within the absolute limit (12 hours by default)
      const expires = Date.parse(/;\s*Expires=([^;]+)/i.exec(setCookie)?.[1] ?? '');
      const expiresAt = Date.parse(answer.body.data!.login.expiresAt);
      expect(Math.abs(expires - expiresAt)).toBeLessThan(2_000);
      expect(expiresAt).toBeGreaterThan(started);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 12 * 3_600_000 + 60_000);

      expect((await withCookie(answer.cookie!)).data).toEqual({ me: { username: 'viewer', role: 'VIEWER' } });
      expect((await withBearer(answer.body.data!.login.token)).data).toEqual({ me: { username: 'viewer', role: 'VIEWER' } });
    });

    it('a new sign-in ends the session the browser already had: the session id changes at login', async () => {
      const first = await login('editor', 'amity-demo');
      expect((await withCookie(first.cookie!)).data?.me.username).toBe('editor');
      const second = await login('editor', 'amity-demo', { cookie: first.cookie });
      expect(second.body.errors).toBeUndefined();
      expect(second.cookie).toBeDefined();
      expect(second.cookie).not.toBe(first.cookie);
      expectError(await withCookie(first.cookie!), 'UNAUTHENTICATED');
      expectError(await withBearer(first.body.data!.login.token), 'UNAUTHENTICATED');
      expect((await withCookie(second.cookie!)).data?.me.username).toBe('editor');
    });

    it('a session id chosen by someone else is never adopted (session fixation)', async () => {
      const planted = 'amity_session=amity_s_planted-by-an-attacker-0123456789abcdefghijklmnop';
      const answer = await login('viewer', 'amity-demo', { cookie: planted });
      expect(answer.cookie).toBeDefined();
      expect(answer.cookie).not.toBe(planted);
      expectError(await withCookie(planted), 'UNAUTHENTICATED');
      expect((await withCookie(answer.cookie!)).data?.me.username).toBe('viewer');
    });

    it('logout ends the session: the same cookie and the same Bearer token replayed are refused', async () => {
      const byCookie = await login('analyst', 'amity-demo');
      const out = await post('mutation { logout }', {}, { cookie: byCookie.cookie! });
      expect(out.body.data).toEqual({ logout: true });
      // the cookie is cleared in the browser…
      expect(out.setCookie).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);
      // …and a copy kept by someone replays to nothing, as a cookie or as a Bearer token
      expectError(await withCookie(byCookie.cookie!), 'UNAUTHENTICATED');
      expectError(await withBearer(byCookie.body.data!.login.token), 'UNAUTHENTICATED');

      const byBearer = await login('analyst', 'amity-demo');
      const token = byBearer.body.data!.login.token as string;
      expect((await withBearer(token)).data?.me.username).toBe('analyst');
      expect((await withBearer(token, 'mutation { logout }')).data).toEqual({ logout: true });
      expectError(await withBearer(token), 'UNAUTHENTICATED');
      expectError(await withCookie(byBearer.cookie!), 'UNAUTHENTICATED');
      // still refused a little later (after any cache of credentials)
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expectError(await withBearer(token), 'UNAUTHENTICATED');
      expectError(await withCookie(byCookie.cookie!), 'UNAUTHENTICATED');
    });

    it('an idle session ends (30 minutes by default); one used recently does not', async () => {
      const idle = await makeUser('idle-user');
      const first = await login('idle-user', PASSWORD);
      await hub.db.query("update session set last_seen_at = now() - interval '2 hours' where user_id = $1", [idle.id]);
      expectError(await withCookie(first.cookie!), 'UNAUTHENTICATED');
      expectError(await withBearer(first.body.data!.login.token), 'UNAUTHENTICATED');

      const second = await login('idle-user', PASSWORD);
      await hub.db.query("update session set last_seen_at = now() - interval '20 minutes' where user_id = $1 and ended_at is null", [idle.id]);
      expect((await withCookie(second.cookie!)).data?.me.username).toBe('idle-user');
    });

    it('a session ends at its absolute end, however busy', async () => {
      const user = await makeUser('expired-user');
      const answer = await login('expired-user', PASSWORD);
      const { rows } = await hub.db.query('select extract(epoch from expires_at - created_at)::int as seconds from session where user_id = $1', [user.id]);
      expect(rows[0].seconds).toBeLessThanOrEqual(12 * 3600 + 60);
      await hub.db.query("update session set expires_at = now() - interval '1 minute', last_seen_at = now() where user_id = $1", [user.id]);
      expectError(await withCookie(answer.cookie!), 'UNAUTHENTICATED');
      expectError(await withBearer(answer.body.data!.login.token), 'UNAUTHENTICATED');
    });

    it('secrets are stored only as hashes', async () => {
      const answer = await login('viewer', 'amity-demo');
      const token = answer.body.data!.login.token as string;
      for (const table of ['session', 'access_token', 'app_user', 'audit_entry']) {
        const { rows } = await hub.db.query(`select count(*)::int as count from "${table}" t where position($1 in row_to_json(t)::text) > 0`, [token]);
        expect(rows[0].count, table).toBe(0);
      }
    });
  });

  describe('personal access tokens', () => {
    const CREATE = 'mutation ($name: String!, $expiresAt: DateTimeISO) { createAccessToken(name: $name, expiresAt: $expiresAt) { token accessToken { id name prefix createdAt expiresAt revokedAt } } }';

    it('made by an analyst, used as Bearer with the analyst’s role, listed without the secret, revoked for good', async () => {
      const analyst = await hub.as('analyst');
      const made = (await analyst.query(CREATE, { name: 'yearly report notebook' })).createAccessToken;
      const secret = made.token as string;
      secrets.add(secret);
      expect(secret.startsWith(made.accessToken.prefix)).toBe(true);
      expect(made.accessToken.prefix.length).toBeLessThan(secret.length / 2);

      expect((await withBearer(secret)).data).toEqual({ me: { username: 'analyst', role: 'ANALYST' } });
      expectError(await withBearer(secret, 'mutation { createOrganisation(input: { names: { en: "By token" }, kind: CLUB }) { id } }'), 'FORBIDDEN');

      const listed = (await analyst.query('{ accessTokens { id name prefix createdAt lastUsedAt expiresAt revokedAt } }')).accessTokens as Data[];
      expect(listed.map((token) => token.id)).toContain(made.accessToken.id);
      expect(JSON.stringify(listed)).not.toContain(secret);
      expect(listed.find((token) => token.id === made.accessToken.id)!.lastUsedAt).not.toBeNull();
      const { rows } = await hub.db.query('select count(*)::int as count from access_token t where position($1 in row_to_json(t)::text) > 0', [secret]);
      expect(rows[0].count).toBe(0);

      const revoked = (await analyst.query('mutation ($id: ID!) { revokeAccessToken(id: $id) { id revokedAt } }', { id: made.accessToken.id })).revokeAccessToken;
      expect(revoked.revokedAt).not.toBeNull();
      expectError(await withBearer(secret), 'UNAUTHENTICATED');
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expectError(await withBearer(secret), 'UNAUTHENTICATED');
    });

    it('a token with an end stops working at its end; an end in the past is refused', async () => {
      const analyst = await hub.as('analyst');
      const made = (await analyst.query(CREATE, { name: 'short-lived', expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).createAccessToken;
      secrets.add(made.token);
      expect((await withBearer(made.token)).data?.me.username).toBe('analyst');
      await hub.db.query("update access_token set expires_at = now() - interval '1 second' where id = $1", [made.accessToken.id]);
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expectError(await withBearer(made.token), 'UNAUTHENTICATED');
      expectError(await analyst.request(CREATE, { name: 'born dead', expiresAt: new Date(Date.now() - 60_000).toISOString() }), 'BAD_USER_INPUT');
    });

    it('a token lives at most 365 days (AMITY_ACCESS_TOKEN_MAX_DAYS): without an end it gets that one, a later end is refused naming expiresAt', async () => {
      const DAY = 86_400_000;
      const analyst = await hub.as('analyst');
      const before = Date.now();
      const made = (await analyst.query(CREATE, { name: 'no end given' })).createAccessToken;
      secrets.add(made.token);
      const end = Date.parse(made.accessToken.expiresAt);
      expect(end).toBeGreaterThanOrEqual(before + 365 * DAY - 1_000);
      expect(end).toBeLessThanOrEqual(Date.now() + 365 * DAY + 1_000);
      const withNull = (await analyst.query(CREATE, { name: 'null end', expiresAt: null })).createAccessToken;
      secrets.add(withNull.token);
      expect(Date.parse(withNull.accessToken.expiresAt)).toBeLessThanOrEqual(Date.now() + 365 * DAY + 1_000);
      // just within the limit is fine
      const longest = (await analyst.query(CREATE, { name: 'just within', expiresAt: new Date(Date.now() + 365 * DAY - 60_000).toISOString() })).createAccessToken;
      secrets.add(longest.token);

      const count = async () => (await hub.db.query("select count(*)::int as count from access_token where name like 'too late %'")).rows[0].count as number;
      // ends beyond the limit, from a minute past it to the last day the scalar takes, drawn at random
      const lateEnds = [Date.now() + 365 * DAY + 60_000, Date.parse('9999-12-31T23:59:59Z')];
      for (let i = 0; i < 5; i += 1) lateEnds.push(Date.now() + 366 * DAY + Math.floor(Math.random() * 5_000 * DAY));
      for (const [i, late] of lateEnds.entries()) {
        const error = expectError(await analyst.request(CREATE, { name: `too late ${i}`, expiresAt: new Date(late).toISOString() }), 'BAD_USER_INPUT');
        expect(error.extensions?.fields).toEqual([{ field: 'expiresAt', message: expect.stringMatching(/at most 365 days/) }]);
      }
      expect(await count()).toBe(0);
    });

    it('a token stored without an end (made before there was a limit) ends 365 days after it was made', async () => {
      const analyst = await hub.as('analyst');
      const old = (await analyst.query(CREATE, { name: 'from before the limit' })).createAccessToken;
      const recent = (await analyst.query(CREATE, { name: 'recent, from before the limit' })).createAccessToken;
      secrets.add(old.token);
      secrets.add(recent.token);
      await hub.db.query("update access_token set expires_at = null, created_at = now() - interval '366 days' where id = $1", [old.accessToken.id]);
      await hub.db.query("update access_token set expires_at = null, created_at = now() - interval '10 days' where id = $1", [recent.accessToken.id]);
      // (after the credential cache of a few seconds)
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expectError(await withBearer(old.token), 'UNAUTHENTICATED');
      expect((await withBearer(recent.token)).data?.me.username).toBe('analyst');
      const listed = (await analyst.query('{ accessTokens { id createdAt expiresAt } }')).accessTokens as Data[];
      for (const token of [old, recent]) {
        const row = listed.find((candidate) => candidate.id === token.accessToken.id)!;
        expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(365 * 86_400_000);
      }
    });

    it('a disabled user’s sessions and tokens stop working, and the user cannot sign in', async () => {
      const user = await makeUser('soon-disabled');
      const session = await login('soon-disabled', PASSWORD);
      const sessionToken = session.body.data!.login.token as string;
      const pat = ((await withBearer(sessionToken, 'mutation { createAccessToken(name: "script", expiresAt: null) { token } }')).data!.createAccessToken.token) as string;
      secrets.add(pat);
      expect((await withBearer(pat)).data?.me.username).toBe('soon-disabled');

      const updated = await hub.query('mutation ($id: ID!, $v: Int!) { updateUser(id: $id, input: { active: false }, expectedVersion: $v) { active } }', { id: user.id, v: user.version });
      expect(updated.updateUser.active).toBe(false);
      expectError(await withBearer(pat), 'UNAUTHENTICATED');
      expectError(await withBearer(sessionToken), 'UNAUTHENTICATED');
      expectError(await withCookie(session.cookie!), 'UNAUTHENTICATED');
      const again = await login('soon-disabled', PASSWORD);
      expect(again.body.data ?? null).toBeNull();
      const refused = expectError(again.body, 'UNAUTHENTICATED');
      const wrong = await login('editor', 'not-the-password-at-all');
      expect(refused.message).toBe(wrong.body.errors![0].message);
    });

    it('a password changed by an admin ends the user’s sessions', async () => {
      const user = await makeUser('password-changed');
      const session = await login('password-changed', PASSWORD);
      await hub.query('mutation ($id: ID!, $v: Int!) { updateUser(id: $id, input: { password: "a-brand-new-password-99" }, expectedVersion: $v) { id } }', { id: user.id, v: user.version });
      secrets.add('a-brand-new-password-99');
      expectError(await withCookie(session.cookie!), 'UNAUTHENTICATED');
      expect((await login('password-changed', 'a-brand-new-password-99')).body.data?.login.user.username).toBe('password-changed');
    });
  });

  describe('sign-in abuse', () => {
    const THROTTLE_BASE_MS = 250;
    /** The wait before the attempt after `failures` failures: 250 ms × 2^(n−3) after three free tries. */
    const delayAfter = (failures: number) => (failures < 3 ? 0 : THROTTLE_BASE_MS * 2 ** (failures - 3));
    /** Timers may fire a hair early; never assert an upper bound. */
    const atLeast = (ms: number) => ms * 0.95;

    it('failed sign-ins slow the account down, whatever address they come from; the right password then waits too', async () => {
      await makeUser('throttled-user');
      const times: number[] = [];
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const answer = await login('throttled-user', `wrong-password-${attempt}`);
        expectError(answer.body, 'UNAUTHENTICATED');
        times.push(answer.ms);
      }
      expect(times[3]).toBeGreaterThanOrEqual(atLeast(delayAfter(3)));
      expect(times[4]).toBeGreaterThanOrEqual(atLeast(delayAfter(4)));
      // the sixth attempt, from yet another address, with the right password: checked only after the wait
      const sixth = await login('throttled-user', PASSWORD);
      expect(sixth.ms).toBeGreaterThanOrEqual(atLeast(delayAfter(5)));
      expect(sixth.body.data?.login.user.username).toBe('throttled-user');
    });

    it('sign-ins hidden as aliases in one request count one by one', async () => {
      await makeUser('aliased-user');
      const failures = async () =>
        (await hub.db.query("select count(*)::int as count from audit_entry where action = 'SIGN_IN_FAILED' and after->>'username' = 'aliased-user'")).rows[0].count as number;
      const before = await failures();
      const mutation = `mutation { ${Array.from({ length: 5 }, (_, i) => `a${i}: login(username: "aliased-user", password: "alias-guess-${i}") { token }`).join(' ')} }`;
      for (let i = 0; i < 5; i += 1) secrets.add(`alias-guess-${i}`);
      const aliased = await post(mutation, {}, { 'x-forwarded-for': freshAddress() });
      expect(aliased.body.data ?? null).toBeNull();
      // Every guess the server checked is a failure counted against the account. (A wrong guess's error ends
      // the mutation, login being non-null, so the guesses after it are not even checked: at most one a request.)
      const checked = aliased.body.errors!.length;
      for (const error of aliased.body.errors!) expect(error.extensions?.code).toBe('UNAUTHENTICATED');
      expect(checked).toBeGreaterThanOrEqual(1);
      expect((await failures()) - before).toBe(checked);
      // as many requests of five aliases as it takes to make five checked failures: the next attempt then waits 1 s
      let made = checked;
      while (made < 5) {
        const more = await post(mutation, {}, { 'x-forwarded-for': freshAddress() });
        made += more.body.errors!.length;
      }
      expect((await failures()) - before).toBe(made);
      const next = await login('aliased-user', 'one-more-guess');
      expect(next.ms).toBeGreaterThanOrEqual(atLeast(delayAfter(made)));
    });

    it('sign-ins sent side by side do not all get through after one wait', async () => {
      await makeUser('parallel-user');
      for (let attempt = 1; attempt <= 3; attempt += 1) expectError((await login('parallel-user', `free-guess-${attempt}`)).body, 'UNAUTHENTICATED');
      // five more guesses at once: checked one after another, each after a longer wait (or refused as RATE_LIMITED)
      const burst = await Promise.all(Array.from({ length: 5 }, (_, i) => login('parallel-user', `parallel-guess-${i}`)));
      const codes = burst.map((answer) => answer.body.errors?.[0]?.extensions?.code);
      for (const code of codes) expect(['UNAUTHENTICATED', 'RATE_LIMITED']).toContain(code);
      const slowest = Math.max(...burst.map((answer) => answer.ms));
      const rateLimited = codes.filter((code) => code === 'RATE_LIMITED').length;
      expect(
        rateLimited > 0 || slowest >= atLeast(delayAfter(3) + delayAfter(4) + delayAfter(5)),
        `five guesses at once were all checked within ${Math.round(slowest)} ms: the wait does not add up`,
      ).toBe(true);
    });

    it('twenty guesses at one account at once: a few wait their turn, the rest are refused at once with RATE_LIMITED and a hint', async () => {
      await makeUser('flooded-user');
      for (let attempt = 1; attempt <= 3; attempt += 1) expectError((await login('flooded-user', `flood-free-guess-${attempt}`)).body, 'UNAUTHENTICATED');
      const started = performance.now();
      const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => login('flooded-user', `flood-guess-${i}`)));
      const batchMs = performance.now() - started;
      const refused = burst.filter((answer) => answer.body.errors?.[0]?.extensions?.code === 'RATE_LIMITED');
      const checked = burst.filter((answer) => answer.body.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED');
      expect(refused.length + checked.length).toBe(20);
      expect(checked.length).toBeGreaterThanOrEqual(1);
      // At most 3 wait at once; on a busy machine a guess may arrive after an earlier one was answered and take its turn.
      expect(checked.length).toBeLessThanOrEqual(5);
      for (const answer of refused) {
        const retryAfterSeconds = answer.body.errors![0].extensions!.retryAfterSeconds as number;
        expect(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 1, String(retryAfterSeconds)).toBe(true);
        expect(answer.body.errors![0].message).toMatch(/try again in \d+ s/);
        // refused before any wait: faster than the first wait the account imposes (250 ms after three failures)
        expect(answer.ms).toBeLessThan(checked.reduce((slowest, other) => Math.max(slowest, other.ms), 0));
      }
      // the checked ones still waited their turns: 250 + 500 + 1000 ms after the three free tries
      expect(Math.max(...checked.map((answer) => answer.ms))).toBeGreaterThanOrEqual(atLeast(delayAfter(3) + delayAfter(4) + (checked.length > 2 ? delayAfter(5) : 0)));
      expect(batchMs, `the batch took ${Math.round(batchMs)} ms`).toBeLessThan(6_000);
      // the failures checked count: the account is slowed further for the next guess
      const next = await login('flooded-user', 'flood-one-more');
      expect(next.ms).toBeGreaterThanOrEqual(atLeast(delayAfter(3 + checked.length)));
    });

    it('many failures from one address on other accounts hold a right password from there for at most about a second', async () => {
      const office = freshAddress();
      const admin = 'office-admin';
      await makeUser(admin, 'ADMIN');
      // thirty wrong guesses from the office's address, each on an account of its own (some real, some not)
      const accounts = Array.from({ length: 30 }, (_, i) => `office-colleague-${i}-${Math.random().toString(36).slice(2, 8)}`);
      for (const account of accounts.slice(0, 5)) await makeUser(account, 'VIEWER');
      for (const account of accounts) expectError((await login(account, `office-guess-${account}`, { address: office })).body, 'UNAUTHENTICATED');
      // the address still slows a further guess, but no more than its cap of one second
      const guess = await login(accounts[0], 'office-guess-again', { address: office });
      expectError(guess.body, 'UNAUTHENTICATED');
      expect(guess.ms).toBeGreaterThanOrEqual(atLeast(1_000));
      // the ADMIN behind the same address signs in with the right password without a long wait
      const right = await login(admin, PASSWORD, { address: office });
      expect(right.body.data?.login.user).toEqual({ username: admin, role: 'ADMIN' });
      expect(right.ms, `the right password took ${Math.round(right.ms)} ms`).toBeLessThan(1_500);
    });

    it('a guesser on one account from one address is slowed ever more, past the address’s one-second cap', async () => {
      await makeUser('patient-target');
      const address = freshAddress();
      const times: number[] = [];
      for (let attempt = 1; attempt <= 7; attempt += 1) {
        const answer = await login('patient-target', `patient-guess-${attempt}`, { address });
        expectError(answer.body, 'UNAUTHENTICATED');
        times.push(answer.ms);
      }
      // waits before the 4th to 7th guesses: 250, 500, 1000, 2000 ms
      for (let failures = 3; failures <= 6; failures += 1) expect(times[failures], `guess ${failures + 1}`).toBeGreaterThanOrEqual(atLeast(delayAfter(failures)));
      expect(times[6]).toBeGreaterThan(times[5]);
      expect(times[5]).toBeGreaterThan(times[4]);
    });

    it('an unknown user is refused with the same answer as a wrong password, after a password check of its own', async () => {
      // (the first unknown user may pay for making the decoy hash)
      await login('warm-up-unknown-user', 'whatever-password');
      // A fresh account: its three wrong guesses stay within the free tries, so no throttle wait is measured.
      await hub.query('mutation($input: UserInput!) { createUser(input: $input) { id } }', {
        input: { username: 'timing-check', role: 'VIEWER', password: 'a-password-for-timing-1' },
      });
      const unknown: Attempt[] = [];
      const wrong: Attempt[] = [];
      for (let i = 0; i < 3; i += 1) {
        unknown.push(await login(`nobody-by-this-name-${i}`, 'some-password-123'));
        wrong.push(await login('timing-check', `not-the-password-${i}`));
      }
      for (const [a, b] of unknown.map((answer, i) => [answer, wrong[i]])) {
        expect(a.body.data ?? null).toBeNull();
        expect(a.body.errors).toEqual(b.body.errors);
      }
      const median = (attempts: Attempt[]) => attempts.map((answer) => answer.ms).sort((x, y) => x - y)[1];
      // an Argon2id check costs tens of milliseconds: an unknown user must not answer in a fraction of that
      expect(median(unknown)).toBeGreaterThanOrEqual(median(wrong) * 0.5);
    });
  });

  it('no password, session secret or token ever reaches the log', async () => {
    const log = hub.logs.join('\n');
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets) if (secret !== 'amity-demo') expect(log.includes(secret), `the log holds ${secret.slice(0, 12)}…`).toBe(false);
    expect(log).not.toMatch(/amity_s_[A-Za-z0-9_-]{20,}/);
    expect(log).not.toMatch(/amity_pat_[A-Za-z0-9_-]{20,}/);
    expect(log).not.toMatch(/"authorization"|"cookie"/i);
  });
});

describe('access tokens under a shorter limit (AMITY_ACCESS_TOKEN_MAX_DAYS=7)', () => {
  const DAY = 86_400_000;
  const CREATE = 'mutation ($name: String!, $expiresAt: DateTimeISO) { createAccessToken(name: $name, expiresAt: $expiresAt) { token accessToken { id createdAt expiresAt } } }';
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ template: 'empty', env: { AMITY_ACCESS_TOKEN_MAX_DAYS: '7' } });
  });
  afterAll(async () => hub?.stop());

  it('gives a token without an end 7 days, refuses 8, and ends a token made under a longer limit 7 days after it was made', async () => {
    const analyst = await hub.as('analyst');
    const made = (await analyst.query(CREATE, { name: 'a week' })).createAccessToken;
    expect(Date.parse(made.accessToken.expiresAt) - Date.parse(made.accessToken.createdAt)).toBeLessThanOrEqual(7 * DAY + 1_000);
    expect(Date.parse(made.accessToken.expiresAt)).toBeGreaterThan(Date.now() + 7 * DAY - 60_000);
    const refused = expectError(await analyst.request(CREATE, { name: 'eight days', expiresAt: new Date(Date.now() + 8 * DAY).toISOString() }), 'BAD_USER_INPUT');
    expect(refused.extensions?.fields).toEqual([{ field: 'expiresAt', message: expect.stringMatching(/at most 7 days/) }]);

    // made ten days ago with an end a year on (under the default limit): it ended three days ago
    const older = (await analyst.query(CREATE, { name: 'made under 365 days' })).createAccessToken;
    await hub.db.query("update access_token set created_at = now() - interval '10 days', expires_at = now() + interval '355 days' where id = $1", [older.accessToken.id]);
    const bearer = (token: string) => fetch(`${hub.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query: '{ me { username } }' }) });
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    expectError((await (await bearer(older.token)).json()) as GraphQLResponse<Record<string, any>>, 'UNAUTHENTICATED');
    expect(((await (await bearer(made.token)).json()) as GraphQLResponse<Record<string, any>>).data?.me.username).toBe('analyst');
    const listed = (await analyst.query('{ accessTokens { id createdAt expiresAt } }')).accessTokens as Array<Record<string, string>>;
    const row = listed.find((token) => token.id === older.accessToken.id)!;
    expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(7 * DAY);
  });
});
