import { BadInputError } from '../errors.js';

/** The first year the office's records can belong to: the People's Republic's founding. */
export const FIRST_YEAR = 1949;

/** The latest year figures or a plan can be asked for: next year (a plan is made before its year starts). */
export function lastYear(): number {
  return new Date().getUTCFullYear() + 1;
}

/** A year an analyst may ask about, or BAD_USER_INPUT naming the argument. */
export function checkYear(year: number, field: string): number {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > lastYear()) {
    throw BadInputError.field(field, `must be a year from ${FIRST_YEAR} to ${lastYear()}, not ${year}`);
  }
  return year;
}

/** The first and last day of a year, as the database writes dates. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
