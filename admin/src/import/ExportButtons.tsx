import { Button, ButtonGroup } from '@mui/material';
import { useListContext } from 'react-admin';
import { exportUrl } from './importApi';

interface ExportButtonsProps {
  /** The list as the API names it, e.g. delegations. */
  plural: string;
  filter?: Record<string, unknown>;
  sort?: Array<{ field: string; order?: 'ASC' | 'DESC' }>;
}

/** Download links for a list as CSV and XLSX, with the filter and sort given (the hub streams the whole list). */
export function ExportButtons({ plural, filter, sort }: ExportButtonsProps) {
  return (
    <ButtonGroup size="small" variant="text" aria-label="export">
      <Button href={exportUrl(plural, 'xlsx', filter, sort)} data-testid="export-xlsx">
        Excel
      </Button>
      <Button href={exportUrl(plural, 'csv', filter, sort)} data-testid="export-csv">
        CSV
      </Button>
    </ButtonGroup>
  );
}

/** Empty values are no filter at all, as in react-admin's own filter form. */
function meaningful(filter: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)));
}

/**
 * For a react-admin list's toolbar: exports what the list shows, with its current filter and sort
 * (`names.zh` sorts as the API's `names_zh`).
 */
export function ListExportButtons({ plural }: { plural: string }) {
  const { filterValues, sort } = useListContext();
  const sortKeys = sort?.field ? [{ field: sort.field.replace('.', '_'), order: sort.order === 'DESC' ? ('DESC' as const) : ('ASC' as const) }] : undefined;
  return <ExportButtons plural={plural} filter={meaningful(filterValues ?? {})} sort={sortKeys?.filter((key) => key.field !== 'id')} />;
}
