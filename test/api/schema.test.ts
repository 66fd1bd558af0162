import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
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

  it('the committed migrations make exactly the schema the entities describe, node-sync triggers and edge view included (else: create a migration)', async () => {
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
