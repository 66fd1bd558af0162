import { BulkDeleteButton, BulkExportButton, CreateButton, DatagridConfigurable, FilterButton, List, SelectColumnsButton, TopToolbar, useResourceContext, useTranslate } from 'react-admin';
import { displayElement } from '../common/fields';
import { useModel } from '../common/ModelContext';
import { useCanWrite } from '../common/useCanWrite';
import { ListExportButtons } from '../import/ExportButtons';
import { defaultListColumns, displayFields, filterFields } from './describe';
import { filterElements } from './inputs';

function ListActions({ canCreate }: { canCreate: boolean }) {
  return (
    <TopToolbar>
      <FilterButton />
      <SelectColumnsButton />
      {canCreate && <CreateButton />}
      {/* The whole list as the hub streams it, CSV or XLSX, with the current filter and sort. */}
      <ListExportButtons />
    </TopToolbar>
  );
}

function BulkActions() {
  const canWrite = useCanWrite();
  return (
    <>
      <BulkExportButton />
      {canWrite && <BulkDeleteButton mutationMode="pessimistic" />}
    </>
  );
}

/** A list for any record type: filters, sortable columns, paging, bulk delete and export (CSV/XLSX of the filtered list from the hub), from introspection. */
export function GenericList({ columns }: { columns?: string[] }) {
  const resource = useResourceContext()!;
  const model = useModel();
  const translate = useTranslate();
  const fields = displayFields(model, resource);
  const chosen = columns ?? defaultListColumns(model, resource);
  const info = model.resources.get(resource);
  const canWrite = useCanWrite();
  return (
    <List
      filters={filterElements(model, filterFields(model, resource), translate)}
      actions={<ListActions canCreate={!!info?.create && canWrite} />}
      sort={{ field: chosen.includes('displayName') ? 'displayName' : 'id', order: 'ASC' }}
      perPage={25}
    >
      <DatagridConfigurable rowClick="show" bulkActionButtons={<BulkActions />} preferenceKey={`${resource}.list`}>
        {chosen.map((name) => fields.find((f) => f.name === name)).filter((f) => f != null).map((f) => displayElement(model, resource, f, true))}
      </DatagridConfigurable>
    </List>
  );
}
