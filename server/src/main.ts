import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { replicaHealth } from './db/read-replicas.js';
import { loadDemoData } from './db/demo/demo-data.js';
import { AuthService } from './auth/auth.service.js';
import { ensureAdmin, ensureDemoAccounts } from './auth/accounts.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { createApp, type AmityApp } from './http/app.js';
import { Draining } from './http/draining.js';
import { createLogger, enterPhase } from './logger.js';
import { buildAmitySchema } from './schema.js';
import { openSharedState } from './shared/shared-state.js';
import { widgetKeyStore } from './widgets/widget-keys.service.js';

/**
 * One full collection of what starting the hub left behind, so that the growth bound (AMITY_HEAP_GROWING_PERCENT)
 * holds from the first request. Until a full collection of its own choosing, V8 lets the old generation grow to a
 * size it sets from the machine, not from what the hub holds: a hub just started grew to 290–316 MB of resident
 * memory in its first minute under load, and stayed near 190 MB once that collection came; collected before it
 * listens, it peaked at 200 MB under the same load. V8 collects on request only with --expose-gc, set for that
 * moment (v8.setFlagsFromString, as Node's documentation does for another flag).
 */
function collectStartupGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  v8.setFlagsFromString('--no-expose-gc');
  gc();
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // V8 grows the heap by up to several times what a full collection kept before collecting again, so the
  // resident memory followed the request load (400+ MB under 16 concurrent graph queries) rather than the data
  // held. A growth bound keeps it near the live data (about 190 MB in the same run, same throughput) and, unlike
  // a heap size limit, still lets a large import grow the heap as far as it needs.
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const log = createLogger(config.logLevel);
  // Whatever escapes (a start-up step before the guarded part, a bug) goes through the logger, which keeps an
  // error's SQL, values and the driver's details out, rather than to Node's own printing of it on stderr. A
  // rejection's reason may be anything, even nothing at all (which Node reports as a bare `reason "undefined"`):
  // the line says what it was. An embedded PostgreSQL is shut down on the way out (db/embedded.ts).
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'stopping on an uncaught error');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    if (reason instanceof Error) log.fatal({ err: reason }, 'stopping on an unhandled rejection');
    else log.fatal({ reason: reason === undefined ? 'none given' : String(reason) }, 'stopping on an unhandled rejection');
    process.exit(1);
  });
  const background = log.child({ phase: 'background' });
  replicaHealth.on('change', ({ replica, answering }) => {
    if (answering) background.info({ replica }, 'read replica answers: read-only requests read from it');
    else background.warn({ replica }, 'read replica does not answer: its reads go elsewhere until it does');
  });
  const database = await openDatabase(config, log).catch((error: unknown) => {
    log.fatal({ err: error }, 'could not start: the database cannot be opened');
    process.exit(1);
  });
  log.info({ database: database.location, replicas: config.databaseReplicaUrls.length }, 'database ready');
  const shared = await openSharedState(config, log);

  let server: Server | undefined;
  let apollo: AmityApp['apollo'] | undefined;
  const draining = new Draining();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    enterPhase('stop');
    log.info({ signal }, 'stopping: finishing requests in flight');
    if (server) {
      await draining.drain(server, config.shutdownGraceMs, (requests) => log.warn({ requests }, 'requests still in flight after the grace period; closing them'));
    }
    await apollo?.stop();
    await shared.close();
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    if (config.demo) {
      await loadDemoData(database.orm, log);
      await ensureDemoAccounts(database.orm.em.fork(), config.auth.demoPassword, log);
    }

    if (config.auth.bootstrapAdmin) await ensureAdmin(database.orm.em.fork(), config.auth.bootstrapAdmin, log);
    const auth = new AuthService(database.orm, { idleMs: config.auth.sessionIdleMs, maxMs: config.auth.sessionMaxMs, accessTokenMaxDays: config.auth.accessTokenMaxDays }, new LoginThrottle(shared.signInFailures), log, shared.generations);
    widgetKeyStore.shareThrough(shared.generations);
    const { schema } = await buildAmitySchema(database.orm.getMetadata());
    const app = await createApp(config, database.orm, schema, auth, log, shared);
    apollo = app.apollo;
    if (config.heapGrowingPercent > 0) collectStartupGarbage();
    if (stopping) return;
    server = createServer(draining.listener(app.app)).listen(config.port, config.host);
    await new Promise<void>((resolve, reject) => {
      server?.once('listening', resolve);
      server?.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://localhost:${port}`;
    enterPhase('serve');
    log.info({ port, graphql: `${base}/graphql`, admin: `${base}/admin/`, health: `${base}/healthz` }, 'Amity is listening');
    if (process.stdout.isTTY || config.demo) {
      process.stdout.write(
        `\nAmity is running.\n  GraphQL  ${base}/graphql\n  Admin    ${base}/admin/\n  Health   ${base}/healthz  (ready: ${base}/readyz)\n` +
          // The password itself is never written out: stdout is the log, wherever a log collector reads it.
          (config.demo ? '  Demo accounts: admin, editor, analyst, viewer — their password is AMITY_DEMO_PASSWORD (README, "Quick start")\n' : '') +
          '\n',
      );
    }
  } catch (error) {
    // A stop asked for while starting closed the database under the start: that is no failure.
    if (stopping) return;
    log.fatal({ err: error }, 'could not start');
    await shared.close();
    await database.close();
    process.exit(1);
  }
}

void main();
