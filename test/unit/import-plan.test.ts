import { describe, expect, it } from 'vitest';
import { changedFields } from '../../server/dist/spreadsheets/import/changes.js';
import { findConflicts, missingColumns } from '../../server/dist/spreadsheets/import/plan.js';
import { reportPlan, type Findings, type PlannedRow } from '../../server/dist/spreadsheets/import/report.js';
import type { ImportRow } from '../../server/dist/spreadsheets/import/rows.js';

/** Planning an import (server/src/spreadsheets/import/plan.ts, changes.ts, report.ts): what each row does, and may. */

describe('what a row changes', () => {
  it('finds the fields whose values differ, comparing as the record holds them', () => {
    const before = { names: { zh: '高松', en: 'Takamatsu' }, province: 'Kagawa', latitude: '34.34', aliases: ['TKM'], countryId: 'c-jp', notes: null };
    // Numbers written as text, absent and empty values, and the order of keys change nothing.
    expect(changedFields(before, { names: { en: 'Takamatsu', zh: '高松' }, province: 'Kagawa', latitude: 34.34, aliases: ['TKM'], countryId: 'c-jp', notes: '' })).toEqual([]);
    expect(changedFields(before, { names: { zh: '高松', en: 'Takamatsu City' }, latitude: 34.35, aliases: ['TKM', '高松市'], countryId: 'c-cn' })).toEqual(['names.en', 'latitude', 'aliases', 'countryId']);
    expect(changedFields({ startDate: new Date('2011-05-03T00:00:00.000Z') }, { startDate: '2011-05-03T00:00:00.000Z' })).toEqual([]);
  });
});

describe('the counts of a plan', () => {
  const line = (row: number, action: PlannedRow['action'], changes?: string[]): PlannedRow => ({ row, action, recordId: action === 'UPDATE' ? `r${row}` : null, matchedBy: action === 'UPDATE' ? 'id' : null, name: `row ${row}`, ...(changes ? { changes } : {}) });

  it('counts each row once: an update that changes nothing only as unchanged', () => {
    const counted = reportPlan([line(2, 'CREATE'), line(3, 'UPDATE', []), line(4, 'UPDATE', ['province']), line(5, 'UPDATE', []), line(6, 'UPDATE')]);
    expect({ create: counted.create, update: counted.update, unchanged: counted.unchanged }).toEqual({ create: 1, update: 2, unchanged: 2 });
    expect(counted.plan.map((planned) => planned.changes)).toEqual([undefined, [], ['province'], [], undefined]);
  });

  it('counts an update not checked (its changes unknown) as an update', () => {
    expect(reportPlan([line(2, 'UPDATE'), line(3, 'UPDATE')])).toMatchObject({ create: 0, update: 2, unchanged: 0 });
  });
});

function row(number: number, more: Partial<ImportRow>): ImportRow {
  return { row: number, action: 'UPDATE', recordId: `r${number}`, matchedBy: 'id', name: `城${number}`, input: {}, version: null, fileVersion: null, zh: null, latin: [], startDate: null, ...more };
}

describe('version conflicts', () => {
  const rows = [row(2, { version: 4, fileVersion: 4 }), row(3, { version: 5, fileVersion: 2 }), row(4, { version: 1, fileVersion: 7 }), row(5, { version: 3, fileVersion: null }), row(6, { action: 'CREATE', recordId: null, fileVersion: 1 })];

  it('makes a row from another version than its record an error naming both versions', () => {
    const findings: Findings = { errors: [], duplicates: [], conflicts: [] };
    findConflicts(rows, 'City', '版本', false, findings);
    expect(findings.conflicts).toEqual([
      { row: 3, column: '版本', recordId: 'r3', fileVersion: 2, currentVersion: 5, overwritten: false },
      { row: 4, column: '版本', recordId: 'r4', fileVersion: 7, currentVersion: 1, overwritten: false },
    ]);
    expect(findings.errors.map((problem) => [problem.row, problem.column])).toEqual([
      [3, '版本'],
      [4, '版本'],
    ]);
    expect(findings.errors[0].message).toMatch(/^City 城3 \(r3\) was changed after this file was made: the file has version 2, the record is at version 5/);
    expect(findings.errors[1].message).toMatch(/^the file has version 7 of City 城4 \(r4\), but the record is only at version 1/);
  });

  it('with overwrite, lists the conflicts as overwritten and makes no error', () => {
    const findings: Findings = { errors: [], duplicates: [], conflicts: [] };
    findConflicts(rows, 'City', 'version', true, findings);
    expect(findings.conflicts.map((conflict) => [conflict.row, conflict.overwritten])).toEqual([
      [3, true],
      [4, true],
    ]);
    expect(findings.errors).toEqual([]);
  });
});

describe('columns a new record needs', () => {
  const targets = [
    { key: 'names.zh', kind: 'name' as const, required: false, headers: ['names.zh', '中文名'] },
    { key: 'country', kind: 'reference' as const, required: true, headers: ['country', '国家', '国别', '国家/地区', '所在国'] },
  ];

  it('names a missing required column and a missing name column, only when the file creates records', () => {
    const creating = [row(2, { action: 'CREATE', recordId: null })];
    expect(missingColumns(creating, targets, new Set(['province']), true).map((problem) => problem.message)).toEqual([
      'a name column is missing: give 中文名 (Chinese name), 英文名 (English name) or the local name',
      'the required column country is missing (a header such as country, 国家, 国别, 国家/地区), so new records cannot be made',
    ]);
    expect(missingColumns(creating, targets, new Set(['names.zh', 'country']), true)).toEqual([]);
    expect(missingColumns([row(2, {})], targets, new Set(['province']), true)).toEqual([]);
  });
});
