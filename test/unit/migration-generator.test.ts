import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Collection, EntitySchema, MikroORM, type Options } from '@mikro-orm/postgresql';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { edgeViewChanged } from '../../server/dist/db/edge-view.js';
import { graphSchemaChanges } from '../../server/dist/db/migration-generator.js';
import { ormConfig } from '../../server/dist/db/mikro-orm.config.js';
import { nodeSyncTriggerSql } from '../../server/dist/db/node-sync.js';
import { edgeViewSql } from '../../server/dist/traversal/edge.js';
import { NodeRecord } from '../../server/dist/graph/node-record.entity.js';
import { NodeEntity } from '../../server/dist/graph/record.entity.js';
import { Organisation } from '../../server/dist/nodes/organisation/organisation.entity.js';
import { Partnership } from '../../server/dist/nodes/partnership/partnership.entity.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { repositoryRoot } from '../support/paths.js';

/**
 * The migration generator (`migration:create`) writes what MikroORM's schema diff does not know of: a new node
 * table's node-sync trigger and the edge view made from the entities. Here against migrated databases: the
 * committed migrations leave nothing for it to write, and a record type declared only in this test gets its table,
 * trigger and ties in `edge` from one generated migration.
 */

/** A record type of the test alone: a signed agreement of a partnership between organisations, witnessed by any nodes. */
class Agreement extends NodeEntity {
  partnership?: Partnership | null;
  parties = new Collection<Organisation>(this);
  witnesses = new Collection<NodeRecord>(this);
  signedOn?: string | null;
}

const agreementSchema = new EntitySchema<Agreement, NodeEntity>({
  class: Agreement,
  properties: {
    partnership: { kind: 'm:1', entity: () => Partnership, nullable: true },
    parties: { kind: 'm:n', entity: () => Organisation, owner: true },
    witnesses: { kind: 'm:n', entity: () => NodeRecord, owner: true },
    signedOn: { type: 'date', nullable: true },
  },
});

let database: TestDatabase | undefined;
let orm: MikroORM | undefined;
let generated: string | undefined;

afterEach(async () => {
  await orm?.close();
  await database?.drop();
  if (generated) rmSync(generated, { recursive: true, force: true });
  orm = database = generated = undefined;
});

/** The hub's ORM on a fresh copy of the demo database, with the entities and migrations folder given. */
async function openDemo(config: (base: Options) => Options = (base) => base): Promise<MikroORM> {
  database = await createTestDatabase('demo');
  orm = await MikroORM.init(config(ormConfig({ clientUrl: database.url })));
  return orm;
}

describe('the migration generator', () => {
  it('finds the edge view and node-sync triggers the committed migrations made to be the ones the entities imply', async () => {
    const driver = (await openDemo()).em.getDriver();
    expect(await edgeViewChanged(driver, [])).toBe(false);
    expect(await graphSchemaChanges(driver, [])).toEqual([]);

    // Drift is seen: a view that lost a tie, a node table without its trigger.
    const implied = edgeViewSql(driver.getMetadata());
    await driver.execute(implied.slice(0, implied.lastIndexOf('\nunion all\n')));
    await driver.execute('drop trigger award_node on award');
    const award = driver.getMetadata().find('Award')!;
    expect(await graphSchemaChanges(driver, [])).toEqual(['drop view if exists edge', '', nodeSyncTriggerSql(award), '', implied]);
  });

  it('writes a new node type its table, its node-sync trigger and the edge view, in one forward-only migration', async () => {
    const testRoot = path.join(repositoryRoot, 'test');
    // Under test/, so the compiled migration's import of @mikro-orm/migrations resolves.
    mkdirSync(path.join(testRoot, '.results'), { recursive: true });
    generated = mkdtempSync(path.join(testRoot, '.results', 'generated-migration-'));
    const compiled = path.join(generated, 'compiled');
    mkdirSync(compiled);
    const { em, migrator } = await openDemo((base) => ({
      ...base,
      entities: [...(base.entities ?? []), agreementSchema],
      migrations: { ...base.migrations, path: compiled },
      // The templates' test-only checks (support/version-audit.ts) are no part of the hub's schema.
      schemaGenerator: { ignoreSchema: ['test_checks'] },
    }));

    const result = await migrator.createMigration(generated, false, false, 'agreements');
    expect(result.fileName).toMatch(/^Migration\d{14}_agreements\.ts$/);
    const code = readFileSync(path.join(generated, result.fileName), 'utf8');
    expect(code).toMatch(/export class Migration\d{14}_agreements extends Migration/);
    expect(code).not.toContain('down(');
    expect(code).toContain('create table "agreement"');
    expect(code).toContain('create table "agreement_parties"');
    // Links to any node: a pivot table whose items are rows of `node`.
    expect(code).toMatch(/create table "agreement_witnesses" \("agreement_id" uuid not null, "node_record_id" uuid not null/);
    expect(code).toContain(`foreign key ("node_record_id") references "node" ("id")`);
    expect(code).toContain(nodeSyncTriggerSql(em.getMetadata().find('Agreement')!));
    expect(code).toContain('drop view if exists edge');
    expect(code).toContain(`'Agreement.partnership', t.id, t."partnership_id"`);
    expect(code).toContain(`'Agreement.parties', t."agreement_id", t."organisation_id"`);
    expect(code).toContain(`'Agreement.witnesses', t."agreement_id", t."node_record_id"`);
    expect(code.indexOf('drop view if exists edge')).toBeLessThan(code.indexOf('create table "agreement"'));
    expect(code.indexOf('create table "agreement"')).toBeLessThan(code.indexOf('create or replace view edge'));

    // Applied as every migration is, by the migrator, from JavaScript.
    const javascript = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(path.join(compiled, result.fileName.replace(/\.ts$/, '.js')), javascript);
    expect(readdirSync(compiled)).toHaveLength(1);
    const applied = await migrator.up();
    expect(applied.map((migration) => migration.name)).toEqual([result.fileName.replace(/\.ts$/, '')]);
    expect(await graphSchemaChanges(em.getDriver(), [])).toEqual([]);

    const connection = em.getConnection();
    const [partnership] = await connection.execute<{ id: string }[]>('select id from partnership order by id limit 1');
    const parties = await connection.execute<{ id: string }[]>('select id from organisation order by id limit 2');
    const [agreement] = await connection.execute<{ id: string }[]>(
      `insert into agreement (id, name_zh, partnership_id, signed_on) values (gen_random_uuid(), '友好合作协议', ?, '2026-05-01') returning id`,
      [partnership.id],
    );
    for (const party of parties) {
      await connection.execute('insert into agreement_parties (agreement_id, organisation_id) values (?, ?)', [agreement.id, party.id]);
    }

    // Witnesses of two types: a city and a person.
    const witnesses = await connection.execute<{ id: string }[]>(`select id from (select id from city order by id limit 1) c union all select id from (select id from person order by id limit 1) p`);
    for (const witness of witnesses) {
      await connection.execute('insert into agreement_witnesses (agreement_id, node_record_id) values (?, ?)', [agreement.id, witness.id]);
    }

    const [node] = await connection.execute<{ type: string; name_zh: string }[]>('select type, name_zh from node where id = ?', [agreement.id]);
    expect(node).toEqual({ type: 'Agreement', name_zh: '友好合作协议' });
    const ties = await connection.execute<{ field: string; to_id: string }[]>('select field, to_id from edge where from_id = ? order by field, to_id', [agreement.id]);
    expect(ties).toEqual([
      ...parties.map((party) => ({ field: 'Agreement.parties', to_id: party.id })),
      { field: 'Agreement.partnership', to_id: partnership.id },
      ...witnesses.map((witness) => ({ field: 'Agreement.witnesses', to_id: witness.id })).sort((a, b) => a.to_id.localeCompare(b.to_id)),
    ]);
  });
});
