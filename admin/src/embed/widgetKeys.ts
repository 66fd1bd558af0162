/** The ADMIN's widget-key calls (createWidgetKey, widgetKeys, revokeWidgetKey) over the admin's own session. */

export interface WidgetKeyRecord {
  id: string;
  name: string;
  office: string;
  allowedOrigins: string[];
  rateLimitPerMinute: number;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

const FIELDS = 'id name office allowedOrigins rateLimitPerMinute prefix createdAt expiresAt revokedAt';

async function call<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length || !body.data) throw new Error(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}

export async function listWidgetKeys(): Promise<WidgetKeyRecord[]> {
  return (await call<{ widgetKeys: WidgetKeyRecord[] }>(`{ widgetKeys { ${FIELDS} } }`)).widgetKeys;
}

export async function createWidgetKey(input: { name: string; office: string; allowedOrigins: string[]; rateLimitPerMinute?: number; expiresAt?: string | null }): Promise<{ key: string; widgetKey: WidgetKeyRecord }> {
  return (await call<{ createWidgetKey: { key: string; widgetKey: WidgetKeyRecord } }>(`mutation ($input: WidgetKeyInput!) { createWidgetKey(input: $input) { key widgetKey { ${FIELDS} } } }`, { input })).createWidgetKey;
}

export async function revokeWidgetKey(id: string): Promise<void> {
  await call(`mutation ($id: ID!) { revokeWidgetKey(id: $id) { id } }`, { id });
}
