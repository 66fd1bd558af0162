import { describe, expect, it } from 'vitest';
import { mapColumns, normaliseHeader, type ImportTarget } from '../../server/dist/spreadsheets/import/mapping.js';

/**
 * Column mapping (server/src/spreadsheets/import/mapping.ts): a ledger's headers, in Chinese, English or both, to
 * the fields they fill. The targets are those a city and a delegation import (importTargets gives each its own
 * key and the known headers, as here).
 */
function target(key: string, kind: ImportTarget['kind'], headers: string[] = [], required = false): ImportTarget {
  return { key, kind, required, headers: [key, ...headers] };
}

const city = [
  target('id', 'id'),
  target('version', 'version'),
  target('names.zh', 'name', ['中文名', '名称']),
  target('names.en', 'name', ['英文名', 'english name', 'name']),
  target('country', 'reference', ['国家', 'countryId', 'country id'], true),
  target('province', 'scalar', ['省份', 'province']),
  target('latitude', 'scalar', ['纬度', 'latitude']),
];

/** What each column became: [header, key, how]. */
function mapped(headers: string[], targets = city, overrides: Record<string, string | null> = {}, readOnly: string[] = []) {
  const mapping = mapColumns(headers, targets, overrides, readOnly);
  return { columns: mapping.columns.map(({ header, key, how }) => [header, key, how]), unknown: mapping.unknown, byColumn: [...mapping.byColumn].map(([column, found]) => [column, found.key]) };
}

describe('column mapping', () => {
  it('compares headers without case, spaces, underscores, full-width forms or a trailing star', () => {
    expect(normaliseHeader(' English_Name* ')).toBe('englishname');
    expect(normaliseHeader('ＩＤ')).toBe('id');
    expect(normaliseHeader('Start-Date:')).toBe('startdate');
  });

  it('recognises Chinese and English headers, a bilingual one by either half, and reports the rest', () => {
    const result = mapped(['中文名', 'English name', '国家 Country', '纬度', '负责人', 'Favourite colour']);
    expect(result.columns).toEqual([
      ['中文名', 'names.zh', 'header'],
      ['English name', 'names.en', 'header'],
      ['国家 Country', 'country', 'header'],
      ['纬度', 'latitude', 'header'],
      ['负责人', null, 'unknown'],
      ['Favourite colour', null, 'unknown'],
    ]);
    expect(result.unknown).toEqual(['负责人', 'Favourite colour']);
    expect(result.byColumn).toEqual([
      [0, 'names.zh'],
      [1, 'names.en'],
      [2, 'country'],
      [3, 'latitude'],
    ]);
  });

  it('reads an exported file back: field keys as headers, the reference name columns and read-only fields left out quietly', () => {
    const result = mapped(['id', 'version', 'names.zh', 'names.en', 'country', 'country.zh', 'country.en', 'createdAt'], city, {}, ['createdAt', 'updatedAt']);
    expect(result.columns).toEqual([
      ['id', 'id', 'header'],
      ['version', 'version', 'header'],
      ['names.zh', 'names.zh', 'header'],
      ['names.en', 'names.en', 'header'],
      ['country', 'country', 'header'],
      ['country.zh', null, 'ignored'],
      ['country.en', null, 'ignored'],
      ['createdAt', null, 'ignored'],
    ]);
    expect(result.unknown).toEqual([]);
  });

  it('gives a header known under several fields to the first one the type has', () => {
    // 国家 is a city's country, a person's nationality, a delegation's origin country: a delegation has only the last.
    const delegation = [target('names.zh', 'name', ['团组名称']), target('originCountry', 'reference', ['来访国家', '国家'], true), target('startDate', 'scalar', ['日期', '开始日期'], true)];
    expect(mapped(['团组名称', '国家', '日期'], delegation).columns).toEqual([
      ['团组名称', 'names.zh', 'header'],
      ['国家', 'originCountry', 'header'],
      ['日期', 'startDate', 'header'],
    ]);
    // A field is filled by one column: a second header for it is unknown.
    expect(mapped(['中文名', '名称'], city).unknown).toEqual(['名称']);
  });

  it('lets a given mapping win over the headers it recognises, and leave a column out with null', () => {
    const result = mapped(['地名', '所属国', '中文名', '负责人'], city, { 地名: 'names.zh', 所属国: 'country', 中文名: 'names.en', 负责人: null });
    expect(result.columns).toEqual([
      ['地名', 'names.zh', 'mapping'],
      ['所属国', 'country', 'mapping'],
      ['中文名', 'names.en', 'mapping'],
      ['负责人', null, 'ignored'],
    ]);
    expect(result.unknown).toEqual([]);
  });

  it('refuses a mapping to a field the type does not import, or two columns mapped to one field', () => {
    expect(() => mapColumns(['地名'], city, { 地名: 'nonsense' })).toThrow(/columns\.地名: "nonsense" is not a field this type imports; it imports id, version, names\.zh/);
    expect(() => mapColumns(['地名', '城名'], city, { 地名: 'names.zh', 城名: 'names.zh' })).toThrow(/columns\.城名: two columns are mapped to names\.zh/);
  });
});
