import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scrubText, serializeError } from '../../server/dist/log-scrub.js';
import { problemsOf } from '../support/log-check.js';

/**
 * What the logger does to an error before it is written: the shapes the driver and the ORM give (knex writes the
 * statement with its values before PostgreSQL's message; MikroORM copies every field of pg's error and adds the
 * detail), filled with generated values that SQL quoting and the scrubber's own patterns meet.
 */

const AWKWARD = ["'", "''", '"', ' - ', '(', ')', ')=(', '\n', '\\', ',', '—', '高松', '$', ' from ', ' select '];

function awkward(): string {
  let text = randomBytes(6).toString('base64url');
  for (let i = 0; i < 4; i += 1) text += AWKWARD[randomInt(AWKWARD.length)] + randomBytes(3).toString('hex');
  return text;
}

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A unique violation as it reaches the logger from MikroORM, with the statement, its values and the detail. */
function uniqueViolation(username: string, hash: string, displayName: string): Error {
  const sql = `insert into "app_user" ("id", "username", "display_name", "role", "password_hash") values ('0b6c', ${quoted(username)}, ${quoted(displayName)}, 'VIEWER', ${quoted(hash)}) returning "version"`;
  const pgMessage = 'duplicate key value violates unique constraint "app_user_username_unique"';
  const fields = { code: '23505', constraint: 'app_user_username_unique', table: 'app_user', detail: `Key (username)=(${username}) already exists.`, where: `SQL statement "${sql}"`, internalQuery: sql, routine: '_bt_check_unique' };
  const pg = Object.assign(new Error(`${sql} - ${pgMessage}`), fields, { name: 'error' });
  class UniqueConstraintViolationException extends Error {
    previous = pg;
    sql = sql;
    params = [username, hash];
  }
  return Object.assign(new UniqueConstraintViolationException(`${sql} - ${pgMessage}\n - detail: ${fields.detail}`), fields);
}

describe('the log scrubber', () => {
  it('keeps of a unique violation its kind, code, constraint and table, and nothing of its statement or values', () => {
    for (let round = 0; round < 200; round += 1) {
      const username = awkward();
      const password = awkward();
      const hash = `$argon2id$v=19$m=65536,t=3,p=4$${randomBytes(16).toString('base64url')}$${randomBytes(32).toString('base64url')}`;
      const displayName = `${awkward()} ${password}`;
      const logged = serializeError(uniqueViolation(username, hash, displayName)) as Record<string, any>;
      const text = JSON.stringify(logged);
      expect(logged).toMatchObject({ type: 'UniqueConstraintViolationException', code: '23505', constraint: 'app_user_username_unique', table: 'app_user' });
      expect(logged.message).toBe('[SQL removed] - duplicate key value violates unique constraint "app_user_username_unique"');
      expect(logged.stack).toMatch(/^UniqueConstraintViolationException: \[SQL removed\] - duplicate key/);
      for (const secret of [username, password, hash, hash.slice(0, 20), 'password_hash', 'insert into']) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/detail|internalQuery|where|params/);
      expect(problemsOf('generated', JSON.stringify({ level: 40, requestId: 'r', err: logged }), [username, password])).toEqual([]);
    }
  });

  it('takes secrets of every kind out of any text, and leaves plain text as it is', () => {
    for (let round = 0; round < 200; round += 1) {
      const secrets = [
        `amity_s_${randomBytes(32).toString('base64url')}`,
        `amity_pat_${randomBytes(32).toString('base64url')}`,
        `amity_wk_${randomBytes(32).toString('base64url')}`,
        `$argon2id$v=19$m=65536,t=3,p=4$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`,
      ];
      const text = `${awkward()} Bearer ${secrets[0]} ${awkward()} ${secrets.slice(1).join(`, ${awkward()} `)}`;
      const scrubbed = scrubText(text);
      for (const secret of secrets) expect(scrubbed).not.toContain(secret.slice(0, 24));
    }
    for (const plain of ['request', 'sign-in refused', 'DELETE', '/graphql', 'Redis is back: shared rate limits resume', 'connect ECONNREFUSED 127.0.0.1:5432']) {
      expect(scrubText(plain)).toBe(plain);
    }
  });

  it('takes the values out of PostgreSQL messages and its own log, keeping the names of things', () => {
    const value = awkward();
    expect(scrubText(`invalid input syntax for type uuid: "${value}"`)).toBe('invalid input syntax for type uuid: "…"');
    expect(scrubText(`ERROR:  duplicate key value violates unique constraint "country_code_unique"\nDETAIL:  Key (code)=(${value}) already exists.\nSTATEMENT:  insert into "country" ("code") values ($1)`)).toBe(
      'ERROR:  duplicate key value violates unique constraint "country_code_unique"\nDETAIL:  Key (code)=(…) already exists.\n[SQL removed]',
    );
    expect(scrubText(`select 1 - Connection terminated unexpectedly`)).toBe('[SQL removed] - Connection terminated unexpectedly');
  });
});
