import { Box, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import {
  ArrayInput,
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  DateInput,
  DateTimeInput,
  NullableBooleanInput,
  NumberInput,
  ReferenceArrayInput,
  ReferenceInput,
  SearchInput,
  SelectArrayInput,
  SelectInput,
  SimpleFormIterator,
  TextInput,
  required as requiredValidator,
  useTranslate,
} from 'react-admin';
import { NodeReferenceArrayInput, NodeReferenceInput } from '../common/NodeReferenceInput';
import type { SchemaModel } from '../schemaModel';
import type { FilterField, InputField } from './describe';

/** Reference inputs search as you type through the list query's `q` (any script). */
const searchAsYouType = (q: string) => ({ q });

function EnumChoices(model: SchemaModel, type: string, translate: (k: string) => string) {
  return model.enumValues(type).map((v) => ({ id: v, name: translate(`enums.${type}.${v}`) }));
}

export function useInputElements(model: SchemaModel, fields: InputField[], prefix = ''): ReactElement[] {
  const translate = useTranslate();
  return fields.map((field) => inputElement(model, field, prefix, translate));
}

function inputElement(model: SchemaModel, field: InputField, prefix: string, translate: (k: string) => string): ReactElement {
  const source = `${prefix}${field.name}`;
  const validate = field.required ? requiredValidator() : undefined;
  switch (field.kind) {
    case 'names':
      return (
        <Box key={source} sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', width: '100%' }}>
          <TextInput source={`${source}.zh`} label={translate('amity.names.zh')} />
          <TextInput source={`${source}.en`} label={translate('amity.names.en')} />
          <TextInput source={`${source}.local`} label={translate('amity.names.local')} />
          {model.inputFields('NamesInput').some((f) => f.name === 'localLang') && <TextInput source={`${source}.localLang`} label={translate('amity.names.localLang')} />}
          {model.inputFields('NamesInput').some((f) => f.name === 'pinyin') && <TextInput source={`${source}.pinyin`} label={translate('amity.names.pinyin')} />}
        </Box>
      );
    case 'ref':
      if (!field.reference) return <NodeReferenceInput key={source} source={source} required={field.required} />;
      return (
        <ReferenceInput key={source} source={source} reference={field.reference} perPage={20}>
          <AutocompleteInput filterToQuery={searchAsYouType} optionText="displayName" validate={validate} sx={{ minWidth: 320 }} />
        </ReferenceInput>
      );
    case 'refList':
      if (!field.reference) return <NodeReferenceArrayInput key={source} source={source} />;
      return (
        <ReferenceArrayInput key={source} source={source} reference={field.reference} perPage={20}>
          <AutocompleteArrayInput filterToQuery={searchAsYouType} optionText="displayName" validate={validate} sx={{ minWidth: 320 }} />
        </ReferenceArrayInput>
      );
    case 'enum':
      return field.list ? (
        <SelectArrayInput key={source} source={source} choices={EnumChoices(model, field.type, translate)} validate={validate} />
      ) : (
        <SelectInput key={source} source={source} choices={EnumChoices(model, field.type, translate)} validate={validate} />
      );
    case 'boolean':
      return <BooleanInput key={source} source={source} />;
    case 'number':
      return <NumberInput key={source} source={source} validate={validate} />;
    case 'date':
      return <DateInput key={source} source={source} validate={validate} />;
    case 'datetime':
      return <DateTimeInput key={source} source={source} validate={validate} />;
    case 'strings':
      return <TextInput key={source} source={source} parse={splitList} format={joinList} helperText="; " />;
    case 'embedded':
      return (
        <Box key={source} sx={{ width: '100%' }}>
          <Typography variant="subtitle2">{translate(`resources.any.fields.${field.name}`)}</Typography>
          <ArrayInput source={source} label={false}>
            <SimpleFormIterator inline>{(field.children ?? []).map((child) => inputElement(model, child, '', translate))}</SimpleFormIterator>
          </ArrayInput>
        </Box>
      );
    case 'longText':
      return <TextInput key={source} source={source} multiline minRows={2} fullWidth validate={validate} />;
    default:
      return <TextInput key={source} source={source} validate={validate} />;
  }
}

function splitList(value: string): string[] {
  return value
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

function joinList(value: unknown): string {
  return Array.isArray(value) ? value.join('; ') : ((value as string | undefined) ?? '');
}

export function filterElements(model: SchemaModel, fields: FilterField[], translate: (k: string) => string): ReactElement[] {
  return fields.map((field) => {
    switch (field.kind) {
      case 'q':
        return <SearchInput key="q" source="q" alwaysOn placeholder={translate('amity.search')} />;
      case 'enum':
        return <SelectArrayInput key={field.name} source={field.name} choices={EnumChoices(model, field.type, translate)} />;
      case 'boolean':
        return <NullableBooleanInput key={field.name} source={field.name} />;
      case 'ref':
        return (
          <ReferenceArrayInput key={field.name} source={field.name} reference={field.reference!} perPage={20}>
            <AutocompleteArrayInput filterToQuery={searchAsYouType} optionText="displayName" sx={{ minWidth: 240 }} />
          </ReferenceArrayInput>
        );
      case 'date':
        return <DateInput key={field.name} source={field.name} />;
      default:
        return <NumberInput key={field.name} source={field.name} />;
    }
  });
}
