// Loaded into a hub (`node --import`) by api/graphql-http.test.ts: every Express application the hub makes gets one
// more middleware, in front of its own, that marks each answer with `X-Amity-Probe`. It is what a contributor adding
// a middleware to the hub's app does, and it must apply to every request the hub answers, GraphQL's included.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(import.meta.resolve('../../server/package.json')));
const express = require('express');
const init = express.application.init;
express.application.init = function initWithProbe(...args) {
  init.apply(this, args);
  this.use((req, res, next) => {
    res.setHeader('X-Amity-Probe', `${req.method} ${req.originalUrl.split('?')[0]}`);
    next();
  });
};
