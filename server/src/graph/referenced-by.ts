/**
 * Declares a read-only list of records that point at this one through any of the named references, e.g. an
 * organisation's delegations are those it sends or hosts. Resolved in one batch per request.
 */
export interface ReferencedBy {
  field: string;
  entity: () => Function;
  properties: readonly string[];
}

const declared = new Map<Function, ReferencedBy[]>();

export function ReferencedBy(entity: () => Function, properties: readonly string[]): PropertyDecorator {
  return (target, field) => {
    const owner = target.constructor;
    declared.set(owner, [...(declared.get(owner) ?? []), { field: String(field), entity, properties }]);
  };
}

export function referencedByOf(entity: Function): ReferencedBy[] {
  return declared.get(entity) ?? [];
}
