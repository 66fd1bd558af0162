import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';
import { admin as onAdmin, createTestDatabase, withDatabase, type TestDatabase } from '../support/databases.js';
import { startHub, type Hub } from '../support/hub.js';
import { cachedDatabaseName, generate, SIZES, type SizeName } from './generate.js';
import { benchQueries, type BenchQuery } from './queries.js';

export interface BenchDatabase extends TestDatabase {
  /** Seconds the generation took, or null when the cached database was reused. */
  generatedIn: number | null;
  steps: Array<[string, number]>;
}

/**
 * A fresh copy of the generated database of a size. The generated database itself is cached on the PostgreSQL
 * server under a name that changes with the migrations and the generator (cachedDatabaseName), so only the
 * first run of a size generates it; it is built under a temporary name and renamed when complete, so an
 * interrupted run never leaves a half-built cache behind.
 */
export async function benchDatabase(size: SizeName, log: (line: string) => void = () => {}): Promise<BenchDatabase> {
  const cached = cachedDatabaseName(size);
  const exists = await onAdmin(async (client) => (await client.query('select 1 from pg_database where datname = $1', [cached])).rowCount === 1);
  let generatedIn: number | null = null;
  let steps: Array<[string, number]> = [];
  if (!exists) {
    const building = `${cached}_building`;
    log(`generating ${size} (${SIZES[size]} nodes) into ${cached} …`);
    await onAdmin(async (client) => {
      await client.query(`drop database if exists "${building}" with (force)`);
      await client.query(`create database "${building}" template "${inject('templates').empty}"`);
    });
    const started = Date.now();
    const client = new pg.Client({ connectionString: withDatabase(inject('adminUrl'), building) });
    await client.connect();
    try {
      steps = await generate(client, SIZES[size], log);
    } finally {
      await client.end();
    }
    generatedIn = (Date.now() - started) / 1000;
    await onAdmin((admin) => admin.query(`alter database "${building}" rename to "${cached}"`));
    log(`generated ${size} in ${generatedIn.toFixed(1)} s`);
  }
  const copy = await createTestDatabase('blank', cached);
  return { ...copy, generatedIn, steps };
}

const NEW_WIDGET_KEY = `mutation($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key } }`;

/** A hub on a fresh copy of a generated database, with the benchmark's queries aimed at it. */
export interface BenchSession {
  size: SizeName;
  database: BenchDatabase;
  hub: Hub;
  queries: BenchQuery[];
  close(): Promise<void>;
}

/** Generates (or reuses) the database of a size, starts a hub on a copy of it and signs in as admin. */
export async function openBenchSession(size: SizeName, log: (line: string) => void = () => {}, hubEnv: Record<string, string> = {}): Promise<BenchSession> {
  const database = await benchDatabase(size, log);
  // The hub logs to a file, as a hub in service does, not to a pipe of the measuring process (startHub's logFile).
  const logFolder = mkdtempSync(path.join(os.tmpdir(), 'amity-bench-'));
  const hub = await startHub({ databaseUrl: database.url, logFile: path.join(logFolder, 'hub.log'), env: hubEnv });
  const token = await hub.login('admin');
  let keys = 0;
  const widgetKey = async (): Promise<string> => {
    keys += 1;
    const input = { name: `benchmark ${keys}`, office: 'benchmark', allowedOrigins: ['https://bench.example.org'], rateLimitPerMinute: 100_000 };
    // Right after a heavy measurement the hub may still be working off requests left in flight: try again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        return ((await hub.query(NEW_WIDGET_KEY, { input })) as { createWidgetKey: { key: string } }).createWidgetKey.key;
      } catch (error) {
        if (attempt === 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 5000));
      }
    }
  };
  return {
    size,
    database,
    hub,
    queries: benchQueries({ nodes: SIZES[size], token, widgetKey }),
    async close() {
      await hub.stop();
      await database.drop();
      rmSync(logFolder, { recursive: true, force: true });
    },
  };
}
