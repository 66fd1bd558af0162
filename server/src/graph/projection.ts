import { ReferenceKind, type EntityMetadata } from '@mikro-orm/core';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  type DocumentNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { referencedByOf } from './referenced-by.js';

/** The fields an operation asks for on each object type (by type name), wherever in the operation. */
export type SelectedFields = ReadonlyMap<string, ReadonlySet<string>>;

/** A field name no type has: asks for every column of the type (see projectedColumns). */
const EVERY_COLUMN = '*';

const selections = new WeakMap<OperationDefinitionNode, SelectedFields>();

/**
 * The fields an operation selects on each object type, anywhere in it (fields asked on an interface count for
 * every type implementing it; fragments are followed). Kept per parsed operation: Apollo hands the same parsed
 * document for the same query text.
 */
export function selectedFieldsOnce(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): SelectedFields {
  let selected = selections.get(operation);
  if (!selected) {
    selected = selectedFields(schema, document, operation);
    selections.set(operation, selected);
  }
  return selected;
}

function selectedFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): SelectedFields {
  const fragments = new Map(document.definitions.flatMap((definition) => (definition.kind === Kind.FRAGMENT_DEFINITION ? [[definition.name.value, definition]] : [])));
  const byType = new Map<string, Set<string>>();
  const walked = new Set<string>();

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType) => {
    const concrete = isAbstractType(parent) ? schema.getPossibleTypes(parent) : isObjectType(parent) ? [parent] : [];
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        for (const type of concrete) {
          let fields = byType.get(type.name);
          if (!fields) byType.set(type.name, (fields = new Set()));
          fields.add(name);
        }
        if (!selection.selectionSet) continue;
        // The field's type as declared on the parent (the same on every type implementing an interface).
        const field = 'getFields' in parent ? parent.getFields()[name] : concrete[0]?.getFields()[name];
        const type = field ? getNamedType(field.type) : undefined;
        if (!type || !isCompositeType(type)) continue;
        // A record as of a date is rebuilt from its history (graph/history.ts), which reads the whole record.
        if (selection.arguments?.some((argument) => argument.name.value === 'asOf')) {
          for (const possible of isAbstractType(type) ? schema.getPossibleTypes(type) : isObjectType(type) ? [type] : []) {
            if (!byType.has(possible.name)) byType.set(possible.name, new Set());
            byType.get(possible.name)!.add(EVERY_COLUMN);
          }
        }
        walk(selection.selectionSet, type);
      } else {
        const condition = selection.kind === Kind.INLINE_FRAGMENT ? selection.typeCondition : fragments.get(selection.name.value)?.typeCondition;
        const type = condition ? schema.getType(condition.name.value) : parent;
        const selectionSetOf = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
        if (!type || !isCompositeType(type) || !selectionSetOf) continue;
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const key = `${selection.name.value} on ${parent.name}`;
          if (walked.has(key)) continue;
          walked.add(key);
        }
        walk(selectionSetOf, type);
      }
    }
  };
  const root = operation.operation === 'query' ? schema.getQueryType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
  if (root) walk(operation.selectionSet, root);
  return byType;
}

/** GraphQL fields of records that are not entity properties, and the properties they read (besides the id). */
const RESOLVED_FIELDS: Record<string, readonly string[]> = {
  displayName: ['names'],
  relationships: [],
  neighbours: [],
  history: [],
};

/**
 * The columns to read for records of an entity when the operation asks `selection` (and the properties in
 * `needed`, which the loaders group by), or null for every column: when nothing is known of what is asked, or a
 * field asked is computed from what this function does not know. The id, and the visibility that guards test,
 * are always read; of an inline embeddable (names) only the parts asked anywhere in the operation.
 */
export function projectedColumns(meta: EntityMetadata, selection: SelectedFields | undefined, needed: readonly string[] = []): string[] | null {
  const fields = selection?.get(meta.className);
  if (!fields) return null;
  const backReferences = new Set(referencedByOf(meta.class).map((back) => back.field));
  const columns = new Set<string>(meta.primaryKeys.flatMap((key) => meta.properties[key as never].fieldNames));
  /** Adds the columns of a property (`whole`: every part of an embeddable); false when it has none to add. */
  const add = (name: string, whole: boolean): boolean => {
    const prop = meta.properties[name as never];
    if (!prop || prop.persist === false) return false;
    if (prop.kind === ReferenceKind.EMBEDDED && !prop.object) {
      const parts = whole ? undefined : selection?.get((prop.embeddable as Function).name);
      for (const [part, child] of Object.entries(prop.embeddedProps)) {
        if (!parts || parts.has(part)) child.fieldNames.forEach((column) => columns.add(column));
      }
    } else if (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.EMBEDDED || prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
      prop.fieldNames.forEach((column) => columns.add(column));
    }
    // Collections load by the record's id.
    return true;
  };
  for (const name of ['visibility', ...needed]) if (meta.properties[name as never]) add(name, true);
  for (const name of fields) {
    if (add(name, false) || backReferences.has(name)) continue;
    const reads = RESOLVED_FIELDS[name];
    if (!reads) return null;
    for (const read of reads) if (!add(read, true)) return null;
  }
  return [...columns];
}
