import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/databases.js';
import { hubNode, repositoryRoot, serverCli } from '../support/paths.js';

const run = promisify(execFile);

describe('the committed schema and migrations follow the code', () => {
  it('schema/schema.graphql is the SDL the server builds (run `npm run schema:emit` after changing the API)', async () => {
    const target = path.join(mkdtempSync(path.join(tmpdir(), 'amity-schema-')), 'schema.graphql');
    await run(hubNode, [serverCli, 'emit-schema', target]);
    const built = readFileSync(target, 'utf8');
    const committed = readFileSync(path.join(repositoryRoot, 'schema/schema.graphql'), 'utf8');
    expect(built).toContain('type Query');
    expect(committed).toBe(built);
  });

  it('the newest migration that defines the edge view matches the entities (add a migration when relations change)', async () => {
    const { stdout } = await run(hubNode, [serverCli, 'edge-view']);
    const folder = path.join(repositoryRoot, 'server/src/db/migrations');
    const newest = readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .sort()
      .reverse()
      .map((file) => readFileSync(path.join(folder, file), 'utf8'))
      .find((text) => text.includes('create or replace view edge'));
    const committed = /EDGE_VIEW = `([\s\S]*?)`;/.exec(newest ?? '')?.[1];
    expect(committed).toBeDefined();
    expect(committed?.trim()).toBe(stdout.trim());
  });

  it('the committed migrations make exactly the schema the entities describe (else: create a migration)', async () => {
    const database = await createTestDatabase('blank');
    try {
      const env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
      await run(hubNode, [serverCli, 'migrate'], { env });
      const { stdout } = await run(hubNode, [serverCli, 'pending-schema-changes'], { env });
      expect(stdout.trim()).toBe('no changes');
    } finally {
      await database.drop();
    }
  });
});
