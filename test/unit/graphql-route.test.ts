import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isPlainGraphQLPost } from '../../server/dist/http/graphql-route.js';
import { isWidgetApiGet } from '../../server/dist/widgets/widgets.router.js';

/**
 * Which requests take the hub's own paths (server/src/http/app.ts) and which go through Express: a POST of
 * uncompressed UTF-8 JSON to /graphql, and a GET of a widget operation; api/graphql-http.test.ts and
 * api/widgets.test.ts check that both paths answer alike.
 */
const request = (method: string, url: string, headers: Record<string, string>) => ({ method, url, headers }) as unknown as IncomingMessage;

describe('isPlainGraphQLPost', () => {
  it('takes JSON POSTs to /graphql, with or without a UTF-8 charset or a query string', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': type })), type).toBe(true);
    }
    expect(isPlainGraphQLPost(request('POST', '/graphql?op=Q', { 'content-type': 'application/json' }))).toBe(true);
    expect(isPlainGraphQLPost(request('POST', '/graphql', { 'content-type': 'application/json', 'content-encoding': 'identity' }))).toBe(true);
  });

  it('leaves to Express other methods, paths, content types, charsets and compressed bodies', () => {
    const leaves: Array<[string, string, Record<string, string>]> = [
      ['GET', '/graphql?query=%7B__typename%7D', {}],
      ['POST', '/graphql/', { 'content-type': 'application/json' }],
      ['POST', '/graphqlx', { 'content-type': 'application/json' }],
      ['POST', '/imports/cities', { 'content-type': 'application/json' }],
      ['POST', '/graphql', {}],
      ['POST', '/graphql', { 'content-type': 'text/plain' }],
      ['POST', '/graphql', { 'content-type': 'application/json+x' }],
      ['POST', '/graphql', { 'content-type': 'application/json; charset=latin1' }],
      ['POST', '/graphql', { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
    ];
    for (const [method, url, headers] of leaves) expect(isPlainGraphQLPost(request(method, url, headers)), `${method} ${url} ${JSON.stringify(headers)}`).toBe(false);
  });
});

describe('isWidgetApiGet', () => {
  it('takes GETs of one widget operation, with or without a query string', () => {
    for (const url of ['/widgets/api/UpcomingEvents', '/widgets/api/UpcomingEvents?key=k&variables=%7B%7D', '/widgets/api/Sister%20Cities?x']) {
      expect(isWidgetApiGet(request('GET', url, {})), url).toBe(true);
    }
  });

  it('leaves to Express other methods and paths: HEAD, preflights, the script, the iframe pages', () => {
    const leaves: Array<[string, string]> = [
      ['HEAD', '/widgets/api/UpcomingEvents'],
      ['OPTIONS', '/widgets/api/UpcomingEvents'],
      ['POST', '/widgets/api/UpcomingEvents'],
      ['GET', '/widgets/api/'],
      ['GET', '/widgets/api/UpcomingEvents/more'],
      ['GET', '/widgets/amity-widgets.js'],
      ['GET', '/embed/events?key=k'],
    ];
    for (const [method, url] of leaves) expect(isWidgetApiGet(request(method, url, {})), `${method} ${url}`).toBe(false);
  });
});
