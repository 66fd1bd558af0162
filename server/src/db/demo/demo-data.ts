import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logger.js';
import { asOneHubAtStart } from '../database.js';
import { DemoSet } from './demo-set.js';
import { addGeneratedRecords } from './generated-records.js';
import { addNamedRecords } from './named-records.js';

/**
 * Loads the office's 2011 records (../shared/seed/FACTS.md): every record the report names, and generated
 * placeholders that make the counts add up to its figures. In one transaction; loading twice adds nothing.
 */
export async function loadDemoData(orm: MikroORM, log: Logger): Promise<void> {
  const started = performance.now();
  const set = new DemoSet();
  addNamedRecords(set);
  addGeneratedRecords(set);
  // Hubs started with --demo on one database load it one after the other: the next finds it all stored.
  const added = await asOneHubAtStart(orm.em.fork(), (em) => set.write(em));
  const total = Object.values(added).reduce((sum, count) => sum + count, 0);
  const ms = Math.round(performance.now() - started);
  log.info({ records: set.size, added: total, byType: added, ms }, total > 0 ? 'demo data loaded' : 'demo data already loaded');
}
