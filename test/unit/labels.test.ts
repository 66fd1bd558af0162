import { readFileSync } from 'node:fs';
import { buildSchema, getNamedType, isEnumType, isObjectType, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { enumValuesZh, typeNamesZh } from '../../admin/src/i18n/labels';
import { schemaFile } from '../support/paths.js';

/**
 * The admin's and the widgets' catalogue of Chinese labels, against the committed schema: every record type and
 * every value a record's field may hold has one. A type or value without one still shows (by its own name); these
 * tests list what a contributor should add to admin/src/i18n/labels.ts. English labels are the schema's names in
 * words (admin/src/i18n/i18nProvider.ts).
 */
const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
const recordTypes = schema.getPossibleTypes(schema.getType('Record') as never);

describe('the labels of the admin and widgets', () => {
  it('name every record type in Chinese', () => {
    expect(recordTypes.length).toBeGreaterThan(10);
    expect(recordTypes.map((type) => type.name).filter((name) => !typeNamesZh[name])).toEqual([]);
  });

  it('name in Chinese every value of every enum a record field holds', () => {
    const enums = new Map<string, GraphQLEnumType>();
    for (const type of recordTypes) {
      if (!isObjectType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        if (isEnumType(named)) enums.set(named.name, named);
      }
    }
    expect(enums.size).toBeGreaterThan(10);
    const unlabelled = [...enums.values()].flatMap((type) => type.getValues().filter((value) => !enumValuesZh[value.name]).map((value) => `${type.name}.${value.name}`));
    expect(unlabelled).toEqual([]);
  });
});
