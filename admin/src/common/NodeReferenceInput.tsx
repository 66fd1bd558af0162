import { Autocomplete, TextField as MuiTextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { useDataProvider, useInput, useRecordContext, useTranslate } from 'react-admin';
import type { AmityDataProvider } from '../dataProvider';
import { linksInputName } from '../schemaModel';

interface Option {
  id: string;
  __typename: string;
  displayName: string;
}

/** Nodes of every type whose names match what is typed, through the API's `search(q)`, a moment after typing stops. */
function useNodeSearch(): { options: Option[]; setText: (text: string) => void } {
  const provider = useDataProvider<AmityDataProvider>();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  useEffect(() => {
    if (!text.trim()) return;
    let live = true;
    const timer = setTimeout(() => {
      provider.search(text).then((found) => live && setOptions(found), () => undefined);
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, provider]);
  return { options, setText };
}

const optionLabel = (option: Option) => (option.__typename ? `${option.displayName} (${option.__typename})` : option.displayName);

/** A reference to any node (an interface-typed field such as Relationship.from): picked through `search(q)`. */
export function NodeReferenceInput({ source, label, required }: { source: string; label?: string; required?: boolean }) {
  const { field, fieldState } = useInput({ source });
  const translate = useTranslate();
  const { options, setText } = useNodeSearch();
  const [selected, setSelected] = useState<Option | null>(null);

  useEffect(() => {
    if (field.value && !selected) setSelected({ id: field.value as string, __typename: '', displayName: String(field.value) });
  }, [field.value, selected]);

  return (
    <Autocomplete<Option>
      sx={{ minWidth: 320 }}
      options={options}
      value={selected}
      filterOptions={(x) => x}
      getOptionLabel={optionLabel}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      onInputChange={(_e, value) => setText(value)}
      onChange={(_e, value) => {
        setSelected(value);
        field.onChange(value?.id ?? null);
      }}
      renderInput={(params) => (
        <MuiTextField {...params} label={label ?? translate(`resources.any.fields.${source}`)} required={required} error={!!fieldState.error} helperText={fieldState.error?.message} size="small" />
      )}
    />
  );
}

/**
 * Links to nodes of any type (`partyIds` of a list of Node): each picked through `search(q)` across types. The
 * nodes linked already are named as the record read them (its `parties`, with their types and names).
 */
export function NodeReferenceArrayInput({ source, label }: { source: string; label?: string }) {
  const { field, fieldState } = useInput({ source });
  const record = useRecordContext();
  const translate = useTranslate();
  const { options, setText } = useNodeSearch();
  const [selected, setSelected] = useState<Option[] | null>(null);

  const ids = (field.value as string[] | null | undefined) ?? [];
  const listField = Object.keys(record ?? {}).find((key) => Array.isArray(record?.[key]) && linksInputName(key) === source);
  const linked = (listField ? (record?.[listField] as Option[]) : []) ?? [];
  const value = selected ?? ids.map((id) => linked.find((option) => option.id === id) ?? { id, __typename: '', displayName: id });

  return (
    <Autocomplete<Option, true>
      multiple
      sx={{ minWidth: 320 }}
      options={options}
      value={value}
      filterOptions={(x) => x}
      getOptionLabel={optionLabel}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      onInputChange={(_e, text) => setText(text)}
      onChange={(_e, next) => {
        setSelected(next);
        field.onChange(next.map((option) => option.id));
      }}
      renderInput={(params) => (
        <MuiTextField {...params} label={label ?? translate(`resources.any.fields.${source}`)} error={!!fieldState.error} helperText={fieldState.error?.message} size="small" />
      )}
    />
  );
}
