import { Alert } from '@mui/material';
import { DeleteWithConfirmButton, EditButton, Show, TabbedShowLayout, TopToolbar, useResourceContext, useTranslate } from 'react-admin';
import { displayElement } from '../common/fields';
import { HistoryTab } from '../common/HistoryTab';
import { useModel } from '../common/ModelContext';
import { useCanWrite } from '../common/useCanWrite';
import { RelationshipsTab } from '../common/RelationshipsTab';
import { GraphButton } from '../graph/GraphButton';
import { displayFields } from './describe';

function ShowActions({ canEdit, canDelete, isNode }: { canEdit: boolean; canDelete: boolean; isNode: boolean }) {
  return (
    <TopToolbar>
      {isNode && <GraphButton />}
      {canEdit && <EditButton />}
      {canDelete && <DeleteWithConfirmButton mutationMode="pessimistic" />}
    </TopToolbar>
  );
}

/** A record page: its fields, its relationships (typed fields and generic edges) and its history. */
export function GenericShow({ fallback }: { fallback?: boolean }) {
  const resource = useResourceContext()!;
  const model = useModel();
  const translate = useTranslate();
  const info = model.resources.get(resource);
  const fields = displayFields(model, resource).filter((f) => f.name !== 'displayName');
  const isNode = info?.isNode ?? false;
  const canWrite = useCanWrite();
  return (
    <Show actions={<ShowActions canEdit={!!info?.update && canWrite} canDelete={!!info?.remove && canWrite} isNode={isNode} />}>
      {fallback && <Alert severity="info">{translate('amity.fallback_notice')}</Alert>}
      <TabbedShowLayout>
        <TabbedShowLayout.Tab label="amity.tabs.summary">{fields.map((f) => displayElement(model, resource, f, false))}</TabbedShowLayout.Tab>
        {isNode && (
          <TabbedShowLayout.Tab label="amity.tabs.relationships" path="relationships">
            <RelationshipsTab />
          </TabbedShowLayout.Tab>
        )}
        {model.hasField(resource, 'history') && (
          <TabbedShowLayout.Tab label="amity.tabs.history" path="history">
            <HistoryTab />
          </TabbedShowLayout.Tab>
        )}
      </TabbedShowLayout>
    </Show>
  );
}
