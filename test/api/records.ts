import type pg from 'pg';
import { expect } from 'vitest';
import type { GraphQLResponse, Hub } from '../support/hub.js';

/** Writes through the API's convention (create, update, delete of each type), for any record type: what the API tests share. */

type Data = Record<string, any>;

export async function create<T = Data>(hub: Hub, type: string, input: Record<string, unknown>, selection = 'id version'): Promise<T> {
  const data = await hub.query(`mutation ($input: ${type}Input!) { created: create${type}(input: $input) { ${selection} } }`, { input });
  return data.created as T;
}

export function createRequest(hub: Hub, type: string, input: Record<string, unknown>, selection = 'id version'): Promise<GraphQLResponse<Data>> {
  return hub.request(`mutation ($input: ${type}Input!) { created: create${type}(input: $input) { ${selection} } }`, { input });
}

export function updateRequest(
  hub: Hub,
  type: string,
  id: string,
  input: Record<string, unknown>,
  expectedVersion: number,
  selection = 'id version',
): Promise<GraphQLResponse<Data>> {
  return hub.request(
    `mutation ($id: ID!, $input: ${type}Patch!, $expectedVersion: Int!) { updated: update${type}(id: $id, input: $input, expectedVersion: $expectedVersion) { ${selection} } }`,
    { id, input, expectedVersion },
  );
}

export function deleteRequest(hub: Hub, type: string, id: string, expectedVersion: number, cascade = false): Promise<GraphQLResponse<Data>> {
  return hub.request(
    `mutation ($id: ID!, $expectedVersion: Int!, $cascade: Boolean!) { deleted: delete${type}(id: $id, expectedVersion: $expectedVersion, cascade: $cascade) { id deleted detached } }`,
    { id, expectedVersion, cascade },
  );
}

/** The response's only error, checked to carry `code`. */
export function expectError(response: GraphQLResponse<Data>, code: string): NonNullable<GraphQLResponse['errors']>[number] {
  expect(response.errors, JSON.stringify(response.data)).toHaveLength(1);
  const [error] = response.errors!;
  expect(error.extensions?.code, error.message).toBe(code);
  return error;
}

/** The fields a BAD_USER_INPUT error names. */
export function badFields(response: GraphQLResponse<Data>): string[] {
  const error = expectError(response, 'BAD_USER_INPUT');
  const fields = error.extensions?.fields as Array<{ field: string; message: string }> | undefined;
  expect(fields, `extensions.fields of: ${error.message}`).toBeInstanceOf(Array);
  return fields!.map((problem) => problem.field);
}

/**
 * Rows of every table, straight from the database: to show that a refused mutation wrote nothing. The tables are
 * read from the database itself, so a new record type's tables (its own, its links' pivot tables) are counted too.
 */
export async function rowCounts(db: pg.Pool): Promise<Record<string, number>> {
  const { rows: tables } = await db.query<{ name: string }>(
    `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await db.query<{ count: number }>(`select count(*)::int as count from "${name}"`);
    counts[name] = rows[0].count;
  }
  return counts;
}

/** A well-formed id that names no record. */
export const MISSING_ID = '00000000-0000-4000-8000-000000000000';
