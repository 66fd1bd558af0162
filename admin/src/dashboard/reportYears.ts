/**
 * Which years the dashboard offers and opens on. A year "has records" when delegations or applications are dated
 * in it: those are what the annual report counts, year by year.
 */

export interface YearCount {
  year?: number | null;
  count: number;
}

/** Years with records, newest first, up to next year (the furthest the annual report reaches). */
export function yearsWithRecords(groups: YearCount[], thisYear: number): number[] {
  const years = groups.filter((group) => group.count > 0 && group.year != null && group.year <= thisYear + 1).map((group) => group.year!);
  return [...new Set(years)].sort((a, b) => b - a);
}

/**
 * The year the dashboard opens on: the latest complete year with records. The current year's figures are still
 * growing and next year's are plans, so a report read from either would mislead; only when no complete year has
 * records does it fall back to the latest year that has any, and with none at all to this year.
 */
export function defaultYear(years: number[], thisYear: number): number {
  return years.find((year) => year < thisYear) ?? years[0] ?? thisYear;
}
