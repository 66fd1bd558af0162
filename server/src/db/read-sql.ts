import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { withReadConnection, type PooledConnection } from './knex-pool.js';
import { countStatement, readTurn } from './sql-counter.js';

/**
 * Runs a read statement (`?` placeholders, as for `em.execute`) on a connection of the ORM's own pool, handing
 * the SQL straight to node-postgres. For the small reads that answer most requests, the layers `em.execute`
 * goes through (MikroORM's logging and result handling, knex's raw query and bindings) cost more than the
 * statement itself: measured 1.6 ms against 1.1 ms for fifty delegations by id.
 *
 * Nothing else changes: the same pool (knex-pool.ts), the same connection settings (statement and answer timeouts),
 * the replica a read-only request reads from and the request's statement count.
 * A request runs at most READS_AT_ONCE reads at a time (sql-counter.ts), so that it leaves the pool to others.
 * Errors are node-postgres' own (SQLSTATE in `code`), which faults.ts classifies. Inside a transaction the
 * statement goes through the transaction's connection (`em.execute`), so that it sees the transaction's writes.
 *
 * Each connection keeps the statements it ran as prepared statements (up to PREPARED_PER_CONNECTION of them), so
 * that PostgreSQL parses a statement once per connection rather than for every request, and plans it once too: the
 * connections run with plan_cache_mode force_generic_plan (mikro-orm.config.ts). The graph's statements read the
 * edge view, thirty tables in a union, whose planning alone took 10 ms a neighbourhood.
 */
export async function readSql<T>(em: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  if (em.getTransactionContext()) return em.execute<T[]>(sql, [...params]);
  const statement = preparedStatement(sql);
  const ended = await readTurn();
  try {
    return await withReadConnection(em, async (connection) => {
      countStatement();
      return (await connection.query({ text: statement.text, values: params, name: preparedOn(connection, statement.name) })).rows as T[];
    });
  } finally {
    ended();
  }
}

/** The most statements a connection keeps prepared; past them it runs new ones unprepared (the hub's are far fewer). */
export const PREPARED_PER_CONNECTION = 500;

const preparedNames = new WeakMap<PooledConnection, Set<string>>();

/** The statement's name when the connection has it prepared or may prepare it; none (run unprepared) otherwise. */
function preparedOn(connection: PooledConnection, name: string): string | undefined {
  let names = preparedNames.get(connection);
  if (!names) {
    names = new Set();
    preparedNames.set(connection, names);
  }
  if (names.has(name)) return name;
  if (names.size >= PREPARED_PER_CONNECTION) return undefined;
  names.add(name);
  return name;
}

const statements = new Map<string, { text: string; name: string }>();
const STATEMENTS_KEPT = 1000;

/** A statement as PostgreSQL takes it (numberedPlaceholders) and its name: a hash of its text. */
function preparedStatement(sql: string): { text: string; name: string } {
  let statement = statements.get(sql);
  if (!statement) {
    const text = numberedPlaceholders(sql);
    statement = { text, name: `amity_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}` };
    if (statements.size >= STATEMENTS_KEPT) statements.clear();
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * `?` placeholders as PostgreSQL's `$1, $2, …`, leaving quoted text and identifiers alone (`'?'`, `"a?"`).
 */
export function numberedPlaceholders(sql: string): string {
  let text = '';
  let quote: string | null = null;
  let count = 0;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
      text += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      text += char;
    } else if (char === '?') {
      count += 1;
      text += `$${count}`;
    } else {
      text += char;
    }
  }
  return text;
}
