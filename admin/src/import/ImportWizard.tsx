import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Stack,
  Step,
  StepLabel,
  Stepper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useModel } from '../common/ModelContext';
import { typeNameZh } from '../i18n/labels';
import { importTypeLabel, importTypes } from './importTypes';
import { commit, dryRun, ImportApiError, importFields, listBatches, listMappings, saveMapping, undoBatch, type ImportBatch, type ImportField, type ImportReport } from './importApi';

function sizeText(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const STEPS = ['Upload 上传', 'Map columns 对应列', 'Check 预检', 'Import 导入'];
const IGNORE = '__ignore__';

function ReportView({ report }: { report: ImportReport }) {
  return (
    <Stack spacing={2} data-testid="import-report">
      <Alert severity={report.ok ? 'success' : 'error'}>
        {report.rows} rows: {report.create} to create, {report.update} to update{report.unchanged > 0 ? `, ${report.unchanged} unchanged` : ''}.{' '}
        {report.ok ? 'Ready to import.' : `${report.errors.length} problems: nothing can be imported until they are fixed.`}
      </Alert>
      {report.conflicts.length > 0 && (
        <Alert severity={report.conflicts.every((conflict) => conflict.overwritten) ? 'warning' : 'error'} data-testid="import-conflicts">
          {report.conflicts.length} rows come from an older version of their record: it was edited after the file was exported
          {report.conflicts.every((conflict) => conflict.overwritten) ? ', and importing will overwrite those edits.' : '. Export again, or tick "Overwrite newer edits" to replace them.'}
        </Alert>
      )}
      {report.notes.map((note) => (
        <Alert key={note} severity="info">
          {note}
        </Alert>
      ))}
      {report.errors.length > 0 && (
        <Box>
          <Typography variant="h6">Problems 错误</Typography>
          <Table size="small" data-testid="import-errors">
            <TableHead>
              <TableRow>
                <TableCell>Row 行</TableCell>
                <TableCell>Column 列</TableCell>
                <TableCell>Problem 问题</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {report.errors.slice(0, 500).map((problem, index) => (
                <TableRow key={index}>
                  <TableCell>{problem.row ?? 'file'}</TableCell>
                  <TableCell>{problem.column ?? ''}</TableCell>
                  <TableCell>{problem.message}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {report.errors.length > 500 && <Typography variant="body2">… and {report.errors.length - 500} more</Typography>}
        </Box>
      )}
      {report.duplicates.length > 0 && (
        <Box>
          <Typography variant="h6">Likely duplicates 可能重复</Typography>
          <ul data-testid="import-duplicates">
            {report.duplicates.slice(0, 200).map((duplicate, index) => (
              <li key={index}>{duplicate.reason}</li>
            ))}
          </ul>
        </Box>
      )}
    </Stack>
  );
}

/**
 * The import wizard: choose a list and a file, check how its columns are read (and change it, or save it as a named
 * mapping), see the dry-run report, import, and undo recent imports.
 */
export function ImportWizard({ initialType = 'delegations' }: { initialType?: string }) {
  const [plural, setPlural] = useState(initialType);
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState<ImportField[]>([]);
  const [columns, setColumns] = useState<Record<string, string | null>>({});
  const [mappings, setMappings] = useState<Array<{ name: string; columns: Record<string, string | null> }>>([]);
  const [mappingName, setMappingName] = useState('');
  const [allowDuplicates, setAllowDuplicates] = useState(false);
  /** Replace records edited since the file was exported (the hub refuses such rows otherwise). */
  const [overwrite, setOverwrite] = useState(false);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [batch, setBatch] = useState<ImportBatch | null>(null);
  const [batches, setBatches] = useState<ImportBatch[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  /** What the hub is doing for us now: the wizard's buttons wait for it. */
  const [busy, setBusy] = useState<'dry-run' | 'commit' | 'undo' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const model = useModel();
  const types = useMemo(() => importTypes(model), [model]);
  const type = types.find((candidate) => candidate.plural === plural);

  const refreshBatches = useCallback(() => {
    listBatches().then(setBatches, () => setBatches([]));
  }, []);
  useEffect(refreshBatches, [refreshBatches]);
  useEffect(() => {
    importFields(plural).then(setFields, () => setFields([]));
    listMappings(plural).then(setMappings, () => setMappings([]));
    setReport(null);
    setColumns({});
  }, [plural]);

  const run = useCallback(
    async (action: 'dry-run' | 'commit') => {
      if (!file) return;
      setError(null);
      setBusy(action);
      setProgress(0);
      try {
        const options = { columns, allowDuplicates, overwrite };
        if (action === 'dry-run') {
          setBatch(null);
          setReport((await dryRun(plural, file, options, setProgress)).report);
        } else {
          const answer = await commit(plural, file, options, setProgress);
          setReport(answer.report);
          setBatch(answer.batch);
          refreshBatches();
        }
      } catch (caught) {
        const failure = caught as ImportApiError;
        setError(failure.message);
        if (failure.extensions?.report) setReport(failure.extensions.report as ImportReport);
      } finally {
        setProgress(null);
        setBusy(null);
      }
    },
    [file, plural, columns, allowDuplicates, overwrite, refreshBatches],
  );

  const step = batch ? 3 : report ? 2 : file ? 1 : 0;
  const mappedColumns = useMemo(() => report?.columns ?? [], [report]);

  const undo = async (id: string) => {
    setError(null);
    setBusy('undo');
    try {
      await undoBatch(id);
      if (batch?.id === id) setBatch({ ...batch, undoneAt: new Date().toISOString() });
      refreshBatches();
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card>
      <CardContent>
        <Stack spacing={3}>
          <Typography variant="h5">Import a spreadsheet 导入表格</Typography>
          <Stepper activeStep={step}>
            {STEPS.map((label) => (
              <Step key={label}>
                <StepLabel>{label}</StepLabel>
              </Step>
            ))}
          </Stepper>
          <Stack direction="row" spacing={2} alignItems="center">
            <TextField select label="List 类型" value={plural} onChange={(event) => setPlural(event.target.value)} sx={{ minWidth: 240 }} inputProps={{ 'data-testid': 'import-type' }}>
              {types.map((candidate) => (
                <MenuItem key={candidate.plural} value={candidate.plural}>
                  {importTypeLabel(candidate, typeNameZh)}
                </MenuItem>
              ))}
            </TextField>
            <Button variant="outlined" component="label">
              {file ? file.name : 'Choose a CSV or XLSX file 选择文件'}
              <input
                hidden
                type="file"
                data-testid="import-file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  setReport(null);
                  setBatch(null);
                }}
              />
            </Button>
            {mappings.length > 0 && (
              <TextField select label="Saved mapping 已存对应" value="" onChange={(event) => setColumns(mappings.find((mapping) => mapping.name === event.target.value)?.columns ?? {})} sx={{ minWidth: 200 }}>
                {mappings.map((mapping) => (
                  <MenuItem key={mapping.name} value={mapping.name}>
                    {mapping.name}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <FormControlLabel control={<Checkbox checked={allowDuplicates} onChange={(event) => setAllowDuplicates(event.target.checked)} />} label="Allow repeated names 允许重名" />
            <FormControlLabel
              control={<Checkbox checked={overwrite} onChange={(event) => setOverwrite(event.target.checked)} data-testid="import-overwrite" />}
              label="Overwrite newer edits 覆盖较新的修改"
            />
            <Button variant="contained" disabled={!file || busy !== null} onClick={() => void run('dry-run')} data-testid="import-dry-run">
              Check 预检
            </Button>
          </Stack>
          {busy !== null && (
            <Box data-testid="import-busy" role="status" aria-busy="true">
              <LinearProgress variant={progress !== null && progress < 1 ? 'determinate' : 'indeterminate'} value={(progress ?? 1) * 100} />
              <Typography variant="body2">
                {busy === 'undo'
                  ? 'Undoing the import… 正在撤销…'
                  : progress !== null && progress < 1
                    ? `Uploading ${file ? sizeText(file.size * progress) + ' / ' + sizeText(file.size) : ''} (${Math.round(progress * 100)}%) 正在上传…`
                    : busy === 'commit'
                      ? 'Importing every row in one transaction… 正在导入…'
                      : 'Reading and checking every row… 正在预检…'}
              </Typography>
            </Box>
          )}
          {error && <Alert severity="error">{error}</Alert>}
          {mappedColumns.length > 0 && (
            <Box>
              <Typography variant="h6">Columns 列</Typography>
              <Table size="small" data-testid="import-columns">
                <TableHead>
                  <TableRow>
                    <TableCell>Header 表头</TableCell>
                    <TableCell>Field 字段</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {mappedColumns.map((column) => (
                    <TableRow key={column.column}>
                      <TableCell>{column.header}</TableCell>
                      <TableCell>
                        <TextField
                          select
                          size="small"
                          value={column.key ?? IGNORE}
                          onChange={(event) => setColumns({ ...columns, [column.header]: event.target.value === IGNORE ? null : event.target.value })}
                          sx={{ minWidth: 220 }}
                        >
                          <MenuItem value={IGNORE}>— not imported 不导入 —</MenuItem>
                          {fields.map((field) => (
                            <MenuItem key={field.key} value={field.key}>
                              {field.key}
                              {field.required ? ' *' : ''}
                            </MenuItem>
                          ))}
                        </TextField>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <Stack direction="row" spacing={2} sx={{ mt: 1 }}>
                <Button disabled={!file || busy !== null || Object.keys(columns).length === 0} onClick={() => void run('dry-run')}>
                  Check again with these columns 按此重新预检
                </Button>
                <TextField size="small" label="Save as 保存为" value={mappingName} onChange={(event) => setMappingName(event.target.value)} />
                <Button
                  disabled={!mappingName.trim() || !type}
                  onClick={() => {
                    const all = Object.fromEntries(mappedColumns.map((column) => [column.header, columns[column.header] !== undefined ? columns[column.header] : column.key]));
                    saveMapping(mappingName.trim(), type?.type ?? '', all).then(
                      () => listMappings(plural).then(setMappings),
                      (caught: Error) => setError(caught.message),
                    );
                  }}
                >
                  Save mapping 保存对应
                </Button>
              </Stack>
            </Box>
          )}
          {report && <ReportView report={report} />}
          {report?.ok && !batch && (
            <Button variant="contained" color="primary" disabled={busy !== null} onClick={() => void run('commit')} data-testid="import-commit">
              Import {report.rows} rows 导入
            </Button>
          )}
          {batch && (
            <Alert severity={batch.undoneAt ? 'warning' : 'success'} data-testid="import-done" action={!batch.undoneAt && <Button disabled={busy !== null} onClick={() => void undo(batch.id)} data-testid="import-undo">Undo 撤销</Button>}>
              {batch.undoneAt ? 'The import was undone.' : `Imported: ${batch.created} created, ${batch.updated} updated.`}
            </Alert>
          )}
          {batches.length > 0 && (
            <Box>
              <Typography variant="h6">Recent imports 最近导入</Typography>
              <Table size="small" data-testid="import-batches">
                <TableBody>
                  {batches.slice(0, 20).map((item) => (
                    <TableRow key={item.id}>
                      <TableCell>{new Date(item.createdAt).toLocaleString()}</TableCell>
                      <TableCell>{item.recordType}</TableCell>
                      <TableCell>{item.fileName}</TableCell>
                      <TableCell>
                        {item.created} created, {item.updated} updated
                      </TableCell>
                      <TableCell>{item.actorUsername}</TableCell>
                      <TableCell>{item.undoneAt ? `undone by ${item.undoneBy ?? ''}` : <Button disabled={busy !== null} onClick={() => void undo(item.id)}>Undo 撤销</Button>}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}

export default ImportWizard;
