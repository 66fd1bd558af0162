import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const serverMain = path.join(repositoryRoot, 'server/dist/main.js');
export const serverCli = path.join(repositoryRoot, 'server/dist/cli.js');
export const schemaFile = path.join(repositoryRoot, 'schema/schema.graphql');
/** The Node binary hubs and the CLI run on: `node` on PATH, or AMITY_TEST_NODE (`npm test` runs the API tests on Node 24 too). */
export const hubNode = process.env.AMITY_TEST_NODE || 'node';
