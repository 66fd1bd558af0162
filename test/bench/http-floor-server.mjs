// The benchmark's HTTP floor (test/bench/http-floor.ts): the least an HTTP API on Node.js does for a query. It
// takes a POST of a floor's statements as JSON ({ statements: [{ text, values }] }), runs them in order on one
// connection of its pool through node-postgres, as the floor does, and answers their rows as JSON. No GraphQL,
// no sign-in, no log: what the hub adds to a query is its time less this server's.
import { Buffer } from 'node:buffer';
import http from 'node:http';
import pg from 'pg';

// Sessions set up as the hub's and the floor's are (mikro-orm.config.ts): no JIT.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 16, options: '-c jit=off' });

const answer = (response, status, value) => {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
};

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    let client;
    try {
      const { statements } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      client = await pool.connect();
      const rows = [];
      for (const { text, values } of statements) rows.push((await client.query(text, values)).rows);
      answer(response, 200, { data: rows });
    } catch (error) {
      answer(response, 500, { errors: [{ message: error instanceof Error ? error.message : String(error) }] });
    } finally {
      client?.release();
    }
  });
});

server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
