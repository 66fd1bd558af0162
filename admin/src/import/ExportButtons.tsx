import { Button, ButtonGroup } from '@mui/material';
import DownloadIcon from '@mui/icons-material/GetApp';
import { useListContext, useTranslate } from 'react-admin';
import { useModel } from '../common/ModelContext';
import { listArguments } from '../dataProvider';
import { exportUrl } from './importApi';

interface ExportButtonsProps {
  /** The list as the API names it, e.g. delegations. */
  plural: string;
  filter?: Record<string, unknown>;
  sort?: Array<{ field: string; order?: 'ASC' | 'DESC' }>;
}

/**
 * Download buttons for a list as CSV and XLSX, with the filter and sort given (the hub streams the whole list, as an
 * attachment: the page stays where it is). Buttons, as react-admin's own export button; the address is also in
 * `data-href`.
 */
export function ExportButtons({ plural, filter, sort }: ExportButtonsProps) {
  const translate = useTranslate();
  const label = translate('ra.action.export');
  const download = (url: string) => () => {
    window.location.assign(url);
  };
  const csv = exportUrl(plural, 'csv', filter, sort);
  const xlsx = exportUrl(plural, 'xlsx', filter, sort);
  return (
    <ButtonGroup size="small" variant="text" aria-label={label}>
      <Button onClick={download(csv)} data-href={csv} data-testid="export-csv" startIcon={<DownloadIcon />}>
        {label} CSV
      </Button>
      <Button onClick={download(xlsx)} data-href={xlsx} data-testid="export-xlsx">
        Excel
      </Button>
    </ButtonGroup>
  );
}

/**
 * For a react-admin list's toolbar: exports what the list shows, with its current filter and sort. They go through
 * the data provider's own mapping (listArguments), so a form-only filter key never reaches the API (a 400 there).
 */
export function ListExportButtons() {
  const { filterValues, sort, resource } = useListContext();
  const model = useModel();
  const args = listArguments(model, resource, filterValues ?? {}, sort);
  return <ExportButtons plural={args.plural} filter={args.filter} sort={args.sort} />;
}
