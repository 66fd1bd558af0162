import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TSMigrationGenerator } from '@mikro-orm/migrations';
import type { AbstractSqlDriver } from '@mikro-orm/postgresql';
import { edgeViewSql } from '../traversal/edge.js';
import { DROP_EDGE_VIEW, edgeViewChanged } from './edge-view.js';
import { missingNodeSyncTriggers } from './node-sync.js';

type SchemaDiff = { up: string[]; down: string[] };

/** A migration's name says what it does, in the style of the others: `Migration<timestamp>_<snake_case>`. */
const MIGRATION_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * The generator `migration:create` runs: MikroORM's, plus what its schema diff does not know of. A new node table
 * gets the trigger that keeps its rows in `node`; the `edge` view is made again from the entities when the ties
 * between nodes changed. No down() is written: migrations are forward-only.
 */
export class GraphMigrationGenerator extends TSMigrationGenerator {
  override async generate(diff: SchemaDiff, folder?: string, name?: string): Promise<[string, string]> {
    if (!name || !MIGRATION_NAME.test(name)) {
      throw new Error('name the migration for what it does, in snake_case: migration:create --name agreements');
    }
    const target = folder ?? (this.options.emit === 'ts' && this.options.pathTs ? this.options.pathTs : this.options.path)!;
    await mkdir(target, { recursive: true });
    const className = `Migration${nextTimestamp(target)}_${name}`;
    const code = this.generateMigrationFile(className, { up: await graphSchemaChanges(this.driver, diff.up), down: [] });
    const fileName = `${className}.ts`;
    await writeFile(path.join(target, fileName), code, { flush: true });
    return [code, fileName];
  }

  override generateMigrationFile(className: string, diff: SchemaDiff): string {
    const statements = diff.up.map((sql) => this.createStatement(sql, 4)).join('');
    return `import { Migration } from '@mikro-orm/migrations';\n\nexport class ${className} extends Migration {\n\n  override async up(): Promise<void> {\n${statements}  }\n\n}\n`;
  }
}

/**
 * A migration's statements: `schemaChanges` (MikroORM's diff of the entities and the database), the triggers of
 * node tables that have none, and, when the ties between nodes changed, the edge view dropped before and made
 * again after.
 */
export async function graphSchemaChanges(driver: AbstractSqlDriver, schemaChanges: string[]): Promise<string[]> {
  const triggers = await missingNodeSyncTriggers(driver);
  const viewChanged = await edgeViewChanged(driver, schemaChanges);
  const groups = [viewChanged ? [DROP_EDGE_VIEW] : [], schemaChanges, triggers, viewChanged ? [edgeViewSql(driver.getMetadata())] : []];
  // An empty string is a blank line in the migration, between groups as in MikroORM's own diff.
  return groups.filter((group) => group.length > 0).flatMap((group, index) => (index === 0 ? group : ['', ...group]));
}

/**
 * Now as a migration timestamp (yyyymmddhhmmss, UTC), or one second after the newest migration's when that is later:
 * migrations run in the order of their names, and a new one must run last.
 */
function nextTimestamp(folder: string): string {
  const newest = readdirSync(folder)
    .map((file) => /^Migration(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/.exec(file))
    .filter((match) => match !== null)
    .map(([, year, month, day, hour, minute, second]) => Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`))
    .reduce((latest, time) => Math.max(latest, time), 0);
  return new Date(Math.max(Date.now(), newest + 1000)).toISOString().replace(/[-T:]|\.\d{3}Z$/g, '');
}
