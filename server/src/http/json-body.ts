import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { bodyError } from './http-answers.js';

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Whether a request is a POST of uncompressed UTF-8 JSON: what the admin, the analysts' tools and the benchmark
 * send to /graphql, and what readJsonBody reads.
 */
function isPlainJsonPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const type = req.headers['content-type'];
  const encoding = req.headers['content-encoding'];
  return !!type && JSON_TYPE.test(type) && (!encoding || encoding.toLowerCase() === 'identity');
}

/**
 * The JSON body parser of the GraphQL route: `req.body` as Express's JSON parser makes it, within `limit` bytes.
 * A plain JSON POST (isPlainJsonPost) is read by readJsonBody: body-parser's steps (content-type, type-is,
 * raw-body, iconv) were part of the quarter of a small query's time that Express's path once cost
 * (test/bench/RESULTS.md). Anything else (a compressed body, another content type, no body) goes to Express's own
 * parser.
 */
export function jsonBody(limit: number): RequestHandler {
  const otherBodies = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    if (!isPlainJsonPost(req)) {
      otherBodies(req, res, next);
      return;
    }
    readJsonBody(req, limit).then((body) => {
      req.body = body;
      next();
    }, next);
  };
}

/**
 * A request's JSON body, as Express's JSON parser reads it: at most `limit` bytes (413 beyond, told by the
 * declared length before reading when it can), an empty body is `{}`, and anything but an object or an array is
 * a malformed request (400).
 */
function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tooLarge = () => bodyError(413, 'entity.too.large', 'request entity too large');
    if (Number(req.headers['content-length']) > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        req.resume();
        reject(tooLarge());
      } else chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      const text = Buffer.concat(chunks, size).toString('utf8');
      const first = /\S/.exec(text)?.[0];
      if (first === undefined) return resolve({});
      if (first !== '{' && first !== '[') return reject(bodyError(400, 'entity.parse.failed', 'body is not a JSON object'));
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(bodyError(400, 'entity.parse.failed', 'body is not JSON'));
      }
    };
    const onError = () => {
      stop();
      reject(bodyError(400, 'request.aborted', 'request aborted'));
    };
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onError);
  });
}
