import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreFormula } from '../../server/dist/spreadsheets/csv.js';

/**
 * A CSV export's text cells never start as a formula (a leading quote is added), and an import takes exactly that
 * quote off again: checked on every combination of leading quotes, formula characters and what follows.
 */
describe('formula cells in CSV', () => {
  const starts = ['=', '+', '-', '@', '\t', '\r', "'", ' ', 'a', '1', '中', ''];
  const cases: string[] = [];
  for (const quotes of ['', "'", "''", "'''"]) for (const first of starts) for (const rest of ['', '1+1', 'SUM(A1)', 'cmd|calc', "'="]) cases.push(`${quotes}${first}${rest}`);

  it('writes no cell that starts with =, +, -, @, a tab or a carriage return', () => {
    for (const text of cases) expect(neutraliseFormula(text), JSON.stringify(text)).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('quotes exactly the cells that would run, or that could be mistaken for a quoted one', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(neutraliseFormula('\tx')).toBe("'\tx");
    expect(neutraliseFormula("'=x")).toBe("''=x");
    expect(neutraliseFormula("'plain")).toBe("'plain");
    expect(neutraliseFormula('plain')).toBe('plain');
    expect(neutraliseFormula('a-b')).toBe('a-b');
  });

  it('reads every written cell back as it was', () => {
    for (const text of cases) expect(restoreFormula(neutraliseFormula(text)), JSON.stringify(text)).toBe(text);
  });
});
