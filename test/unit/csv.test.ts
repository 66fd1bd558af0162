import { describe, expect, it } from 'vitest';
import { csvLines, readCsvRecords } from '../../server/dist/spreadsheets/csv.js';
import { annualReportCsv, figureRows } from '../../server/dist/stats/annual-report.export.js';
import { parseCsv } from '../support/csv.js';

const limits = { rows: 1000, columns: 10, cells: 5000, inflatedBytes: 1e9, compressionRatio: 100 };

/** The hub's one CSV writer (every export, the annual report) and its one reader (imports). */
describe('CSV', () => {
  it('writes RFC 4180 lines ending in CRLF, quoting delimiters, quotes and any line break', () => {
    const text = csvLines([
      ['plain', 'a,b', 'say "hi"', 'two\nlines', 'carriage\rreturn', '中文'],
      [1.5, -2, true, false, null, ''],
    ]);
    expect(text).toBe('plain,"a,b","say ""hi""","two\nlines","carriage\rreturn",中文\r\n1.5,-2,true,false,,\r\n');
    expect(parseCsv(text)).toEqual([
      ['plain', 'a,b', 'say "hi"', 'two\nlines', 'carriage\rreturn', '中文'],
      ['1.5', '-2', 'true', 'false', '', ''],
    ]);
  });

  it('writes text that would run as a formula with a leading quote, and numbers as numbers', () => {
    expect(csvLines([['=1+1', '+x', '-x', '@x', '\tx', "'=x", 'a-b', -3]])).toBe(`'=1+1,'+x,'-x,'@x,'\tx,''=x,a-b,-3\r\n`);
  });

  it('reads back every cell it wrote, formulas included, with the line each record starts on', () => {
    const rows = [
      ['name', 'notes'],
      ['=SUM(A1)', 'two\nlines'],
      ["''=x", 'a,"b"'],
    ];
    const records = readCsvRecords(`\uFEFF${csvLines(rows)}`, limits);
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
    expect(records[1].fields).toEqual(["'=SUM(A1)", 'two\nlines']);
  });

  it('reads semicolon and tab separated files, and refuses a row past the columns limit at that column', () => {
    expect(readCsvRecords('a;b\n1;2\n', limits).map((record) => record.fields)).toEqual([['a', 'b'], ['1', '2']]);
    expect(readCsvRecords('a\tb\n1\t2\n', limits).map((record) => record.fields)).toEqual([['a', 'b'], ['1', '2']]);
    expect(() => readCsvRecords(`a,b\n1,${','.repeat(100_000)}\n`, limits)).toThrow(/a row reaches column 11, and the limit is 10 \(AMITY_MAX_IMPORT_COLUMNS\)/);
  });

  it('writes the annual report with the same rule as the exports', () => {
    const layoutOnly = { year: 2011, compareTo: null, lines: new Proxy({}, { get: () => new Proxy({}, { get: () => ({ value: -4 }) }) }) };
    const rows = figureRows(layoutOnly as never);
    expect(annualReportCsv(layoutOnly as never)).toBe(`\uFEFF${csvLines(rows)}`);
    expect(rows.length).toBeGreaterThan(2);
    expect(annualReportCsv(layoutOnly as never).split('\r\n')[1]).toMatch(/,-4$/);
  });
});
