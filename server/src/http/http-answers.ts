import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { httpErrorAnswer, logAnsweredError, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';

/** A JSON answer, as Express's `res.json` writes it (UTF-8, with its length), on any Node response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Array items serialised in one turn of the event loop by sendLargeJson. */
const ITEMS_PER_SLICE = 1000;

/**
 * A JSON answer that may be megabytes long (an import's report of 50,000 rows), written in slices: JSON.stringify
 * of the whole would hold the hub for tens of milliseconds, every other request waiting. Long arrays go out a
 * thousand items at a time, with a turn for other requests between; the client reads the same JSON.
 */
export async function sendLargeJson(res: ServerResponse, status: number, body: unknown): Promise<void> {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  const write = async (text: string) => {
    if (!res.write(text)) await once(res, 'drain');
  };
  const emit = async (value: unknown): Promise<void> => {
    if (Array.isArray(value) && value.length > ITEMS_PER_SLICE) {
      await write('[');
      for (let start = 0; start < value.length; start += ITEMS_PER_SLICE) {
        const slice = value.slice(start, start + ITEMS_PER_SLICE).map((item: unknown) => JSON.stringify(item) ?? 'null');
        await write(`${start > 0 ? ',' : ''}${slice.join(',')}`);
        await nextTurn();
      }
      await write(']');
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      const entries = Object.entries(value).filter(([, item]) => item !== undefined && typeof item !== 'function');
      await write('{');
      for (const [index, [key, item]] of entries.entries()) {
        await write(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`);
        await emit(item);
      }
      await write('}');
    } else {
      await write(JSON.stringify(value) ?? 'null');
    }
  };
  await emit(body);
  res.end();
}

/** What reading a request body can fail with (body-parser's errors carry the same `type` and `status`). */
export type BodyError = Error & { status?: number; type?: string };

/** A request the hub cannot read (its status, body-parser's kind of error): answerHttpError answers it. */
export const bodyError = (status: number, type: string, message: string): BodyError => Object.assign(new Error(message), { status, type });

/**
 * The answer to an error no route answered itself: a body over the limit is 413, another bad request (a body that
 * is not JSON) is 400, a database fault (unreachable, timeout, busy, read-only) gets its code and status, anything
 * else is INTERNAL, logged with its stack. No SQL, address or stack reaches the client.
 */
export function answerHttpError(error: BodyError, res: ServerResponse, log: Logger): void {
  if (error.type === 'entity.too.large') {
    sendJson(res, 413, { errors: [{ message: 'Request body too large', extensions: { code: 'BAD_USER_INPUT' } }] });
    return;
  }
  if (error.status && error.status < 500) {
    sendJson(res, error.status, { errors: [{ message: 'Malformed request', extensions: { code: 'BAD_USER_INPUT' } }] });
    return;
  }
  const answer = httpErrorAnswer(error);
  if (answer.kind !== 'domain') logAnsweredError(log, error, answer.kind === 'database' ? (answer.body.errors[0].extensions?.code as ErrorCode) : undefined);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, answer.status, answer.body, answer.headers);
}
