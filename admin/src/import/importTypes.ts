import type { SchemaModel } from '../schemaModel';

/** A list a spreadsheet can fill: the hub's name for it (the schema's list query, e.g. "cities") and its type. */
export interface ImportType {
  plural: string;
  type: string;
}

/** Every record type the schema lets create, as the hub's /imports name it; a new type is importable at once. */
export function importTypes(model: SchemaModel): ImportType[] {
  return [...model.resources.values()].filter((resource) => resource.create).map((resource) => ({ plural: resource.listQuery, type: resource.name }));
}

/** How the wizard names a list, in both languages like its other words: "城市 Cities". */
export function importTypeLabel({ plural, type }: ImportType, typeNameZh: (type: string) => string): string {
  return `${typeNameZh(type)} ${plural.charAt(0).toUpperCase()}${plural.slice(1)}`;
}
