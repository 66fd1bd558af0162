/** Where the widgets get their data: the hub that served this script, unless an element names another. */
const script = typeof document !== 'undefined' ? (document.currentScript as HTMLScriptElement | null) : null;
export const HUB_ORIGIN = script?.src ? new URL(script.src).origin : location.origin;

/** Why a widget has no data to show; `code` is the hub's error code, or UNREACHABLE when it could not be asked. */
export class WidgetError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 10_000;

/** Runs one of the hub's persisted widget operations (GET, cacheable) and returns its data. */
export async function runOperation<T>(hub: string, key: string, operation: string, variables: Record<string, unknown>): Promise<T> {
  const url = new URL(`/widgets/api/${encodeURIComponent(operation)}`, hub);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('key', key);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(url, { mode: 'cors', credentials: 'omit', signal: abort.signal });
  } catch {
    throw new WidgetError('UNREACHABLE', 'hub unreachable');
  } finally {
    clearTimeout(timer);
  }
  let body: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new WidgetError(response.status >= 500 ? 'UNREACHABLE' : 'INTERNAL', `HTTP ${response.status}`);
  }
  if (body.errors?.length || !body.data) {
    const error = body.errors?.[0];
    throw new WidgetError(error?.extensions?.code ?? 'INTERNAL', error?.message ?? `HTTP ${response.status}`);
  }
  return body.data;
}
