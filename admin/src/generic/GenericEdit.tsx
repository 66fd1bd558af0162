import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useRef, useState } from 'react';
import { useFormContext } from 'react-hook-form';
import {
  DeleteWithConfirmButton,
  Edit,
  SaveButton,
  ShowButton,
  SimpleForm,
  Toolbar,
  TopToolbar,
  useDataProvider,
  useEditContext,
  useNotify,
  useRedirect,
  useRefresh,
  useResourceContext,
  useSaveContext,
  useTranslate,
  type RaRecord,
} from 'react-admin';
import { useModel } from '../common/ModelContext';
import { ConventionQueries, type AmityDataProvider } from '../dataProvider';
import { linksInputName } from '../schemaModel';
import { inputFields } from './describe';
import { useInputElements } from './inputs';

interface EditState {
  conflict: Conflict | null;
  setConflict: (c: Conflict | null) => void;
  openedVersion: React.MutableRefObject<number | undefined>;
  openedRecord: React.MutableRefObject<RaRecord | undefined>;
}

interface Conflict {
  opened: RaRecord;
  current: RaRecord;
}

function shown(record: RaRecord, key: string, value: unknown): string {
  if (value == null) return '—';
  const base = key.endsWith('Ids') ? Object.keys(record).find((name) => linksInputName(name) === key) : key.replace(/Id$/, '');
  const ref = (base ? record[base] : undefined) as { displayName?: string } | Array<{ displayName?: string }> | undefined;
  if (key.endsWith('Id') && ref && !Array.isArray(ref) && ref.displayName) return ref.displayName;
  if (key.endsWith('Ids') && Array.isArray(ref)) return ref.map((r) => r.displayName).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** What changed between the version the form was opened on and the one saved since, with what the user typed. */
function ConflictDialog({ conflict, onClose, onOverwrite, onReload }: { conflict: Conflict; onClose: () => void; onOverwrite: () => void; onReload: () => void }) {
  const translate = useTranslate();
  const model = useModel();
  const resource = useResourceContext()!;
  const form = useFormContext();
  const refresh = useRefresh();
  const queries = new ConventionQueries(model);
  const patchType = model.resources.get(resource)!.patchType!;
  const opened = queries.toInput(patchType, conflict.opened);
  const current = queries.toInput(patchType, conflict.current);
  const yours = queries.toInput(patchType, form.getValues());
  const keys = Object.keys({ ...opened, ...current }).filter((k) => JSON.stringify(opened[k] ?? null) !== JSON.stringify(current[k] ?? null));
  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth data-testid="conflict-dialog">
      <DialogTitle>{translate('amity.conflict.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText>{translate('amity.conflict.intro')}</DialogContentText>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('amity.conflict.field')}</TableCell>
              <TableCell>{translate('amity.conflict.opened')}</TableCell>
              <TableCell>{translate('amity.conflict.now')}</TableCell>
              <TableCell>{translate('amity.conflict.yours')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {keys.length === 0 && (
              <TableRow>
                <TableCell colSpan={4}>{translate('amity.conflict.none')}</TableCell>
              </TableRow>
            )}
            {keys.map((key) => (
              <TableRow key={key} data-testid={`conflict-${key}`}>
                <TableCell>{translate(`resources.${resource}.fields.${key}`)}</TableCell>
                <TableCell>{shown(conflict.opened, key, opened[key])}</TableCell>
                <TableCell>{shown(conflict.current, key, current[key])}</TableCell>
                <TableCell>{JSON.stringify(yours[key] ?? null) === JSON.stringify(opened[key] ?? null) ? '' : shown(form.getValues() as RaRecord, key, yours[key])}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('amity.conflict.cancel')}</Button>
        <Button
          onClick={() => {
            form.reset(conflict.current);
            onReload();
            onClose();
            refresh();
          }}
        >
          {translate('amity.conflict.reload')}
        </Button>
        <Button color="warning" variant="contained" onClick={onOverwrite}>
          {translate('amity.conflict.overwrite')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function EditToolbar({ conflict, setConflict, openedVersion, openedRecord }: EditState) {
  const save = useSaveContext();
  const form = useFormContext();
  const model = useModel();
  const resource = useResourceContext()!;
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton
        type="button"
        mutationOptions={{ meta: { expectedVersion: openedVersion.current } }}
        alwaysEnable={false}
      />
      {model.resources.get(resource)?.remove && <DeleteWithConfirmButton mutationMode="pessimistic" />}
      {conflict && (
        <ConflictDialog
          conflict={conflict}
          onClose={() => setConflict(null)}
          onReload={() => {
            openedVersion.current = conflict.current.version as number;
            openedRecord.current = conflict.current;
          }}
          onOverwrite={() => {
            // The user has seen what changed: save what they typed over the version that is current now.
            openedVersion.current = conflict.current.version as number;
            setConflict(null);
            void save.save?.(form.getValues(), { meta: { expectedVersion: conflict.current.version } } as never);
          }}
        />
      )}
    </Toolbar>
  );
}

function EditForm(state: EditState) {
  const { openedVersion, openedRecord } = state;
  const model = useModel();
  const resource = useResourceContext()!;
  const { record } = useEditContext();
  const info = model.resources.get(resource)!;
  if (record && (openedRecord.current === undefined || openedRecord.current.id !== record.id)) {
    openedVersion.current = record.version as number;
    openedRecord.current = record;
  }
  const inputs = useInputElements(model, inputFields(model, info.patchType, resource, info.inputType));
  return (
    <SimpleForm toolbar={<EditToolbar {...state} />} warnWhenUnsavedChanges>
      {inputs}
    </SimpleForm>
  );
}

function EditActions() {
  return (
    <TopToolbar>
      <ShowButton />
    </TopToolbar>
  );
}

/**
 * An edit form for any record type. A save sends only the fields changed since the form was opened, with the
 * version it was opened on; a CONFLICT opens a dialog with what changed instead of losing either edit.
 */
export function GenericEdit() {
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const openedVersion = useRef<number | undefined>(undefined);
  const openedRecord = useRef<RaRecord | undefined>(undefined);
  const provider = useDataProvider<AmityDataProvider>();
  const notify = useNotify();
  const redirect = useRedirect();
  const resource = useResourceContext()!;
  return (
    <Edit
      mutationMode="pessimistic"
      actions={<EditActions />}
      // A refetch while the form is open must not move the version the user's edits are based on.
      queryOptions={{ refetchOnWindowFocus: false }}
      mutationOptions={{
        onSuccess: (data: RaRecord) => {
          openedVersion.current = data.version as number;
          openedRecord.current = data;
          notify('ra.notification.updated', { type: 'info', messageArgs: { smart_count: 1 } });
          redirect('show', resource, data.id);
        },
        onError: async (error: unknown) => {
          const e = error as { status?: number; message?: string; body?: { code?: string; current?: RaRecord; errors?: unknown } };
          if (e.status === 409 && e.body?.code === 'CONFLICT') {
            const id = (e.body.current?.id ?? openedRecord.current?.id) as string;
            const { data: current } = await provider.getOne(resource, { id });
            setConflict({ opened: openedRecord.current ?? current, current: { ...current, version: Math.max(Number(current.version), Number(e.body.current?.version ?? 0)) } });
            return;
          }
          notify(e.message ?? 'ra.notification.http_error', { type: 'error' });
        },
      }}
    >
      <EditForm conflict={conflict} setConflict={setConflict} openedVersion={openedVersion} openedRecord={openedRecord} />
    </Edit>
  );
}
