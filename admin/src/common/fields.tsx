import { Chip, Stack } from '@mui/material';
import type { ReactElement } from 'react';
import { Link } from 'react-router-dom';
import { BooleanField, DateField, FunctionField, NumberField, TextField, useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { DisplayField } from '../generic/describe';
import { dateLocale } from '../i18n/language';
import type { SchemaModel } from '../schemaModel';
import { recordPath } from './links';

interface RefValue {
  __typename?: string;
  id: string;
  displayName?: string;
}

export function RecordLink({ value }: { value: RefValue | null | undefined }) {
  if (!value) return null;
  const label = value.displayName || value.id;
  if (!value.__typename) return <span>{label}</span>;
  return (
    <Link to={recordPath(value.__typename, value.id)} onClick={(e) => e.stopPropagation()} data-testid="record-link">
      {label}
    </Link>
  );
}

export function RefField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  return <RecordLink value={record?.[source] as RefValue | undefined} />;
}

export function RefListField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const values = (record?.[source] as RefValue[] | undefined) ?? [];
  return (
    <Stack direction="row" gap={0.5} flexWrap="wrap">
      {values.map((v) => (
        <Chip key={v.id} size="small" label={<RecordLink value={v} />} />
      ))}
    </Stack>
  );
}

export function LocaleDateField({ source, time }: { source: string; time?: boolean; label?: string; sortable?: boolean; sortBy?: string }) {
  const [locale] = useLocaleState();
  return <DateField source={source} locales={dateLocale(locale)} showTime={time} options={time ? undefined : { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }} />;
}

export function EnumField({ source, type }: { source: string; type: string; label?: string; sortable?: boolean }) {
  const translate = useTranslate();
  const record = useRecordContext();
  const value = record?.[source];
  if (value == null) return null;
  const values = Array.isArray(value) ? value : [value];
  return <span>{values.map((v) => translate(`enums.${type}.${String(v)}`)).join(', ')}</span>;
}

function isRef(v: unknown): v is RefValue {
  return typeof v === 'object' && v != null && 'id' in v && '__typename' in v;
}

/** An embedded object (a participant, a status change): its values in a line, records it points to as links. */
function Embedded({ value }: { value: unknown }): ReactElement | null {
  if (value == null) return null;
  if (isRef(value)) return <RecordLink value={value} />;
  if (typeof value !== 'object') return <>{String(value)}</>;
  const parts = Object.entries(value as Record<string, unknown>).filter(([k, v]) => k !== '__typename' && !/Ids?$/.test(k) && v != null);
  return (
    <span>
      {parts.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && ' · '}
          <Embedded value={v} />
        </span>
      ))}
    </span>
  );
}

export function EmbeddedField({ source }: { source: string; label?: string; sortable?: boolean }) {
  const record = useRecordContext();
  const value = record?.[source];
  if (value == null) return null;
  const items = Array.isArray(value) ? value : [value];
  return (
    <Stack gap={0.5} data-testid={`embedded-${source}`}>
      {items.map((item, i) => (
        <div key={i}>
          <Embedded value={item} />
        </div>
      ))}
    </Stack>
  );
}

/** The react-admin field for one schema field. */
export function displayElement(model: SchemaModel, resource: string, field: DisplayField, inList: boolean): ReactElement {
  const sortValues = new Set(model.enumValues(model.resources.get(resource)?.sortFieldEnum ?? ''));
  const sortable = inList && (field.name === 'displayName' ? sortValues.has('names_zh') : sortValues.has(field.name));
  const common = { source: field.name, sortable };
  switch (field.kind) {
    case 'ref':
      return <RefField key={field.name} {...common} />;
    case 'refList':
      return <RefListField key={field.name} {...common} sortable={false} />;
    case 'date':
      return <LocaleDateField key={field.name} {...common} />;
    case 'datetime':
      return <LocaleDateField key={field.name} {...common} time />;
    case 'boolean':
      return <BooleanField key={field.name} {...common} />;
    case 'number':
      return <NumberField key={field.name} {...common} />;
    case 'enum':
      return <EnumField key={field.name} {...common} type={field.type} />;
    case 'names':
      return <FunctionField key={field.name} {...common} sortable={false} render={(r: { names?: Record<string, string | null> }) => ['zh', 'en', 'local'].map((k) => r.names?.[k]).filter(Boolean).join(' / ')} />;
    case 'strings':
      return <FunctionField key={field.name} {...common} sortable={false} render={(r: Record<string, unknown>) => ((r[field.name] as string[] | undefined) ?? []).join(', ')} />;
    case 'embedded':
      return <EmbeddedField key={field.name} {...common} sortable={false} />;
    case 'json':
      return <FunctionField key={field.name} {...common} sortable={false} render={(r: Record<string, unknown>) => JSON.stringify(r[field.name])} />;
    default:
      return <TextField key={field.name} {...common} />;
  }
}
