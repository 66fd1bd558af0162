/**
 * Spreadsheet imports, as the router uses them. A file goes through the steps in this folder in order: its rows
 * read into inputs (rows.ts) by the columns' fields (mapping.ts, references.ts), matched to the records they update
 * (matching.ts), planned and checked (plan.ts), reported (report.ts); a dry run stops there (dry-run.ts), a commit
 * writes every row as a batch (commit.ts) that can be undone (undo.ts).
 */
export { commitImport } from './commit.js';
export { analyseImport } from './dry-run.js';
export { importTargets } from './mapping.js';
export type { ImportOptions } from './options.js';
export { ImportRefusedError, type ImportReport } from './report.js';
export { undoImport } from './undo.js';
