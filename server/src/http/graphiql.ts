import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { repositoryRoot } from '../config.js';
import { pageSecurityHeaders } from './security-headers.js';

const require = createRequire(import.meta.url);
const packageFolder = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/**
 * GraphiQL from the npm packages, served by the hub itself so that it works offline: React's and GraphiQL's
 * browser builds, and a small start script kept as a file (the page's Content-Security-Policy allows no inline script).
 */
const ASSETS: Record<string, string> = {
  'react.production.min.js': path.join(packageFolder('react'), 'umd/react.production.min.js'),
  'react-dom.production.min.js': path.join(packageFolder('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.min.js': path.join(packageFolder('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': path.join(packageFolder('graphiql'), 'graphiql.min.css'),
  'amity-graphiql.css': path.join(repositoryRoot, 'server/assets/graphiql/amity-graphiql.css'),
  'amity-graphiql.js': path.join(repositoryRoot, 'server/assets/graphiql/amity-graphiql.js'),
};

const asset = (name: string) => `/graphiql/assets/${name}`;

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Amity · GraphiQL</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${asset('graphiql.min.css')}">
    <link rel="stylesheet" href="${asset('amity-graphiql.css')}">
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script src="${asset('amity-graphiql.js')}"></script>
  </body>
</html>
`;

function sendPage(req: Request, res: Response): void {
  pageSecurityHeaders(req, res, () => undefined);
  res.type('html').setHeader('Cache-Control', 'no-cache');
  res.send(PAGE);
}

/** A browser asking for /graphql (an HTML page, no query): GraphiQL. Anything else goes on to the API. */
function wantsGraphiql(req: Request): boolean {
  return req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** GraphiQL at /graphiql, and at /graphql for a browser's GET; its files under /graphiql/assets/. */
export function graphiqlRoutes(): Router {
  const router = Router();
  router.get('/graphiql', sendPage);
  router.get('/graphql', (req, res, next) => (wantsGraphiql(req) ? sendPage(req, res) : next()));
  router.get('/graphiql/assets/:name', (req, res, next) => {
    const file = Object.hasOwn(ASSETS, req.params.name) ? ASSETS[req.params.name] : undefined;
    if (!file) {
      next();
      return;
    }
    // The packages live under node_modules/.pnpm: a dot folder, which sendFile refuses unless told (the paths are our own).
    res.sendFile(file, { maxAge: '1h', dotfiles: 'allow' });
  });
  return router;
}
