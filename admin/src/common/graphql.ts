import { apiBase } from '../schemaModel';

/**
 * One read of the API for pages that are not record screens (the dashboard, the graph view): react-admin's
 * useDataProvider() hands out a proxy of the provider's methods, not its Apollo client, so these ask directly,
 * with the same session cookie. The first GraphQL error's message is thrown.
 */
export async function graphqlQuery<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  const response = await fetch(`${apiBase()}/graphql`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors && body.errors.length > 0) throw new Error(body.errors[0].message);
  if (!response.ok || !body.data) throw new Error(`HTTP ${response.status}`);
  return body.data;
}
