import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycleThrough, importCycles, importGraph, type ImportEdge } from '../support/import-graph.js';

/**
 * The server's modules in layers that only point down: the generic core (graph/) serves record types it does not
 * know; the concrete types (nodes/) build on it; the traversals (traversal/), statistics, spreadsheets and the API
 * build on both. Read from the source with the TypeScript parser, so a broken layer fails here, naming the import.
 *
 * `import type` counts like any import: it is a module knowing another all the same, and it becomes a load-time
 * dependency the day one value is added to it.
 */
const sourceRoot = fileURLToPath(new URL('../../server/src/', import.meta.url));
const edges = importGraph(sourceRoot);

/**
 * The one exception: entities refer to each other for the ORM's relations (a city's partnerships, a partnership's
 * cities), as MikroORM's and type-graphql's relation thunks are made for.
 */
const entityRelation = (edge: ImportEdge) => edge.from.endsWith('.entity.ts') && edge.to.endsWith('.entity.ts');

describe('the import graph of server/src', () => {
  it('is read whole', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'schema.ts', to: 'nodes/registry.ts', typeOnly: false });
  });

  it('has no cycle but the entities’ relations', () => {
    const checked = edges.filter((edge) => !entityRelation(edge));
    const cycles = importCycles(checked).map((members) => cycleThrough(members[0], checked, new Set(members)).join(' → '));
    expect(cycles, 'modules that import each other, through a chain of imports').toEqual([]);
  });

  it('sees a cycle when there is one', () => {
    const cycle = [
      { from: 'a.ts', to: 'b.ts' },
      { from: 'b.ts', to: 'c.ts' },
      { from: 'c.ts', to: 'a.ts' },
      { from: 'c.ts', to: 'd.ts' },
    ];
    expect(importCycles(cycle)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(cycleThrough('a.ts', cycle, new Set(['a.ts', 'b.ts', 'c.ts']))).toEqual(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
  });

  it('keeps the generic core (graph/) free of what builds on it: the concrete types, traversals, statistics', () => {
    const above = ['nodes/', 'traversal/', 'stats/', 'spreadsheets/', 'widgets/'];
    const upward = edges.filter((edge) => edge.from.startsWith('graph/') && above.some((folder) => edge.to.startsWith(folder)));
    expect(upward.map((edge) => `${edge.from} → ${edge.to}`)).toEqual([]);
  });
});
