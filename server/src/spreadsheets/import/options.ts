/** What the clerk asks of an import, beside the file itself. */
export interface ImportOptions {
  /** Header → field key (or null to leave a column out), over the headers recognised automatically. */
  columns?: Record<string, string | null>;
  /** `names` (the default): a row without id updates the one existing record with the same name; `ids`: only an id does. */
  match?: 'names' | 'ids';
  /** Accept rows that repeat another row's name (else each such row is an error). */
  allowDuplicates?: boolean;
  /** Write rows whose version is not the record's (each a conflict otherwise), replacing the newer edit. */
  overwrite?: boolean;
  fileName?: string | null;
  /** Check each row as it would be saved (the dry run does; a commit leaves it to the create and update themselves). */
  checkRows?: boolean;
}
