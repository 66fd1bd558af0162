import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of one module by another, both named by their path under the source root (`graph/list.ts`). */
export interface ImportEdge {
  from: string;
  to: string;
  /** Erased by the compiler (`import type`, or every name imported is a type): no load-time dependency. */
  typeOnly: boolean;
}

/** The relative imports and re-exports of every TypeScript module under `root`, read by the TypeScript parser. */
export function importGraph(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const from = path.relative(root, file).split(path.sep).join('/');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    for (const { specifier, typeOnly } of importsOf(source)) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveRelative(path.dirname(file), specifier);
      if (target === undefined) throw new Error(`${from} imports ${specifier}, which names no module under ${root}`);
      edges.push({ from, to: path.relative(root, target).split(path.sep).join('/'), typeOnly });
    }
  }
  return edges;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function importsOf(source: ts.SourceFile): Array<{ specifier: string; typeOnly: boolean }> {
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: importIsTypeOnly(node.importClause) });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      const typeOnly = node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((element) => element.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteral(argument)) found.push({ specifier: argument.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function importIsTypeOnly(clause: ts.ImportClause | undefined): boolean {
  if (clause === undefined) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

/** The project imports its own modules by their emitted name (`./paths.js`); the source is the `.ts` beside it. */
function resolveRelative(folder: string, specifier: string): string | undefined {
  const base = path.resolve(folder, specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate));
}

/**
 * The strongly connected components of a directed graph with more than one module (Tarjan's algorithm): each is a
 * set of modules every one of which reaches every other, so a cycle runs through them. Members sorted by name.
 */
export function importCycles(edges: ReadonlyArray<Pick<ImportEdge, 'from' | 'to'>>): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) {
    next.set(from, [...(next.get(from) ?? []), to]);
    if (!next.has(to)) next.set(to, []);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (module: string): void => {
    index.set(module, index.size);
    low.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const target of next.get(module)!) {
      if (!index.has(target)) {
        connect(target);
        low.set(module, Math.min(low.get(module)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(module, Math.min(low.get(module)!, index.get(target)!));
      }
    }
    if (low.get(module) === index.get(module)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== module);
      const selfImport = next.get(module)!.includes(module);
      if (component.length > 1 || selfImport) components.push(component.sort());
    }
  };
  for (const module of [...next.keys()].sort()) if (!index.has(module)) connect(module);
  return components;
}

/** One shortest cycle through `start` inside its component, as `a → b → … → a`: a readable witness of the component. */
export function cycleThrough(start: string, edges: ReadonlyArray<Pick<ImportEdge, 'from' | 'to'>>, within: ReadonlySet<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const module = queue.shift()!;
    for (const { to } of edges.filter((edge) => edge.from === module && within.has(edge.to))) {
      if (to === start) {
        const cycle = [start];
        for (let step: string | undefined = module; step !== start && step !== undefined; step = cameFrom.get(step)) cycle.unshift(step);
        cycle.unshift(start);
        return cycle;
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, module);
        queue.push(to);
      }
    }
  }
  return [];
}
