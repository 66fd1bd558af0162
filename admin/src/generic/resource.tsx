import CategoryIcon from '@mui/icons-material/Category';
import type { ComponentType } from 'react';
import type { RaRecord } from 'react-admin';
import { GenericCreate } from './GenericCreate';
import { GenericEdit } from './GenericEdit';
import { GenericList } from './GenericList';
import { GenericShow } from './GenericShow';

/** What a resource folder exports, as in react-admin's demo: { list, edit, create, show, icon, recordRepresentation }. */
export interface ResourceDefinition {
  list: ComponentType;
  edit: ComponentType;
  create: ComponentType;
  show: ComponentType;
  icon: ComponentType;
  recordRepresentation: (record: RaRecord) => string;
}

export const recordRepresentation = (record: RaRecord): string => String(record.displayName ?? record.names?.zh ?? record.id);

/** The screens of a type: its own list columns where it has a folder, generic everything else. */
export function genericResource(options: { listColumns?: string[]; icon?: ComponentType; fallback?: boolean } = {}): ResourceDefinition {
  const List = () => <GenericList columns={options.listColumns} />;
  const Show = () => <GenericShow fallback={options.fallback} />;
  return { list: List, show: Show, edit: GenericEdit, create: GenericCreate, icon: options.icon ?? CategoryIcon, recordRepresentation };
}
