import { createRequire } from 'node:module';
import path from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { AuthService } from '../auth/auth.service.js';
import { repositoryRoot } from '../config.js';
import { recogniseViewer, type ScopedMessage } from './request-scope.js';
import { pageSecurityHeaders } from './security-headers.js';

const require = createRequire(import.meta.url);
const packageFolder = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/**
 * GraphiQL from the npm packages, served by the hub itself so that it works offline: React's and GraphiQL's
 * browser builds, and small scripts kept as files (the pages' Content-Security-Policy allows no inline script).
 * These are public: the packages' builds and the sign-in page's files say nothing of the API.
 */
const ASSETS: Record<string, string> = {
  'react.production.min.js': path.join(packageFolder('react'), 'umd/react.production.min.js'),
  'react-dom.production.min.js': path.join(packageFolder('react-dom'), 'umd/react-dom.production.min.js'),
  'graphiql.min.js': path.join(packageFolder('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': path.join(packageFolder('graphiql'), 'graphiql.min.css'),
  'amity-graphiql.css': path.join(repositoryRoot, 'server/assets/graphiql/amity-graphiql.css'),
  'amity-graphiql-sign-in.js': path.join(repositoryRoot, 'server/assets/graphiql/amity-graphiql-sign-in.js'),
};

/** GraphiQL's start script names fields of the API in its example query: served to signed-in browsers only. */
const SIGNED_IN_ASSETS: Record<string, string> = {
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
    <button id="sign-out" class="amity-sign-out" type="button">Sign out</button>
    <script src="${asset('react.production.min.js')}"></script>
    <script src="${asset('react-dom.production.min.js')}"></script>
    <script src="${asset('graphiql.min.js')}"></script>
    <script src="${asset('amity-graphiql.js')}"></script>
  </body>
</html>
`;

/** What a browser that is not signed in gets instead of GraphiQL: a form that signs in with the API's `login`. */
const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Amity · Sign in to GraphiQL</title>
    <link rel="icon" href="data:,">
    <link rel="stylesheet" href="${asset('amity-graphiql.css')}">
  </head>
  <body>
    <main class="amity-sign-in">
      <h1>Amity · GraphiQL</h1>
      <p>Sign in to explore the API.</p>
      <form id="sign-in" method="post" autocomplete="on">
        <label>Username <input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button>
        <p id="sign-in-message" role="alert"></p>
      </form>
    </main>
    <script src="${asset('amity-graphiql-sign-in.js')}"></script>
  </body>
</html>
`;

/** GraphiQL for a signed-in browser, the sign-in page for anyone else; never kept by a cache, as it depends on who asks. */
function sendPage(auth: AuthService) {
  return (req: Request, res: Response, next: NextFunction) => {
    signedIn(req, auth).then((known) => {
      pageSecurityHeaders(req, res, () => undefined);
      res.type('html').setHeader('Cache-Control', 'no-store');
      res.send(known ? PAGE : SIGN_IN_PAGE);
    }, next);
  };
}

/** Whether the request carries a valid session cookie or Bearer token (its viewer is then kept on it). */
async function signedIn(request: Request, auth: AuthService): Promise<boolean> {
  const req = request as unknown as ScopedMessage;
  await recogniseViewer(req, auth);
  return !!req.viewer;
}

/** A browser asking for /graphql (an HTML page, no query): GraphiQL. Anything else goes on to the API. */
function wantsGraphiql(req: Request): boolean {
  return req.query.query === undefined && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * GraphiQL at /graphiql, and at /graphql for a browser's GET, to signed-in browsers; a sign-in page to others.
 * Its files under /graphiql/assets/.
 */
export function graphiqlRoutes(auth: AuthService): Router {
  const router = Router();
  const page = sendPage(auth);
  router.get('/graphiql', page);
  router.get('/graphql', (req, res, next) => (wantsGraphiql(req) ? page(req, res, next) : next()));
  router.get('/graphiql/assets/:name', (req, res, next) => {
    const name = req.params.name;
    const file = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    const signedInFile = Object.hasOwn(SIGNED_IN_ASSETS, name) ? SIGNED_IN_ASSETS[name] : undefined;
    if (file) {
      // The packages live under node_modules/.pnpm: a dot folder, which sendFile refuses unless told (the paths are our own).
      res.sendFile(file, { maxAge: '1h', dotfiles: 'allow' });
    } else if (signedInFile) {
      signedIn(req, auth).then((known) => {
        if (known) res.sendFile(signedInFile, { headers: { 'Cache-Control': 'private, no-cache' } });
        else next();
      }, next);
    } else next();
  });
  return router;
}
