/** The admin path of a record's show page; the graph view and dashboard link to records through this too. */
export function recordPath(typename: string, id: string): string {
  return `/${typename}/${encodeURIComponent(id)}/show`;
}
