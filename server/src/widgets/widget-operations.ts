import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';

/** One persisted operation: its document (the operation and the fragments it may use) and its root fields. */
export interface WidgetOperation {
  name: string;
  document: DocumentNode;
  /** The operation itself, in `document`. */
  definition: OperationDefinitionNode;
  rootFields: string[];
  /** The variables the operation defines: widget answers are cached by these alone. */
  variableNames: string[];
}

/**
 * The widgets' registered operations from schema/operations/*.graphql, checked against the schema at start:
 * an operation that does not fit the API stops the hub rather than failing in a visitor's page.
 */
export function loadWidgetOperations(folder: string, schema: GraphQLSchema): Map<string, WidgetOperation> {
  const operations = new Map<string, WidgetOperation>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.graphql')).sort()) {
    const document = parse(readFileSync(path.join(folder, file), 'utf8'));
    const errors = validate(schema, document);
    if (errors.length > 0) throw new Error(`schema/operations/${file} does not fit the schema: ${errors.map((error) => error.message).join('; ')}`);
    const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      if (definition.operation !== 'query' || !definition.name) throw new Error(`schema/operations/${file}: widget operations are named queries`);
      const name = definition.name.value;
      if (operations.has(name)) throw new Error(`schema/operations/${file}: a second operation named ${name}`);
      operations.set(name, {
        name,
        document: { kind: Kind.DOCUMENT, definitions: [definition, ...fragments] },
        definition,
        rootFields: rootFieldsOf(definition),
        variableNames: (definition.variableDefinitions ?? []).map((variable) => variable.variable.name.value),
      });
    }
  }
  return operations;
}

function rootFieldsOf(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((selection) => (selection.kind === Kind.FIELD ? [selection.name.value] : []));
}
