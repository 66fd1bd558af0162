import { Autocomplete, TextField as MuiTextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { useDataProvider, useInput, useTranslate } from 'react-admin';
import type { AmityDataProvider } from '../dataProvider';

interface Option {
  id: string;
  __typename: string;
  displayName: string;
}

/** A reference to any node (an interface-typed field such as Relationship.from): picked through `search(q)`. */
export function NodeReferenceInput({ source, label, required }: { source: string; label?: string; required?: boolean }) {
  const { field, fieldState } = useInput({ source });
  const provider = useDataProvider<AmityDataProvider>();
  const translate = useTranslate();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Option[]>([]);
  const [selected, setSelected] = useState<Option | null>(null);

  useEffect(() => {
    if (field.value && !selected) setSelected({ id: field.value as string, __typename: '', displayName: String(field.value) });
  }, [field.value, selected]);

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

  return (
    <Autocomplete<Option>
      sx={{ minWidth: 320 }}
      options={options}
      value={selected}
      filterOptions={(x) => x}
      getOptionLabel={(o) => (o.__typename ? `${o.displayName} (${o.__typename})` : o.displayName)}
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
