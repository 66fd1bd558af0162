import { describe, expect, it } from 'vitest';
import { duplicatesInFile, findDoubleUpdates, matchByNames, type NamedRecord, type NameRule } from '../../server/dist/spreadsheets/import/matching.js';
import type { Findings } from '../../server/dist/spreadsheets/import/report.js';
import type { ImportRow } from '../../server/dist/spreadsheets/import/rows.js';

/**
 * Matching rows to records (server/src/spreadsheets/import/matching.ts), on rows as the reading gives them and
 * records as the database returns them: Latin names folded as amity_fold folds them (lower case, no accents).
 */
const fold = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').replace('ø', 'o').toLowerCase();

function row(number: number, names: { zh?: string; en?: string }, more: Partial<ImportRow> = {}): ImportRow {
  return {
    row: number,
    action: more.recordId ? 'UPDATE' : 'CREATE',
    recordId: null,
    matchedBy: more.recordId ? 'id' : null,
    name: names.zh ?? names.en ?? `row ${number}`,
    input: { names },
    version: null,
    fileVersion: null,
    zh: names.zh ?? null,
    latin: names.en ? [names.en] : [],
    startDate: null,
    ...more,
  };
}

function record(id: string, zh: string | null, en: string | null, start: string | null = null): NamedRecord {
  return { id, version: 3, zh, en: en && fold(en), local: null, start };
}

const cities: NameRule = { typeName: 'City', dated: false, latinKeys: (item) => [...new Set(item.latin.map(fold))] };
const delegations: NameRule = { ...cities, typeName: 'Delegation', dated: true };
const nothingFound = (): Findings => ({ errors: [], duplicates: [], conflicts: [] });

describe('duplicates inside the file', () => {
  it('finds a repeated Chinese name, a Latin name repeated ignoring case and accents, and a repeated id', async () => {
    const findings = nothingFound();
    const id = '0b6f3c9e-1c1a-4d57-9a3e-0f6e2f0c1d2e';
    const rows = [
      row(2, { zh: '重复城', en: 'Dup town' }),
      row(3, { zh: '重复城' }),
      row(4, { en: 'Kragerø Nord' }),
      row(5, { en: 'KRAGERO NORD' }),
      row(6, { zh: '甲' }, { recordId: id }),
      row(7, { zh: '乙' }, { recordId: id }),
      row(8, { zh: '不重复' }),
    ];
    await duplicatesInFile(rows, cities, false, findings);
    expect(findings.duplicates.map(({ row: at, otherRow, reason }) => [at, otherRow, reason])).toEqual([
      [3, 2, 'row 3 repeats row 2: the same Chinese name 重复城'],
      [5, 4, 'row 5 repeats row 4: the same Latin name (ignoring case and accents)'],
      [7, 6, 'row 7 repeats row 6: the same id'],
    ]);
    expect(findings.errors.map((problem) => problem.row)).toEqual([3, 5, 7]);
  });

  it('accepts repeated names when allowed, but never a repeated id', async () => {
    const findings = nothingFound();
    const id = '0b6f3c9e-1c1a-4d57-9a3e-0f6e2f0c1d2e';
    await duplicatesInFile([row(2, { zh: '重复城' }), row(3, { zh: '重复城' }), row(4, { zh: '甲' }, { recordId: id }), row(5, { zh: '乙' }, { recordId: id })], cities, true, findings);
    expect(findings.duplicates.map((duplicate) => duplicate.row)).toEqual([3, 5]);
    expect(findings.errors).toEqual([{ row: 5, column: null, message: 'row 5 repeats row 4: the same id (a duplicate inside the file; remove it, or import with allowDuplicates)' }]);
  });

  it('takes two dated records of one name on different start dates as different', async () => {
    const findings = nothingFound();
    await duplicatesInFile([row(2, { zh: '友好团' }, { startDate: '2011-05-03' }), row(3, { zh: '友好团' }, { startDate: '2012-05-03' }), row(4, { zh: '友好团' }, { startDate: '2011-05-03' })], delegations, false, findings);
    expect(findings.duplicates.map(({ row: at, otherRow, reason }) => [at, otherRow, reason])).toEqual([[4, 2, 'row 4 repeats row 2: the same Chinese name 友好团 and start date']]);
  });
});

describe('matching existing records by name', () => {
  const existing = [record('c-nanchang', '南昌', 'Nanchang'), record('c-krakow', null, 'Kraków'), record('c-same-1', '同名市', null), record('c-same-2', '同名市', 'Samename')];

  it('updates the one record a row names, and makes an error of a name several records have', async () => {
    const findings = nothingFound();
    const rows = [row(2, { zh: '南昌' }), row(3, { en: 'krakow' }), row(4, { zh: '同名市' }), row(5, { zh: '新余', en: 'Xinyu' })];
    await matchByNames(rows, existing, cities, 'names', findings);
    expect(rows.map(({ row: at, action, recordId, matchedBy, version }) => ({ at, action, recordId, matchedBy, version }))).toEqual([
      { at: 2, action: 'UPDATE', recordId: 'c-nanchang', matchedBy: 'names', version: 3 },
      { at: 3, action: 'UPDATE', recordId: 'c-krakow', matchedBy: 'names', version: 3 },
      { at: 4, action: 'CREATE', recordId: null, matchedBy: null, version: null },
      { at: 5, action: 'CREATE', recordId: null, matchedBy: null, version: null },
    ]);
    expect(findings.errors).toEqual([{ row: 4, column: null, message: 'row 4 has the name of an existing City, but 2 match: c-same-1, c-same-2; add an id column to say which' }]);
    expect(findings.duplicates.map((duplicate) => [duplicate.row, duplicate.recordId, duplicate.reason])).toEqual([
      [2, 'c-nanchang', 'row 2 has the name of an existing City: it will update that record'],
      [3, 'c-krakow', 'row 3 has the name of an existing City: it will update that record'],
    ]);
  });

  it('with match: ids, creates a row that names a record, listing it as a likely duplicate', async () => {
    const findings = nothingFound();
    const rows = [row(2, { zh: '南昌' })];
    await matchByNames(rows, existing, cities, 'ids', findings);
    expect(rows[0]).toMatchObject({ action: 'CREATE', recordId: null });
    expect(findings.errors).toEqual([]);
    expect(findings.duplicates).toEqual([{ row: 2, otherRow: null, recordId: 'c-nanchang', reason: 'row 2 has the name of an existing City (c-nanchang); it will be created anyway, as asked (match: ids)' }]);
  });

  it('keeps a row with an id on its record, noting another record with its name', async () => {
    const findings = nothingFound();
    const rows = [row(2, { zh: '南昌' }, { recordId: 'c-other', action: 'UPDATE', matchedBy: 'id' })];
    await matchByNames(rows, existing, cities, 'names', findings);
    expect(rows[0]).toMatchObject({ recordId: 'c-other', matchedBy: 'id' });
    expect(findings.duplicates).toEqual([{ row: 2, otherRow: null, recordId: 'c-nanchang', reason: 'row 2 has the name of another existing City (c-nanchang)' }]);
  });

  it('matches a dated record only on its start date, or when either has none', async () => {
    const findings = nothingFound();
    const visits = [record('d-2011', '友好团', null, '2011-05-03')];
    const rows = [row(2, { zh: '友好团' }, { startDate: '2012-01-01' }), row(3, { zh: '友好团' }, { startDate: '2011-05-03' })];
    await matchByNames(rows, visits, delegations, 'names', findings);
    expect(rows.map((item) => item.recordId)).toEqual([null, 'd-2011']);
  });

  it('refuses two rows that would update one record when the second was found by name', () => {
    const findings = nothingFound();
    findDoubleUpdates([row(2, { zh: '南昌' }, { recordId: 'c-nanchang', action: 'UPDATE', matchedBy: 'id' }), row(3, { zh: '南昌' }, { recordId: 'c-nanchang', action: 'UPDATE', matchedBy: 'names' })], 'City', findings);
    expect(findings.errors).toEqual([{ row: 3, column: null, message: 'row 3 and row 2 would both update City c-nanchang' }]);
  });
});
