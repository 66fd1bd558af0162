import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConnection, requestBytes } from '../bench/http-connection.js';

/** The benchmark's client (bench/http-connection.ts) against a real Node.js HTTP server. */
let server: http.Server;
let url: URL;
/** The sockets the server saw, to tell a kept connection from a new one. */
const sockets = new Set<unknown>();

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    sockets.add(req.socket);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/echo') {
        const answer = JSON.stringify({ method: req.method, body, host: req.headers.host, type: req.headers['content-type'] });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
        res.end(answer);
      } else if (req.url === '/slow') {
        // The head, then the body in two pieces: the answer arrives in several reads.
        const answer = 'x'.repeat(70_000);
        res.writeHead(200, { 'content-length': answer.length });
        res.flushHeaders();
        await later(20);
        res.write(answer.slice(0, 30_000));
        await later(20);
        res.end(answer.slice(30_000));
      } else if (req.url === '/empty') {
        res.writeHead(204).end();
      } else if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a');
        res.end('b');
      } else if (req.url === '/drop') {
        req.socket.destroy();
      } else {
        res.writeHead(404, { 'content-length': 2 }).end('no');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const get = (path: string) => requestBytes(url, { method: 'GET', path, headers: {} });

describe('the benchmark HTTP connection', () => {
  it('sends the method, headers and body it was made with, and reads the answer', async () => {
    const connection = new HttpConnection(url);
    try {
      const answer = await connection.send(requestBytes(url, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, body: '{"q":"名字"}' }));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ method: 'POST', body: '{"q":"名字"}', host: url.host, type: 'application/json' });
    } finally {
      connection.close();
    }
  });

  it('reads an answer that arrives in pieces whole, and keeps one connection for request after request', async () => {
    const connection = new HttpConnection(url);
    sockets.clear();
    try {
      for (let i = 0; i < 3; i += 1) {
        const answer = await connection.send(get('/slow'));
        expect(answer.status).toBe(200);
        expect(answer.body.length).toBe(70_000);
      }
      expect((await connection.send(get('/nowhere'))).body.toString()).toBe('no');
      expect(sockets.size).toBe(1);
    } finally {
      connection.close();
    }
  });

  it('reads an answer without a body (204)', async () => {
    const connection = new HttpConnection(url);
    try {
      const answer = await connection.send(get('/empty'));
      expect(answer.status).toBe(204);
      expect(answer.body.length).toBe(0);
      expect((await connection.send(get('/nowhere'))).status).toBe(404);
    } finally {
      connection.close();
    }
  });

  it('fails, naming why, on an answer without Content-Length, and reads the next request on a new connection', async () => {
    const connection = new HttpConnection(url);
    try {
      await expect(connection.send(get('/chunked'))).rejects.toThrow(/without Content-Length \(status 200\)/);
      expect((await connection.send(get('/nowhere'))).status).toBe(404);
    } finally {
      connection.close();
    }
  });

  it('fails the request in flight when the server drops the connection, and opens a new one for the next', async () => {
    const connection = new HttpConnection(url);
    sockets.clear();
    try {
      await expect(connection.send(get('/drop'))).rejects.toThrow(/closed the connection|ECONNRESET/);
      expect((await connection.send(get('/nowhere'))).status).toBe(404);
      expect(sockets.size).toBe(2);
    } finally {
      connection.close();
    }
  });

  it('refuses a second request while one is in flight', async () => {
    const connection = new HttpConnection(url);
    try {
      const first = connection.send(get('/slow'));
      await expect(connection.send(get('/nowhere'))).rejects.toThrow(/one request at a time/);
      expect((await first).body.length).toBe(70_000);
    } finally {
      connection.close();
    }
  });
});
